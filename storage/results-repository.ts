/**
 * The results repository: experiments, runs (one row per attempt), the datasets and artifacts they
 * produced (known by sha256; the bytes live in the object store), used/produced lineage, metrics, and the
 * training checkpoints of each step.
 * Writes an activity may repeat on retry are idempotent: objects by sha256, lineage edges by
 * (run, direction, object), experiments by workflow id, metrics by (run, name, step, fold). Connection failures become one DatabaseError
 * line naming DATABASE_URL.
 */
import { PrismaPg } from '@prisma/adapter-pg';
import {
  type Artifact,
  type Dataset,
  type Experiment,
  type LineageDirection,
  type Metric,
  type Prisma,
  PrismaClient,
  type Run,
} from '../prisma/generated/client';
import { hashOf } from './canonical-json';
import {
  type Checkpoint,
  latestCheckpoint,
  markCheckpointRemoved,
  type NewCheckpoint,
  recordCheckpoint,
  supersededCheckpoints,
} from './checkpoint-records';
import { connectionFailure, parseDatabaseUrl } from './db-connection';
import { DatabaseError } from './db-error';
import {
  type ExperimentListing,
  experimentRuns,
  listExperiments,
  type RunRecord,
  resolveExperiment,
} from './experiment-queries';
import { type LineageGraph, type LineageRoot, walkLineage } from './results-lineage';
import { explainQueryError } from './results-query-errors';
import {
  checkNewMetric,
  checkNewRun,
  checkSha256,
  checkStoredObject,
  type LineageTarget,
  type NewExperiment,
  type NewMetric,
  type NewRun,
  type StoredObject,
} from './results-records';

/** Connects and checks the server answers: INVALID_DATABASE_URL, DB_UNREACHABLE, DB_ACCESS_DENIED, DB_NOT_FOUND. */
export async function openResultsRepository(databaseUrl: string): Promise<ResultsRepository> {
  const url = parseDatabaseUrl(databaseUrl);
  const prisma = new PrismaClient({
    adapter: new PrismaPg({ connectionString: url.href, connectionTimeoutMillis: 10_000 }),
  });
  try {
    await prisma.$queryRaw`SELECT 1`;
  } catch (err) {
    await prisma.$disconnect();
    throw connectionFailure(err, url) ?? err;
  }
  return new ResultsRepository(prisma, url);
}

export class ResultsRepository {
  /** Use openResultsRepository, which validates the URL and checks the connection first. */
  constructor(
    private readonly prisma: PrismaClient,
    private readonly url: URL,
  ) {}

  close(): Promise<void> {
    return this.prisma.$disconnect();
  }

  createExperiment(input: NewExperiment): Promise<Experiment> {
    const data = {
      name: input.name,
      // Configs are zod-validated plain data, so they are JSON as they stand.
      config: input.config as Prisma.InputJsonObject,
      configHash: hashOf(input.config),
      codeVersion: input.codeVersion,
    };
    if (input.workflowId === undefined) return this.guard(() => this.prisma.experiment.create({ data }));
    const workflowId = input.workflowId;
    return this.guard(async () => {
      const row = await this.prisma.experiment.upsert({
        where: { workflowId },
        create: { ...data, workflowId },
        update: {},
      });
      // A retry after a deploy may carry a newer code version; a different config is a different experiment.
      if (row.configHash !== data.configHash) {
        throw new DatabaseError(
          'RESULT_CONFLICT',
          `workflow ${workflowId} is already recorded as experiment ${row.id} with another config; start the new experiment under a new workflow id`,
        );
      }
      return row;
    });
  }

  /** The experiment row, or null when there is none with this id. */
  findExperiment(experimentId: string): Promise<Experiment | null> {
    return this.guard(() => this.prisma.experiment.findUnique({ where: { id: experimentId } }));
  }

  finishExperiment(experimentId: string, status: 'SUCCEEDED' | 'FAILED' | 'CANCELLED'): Promise<Experiment> {
    return this.guard(() =>
      this.prisma.experiment.update({
        where: { id: experimentId },
        data: { status, finishedAt: new Date() },
      }),
    );
  }

  async startRun(input: NewRun): Promise<Run> {
    checkNewRun(input);
    return this.guard(() => this.prisma.run.create({ data: input }));
  }

  /**
   * Marks a running run succeeded. A run already closed (abandoned because Temporal gave its step to a newer
   * attempt while this one was still working) stays as it was: its result was not used.
   */
  finishRun(runId: string): Promise<Run> {
    return this.guard(async () => {
      await this.prisma.run.updateMany({
        where: { id: runId, status: 'RUNNING' },
        data: { status: 'SUCCEEDED', finishedAt: new Date() },
      });
      return this.prisma.run.findUniqueOrThrow({ where: { id: runId } });
    });
  }

  /**
   * Closes earlier attempts of a step that are still RUNNING: their worker died (it never closed them) and
   * Temporal has started this attempt instead. Returns how many were closed.
   */
  abandonEarlierAttempts(experimentId: string, stepKey: string, attempt: number): Promise<number> {
    return this.guard(async () => {
      const { count } = await this.prisma.run.updateMany({
        where: { experimentId, stepKey, status: 'RUNNING', attempt: { lt: attempt } },
        data: {
          status: 'FAILED',
          finishedAt: new Date(),
          errorCode: 'ATTEMPT_ABANDONED',
          errorMessage: `superseded by attempt ${attempt}: the worker running it stopped heartbeating or died`,
        },
      });
      return count;
    });
  }

  failRun(runId: string, error: { code: string; message: string }): Promise<Run> {
    return this.guard(() =>
      this.prisma.run.update({
        where: { id: runId },
        data: {
          status: 'FAILED',
          finishedAt: new Date(),
          errorCode: error.code,
          errorMessage: error.message,
        },
      }),
    );
  }

  /** The latest succeeded run with this step key and what it produced, or null: the step-cache lookup. */
  findRunByStepKey(stepKey: string): Promise<(Run & { datasets: Dataset[]; artifacts: Artifact[] }) | null> {
    return this.guard(async () => {
      const run = await this.prisma.run.findFirst({
        // Only runs that produced something: a cache hit records its reuse as USED, and is not itself a source.
        where: { stepKey, status: 'SUCCEEDED', lineage: { some: { direction: 'PRODUCED' } } },
        orderBy: { finishedAt: 'desc' },
        include: {
          lineage: { where: { direction: 'PRODUCED' }, include: { dataset: true, artifact: true } },
        },
      });
      if (run === null) return null;
      const { lineage, ...row } = run;
      return {
        ...row,
        datasets: lineage.flatMap((e) => (e.dataset === null ? [] : [e.dataset])),
        artifacts: lineage.flatMap((e) => (e.artifact === null ? [] : [e.artifact])),
      };
    });
  }

  recordDataset(object: StoredObject): Promise<Dataset> {
    return this.recordObject('dataset', object);
  }

  recordArtifact(object: StoredObject): Promise<Artifact> {
    return this.recordObject('artifact', object);
  }

  /** Records that a run used or produced an object; recording the same edge again is a no-op. */
  addLineage(runId: string, direction: LineageDirection, target: LineageTarget): Promise<void> {
    return this.guard(async () => {
      await this.prisma.lineageEdge.createMany({
        data: [{ runId, direction, ...target }],
        skipDuplicates: true,
      });
    });
  }

  /**
   * Records that a run used the recorded datasets and artifacts with these sha256s (a step's inputs), so the
   * lineage walk reaches them; hashes recorded nowhere are skipped. Repeating it is a no-op.
   */
  recordInputs(runId: string, sha256s: readonly string[]): Promise<void> {
    for (const sha256 of sha256s) checkSha256(sha256);
    if (sha256s.length === 0) return Promise.resolve();
    return this.guard(async () => {
      const where = { where: { sha256: { in: [...sha256s] } }, select: { id: true } };
      const datasets = await this.prisma.dataset.findMany(where);
      const artifacts = await this.prisma.artifact.findMany(where);
      await this.prisma.lineageEdge.createMany({
        data: [
          ...datasets.map((d) => ({ runId, direction: 'USED' as const, datasetId: d.id })),
          ...artifacts.map((a) => ({ runId, direction: 'USED' as const, artifactId: a.id })),
        ],
        skipDuplicates: true,
      });
    });
  }

  /**
   * Records a metric once per (run, name, step, fold): writing it again with the same value is a no-op (a
   * retried database call), with another value a RESULT_CONFLICT.
   */
  async recordMetric(input: NewMetric): Promise<Metric> {
    checkNewMetric(input);
    return this.guard(async () => {
      await this.prisma.metric.createMany({ data: [input], skipDuplicates: true });
      const key = {
        runId: input.runId,
        name: input.name,
        step: input.step ?? null,
        fold: input.fold ?? null,
      };
      const row = await this.prisma.metric.findFirstOrThrow({ where: key });
      if (row.value !== input.value)
        throw new DatabaseError(
          'RESULT_CONFLICT',
          `metric ${input.name} of run ${input.runId} is recorded as ${row.value}, not ${input.value}; a run measures each metric once`,
        );
      return row;
    });
  }

  recordCheckpoint(checkpoint: NewCheckpoint): Promise<void> {
    return this.guard(() => recordCheckpoint(this.prisma, checkpoint));
  }

  /** The newest kept checkpoint of a step key, or null (storage/checkpoint-records.ts). */
  latestCheckpoint(stepKey: string): Promise<Checkpoint | null> {
    return this.guard(() => latestCheckpoint(this.prisma, stepKey));
  }

  /** The kept checkpoints of a step key beyond its newest `keep`, oldest first. */
  supersededCheckpoints(stepKey: string, keep: number): Promise<Checkpoint[]> {
    return this.guard(() => supersededCheckpoints(this.prisma, stepKey, keep));
  }

  /** Stamps a checkpoint whose object retention removed. */
  markCheckpointRemoved(id: bigint): Promise<void> {
    return this.guard(() => markCheckpointRemoved(this.prisma, id));
  }

  /** The dataset row stored under this sha256, or null. */
  findDatasetBySha256(sha256: string): Promise<Dataset | null> {
    checkSha256(sha256);
    return this.guard(() => this.prisma.dataset.findUnique({ where: { sha256 } }));
  }

  /**
   * The newest dataset of kind `datasetKind` produced by a succeeded run of kind `runKind` in an experiment
   * named `experimentName` (how a workflow finds an import by name); null when there is none.
   */
  findProducedDataset(experimentName: string, runKind: string, datasetKind: string): Promise<Dataset | null> {
    return this.guard(() =>
      this.prisma.dataset.findFirst({
        where: {
          kind: datasetKind,
          lineage: {
            some: {
              direction: 'PRODUCED',
              run: { kind: runKind, status: 'SUCCEEDED', experiment: { name: experimentName } },
            },
          },
        },
        orderBy: { createdAt: 'desc' },
      }),
    );
  }

  /** The dataset or artifact stored under this sha256, as a lineage root; RESULT_NOT_FOUND when neither. */
  rootForSha256(sha256: string): Promise<LineageRoot> {
    checkSha256(sha256);
    return this.guard(async () => {
      const dataset = await this.prisma.dataset.findUnique({ where: { sha256 }, select: { id: true } });
      if (dataset) return { datasetId: dataset.id };
      const artifact = await this.prisma.artifact.findUnique({ where: { sha256 }, select: { id: true } });
      if (artifact) return { artifactId: artifact.id };
      throw new DatabaseError('RESULT_NOT_FOUND', `no dataset or artifact with sha256 ${sha256} is recorded`);
    });
  }

  lineageOf(root: LineageRoot): Promise<LineageGraph> {
    return this.guard(() => walkLineage(this.prisma, root));
  }

  listExperiments(limit = 50): Promise<ExperimentListing[]> {
    return this.guard(() => listExperiments(this.prisma, limit));
  }

  /** By id, unique id prefix or workflow id; RESULT_NOT_FOUND or RESULT_AMBIGUOUS otherwise. */
  resolveExperiment(ref: string): Promise<Experiment> {
    return this.guard(() => resolveExperiment(this.prisma, ref));
  }

  experimentRuns(experimentId: string): Promise<RunRecord[]> {
    return this.guard(() => experimentRuns(this.prisma, experimentId));
  }

  private recordObject(table: 'dataset', object: StoredObject): Promise<Dataset>;
  private recordObject(table: 'artifact', object: StoredObject): Promise<Artifact>;
  private async recordObject(
    table: 'dataset' | 'artifact',
    object: StoredObject,
  ): Promise<Dataset | Artifact> {
    checkStoredObject(table, object);
    const byteSize = BigInt(object.byteSize);
    return this.guard(() =>
      this.prisma.$transaction(async (tx) => {
        // Insert-or-keep (ON CONFLICT DO NOTHING), so two workers recording the same bytes both succeed.
        const data = {
          sha256: object.sha256,
          kind: object.kind,
          objectKey: object.objectKey,
          byteSize,
          producedByRunId: object.producedByRunId,
        };
        const where = { where: { sha256: object.sha256 } };
        let row: Dataset | Artifact;
        if (table === 'dataset') {
          await tx.dataset.createMany({ data: [data], skipDuplicates: true });
          row = await tx.dataset.findUniqueOrThrow(where);
        } else {
          await tx.artifact.createMany({ data: [data], skipDuplicates: true });
          row = await tx.artifact.findUniqueOrThrow(where);
        }
        if (row.byteSize !== byteSize || row.objectKey !== object.objectKey) {
          throw new DatabaseError(
            'RESULT_CONFLICT',
            `${table} ${object.sha256} is recorded as ${row.byteSize} bytes at ${row.objectKey}, not ${byteSize} bytes at ${object.objectKey}; the same hash cannot name two objects`,
          );
        }
        if (object.producedByRunId !== undefined) {
          const target = table === 'dataset' ? { datasetId: row.id } : { artifactId: row.id };
          await tx.lineageEdge.createMany({
            data: [{ runId: object.producedByRunId, direction: 'PRODUCED', ...target }],
            skipDuplicates: true,
          });
        }
        return row;
      }),
    );
  }

  /** Runs a query and turns connection, schema and reference failures into DatabaseErrors. */
  private async guard<T>(query: () => Promise<T>): Promise<T> {
    try {
      return await query();
    } catch (err) {
      throw explainQueryError(err, this.url);
    }
  }
}
