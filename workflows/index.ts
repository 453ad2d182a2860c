/** The workflows a worker bundles (workflowsPath points here). */

export { cohortBatchWorkflow } from './cohort-batch-workflow';
export { experimentWorkflow } from './experiment-workflow';
