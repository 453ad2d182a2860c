/**
 * The local stack's credentials: random for each stack, made by its first `qtm stack up`, kept in
 * <data dir>/stack.json (mode 0600) and reused by every later `up`, so no two clones share a password and
 * none is written in the code. A stack.json from before they were recorded keeps the credentials its
 * servers were set up with.
 */
import { randomBytes } from 'node:crypto';
import type { SettingsRecord } from '../runtime/settings';

export interface StackCredentials {
  postgresPassword: string;
  s3AccessKey: string;
  s3SecretKey: string;
}

/** URL-safe random text (hex), so the password needs no escaping in DATABASE_URL. */
const randomText = (bytes: number) => randomBytes(bytes).toString('hex');

export function newCredentials(): StackCredentials {
  return {
    postgresPassword: randomText(24),
    s3AccessKey: `qtm${randomText(8)}`,
    s3SecretKey: randomText(24),
  };
}

/** The credentials an older stack.json holds only inside its endpoints, when it holds them all. */
export function credentialsOfEndpoints(endpoints: Partial<SettingsRecord>): StackCredentials | undefined {
  const { DATABASE_URL, S3_ACCESS_KEY, S3_SECRET_KEY } = endpoints;
  if (!DATABASE_URL || !S3_ACCESS_KEY || !S3_SECRET_KEY || !URL.canParse(DATABASE_URL)) return undefined;
  const postgresPassword = decodeURIComponent(new URL(DATABASE_URL).password);
  if (!postgresPassword) return undefined;
  return { postgresPassword, s3AccessKey: S3_ACCESS_KEY, s3SecretKey: S3_SECRET_KEY };
}
