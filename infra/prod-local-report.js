#!/usr/bin/env node
// Which worker process ran which steps of a finished workflow, read from its history on the Temporal server:
//   TEMPORAL_ADDRESS=... node infra/prod-local-report.js <workflow id>
// infra/prod-local.sh prints it to show that the steps were shared by separate worker processes.

const { Client, Connection } = require('@temporalio/client');

async function main([workflowId]) {
  if (!workflowId) throw new Error('usage: prod-local-report.js <workflow id>');
  const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS });
  try {
    const client = new Client({ connection, namespace: process.env.TEMPORAL_NAMESPACE || 'default' });
    const { events } = await client.workflow.getHandle(workflowId).fetchHistory();
    const scheduled = new Map();
    const ran = new Map(); // worker identity -> activity type -> count
    for (const e of events) {
      const s = e.activityTaskScheduledEventAttributes;
      if (s) scheduled.set(String(e.eventId), s.activityType.name);
      const started = e.activityTaskStartedEventAttributes;
      if (started) {
        const type = scheduled.get(String(started.scheduledEventId));
        const byType = ran.get(started.identity) ?? new Map();
        byType.set(type, (byType.get(type) ?? 0) + 1);
        ran.set(started.identity, byType);
      }
    }
    process.stdout.write(`${workflowId}: ${events.length} history events\n`);
    for (const [identity, byType] of [...ran].sort()) {
      const steps = [...byType].map(([type, n]) => `${type} x${n}`).join(', ');
      process.stdout.write(`  ${identity}: ${steps}\n`);
    }
  } finally {
    await connection.close();
  }
}

main(process.argv.slice(2)).catch((err) => {
  process.stderr.write(`${err.message}\n`);
  process.exitCode = 1;
});
