/**
 * The read side of the results database for people: the experiments, one experiment named the way people
 * name it (its id, a unique prefix of the id, or its workflow id), and every run of an experiment with the
 * objects it used and produced and its metrics. `qtm experiment list/show/compare` and `qtm serve` read
 * through these; nothing here writes.
 */
import type { Experiment, PrismaClient } from '../prisma/generated/client';
import { DatabaseError } from './db-error';

export type { Experiment };

export interface ExperimentListing extends Experiment {
  /** run rows (attempts) recorded so far */
  runCount: number;
}

export interface RunMetric {
  id: bigint;
  name: string;
  value: number;
  step: number | null;
  fold: number | null;
}

/**
 * An object a run used or produced, with the run that first produced it: its step key tells a cache hit (a
 * run that used an object made under its own step key) and its metrics are the ones a cache hit reuses.
 */
export interface RunObject {
  table: 'dataset' | 'artifact';
  sha256: string;
  kind: string;
  byteSize: bigint;
  producer: { runId: string; stepKey: string | null; metrics: RunMetric[] } | null;
}

export interface RunRecord {
  id: string;
  kind: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  attempt: number;
  workerIdentity: string | null;
  computeBackend: string | null;
  stepKey: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  errorCode: string | null;
  errorMessage: string | null;
  used: RunObject[];
  produced: RunObject[];
  metrics: RunMetric[];
}

/** The newest experiments first. */
export async function listExperiments(prisma: PrismaClient, limit: number): Promise<ExperimentListing[]> {
  const rows = await prisma.experiment.findMany({
    orderBy: { createdAt: 'desc' },
    take: limit,
    include: { _count: { select: { runs: true } } },
  });
  return rows.map(({ _count, ...row }) => ({ ...row, runCount: _count.runs }));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UUID_PREFIX = /^[0-9a-f][0-9a-f-]{3,35}$/;

/**
 * The experiment a person means by `ref`: its id, its workflow id, or a prefix of its id of at least 4
 * characters (as `qtm experiment list` prints). RESULT_NOT_FOUND when none, RESULT_AMBIGUOUS when a prefix
 * names several.
 */
export async function resolveExperiment(prisma: PrismaClient, ref: string): Promise<Experiment> {
  const id = ref.toLowerCase();
  if (UUID.test(id)) {
    const row = await prisma.experiment.findUnique({ where: { id } });
    if (row) return row;
  }
  const byWorkflow = await prisma.experiment.findUnique({ where: { workflowId: ref } });
  if (byWorkflow) return byWorkflow;
  if (UUID_PREFIX.test(id)) {
    const matches = await prisma.$queryRaw<Array<{ id: string }>>`
      SELECT id::text AS id FROM "Experiment" WHERE id::text LIKE ${`${id}%`} ORDER BY "createdAt" LIMIT 6`;
    if (matches.length > 1)
      throw new DatabaseError(
        'RESULT_AMBIGUOUS',
        `experiment id prefix "${ref}" matches ${matches.length > 5 ? 'more than 5' : matches.length} experiments (${matches
          .slice(0, 5)
          .map((m) => m.id)
          .join(', ')}); give more characters`,
      );
    if (matches.length === 1) return prisma.experiment.findUniqueOrThrow({ where: { id: matches[0].id } });
  }
  throw new DatabaseError(
    'RESULT_NOT_FOUND',
    `no experiment has the id, id prefix or workflow id "${ref}"; \`qtm experiment list\` shows them (a workflow records its experiment when a worker runs its first step)`,
  );
}

/** Every run (attempt) of an experiment in start order, with what it used and produced and its metrics. */
export async function experimentRuns(prisma: PrismaClient, experimentId: string): Promise<RunRecord[]> {
  const metric = {
    select: { id: true, name: true, value: true, step: true, fold: true },
    orderBy: { id: 'asc' },
  } as const;
  const object = {
    include: { producedBy: { select: { id: true, stepKey: true, metrics: metric } } },
  } as const;
  const runs = await prisma.run.findMany({
    where: { experimentId },
    orderBy: [{ startedAt: 'asc' }, { attempt: 'asc' }],
    include: {
      lineage: { include: { dataset: object, artifact: object }, orderBy: { id: 'asc' } },
      metrics: metric,
    },
  });
  return runs.map(({ lineage, metrics, experimentId: _e, ...run }) => {
    const objects = (direction: 'USED' | 'PRODUCED'): RunObject[] =>
      lineage
        .filter((e) => e.direction === direction)
        .flatMap((e) => {
          const o = e.dataset ?? e.artifact;
          if (o === null) return [];
          return [
            {
              table: e.dataset ? ('dataset' as const) : ('artifact' as const),
              sha256: o.sha256,
              kind: o.kind,
              byteSize: o.byteSize,
              producer: o.producedBy
                ? { runId: o.producedBy.id, stepKey: o.producedBy.stepKey, metrics: o.producedBy.metrics }
                : null,
            },
          ];
        });
    return {
      ...run,
      used: objects('USED'),
      produced: objects('PRODUCED'),
      metrics,
    };
  });
}
