#!/usr/bin/env node
// After `vite build`: a brotli (.br) and a gzip (.gz) copy beside every text file of the client,
// compressed once at the highest levels, so the server sends them without compressing per
// request (server/src/modules/site/client-site.ts). index.html is left out: the server
// compresses its two versions (public and staff) itself at start.
// Usage: node scripts/precompress.mjs [dir]   (default dist/client)
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const TEXT = new Set([
  '.js',
  '.mjs',
  '.css',
  '.html',
  '.svg',
  '.json',
  '.txt',
  '.map',
  '.webmanifest',
  '.xml',
]);
// Below this a compressed copy saves less than the extra header and lookup cost.
const MIN_BYTES = 1024;

const dir = path.resolve(process.argv[2] ?? 'dist/client');
let original = 0;
let brotli = 0;
let gzip = 0;
let count = 0;

function walk(folder) {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const file = path.join(folder, entry.name);
    if (entry.isDirectory()) walk(file);
    else if (entry.isFile()) compress(file);
  }
}

function compress(file) {
  if (!TEXT.has(path.extname(file)) || path.relative(dir, file) === 'index.html') return;
  const bytes = readFileSync(file);
  if (bytes.length < MIN_BYTES) return;
  const br = brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
  const gz = gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION });
  // A copy that is not smaller is not worth sending.
  if (br.length < bytes.length) writeFileSync(`${file}.br`, br);
  if (gz.length < bytes.length) writeFileSync(`${file}.gz`, gz);
  original += bytes.length;
  brotli += Math.min(br.length, bytes.length);
  gzip += Math.min(gz.length, bytes.length);
  count += 1;
}

walk(dir);
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`Precompressed ${count} files: ${kb(original)} -> brotli ${kb(brotli)}, gzip ${kb(gzip)}`);
