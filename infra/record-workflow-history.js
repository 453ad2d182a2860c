#!/usr/bin/env node
// Records the event history of a finished workflow for the replay test (test/unit/workflows/), from the
// Temporal server and namespace the settings name (the environment, or .data/stack.json); after `npm run build`:
//   node infra/record-workflow-history.js <workflow id> test/fixtures/histories/experiment-workflow-<version>-<what>.json \
//     [--batches test/fixtures/histories/cohort-batch-workflow-<version>-<what>]
// --batches also records the first batch workflow of each pass (<prefix>-fit.json, <prefix>-infer.json).
// A file holds { workflowId, history }: workflow code may use its id (batch workflows are named after it),
// so a replay needs it. Keep the histories of every version whose workflows may still run
// (docs/architecture.md, section 7).

const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

const dist = join(__dirname, '..', 'dist');
const { loadSettings } = require(join(dist, 'runtime', 'settings.js'));
const { connectTemporalClient, temporalClient } = require(join(dist, 'workers', 'temporal-connection.js'));
const { workflowHistories } = require(join(dist, 'workers', 'workflow-histories.js'));

async function main(args) {
  const [workflowId, out] = args;
  const batchesAt = args.indexOf('--batches');
  const prefix = batchesAt > 0 ? args[batchesAt + 1] : undefined;
  if (!workflowId || !out || (batchesAt > 0 && !prefix))
    throw new Error(
      'usage: record-workflow-history.js <workflow id> <output.json> [--batches <output prefix>]',
    );
  const settings = loadSettings();
  const connection = await connectTemporalClient(settings);
  try {
    const histories = await workflowHistories(temporalClient(connection, settings), workflowId);
    const record = (id, file) => {
      writeFileSync(file, JSON.stringify({ workflowId: id, history: histories.get(id) }));
      process.stdout.write(`${file}: ${histories.get(id).events.length} events of ${id}\n`);
    };
    record(workflowId, out);
    if (prefix) {
      const firsts = [...histories.keys()].filter((id) => /\/[a-z]+-batch-1$/.test(id));
      if (firsts.length === 0) throw new Error(`${workflowId} started no batch workflow`);
      for (const id of firsts) record(id, `${prefix}-${/\/([a-z]+)-batch-1$/.exec(id)[1]}.json`);
    }
  } finally {
    await connection.close();
  }
}

main(process.argv.slice(2)).catch((err) => {
  process.stderr.write(`${err.message}\n`);
  process.exitCode = 1;
});
