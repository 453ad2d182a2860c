/**
 * What `qtm experiment compare` compares: two configs key by key (dotted paths; arrays compared whole) and
 * two experiments' metrics by step and name (a cache hit counts with the metrics of the run it reused).
 */
import type { StepSummary } from '../storage/experiment-steps';

export interface ConfigChange {
  path: string;
  /** undefined when the key is absent on that side */
  a: unknown;
  b: unknown;
}

export interface MetricChange {
  /** "<step kind> <metric name>[ fold k]" */
  key: string;
  a: number | null;
  b: number | null;
  /** b - a when both exist */
  delta: number | null;
}

function flatten(value: unknown, prefix: string, out: Map<string, unknown>): Map<string, unknown> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0 && prefix) out.set(prefix, {});
    for (const [k, v] of entries) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.set(prefix, value);
  }
  return out;
}

/** Keys whose values differ, sorted by path. */
export function configDiff(a: unknown, b: unknown): ConfigChange[] {
  const fa = flatten(a, '', new Map());
  const fb = flatten(b, '', new Map());
  const paths = [...new Set([...fa.keys(), ...fb.keys()])].sort();
  return paths
    .filter((p) => JSON.stringify(fa.get(p)) !== JSON.stringify(fb.get(p)))
    .map((path) => ({ path, a: fa.get(path), b: fb.get(path) }));
}

function metricsByKey(steps: readonly StepSummary[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of steps)
    for (const m of s.metrics)
      out.set(`${s.kind} ${m.name}${m.fold === null ? '' : ` fold ${m.fold}`}`, m.value);
  return out;
}

/** Every metric of either experiment, those in both first (largest change first), then those in one only. */
export function metricDiff(a: readonly StepSummary[], b: readonly StepSummary[]): MetricChange[] {
  const ma = metricsByKey(a);
  const mb = metricsByKey(b);
  const keys = [...new Set([...ma.keys(), ...mb.keys()])];
  const rows = keys.map((key) => {
    const va = ma.get(key) ?? null;
    const vb = mb.get(key) ?? null;
    return { key, a: va, b: vb, delta: va !== null && vb !== null ? vb - va : null };
  });
  const both = rows
    .filter((r) => r.delta !== null)
    .sort((x, y) => Math.abs(y.delta as number) - Math.abs(x.delta as number));
  const one = rows.filter((r) => r.delta === null).sort((x, y) => x.key.localeCompare(y.key));
  return [...both, ...one];
}
