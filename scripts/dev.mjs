#!/usr/bin/env node
// `npm run dev`: the server (rebuilt and restarted by `nest start --watch`) on API_PORT (3000),
// and Vite's dev server on 5173 with hot reload, proxying /api and /socket.io to it.
// Open http://localhost:5173. Ctrl+C stops both.
import { spawn } from 'node:child_process';

const apiPort = process.env.API_PORT ?? process.env.PORT ?? '3000';
const children = [
  spawn('npx', ['nest', 'start', '--watch'], {
    stdio: 'inherit',
    env: { ...process.env, PORT: apiPort, CLIENT_DIR: '/nonexistent' },
  }),
  spawn('npx', ['vite', '--config', 'client/vite.config.ts', '--port', '5173', '--strictPort'], {
    stdio: 'inherit',
    env: { ...process.env, API_PORT: apiPort },
  }),
];

function stop(code = 0) {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exit(code);
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
for (const child of children) child.on('exit', (code) => stop(code ?? 1));
