// Every socket is a file descriptor, on the server and on the generator. Node cannot raise its
// own limit, so the processes that hold sockets are started through bash with `ulimit -n`.
import { execFileSync, spawn } from 'node:child_process';

/** The soft and hard limits on open files a child of this process gets. */
export function fdLimits() {
  const out = execFileSync('bash', ['-c', 'ulimit -Sn; ulimit -Hn'], { encoding: 'utf8' }).trim().split('\n');
  const parse = (value) => (value === 'unlimited' ? Infinity : Number(value));
  return { soft: parse(out[0]), hard: parse(out[1]) };
}

/** The limit children will run with: `wanted`, as far as the hard limit allows. */
export function childFdLimit(wanted) {
  const { soft, hard } = fdLimits();
  return { limit: Math.max(soft, Math.min(wanted, hard)), soft, hard };
}

/**
 * Spawns `command args` with the soft limit raised to `limit` (silently kept when bash may not
 * raise it); `exec` keeps the pid, so signals and /proc reach the program itself.
 */
export function spawnWithFdLimit(limit, command, args, options) {
  const script = `ulimit -Sn ${Number.isFinite(limit) ? limit : 'unlimited'} 2>/dev/null; exec "$0" "$@"`;
  return spawn('bash', ['-c', script, command, ...args], options);
}
