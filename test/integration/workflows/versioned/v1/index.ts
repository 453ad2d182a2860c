/** Version N of a fixture workflow: one step, a wait for the `release` signal, another step. */
import { condition, defineSignal, proxyActivities, setHandler } from '@temporalio/workflow';
import type { versionActivities } from '../activities';

export const release = defineSignal('release');
const a = proxyActivities<typeof versionActivities>({ startToCloseTimeout: '1m' });

export async function versionedWorkflow(): Promise<string[]> {
  let released = false;
  setHandler(release, () => {
    released = true;
  });
  const steps = [await a.first()];
  await condition(() => released);
  steps.push(await a.second());
  return steps;
}
