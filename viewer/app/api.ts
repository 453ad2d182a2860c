/**
 * The viewer's JSON API as the page sees it (viewer/viewer-api.ts on the server; dates arrive as ISO
 * strings, row ids and byte sizes as decimal strings).
 */

export interface ExperimentRow {
  id: string;
  name: string;
  status: string;
  configHash: string;
  codeVersion: string;
  workflowId: string | null;
  config: Record<string, unknown>;
  createdAt: string;
  finishedAt: string | null;
  runCount?: number;
}

export interface ObjectRow {
  sha256: string;
  kind: string;
}

export interface MetricRow {
  id: string;
  name: string;
  value: number;
  step: number | null;
  fold: number | null;
}

export interface StepRow {
  stage: string;
  kind: string;
  status: string;
  attempts: number;
  cached: boolean;
  startedAt: string;
  durationMs: number | null;
  workerIdentity: string | null;
  output: ObjectRow | null;
  metrics: MetricRow[];
  lastFailure: { attempt: number; code: string; message: string } | null;
}

export interface StageRow {
  stage: string;
  total: number | null;
  done: number;
  cached: number;
  running: number;
  failed: number;
  retries: number;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface DatasetView {
  sha256: string;
  kind: string;
  meta: Record<string, unknown>;
  files: string[];
}

export interface SubjectView extends DatasetView {
  maps: Array<DatasetView & { method: string; step: string }>;
}

export interface ExperimentView {
  experiment: ExperimentRow;
  stages: StageRow[];
  steps: StepRow[];
  report: (DatasetView & { headline: string[] }) | null;
  subjects: SubjectView[];
}

export interface LineageView {
  metric: { id: string; name: string; value: number; runId: string } | null;
  runs: Array<{
    id: string;
    kind: string;
    status: string;
    attempt: number;
    experimentId: string;
    startedAt: string;
  }>;
  experiments: ExperimentRow[];
  datasets: Array<{ id: string; sha256: string; kind: string }>;
  artifacts: Array<{ id: string; sha256: string; kind: string }>;
  edges: Array<{
    runId: string;
    direction: 'USED' | 'PRODUCED';
    datasetId: string | null;
    artifactId: string | null;
  }>;
}

export async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path);
  const body = await res.json();
  if (!res.ok)
    throw new Error(body?.error ? `${body.error.code}: ${body.error.message}` : `${res.status} ${path}`);
  return body as T;
}

/** URL of a file inside a dataset (report figures, NIfTI volumes). */
export function fileUrl(sha256: string, name: string): string {
  return `/api/datasets/${sha256}/files/${name.split('/').map(encodeURIComponent).join('/')}`;
}
