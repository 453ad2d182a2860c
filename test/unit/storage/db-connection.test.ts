import { connectionFailure, parseDatabaseUrl, redactDatabaseUrl } from '../../../storage/db-connection';
import { DatabaseError } from '../../../storage/db-error';

const url = parseDatabaseUrl('postgresql://qtm:s3cret@db.example:5433/results');

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(DatabaseError);
    return (err as DatabaseError).code;
  }
  throw new Error('expected a DatabaseError');
}

describe('parseDatabaseUrl', () => {
  it('accepts postgresql:// and postgres:// URLs naming one database', () => {
    expect(url.hostname).toBe('db.example');
    expect(parseDatabaseUrl('postgres://u@localhost/qtm?sslmode=disable').pathname).toBe('/qtm');
  });

  it.each([
    ['', 'is empty'],
    ['not a url', 'is not a URL'],
    ['mysql://u@h/db', 'has scheme "mysql:"'],
    ['postgresql://u@h', 'names no single database'],
    ['postgresql://u@h/a/b', 'names no single database'],
  ])('refuses %j: DATABASE_URL %s', (value, why) => {
    expect(codeOf(() => parseDatabaseUrl(value))).toBe('INVALID_DATABASE_URL');
    expect(() => parseDatabaseUrl(value)).toThrow(
      `DATABASE_URL ${why}; expected postgresql://user:password@host:port/database`,
    );
  });
});

describe('connectionFailure', () => {
  it('never shows the password', () => {
    expect(redactDatabaseUrl(url)).toBe('postgresql://qtm:***@db.example:5433/results');
    expect(
      connectionFailure(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), url)
        ?.message,
    ).not.toContain('s3cret');
  });

  it.each([
    [
      'a refused socket',
      Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:5433'), { code: 'ECONNREFUSED' }),
      'DB_UNREACHABLE',
    ],
    [
      'an unknown host',
      Object.assign(new Error('getaddrinfo ENOTFOUND db.example'), { code: 'ENOTFOUND' }),
      'DB_UNREACHABLE',
    ],
    ['a connect timeout', new Error('Connection terminated due to connection timeout'), 'DB_UNREACHABLE'],
    [
      'a wrong password',
      Object.assign(new Error('password authentication failed for user "qtm"'), { code: '28P01' }),
      'DB_ACCESS_DENIED',
    ],
    [
      'a missing database',
      Object.assign(new Error('database "results" does not exist'), { code: '3D000' }),
      'DB_NOT_FOUND',
    ],
    [
      'adapter-pg: not reachable',
      {
        message: 'x',
        code: 'P2010',
        meta: { driverAdapterError: { cause: { kind: 'DatabaseNotReachable' } } },
      },
      'DB_UNREACHABLE',
    ],
    [
      'adapter-pg: access denied',
      {
        message: 'x',
        code: 'P2010',
        meta: {
          driverAdapterError: {
            cause: { kind: 'DatabaseAccessDenied', originalMessage: 'role "qtm" does not exist' },
          },
        },
      },
      'DB_ACCESS_DENIED',
    ],
    [
      'adapter-pg: no database',
      {
        message: 'x',
        code: 'P2010',
        meta: { driverAdapterError: { cause: { kind: 'DatabaseDoesNotExist' } } },
      },
      'DB_NOT_FOUND',
    ],
  ])('%s becomes %s, naming DATABASE_URL', (_what, err, code) => {
    const failure = connectionFailure(err, url);
    expect(failure?.code).toBe(code);
    expect(failure?.message).toMatch(/^DATABASE_URL postgresql:\/\/qtm:\*\*\*@db\.example:5433\/results: /);
    expect(failure?.cause).toBe(err);
  });

  it('leaves other errors (query errors, bugs) alone', () => {
    expect(
      connectionFailure(Object.assign(new Error('syntax error'), { code: '42601' }), url),
    ).toBeUndefined();
    expect(connectionFailure(new TypeError('x is undefined'), url)).toBeUndefined();
    expect(connectionFailure('a string', url)).toBeUndefined();
  });
});
