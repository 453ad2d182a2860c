-- CreateTable
CREATE TABLE "Checkpoint" (
    "id" BIGSERIAL NOT NULL,
    "stepKey" CHAR(64) NOT NULL,
    "runId" UUID NOT NULL,
    "step" INTEGER NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "byteSize" BIGINT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "removedAt" TIMESTAMP(3),

    CONSTRAINT "Checkpoint_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Checkpoint_stepKey_step_idx" ON "Checkpoint"("stepKey", "step");

-- CreateIndex
CREATE INDEX "Checkpoint_runId_idx" ON "Checkpoint"("runId");

-- CreateIndex
CREATE UNIQUE INDEX "Checkpoint_stepKey_sha256_key" ON "Checkpoint"("stepKey", "sha256");

-- AddForeignKey
ALTER TABLE "Checkpoint" ADD CONSTRAINT "Checkpoint_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;
