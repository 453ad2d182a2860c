/**
 * Network-level failure families: Node's and undici's socket errors, HTTP status codes, the S3 server's
 * error codes (minio's S3Error) and Temporal's gRPC status codes. Each function looks at one error object
 * (not its causes) and returns a verdict, or undefined when the error is not of its family. Sources: the
 * S3 API error-code list, gRPC's status-code guide, and the libraries' sources (minio 8: S3Error carries
 * the server's code; after its own retry of a 5xx it throws "Retryable HTTP status: NNN").
 */
import { type ErrorFields, permanent, transient, type Verdict } from './failure-verdict';

// Node and undici socket-level failures: the peer is restarting, unreachable, slow or the host is short of
// descriptors or memory. All pass with time or on another worker.
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENETRESET',
  'EADDRNOTAVAIL',
  'EMFILE',
  'ENFILE',
  'ENOMEM',
  'EAGAIN',
  'EBUSY',
  'ERR_STREAM_PREMATURE_CLOSE',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

export function networkVerdict(err: ErrorFields): Verdict | undefined {
  const { code } = err;
  if (typeof code !== 'string') return undefined;
  if (NETWORK_CODES.has(code) || code.startsWith('UND_ERR_'))
    return transient(`NET:${code}`, `network or host resource failure (${code})`);
  return undefined;
}

// S3 error codes (AWS S3 API reference; MinIO and SeaweedFS use the same names).
const S3_TRANSIENT = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TooManyRequests',
  'ServiceUnavailable',
  'InternalError',
  'RequestTimeout',
  'IncompleteBody',
  'OperationAborted',
  'XMinioServerNotInitialized',
  'XMinioStorageFull',
  'XAmzContentSHA256Mismatch',
  'BadDigest',
]);
const S3_PERMANENT: Record<string, string> = {
  AccessDenied: 'the S3 server denied access; check S3_ACCESS_KEY, S3_SECRET_KEY and the bucket policy',
  InvalidAccessKeyId: 'the S3 server does not know S3_ACCESS_KEY; fix it',
  SignatureDoesNotMatch: 'the S3 server rejected the signature; check S3_SECRET_KEY',
  ExpiredToken: 'the S3 credentials have expired; renew them',
  InvalidToken: 'the S3 credentials are invalid; renew them',
  AllAccessDisabled: 'all access to the S3 bucket is disabled',
  AccountProblem: 'the S3 account is blocked',
  NoSuchBucket: 'the S3 bucket does not exist; check S3_BUCKET or run `qtm stack up`',
  InvalidBucketName: 'S3_BUCKET is not a valid bucket name',
  NoSuchKey: 'an object the step needs is missing from the store; re-run the step that produced it',
  NotFound: 'an object the step needs is missing from the store; re-run the step that produced it',
  EntityTooLarge: 'an object is larger than the S3 server accepts',
  KeyTooLongError: 'an object key is longer than the S3 server accepts',
  InvalidArgument: 'the S3 server refused a request argument (a bug)',
  InvalidRequest: 'the S3 server refused the request (a bug)',
  MalformedXML: 'the S3 server refused the request body (a bug)',
  MethodNotAllowed: 'the S3 server does not allow this operation',
};

export function s3Verdict(err: ErrorFields): Verdict | undefined {
  if (err.name !== 'S3Error' || typeof err.code !== 'string') return undefined;
  if (S3_TRANSIENT.has(err.code))
    return transient(`S3:${err.code}`, `the S3 server is busy or failing (${err.code})`);
  const why = S3_PERMANENT[err.code];
  if (why !== undefined) return permanent(`S3:${err.code}`, why);
  return transient(`S3:${err.code}`, `the S3 server answered ${err.code}`);
}

/** HTTP status codes, from a status field or from minio's message after its own retry ("Retryable HTTP status: 503"). */
export function httpVerdict(err: ErrorFields): Verdict | undefined {
  const fromField = [err.statusCode, err.status].find((s) => typeof s === 'number') as number | undefined;
  const fromMessage =
    typeof err.message === 'string' ? /Retryable HTTP status: (\d{3})/.exec(err.message)?.[1] : undefined;
  const status = fromField ?? (fromMessage === undefined ? undefined : Number(fromMessage));
  if (status === undefined || status < 400) return undefined;
  const code = `HTTP:${status}`;
  if (status >= 500 || status === 408 || status === 429 || status === 499)
    return transient(code, `the server answered HTTP ${status} (overloaded, restarting or timed out)`);
  if (status === 401 || status === 403)
    return permanent(code, `the server refused the credentials (HTTP ${status}); check the access keys`);
  return permanent(code, `the server refused the request (HTTP ${status})`);
}

// gRPC status codes (grpc.io status-code guide), as Temporal's client reports them.
const GRPC_TRANSIENT: Record<number, string> = {
  1: 'CANCELLED',
  2: 'UNKNOWN',
  4: 'DEADLINE_EXCEEDED',
  8: 'RESOURCE_EXHAUSTED',
  10: 'ABORTED',
  13: 'INTERNAL',
  14: 'UNAVAILABLE',
};
const GRPC_PERMANENT: Record<number, string> = {
  3: 'INVALID_ARGUMENT',
  5: 'NOT_FOUND',
  6: 'ALREADY_EXISTS',
  7: 'PERMISSION_DENIED',
  9: 'FAILED_PRECONDITION',
  11: 'OUT_OF_RANGE',
  12: 'UNIMPLEMENTED',
  16: 'UNAUTHENTICATED',
};

export function grpcVerdict(err: ErrorFields): Verdict | undefined {
  if (typeof err.code !== 'number' || !('details' in err) || !('metadata' in err)) {
    const message = typeof err.message === 'string' ? err.message : '';
    return /Failed to connect before the deadline/.test(message)
      ? transient('GRPC:14', 'the Temporal server did not answer in time')
      : undefined;
  }
  const name = GRPC_TRANSIENT[err.code];
  if (name !== undefined)
    return transient(`GRPC:${name}`, `the Temporal server is unreachable or busy (${name})`);
  const refused = GRPC_PERMANENT[err.code];
  if (refused !== undefined)
    return permanent(
      `GRPC:${refused}`,
      `the Temporal server refused the call (${refused}); check TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE and the credentials`,
    );
  return undefined;
}
