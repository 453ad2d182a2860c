/**
 * Checkpoint rows: the training checkpoints of a step, by its step key (prisma/schema.prisma, Checkpoint).
 * Any later attempt, or a later workflow that runs the same step, resumes from the newest one whose
 * object is still kept. The retention rule (which rows are superseded) lives here, next to the queries
 * that apply it: a step keeps its newest KEEP_CHECKPOINTS checkpoints while it trains (the newest could
 * be the one a dying worker was writing when it stopped, so the one before stays too) and none once its
 * output is recorded.
 */
import type { Checkpoint, PrismaClient } from '../prisma/generated/client';
import { checkSha256 } from './results-records';

export type { Checkpoint };

export const KEEP_CHECKPOINTS = 2;

export interface NewCheckpoint {
  stepKey: string;
  runId: string;
  /** training steps done when it was saved */
  step: number;
  sha256: string;
  byteSize: number;
}

/** Records a checkpoint once per (step key, sha256): a retried save of the same bytes is a no-op. */
export async function recordCheckpoint(prisma: PrismaClient, c: NewCheckpoint): Promise<void> {
  checkSha256(c.stepKey);
  checkSha256(c.sha256);
  await prisma.checkpoint.createMany({ data: [c], skipDuplicates: true });
}

/** The newest kept checkpoint of a step (most training steps, then latest written), or null. */
export function latestCheckpoint(prisma: PrismaClient, stepKey: string): Promise<Checkpoint | null> {
  return prisma.checkpoint.findFirst({
    where: { stepKey, removedAt: null },
    orderBy: [{ step: 'desc' }, { id: 'desc' }],
  });
}

/** Kept checkpoints of a step beyond its newest `keep`, oldest first: what retention removes. */
export async function supersededCheckpoints(
  prisma: PrismaClient,
  stepKey: string,
  keep: number,
): Promise<Checkpoint[]> {
  const kept = await prisma.checkpoint.findMany({
    where: { stepKey, removedAt: null },
    orderBy: [{ step: 'desc' }, { id: 'desc' }],
  });
  return kept.slice(keep).reverse();
}

export async function markCheckpointRemoved(prisma: PrismaClient, id: bigint): Promise<void> {
  await prisma.checkpoint.updateMany({ where: { id, removedAt: null }, data: { removedAt: new Date() } });
}
