// Prisma 7 reads the connection URL from here, not from schema.prisma. `prisma generate` needs no database,
// so an unset DATABASE_URL is fine for it; migrations are applied by `qtm db migrate` (storage/migrate.ts).
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL },
});
