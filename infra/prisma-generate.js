#!/usr/bin/env node
// Runs `prisma generate` so the typed client lands in prisma/generated/ (gitignored), on machines without
// internet. Prisma's CLI insists on a native schema engine before any command and downloads one when none
// is installed; `generate` never runs that engine, so when none is present we point
// PRISMA_SCHEMA_ENGINE_BINARY at an existing file (this Node binary) and the CLI skips the download.
// Migrations are applied by `qtm db migrate` (storage/migrate.ts), which needs no engine either.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

function installedSchemaEngine() {
  const enginesDir = path.dirname(require.resolve('@prisma/engines/package.json', { paths: [root] }));
  const found = fs.readdirSync(enginesDir).find((name) => name.startsWith('schema-engine'));
  return found === undefined ? undefined : path.join(enginesDir, found);
}

const env = { ...process.env };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY && installedSchemaEngine() === undefined) {
  env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;
}
const cli = require.resolve('prisma/build/index.js', { paths: [root] });
const result = spawnSync(process.execPath, [cli, 'generate', ...process.argv.slice(2)], {
  cwd: root,
  env,
  stdio: 'inherit',
});
if (result.error) throw result.error;
process.exitCode = result.status ?? 1;
