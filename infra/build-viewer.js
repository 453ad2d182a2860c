#!/usr/bin/env node
/**
 * Bundles the results viewer's page (viewer/app/, with NiiVue) into dist/viewer/ with esbuild: app.js,
 * app.css and index.html, served by `qtm serve` from this machine (no CDN). Part of `npm run build`.
 */
const { copyFileSync, mkdirSync } = require('node:fs');
const { join } = require('node:path');
const esbuild = require('esbuild');

const root = join(__dirname, '..');
const out = join(root, 'dist', 'viewer');
mkdirSync(out, { recursive: true });
esbuild.buildSync({
  entryPoints: [join(root, 'viewer', 'app', 'main.ts')],
  bundle: true,
  format: 'iife',
  target: 'es2022',
  minify: true,
  legalComments: 'external',
  outfile: join(out, 'app.js'),
  logLevel: 'warning',
});
for (const name of ['index.html', 'app.css'])
  copyFileSync(join(root, 'viewer', 'app', name), join(out, name));
