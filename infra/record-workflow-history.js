#!/usr/bin/env node
// Records the event history of a finished workflow for the replay test (test/unit/workflows/):
//   node infra/record-workflow-history.js <workflow id> test/fixtures/histories/experiment-workflow-<name>.json
// Keep old histories when the workflow changes on purpose: they stand for executions that may still be running.

const { writeFileSync } = require('node:fs');
const { Client, Connection } = require('@temporalio/client');

async function main([workflowId, out]) {
  if (!workflowId || !out) throw new Error('usage: record-workflow-history.js <workflow id> <output.json>');
  const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS || '127.0.0.1:7233' });
  try {
    const history = await new Client({ connection }).workflow.getHandle(workflowId).fetchHistory();
    writeFileSync(out, JSON.stringify(history));
    process.stdout.write(`${out}: ${history.events.length} events of ${workflowId}\n`);
  } finally {
    await connection.close();
  }
}

main(process.argv.slice(2)).catch((err) => {
  process.stderr.write(`${err.message}\n`);
  process.exitCode = 1;
});
