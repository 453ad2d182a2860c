/**
 * Version N+1, as the versioning policy asks (docs/architecture.md): a new step after `first`, under
 * patched(). A workflow that ran `first` on version N replays here without the patch marker, so
 * patched() is false and it goes on as N did; a workflow started here records the marker and runs `audit`.
 */
import { condition, defineSignal, patched, proxyActivities, setHandler } from '@temporalio/workflow';
import type { versionActivities } from '../activities';

export const release = defineSignal('release');
const a = proxyActivities<typeof versionActivities>({ startToCloseTimeout: '1m' });

export async function versionedWorkflow(): Promise<string[]> {
  let released = false;
  setHandler(release, () => {
    released = true;
  });
  const steps = [await a.first()];
  if (patched('audit-after-first')) steps.push(await a.audit());
  await condition(() => released);
  steps.push(await a.second());
  return steps;
}
