-- Hand-written: Prisma cannot declare CHECK constraints in schema.prisma, and `prisma migrate diff` neither
-- creates nor drops them. A lineage edge points at exactly one dataset or one artifact, never both or none.
ALTER TABLE "LineageEdge" ADD CONSTRAINT "LineageEdge_target_check" CHECK (("datasetId" IS NULL) <> ("artifactId" IS NULL));
