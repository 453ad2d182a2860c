/**
 * The check every fault scenario ends with: the experiment SUCCEEDED, produced the same data artifacts
 * and metric values as the undisturbed reference run (provenance and code-version fields aside), and left
 * no duplicate or orphan rows. Returns the attempts that did not succeed, for the scenario to check that
 * they are recorded as what they were.
 */
import type { ExperimentResult } from '../../../contracts/step-outcomes';
import { type Attempt, auditRows, type Outcome, outcomeOf } from './outcome-audit';
import type { ScenarioRun } from './scenario-run';

export async function expectLikeReference(
  run: ScenarioRun,
  result: ExperimentResult,
  reference: Outcome,
  /** metrics only a disturbed run records (e.g. "train-qtmnet resumed_from_step step null fold null") */
  extraMetrics: string[] = [],
): Promise<Attempt[]> {
  const [{ status }] = await run.query<{ status: string }>(
    `SELECT status::text AS status FROM "Experiment" WHERE id = $1`,
    [result.experimentId],
  );
  expect(status).toBe('SUCCEEDED');
  const outcome = await outcomeOf(run, result);
  expect(outcome.artifacts).toEqual(reference.artifacts);
  const compared = Object.fromEntries(
    Object.entries(outcome.metrics).filter(([k]) => !extraMetrics.includes(k)),
  );
  expect(compared).toEqual(reference.metrics);
  expect(
    Object.keys(outcome.metrics)
      .filter((k) => !(k in reference.metrics))
      .sort(),
  ).toEqual([...extraMetrics].sort());
  expect(outcome.datasetRows).toBe(reference.datasetRows);
  const { violations, unsuccessful } = await auditRows(run);
  expect(violations).toEqual([]);
  return unsuccessful;
}
