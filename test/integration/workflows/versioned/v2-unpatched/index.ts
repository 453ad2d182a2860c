/** The control: version N+1's new step without patched(). Histories of version N do not replay here. */
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
  steps.push(await a.audit());
  await condition(() => released);
  steps.push(await a.second());
  return steps;
}
