#!/usr/bin/env node
// After `vite build`: the viewer page's own JavaScript (the entry and what it imports statically;
// hls.js and the staff pages load on demand), gzipped, against the 80 KB budget. Over budget fails the build.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 80 * 1024;
const dir = path.resolve('dist/client');
const html = readFileSync(path.join(dir, 'index.html'), 'utf8');
const entries = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);

// Static imports of each chunk, followed transitively (dynamic `import()` is left out on purpose).
const seen = new Set();
const queue = [...entries];
while (queue.length) {
  const file = queue.pop();
  if (seen.has(file)) continue;
  seen.add(file);
  const code = readFileSync(path.join(dir, file), 'utf8');
  for (const m of code.matchAll(/(?:^|[;\s])import\s*(?:[\w*{}\s,$]+from\s*)?["']\.\/([^"']+\.js)["']/g)) {
    queue.push(`assets/${m[1]}`);
  }
}

const sizes = [...seen].map((file) => ({ file, gzip: gzipSync(readFileSync(path.join(dir, file))).length }));
const total = sizes.reduce((sum, s) => sum + s.gzip, 0);
const onDemand = readdirSync(path.join(dir, 'assets')).filter(
  (f) => f.endsWith('.js') && !seen.has(`assets/${f}`),
);
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
console.log(
  `Viewer page JS: ${kb(total)} gzipped (budget ${kb(BUDGET_BYTES)}) in ${sizes.map((s) => `${s.file} ${kb(s.gzip)}`).join(', ')}`,
);
console.log(`Loaded on demand, not counted: ${onDemand.join(', ')}`);
if (total > BUDGET_BYTES) {
  console.error(`The viewer page's JavaScript is over budget by ${kb(total - BUDGET_BYTES)}.`);
  process.exit(1);
}
