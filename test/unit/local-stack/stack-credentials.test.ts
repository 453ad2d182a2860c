/** The local stack's credentials: random per stack, kept in a stack.json only its owner can read. */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { credentialsOfEndpoints, newCredentials } from '../../../local-stack/stack-credentials';
import { readStackState, writeStackState } from '../../../local-stack/stack-state';

test('two stacks get different credentials, each usable in a URL as it is', () => {
  const a = newCredentials();
  const b = newCredentials();
  expect(a.postgresPassword).not.toBe(b.postgresPassword);
  expect(a.s3AccessKey).not.toBe(b.s3AccessKey);
  expect(a.s3SecretKey).not.toBe(b.s3SecretKey);
  for (const value of Object.values(a)) expect(value).toMatch(/^[a-z0-9]{16,}$/);
});

test('a stack.json from before credentials were recorded keeps the ones in its endpoints', () => {
  expect(
    credentialsOfEndpoints({
      DATABASE_URL: 'postgresql://qtm:old%2Fpass@127.0.0.1:55432/qtm',
      S3_ACCESS_KEY: 'oldkey',
      S3_SECRET_KEY: 'oldsecret',
    }),
  ).toEqual({ postgresPassword: 'old/pass', s3AccessKey: 'oldkey', s3SecretKey: 'oldsecret' });
  expect(credentialsOfEndpoints({ S3_ACCESS_KEY: 'k', S3_SECRET_KEY: 's' })).toBeUndefined();
});

test('stack.json is written readable by its owner only, also over an older world-readable one', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qtm-state-'));
  try {
    writeFileSync(join(dir, 'stack.json'), '{"endpoints":{},"started":{}}', { mode: 0o644 });
    writeFileSync(join(dir, 'stack.json.tmp'), 'left over', { mode: 0o644 });
    const credentials = newCredentials();
    writeStackState(dir, { credentials, endpoints: {}, started: {} });
    expect(statSync(join(dir, 'stack.json')).mode & 0o777).toBe(0o600);
    expect(readStackState(dir).credentials).toEqual(credentials);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
