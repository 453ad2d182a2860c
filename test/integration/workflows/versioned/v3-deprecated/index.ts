/**
 * Version N+2, once no workflow of version N is left: the old branch is gone and deprecatePatch() keeps
 * histories of N+1 (which carry the patch marker) replaying. A later version drops the call too, once no
 * workflow of N+1 is left either.
 */
import { condition, defineSignal, deprecatePatch, proxyActivities, setHandler } from '@temporalio/workflow';
import type { versionActivities } from '../activities';

export const release = defineSignal('release');
const a = proxyActivities<typeof versionActivities>({ startToCloseTimeout: '1m' });

export async function versionedWorkflow(): Promise<string[]> {
  let released = false;
  setHandler(release, () => {
    released = true;
  });
  const steps = [await a.first()];
  deprecatePatch('audit-after-first');
  steps.push(await a.audit());
  await condition(() => released);
  steps.push(await a.second());
  return steps;
}
