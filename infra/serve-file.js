#!/usr/bin/env node
// Serves one local file over HTTP on 127.0.0.1 (a free port, printed on stdout) until killed. The tfjs-node
// installer only downloads libtensorflow over http(s) (TFJS_NODE_BASE_URI); this lets it fetch the tarball
// that infra/with-libtensorflow.sh builds from the PyPI wheel, so the install needs no host beyond the
// package registries. Any other path answers 404, so node-pre-gyp's request for a prebuilt addon fails fast.
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

const file = process.argv[2];
if (file === undefined || !fs.existsSync(file)) {
  console.error(`serve-file: no such file "${file}"; usage: node infra/serve-file.js <file>`);
  process.exit(2);
}
const name = `/${path.basename(file)}`;

const server = http.createServer((req, res) => {
  if (req.method !== 'GET' || !req.url.endsWith(name)) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-length': fs.statSync(file).size });
  fs.createReadStream(file).pipe(res);
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
