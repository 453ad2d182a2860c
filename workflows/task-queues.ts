/**
 * Task queues: one per kind of worker process. `cpu` runs simulation, fitting, statistics and bookkeeping
 * on any machine; `gpu` runs QTMnet training and inference where a tensorflow backend (ideally with a GPU)
 * is installed, and falls back to wasm/cpu tfjs elsewhere.
 */
export const TASK_QUEUES = { cpu: 'qtm-cpu', gpu: 'qtm-gpu' } as const;
export type QueueKind = keyof typeof TASK_QUEUES;
