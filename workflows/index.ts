/** The workflows a worker bundles (workflowsPath points here). */
export { experimentWorkflow } from './experiment-workflow';
