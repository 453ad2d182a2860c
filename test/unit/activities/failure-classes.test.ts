/**
 * Failure classes against real error objects of each library: errors minio raises talking to an HTTP
 * server that answers like a failing S3 server, Prisma's and node-postgres's error classes as their
 * adapters build them, Node socket errors from real sockets, and gRPC errors from Temporal's client.
 */
import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect, createServer as createTcpServer } from 'node:net';
import { Connection, ServiceError } from '@temporalio/client';
import { Client as Minio, S3Error } from 'minio';
import { DatabaseError as PgDatabaseError } from 'pg';
import { classifyFailure } from '../../../activities/activity-failure';
import { FormatError } from '../../../formats/format-error';
import { PerfusionInputError } from '../../../perfusion/errors';
import { Prisma } from '../../../prisma/generated/client';
import { ConfigError } from '../../../runtime/settings';
import { DatabaseError } from '../../../storage/db-error';
import { StorageError } from '../../../storage/storage-error';

const clientVersion = '7.10.0';
const classOf = (err: unknown) => {
  const { failureClass, code } = classifyFailure(err);
  return [failureClass, code];
};

/** An HTTP server that answers every request with this status and S3 error body. */
async function failingS3(status: number, code?: string): Promise<{ minio: Minio; server: Server }> {
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(status, { 'content-type': 'application/xml' });
    res.end(
      code === undefined
        ? ''
        : `<?xml version="1.0"?><Error><Code>${code}</Code><Message>${code} happened</Message></Error>`,
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const minio = new Minio({
    endPoint: '127.0.0.1',
    port: (server.address() as AddressInfo).port,
    useSSL: false,
    accessKey: 'k',
    secretKey: 's',
    region: 'us-east-1',
    pathStyle: true,
  });
  return { minio, server };
}

async function s3ErrorFor(status: number, code?: string): Promise<unknown> {
  const { minio, server } = await failingS3(status, code);
  try {
    await minio.putObject('bucket', 'key', Buffer.from('x'));
    throw new Error('the failing S3 server accepted an upload');
  } catch (err) {
    return err;
  } finally {
    server.close();
  }
}

describe('S3 (minio)', () => {
  it.each([
    ['SlowDown', 400],
    ['InternalError', 400],
    ['ServiceUnavailable', 400],
    ['RequestTimeout', 400],
  ])('%s from the server is transient', async (code, status) => {
    const err = await s3ErrorFor(status, code);
    expect(err).toBeInstanceOf(S3Error);
    expect(classOf(err)).toEqual(['transient', `S3:${code}`]);
  });

  it.each([
    ['AccessDenied', 403],
    ['InvalidAccessKeyId', 403],
    ['SignatureDoesNotMatch', 403],
    ['NoSuchBucket', 404],
  ])('%s is permanent and says what to fix', async (code, status) => {
    const err = await s3ErrorFor(status, code);
    expect(classOf(err)).toEqual(['permanent', `S3:${code}`]);
    expect(classifyFailure(err).what).toMatch(/S3_|bucket/);
  });

  it('a 503 that minio gave up retrying is transient by its HTTP status', async () => {
    jest.spyOn(console, 'warn').mockImplementation(() => undefined); // minio announces its own retry
    const err = await s3ErrorFor(503, 'SlowDown');
    expect(err).not.toBeInstanceOf(S3Error);
    expect(classOf(err)).toEqual(['transient', 'HTTP:503']);
  });

  it('an unknown S3 code is retried rather than ending the experiment', () => {
    expect(classOf(Object.assign(new S3Error('odd'), { code: 'XSomethingNew' }))).toEqual([
      'transient',
      'S3:XSomethingNew',
    ]);
  });
});

describe('PostgreSQL through Prisma', () => {
  it.each(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2034'])('%s is transient', (code) => {
    const err = new Prisma.PrismaClientKnownRequestError('database trouble', { code, clientVersion });
    expect(classOf(err)).toEqual(['transient', `PRISMA:${code}`]);
  });

  it.each([
    ['P2002', /duplicate/],
    ['P2003', /refers to a row/],
    ['P2021', /qtm db migrate/],
  ])('%s is permanent', (code, what) => {
    const err = new Prisma.PrismaClientKnownRequestError('constraint', { code, clientVersion });
    expect(classOf(err)).toEqual(['permanent', `PRISMA:${code}`]);
    expect(classifyFailure(err).what).toMatch(what);
  });

  it('an initialization error is classified by its error code', () => {
    const down = new Prisma.PrismaClientInitializationError(
      "Can't reach database server",
      clientVersion,
      'P1001',
    );
    const auth = new Prisma.PrismaClientInitializationError('Authentication failed', clientVersion, 'P1000');
    expect(classOf(down)).toEqual(['transient', 'PRISMA:P1001']);
    expect(classOf(auth)).toEqual(['permanent', 'PRISMA:P1000']);
  });

  it('a server restart, as the pg driver adapter reports it, is transient by its SQLSTATE', () => {
    // What a query on a pooled connection raised when the server was stopped (captured from adapter-pg 7).
    const err = new Prisma.PrismaClientKnownRequestError('Invalid `prisma.run.findFirst()` invocation', {
      code: 'P2039',
      clientVersion,
      meta: {
        driverAdapterError: {
          name: 'DriverAdapterError',
          cause: { kind: 'postgres', originalCode: '57P01', code: '57P01', severity: 'FATAL' },
        },
      },
    });
    expect(classOf(err)).toEqual(['transient', 'PG:57P01']);
  });

  it('the adapter kind wins over the generic code', () => {
    const err = new Prisma.PrismaClientKnownRequestError('refused', {
      code: 'P2036',
      clientVersion,
      meta: { driverAdapterError: { cause: { kind: 'AuthenticationFailed' } } },
    });
    expect(classOf(err)).toEqual(['permanent', 'PRISMA:P1000']);
  });
});

describe('PostgreSQL through node-postgres', () => {
  const pgError = (code: string, message: string) =>
    Object.assign(new PgDatabaseError(message, message.length, 'error'), { code, severity: 'FATAL' });

  it.each([
    ['57P01', 'terminating connection due to administrator command'],
    ['57P03', 'the database system is starting up'],
    ['08006', 'connection failure'],
    ['40001', 'could not serialize access'],
    ['40P01', 'deadlock detected'],
    ['53300', 'too many connections'],
  ])('SQLSTATE %s is transient', (code, message) => {
    expect(classOf(pgError(code, message))).toEqual(['transient', `PG:${code}`]);
  });

  it.each([
    ['28P01', 'password authentication failed'],
    ['3D000', 'database "x" does not exist'],
    ['23505', 'duplicate key value violates unique constraint'],
    ['42P01', 'relation "Run" does not exist'],
  ])('SQLSTATE %s is permanent', (code, message) => {
    expect(classOf(pgError(code, message))).toEqual(['permanent', `PG:${code}`]);
  });

  it('a connection lost mid-query (no code, only the message) is transient', () => {
    expect(classOf(new Error('Connection terminated unexpectedly'))).toEqual([
      'transient',
      'PG:CONNECTION_LOST',
    ]);
  });
});

describe('Node network errors', () => {
  let server: ReturnType<typeof createTcpServer>;
  afterEach(() => server?.close());

  const socketError = (port: number) =>
    new Promise<Error>((resolve) => connect({ port, host: '127.0.0.1' }).on('error', resolve));

  it('a refused connection is transient', async () => {
    server = createTcpServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    server.close();
    const err = await socketError(port);
    expect(classOf(err)).toEqual(['transient', 'NET:ECONNREFUSED']);
  });

  it('a connection reset by the peer is transient', async () => {
    server = createTcpServer((s) => s.resetAndDestroy());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const client = connect({ port: (server.address() as AddressInfo).port, host: '127.0.0.1' });
    const err = await new Promise<Error>((resolve) => {
      client.on('error', resolve);
      client.on('connect', () => client.write('hello'));
    });
    expect(classOf(err)).toEqual(['transient', 'NET:ECONNRESET']);
  });
});

describe('Temporal (gRPC)', () => {
  it("an unreachable server is transient, directly and wrapped in the client's ServiceError", async () => {
    const connection = Connection.lazy({ address: '127.0.0.1:1' });
    const err = await connection
      .withDeadline(Date.now() + 2000, () => connection.workflowService.getSystemInfo({}))
      .catch((e: Error) => e);
    await connection.close();
    const [failureClass, code] = classOf(err);
    expect(failureClass).toBe('transient');
    expect(code).toMatch(/^GRPC:(UNAVAILABLE|DEADLINE_EXCEEDED)$/);
    expect(classOf(new ServiceError('Failed to start workflow', { cause: err as Error }))).toEqual([
      failureClass,
      code,
    ]);
  });

  it('a refused call is permanent', () => {
    const denied = Object.assign(new Error('7 PERMISSION_DENIED: no'), {
      code: 7,
      details: 'no',
      metadata: {},
    });
    expect(classOf(denied)).toEqual(['permanent', 'GRPC:PERMISSION_DENIED']);
  });
});

describe("the project's own errors", () => {
  it.each([
    new PerfusionInputError('INVALID_CURVE', 'curve 3 has 5 samples, the AIF 60'),
    new FormatError('CORRUPT_NIFTI', 'subject/dce.nii.gz is truncated'),
    new ConfigError('INVALID_CONFIG', 'demo.yaml: fit.model must be one of ...'),
  ])('bad input (%s) is not retried', (err) => {
    expect(classOf(err)).toEqual(['bad-input', err.code]);
  });

  it('an unreachable server is transient, a misconfigured one permanent', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(classOf(new DatabaseError('DB_UNREACHABLE', 'no PostgreSQL answers', { cause }))).toEqual([
      'transient',
      'DB_UNREACHABLE',
    ]);
    expect(classOf(new StorageError('S3_NO_BUCKET', 'bucket "x" does not exist'))).toEqual([
      'permanent',
      'S3_NO_BUCKET',
    ]);
    expect(classOf(new DatabaseError('RESULT_CONFLICT', 'recorded with another config'))).toEqual([
      'permanent',
      'RESULT_CONFLICT',
    ]);
  });

  it('an error nobody recognises is retried', () => {
    expect(classOf(new TypeError('x is undefined'))).toEqual(['transient', 'UNCLASSIFIED']);
  });
});
