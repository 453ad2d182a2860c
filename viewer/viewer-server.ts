/**
 * `qtm serve`: a local web app over the results, on Node's http module, bound to 127.0.0.1 only (results
 * and subject images stay on this machine). GET only: the page and its bundle (built by
 * infra/build-viewer.js into dist/viewer), a small JSON API (viewer/viewer-api.ts) and dataset files by
 * manifest name (report figures, NIfTI maps for the image viewer).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { CodedError } from '../perfusion/errors';
import { rowsToJson } from '../storage/row-json';
import type { ViewerApi } from './viewer-api';

export class ViewerError extends CodedError {
  override readonly name = 'ViewerError';
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.gz': 'application/gzip',
};

/** Codes that mean "no such thing" (404) or "bad request" (400); any other error is the server's (500). */
const NOT_FOUND = new Set(['RESULT_NOT_FOUND', 'SHARD_NOT_FOUND', 'OBJECT_NOT_FOUND', 'NOT_FOUND']);
const BAD_REQUEST = new Set(['INVALID_RESULT', 'INVALID_HASH', 'RESULT_AMBIGUOUS']);

type Route = [
  RegExp,
  (api: ViewerApi, m: RegExpMatchArray) => Promise<{ body: Buffer | string; type: string }>,
];

const json = (value: unknown) => ({ body: rowsToJson(value, 0), type: TYPES['.json'] });

const ROUTES: Route[] = [
  [/^\/api\/experiments$/, async (api) => json(await api.experiments())],
  [/^\/api\/experiments\/([^/]+)$/, async (api, m) => json(await api.experiment(m[1]))],
  [/^\/api\/lineage\/([^/]+)$/, async (api, m) => json(await api.lineage(m[1]))],
  [/^\/api\/datasets\/([0-9a-f]{64})$/, async (api, m) => json(await api.dataset(m[1]))],
  [
    /^\/api\/datasets\/([0-9a-f]{64})\/files\/(.+)$/,
    async (api, m) => ({
      body: await api.file(m[1], m[2]),
      type: TYPES[extname(m[2])] ?? 'application/octet-stream',
    }),
  ],
];

/** The page and its assets, read once; VIEWER_NOT_BUILT when `npm run build` has not made them. */
function loadAssets(dir: string): Map<string, { body: Buffer; type: string }> {
  const assets = new Map<string, { body: Buffer; type: string }>();
  for (const name of ['index.html', 'app.js', 'app.css']) {
    const path = join(dir, name);
    if (!existsSync(path))
      throw new ViewerError(
        'VIEWER_NOT_BUILT',
        `${path} is missing; run \`npm run build\` (it bundles the viewer)`,
      );
    assets.set(name === 'index.html' ? '/' : `/${name}`, {
      body: readFileSync(path),
      type: TYPES[extname(name)],
    });
  }
  return assets;
}

async function answer(
  api: ViewerApi,
  assets: ReturnType<typeof loadAssets>,
  req: IncomingMessage,
  res: ServerResponse,
) {
  const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
  const send = (status: number, body: Buffer | string, type: string) => {
    res.writeHead(status, {
      'content-type': type,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    res.end(body);
  };
  if (req.method !== 'GET') return send(405, 'GET only', 'text/plain');
  if (path === '/favicon.ico') return send(204, '', 'image/x-icon');
  const asset = assets.get(path);
  if (asset) return send(200, asset.body, asset.type);
  for (const [pattern, handle] of ROUTES) {
    const m = path.match(pattern);
    if (!m) continue;
    try {
      const { body, type } = await handle(api, m);
      return send(200, body, type);
    } catch (err) {
      const code = err instanceof CodedError ? err.code : 'INTERNAL';
      const status = NOT_FOUND.has(code) ? 404 : BAD_REQUEST.has(code) ? 400 : 500;
      return send(
        status,
        rowsToJson({ error: { code, message: (err as Error).message } }, 0),
        TYPES['.json'],
      );
    }
  }
  send(404, rowsToJson({ error: { code: 'NOT_FOUND', message: `no page ${path}` } }, 0), TYPES['.json']);
}

export interface RunningViewer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1:`port` (0: any free port) and serves until closed. */
export async function startViewer(api: ViewerApi, assetsDir: string, port: number): Promise<RunningViewer> {
  const assets = loadAssets(assetsDir);
  const server = createServer((req, res) => {
    answer(api, assets, req, res).catch((err) => {
      res.destroy(err as Error);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new ViewerError('PORT_IN_USE', `port ${port} on 127.0.0.1 is taken; choose another with --port`)
          : err,
      ),
    );
    server.listen(port, '127.0.0.1', resolve);
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}/`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
