/**
 * The lineage walk behind `qtm lineage`: from an artifact, a dataset or a metric back through the runs that
 * produced it, what those runs used, who produced that, and so on, to the source data; with every run's
 * experiment (config, config hash, code version). Breadth-first, one query per generation.
 */
import type {
  Artifact,
  Dataset,
  Experiment,
  LineageEdge,
  Metric,
  PrismaClient,
  Run,
} from '../prisma/generated/client';
import { DatabaseError } from './db-error';

export type LineageRoot = { datasetId: string } | { artifactId: string } | { metricId: bigint };

export interface LineageGraph {
  /** the metric the walk started from, when it started from one */
  metric: Metric | null;
  /** runs in start order */
  runs: Run[];
  experiments: Experiment[];
  datasets: Dataset[];
  artifacts: Artifact[];
  /** every used/produced edge the walk followed */
  edges: LineageEdge[];
}

export async function walkLineage(prisma: PrismaClient, root: LineageRoot): Promise<LineageGraph> {
  const runIds = new Set<string>();
  const datasetIds = new Set<string>();
  const artifactIds = new Set<string>();
  const edges = new Map<bigint, LineageEdge>();
  let pending = { runs: [] as string[], datasets: [] as string[], artifacts: [] as string[] };
  let metric: Metric | null = null;

  if ('metricId' in root) {
    metric = await prisma.metric.findUnique({ where: { id: root.metricId } });
    if (metric === null) throw new DatabaseError('RESULT_NOT_FOUND', `no metric with id ${root.metricId}`);
    pending.runs.push(metric.runId);
  } else if ('datasetId' in root) {
    if ((await prisma.dataset.count({ where: { id: root.datasetId } })) === 0)
      throw new DatabaseError('RESULT_NOT_FOUND', `no dataset with id ${root.datasetId}`);
    pending.datasets.push(root.datasetId);
  } else {
    if ((await prisma.artifact.count({ where: { id: root.artifactId } })) === 0)
      throw new DatabaseError('RESULT_NOT_FOUND', `no artifact with id ${root.artifactId}`);
    pending.artifacts.push(root.artifactId);
  }

  while (pending.runs.length + pending.datasets.length + pending.artifacts.length > 0) {
    for (const id of pending.runs) runIds.add(id);
    for (const id of pending.datasets) datasetIds.add(id);
    for (const id of pending.artifacts) artifactIds.add(id);
    const generation = await prisma.lineageEdge.findMany({
      where: {
        OR: [
          { direction: 'PRODUCED', datasetId: { in: pending.datasets } },
          { direction: 'PRODUCED', artifactId: { in: pending.artifacts } },
          { direction: 'USED', runId: { in: pending.runs } },
        ],
      },
    });
    const next = { runs: new Set<string>(), datasets: new Set<string>(), artifacts: new Set<string>() };
    for (const edge of generation) {
      edges.set(edge.id, edge);
      if (edge.direction === 'PRODUCED' && !runIds.has(edge.runId)) next.runs.add(edge.runId);
      if (edge.direction === 'USED' && edge.datasetId !== null && !datasetIds.has(edge.datasetId))
        next.datasets.add(edge.datasetId);
      if (edge.direction === 'USED' && edge.artifactId !== null && !artifactIds.has(edge.artifactId))
        next.artifacts.add(edge.artifactId);
    }
    pending = { runs: [...next.runs], datasets: [...next.datasets], artifacts: [...next.artifacts] };
  }

  const runs = await prisma.run.findMany({
    where: { id: { in: [...runIds] } },
    orderBy: { startedAt: 'asc' },
  });
  const experimentIds = [...new Set(runs.map((r) => r.experimentId))];
  return {
    metric,
    runs,
    experiments: await prisma.experiment.findMany({
      where: { id: { in: experimentIds } },
      orderBy: { createdAt: 'asc' },
    }),
    datasets: await prisma.dataset.findMany({
      where: { id: { in: [...datasetIds] } },
      orderBy: { createdAt: 'asc' },
    }),
    artifacts: await prisma.artifact.findMany({
      where: { id: { in: [...artifactIds] } },
      orderBy: { createdAt: 'asc' },
    }),
    edges: [...edges.values()].sort((a, b) => (a.id < b.id ? -1 : 1)),
  };
}
