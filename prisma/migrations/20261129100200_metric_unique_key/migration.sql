-- Hand-written: one Metric row per (run, name, step, fold). Step and fold are null for metrics that are
-- neither curves nor per fold, and PostgreSQL counts nulls as distinct in a unique index unless it says
-- NULLS NOT DISTINCT (PostgreSQL 15+), which schema.prisma cannot express. Rows that repeat a key are
-- removed first (the earliest is kept), so databases written before this migration accept it.
DELETE FROM "Metric" a USING "Metric" b
WHERE a."runId" = b."runId" AND a."name" = b."name"
  AND a."step" IS NOT DISTINCT FROM b."step" AND a."fold" IS NOT DISTINCT FROM b."fold"
  AND a."id" > b."id";

-- DropIndex
DROP INDEX "Metric_runId_name_idx";

-- CreateIndex
CREATE UNIQUE INDEX "Metric_runId_name_step_fold_key" ON "Metric"("runId", "name", "step", "fold") NULLS NOT DISTINCT;
