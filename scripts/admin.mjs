#!/usr/bin/env node
// The organizer's command line: the same HTTP API as curl, with the token from ADMIN_TOKEN.
//   npm run admin -- events
//   npm run admin -- publish programme.txt
//   npm run admin -- grant <event-slug> moderator [--label "Anna"] [--hours 48]
//   npm run admin -- grant <event-slug> speaker [--speaker "R. Sinnatamby"]
//   npm run admin -- grants <event-slug>
//   npm run admin -- revoke <event-slug> <grant-id>
//   npm run admin -- export <event-slug> [csv|json] > questions.csv
//   npm run admin -- delete <event-slug> --yes
//   npm run admin -- purge
//   npm run admin -- backup backup.tar.gz
//   npm run admin -- restore backup.tar.gz [--data-dir DIR]   (offline: DATA_DIR, default ./data)
// ADMIN_URL (default http://localhost:3000) says which server.
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

const base = (process.env.ADMIN_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/$/, '');
const token = process.env.ADMIN_TOKEN;

function fail(message) {
  console.error(message);
  process.exit(1);
}

function option(args, name) {
  const index = args.indexOf(`--${name}`);
  return index === -1 ? undefined : args[index + 1];
}

async function call(method, path, { body, type = 'application/json', raw = false, binary = false } = {}) {
  if (!token) fail('Set ADMIN_TOKEN to the organizer token the server uses.');
  let response;
  try {
    response = await fetch(`${base}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': type }) },
      body: body === undefined ? undefined : type === 'application/json' ? JSON.stringify(body) : body,
    });
  } catch (error) {
    fail(
      `Cannot reach ${base} (${error.cause?.code ?? error.message}). Is the server running? Set ADMIN_URL.`,
    );
  }
  if (binary && response.ok) return Buffer.from(await response.arrayBuffer());
  const text = await response.text();
  if (!response.ok) {
    let message = text;
    try {
      const parsed = JSON.parse(text);
      message = `${parsed.error}: ${parsed.message}${parsed.line ? ` (line ${parsed.line})` : ''}`;
    } catch {
      // not JSON: print as is
    }
    fail(`${method} ${path} failed with ${response.status}: ${message}`);
  }
  return raw || text === '' ? text : JSON.parse(text);
}

const [command, ...args] = process.argv.slice(2);
switch (command) {
  case 'events': {
    for (const event of await call('GET', '/api/events')) {
      console.log(`${event.slug}\t${event.title}\t${event.parts.map((p) => p.date).join(', ')}`);
    }
    break;
  }
  case 'publish': {
    if (!args[0]) fail('Usage: publish <programme.txt>');
    const event = await call('POST', '/api/events', {
      body: await readFile(args[0], 'utf8'),
      type: 'text/plain',
    });
    console.log(`Published ${event.title} as /e/${event.slug} (${event.parts.length} parts)`);
    break;
  }
  case 'grant': {
    const [slug, role] = args;
    if (!slug || (role !== 'moderator' && role !== 'speaker'))
      fail('Usage: grant <event-slug> moderator|speaker [--speaker NAME] [--label TEXT] [--hours N]');
    const hours = option(args, 'hours');
    const issued = await call('POST', `/api/events/${slug}/grants`, {
      body: {
        role,
        speakerName: option(args, 'speaker') ?? null,
        label: option(args, 'label') ?? '',
        ...(hours ? { expiresInHours: Number(hours) } : {}),
      },
    });
    console.log(
      `${issued.grant.label} (${issued.grant.role}), id ${issued.grant.id}, valid until ${issued.grant.expiresAt}`,
    );
    console.log(`${base}${issued.link}`);
    break;
  }
  case 'grants': {
    if (!args[0]) fail('Usage: grants <event-slug>');
    for (const grant of await call('GET', `/api/events/${args[0]}/grants`)) {
      const state = grant.revokedAt
        ? 'revoked'
        : new Date(grant.expiresAt) < new Date()
          ? 'expired'
          : 'active';
      console.log(`${grant.id}\t${grant.role}\t${grant.speakerName ?? '-'}\t${grant.label}\t${state}`);
    }
    break;
  }
  case 'revoke': {
    const [slug, id] = args;
    if (!slug || !id) fail('Usage: revoke <event-slug> <grant-id>');
    const grant = await call('DELETE', `/api/events/${slug}/grants/${id}`);
    console.log(`Revoked ${grant.label} (${grant.role}); its open connections were closed.`);
    break;
  }
  case 'export': {
    const [slug, format = 'csv'] = args;
    if (!slug || (format !== 'csv' && format !== 'json')) fail('Usage: export <event-slug> [csv|json]');
    process.stdout.write(await call('GET', `/api/events/${slug}/questions.${format}`, { raw: true }));
    break;
  }
  case 'delete': {
    const [slug] = args;
    if (!slug || !args.includes('--yes'))
      fail(
        'Usage: delete <event-slug> --yes  (removes the event, its questions, votes, links and audit for good)',
      );
    await call('DELETE', `/api/events/${slug}`);
    console.log(`Deleted ${slug} with everything that belonged to it.`);
    break;
  }
  case 'purge': {
    const result = await call('POST', '/api/admin/purge');
    console.log(
      `Purged ${result.questions} questions of events that ended before ${result.endedBefore} (QUESTION_RETENTION_DAYS=${result.retentionDays}).`,
    );
    for (const event of result.events) console.log(`${event.slug}\t${event.questions}`);
    break;
  }
  case 'backup': {
    const [file] = args;
    if (!file) fail('Usage: backup <file.tar.gz>');
    const archive = await call('GET', '/api/admin/backup', { binary: true });
    // Written aside, then renamed: an interrupted backup never looks like a complete one.
    await writeFile(`${file}.partial`, archive);
    await rename(`${file}.partial`, file);
    console.log(`Backed up the embedded database to ${file} (${(archive.length / 1e6).toFixed(1)} MB).`);
    break;
  }
  case 'restore': {
    const [file] = args;
    if (!file)
      fail('Usage: restore <file.tar.gz> [--data-dir DIR]  (with the server stopped, into a new folder)');
    const dataDir = path.resolve(option(args, 'data-dir') ?? process.env.DATA_DIR ?? './data');
    const existing = await readdir(dataDir).catch((error) =>
      error.code === 'ENOENT' ? [] : fail(error.message),
    );
    if (existing.length > 0)
      fail(
        `${dataDir} is not empty. Restore into a new folder (set DATA_DIR or --data-dir), then start the server on it.`,
      );
    const archive = await readFile(file).catch((error) => fail(`Cannot read ${file}: ${error.message}`));
    await mkdir(dataDir, { recursive: true });
    const { PGlite } = await import('@electric-sql/pglite');
    try {
      const db = new PGlite(dataDir, { loadDataDir: new Blob([archive]) });
      const [{ count }] = (await db.query('SELECT count(*)::int AS count FROM event')).rows;
      await db.close();
      console.log(
        `Restored ${file} into ${dataDir} (${count} events). Start the server with DATA_DIR=${dataDir}.`,
      );
    } catch (error) {
      await rm(dataDir, { recursive: true, force: true });
      fail(
        `${file} is not a backup of this app's embedded database (${error.message}). Nothing was restored.`,
      );
    }
    break;
  }
  default:
    fail(
      'Commands: events, publish FILE, grant SLUG ROLE, grants SLUG, revoke SLUG ID, export SLUG [csv|json], delete SLUG --yes, purge, backup FILE, restore FILE. See scripts/admin.mjs.',
    );
}
