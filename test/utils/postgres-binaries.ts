import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

const hasServerTools = (dir: string) =>
  existsSync(path.join(dir, 'pg_ctl')) && existsSync(path.join(dir, 'initdb'));

/**
 * The folder holding this machine's PostgreSQL server programs (pg_ctl, initdb), or null. In
 * order: PG_BINDIR, `pg_config --bindir`, the newest /usr/lib/postgresql/<version>/bin (Debian and
 * Ubuntu keep them off PATH), then PATH itself (Homebrew, Alpine, Fedora).
 */
export function findPostgresBinaries(): string | null {
  const candidates: string[] = [];
  if (process.env.PG_BINDIR) candidates.push(process.env.PG_BINDIR);
  try {
    candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim());
  } catch {
    // No pg_config (it comes with the development package); the other places may still have them.
  }
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((name) => /^\d+(\.\d+)?$/.test(name))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((version) => path.join(debian, version, 'bin')));
  }
  candidates.push(...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean));
  return candidates.find(hasServerTools) ?? null;
}
