#!/usr/bin/env node
// The organizer's command line: the same HTTP API as curl, with the token from ADMIN_TOKEN.
//   npm run admin -- events
//   npm run admin -- publish programme.txt
//   npm run admin -- grant <event-slug> moderator [--label "Anna"] [--hours 48]
//   npm run admin -- grant <event-slug> speaker [--speaker "R. Sinnatamby"]
//   npm run admin -- grants <event-slug>
//   npm run admin -- revoke <event-slug> <grant-id>
//   npm run admin -- export <event-slug> [csv|json] > questions.csv
//   npm run admin -- attendance <event-slug> [csv|jsonl] > attendance.csv
//   npm run admin -- purge-attendance   (older than ATTENDANCE_RETENTION_YEARS on the server)
// ADMIN_URL (default http://localhost:3000) says which server.
import { readFile } from 'node:fs/promises';

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

async function call(method, path, { body, type = 'application/json', raw = false } = {}) {
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
  return raw ? text : JSON.parse(text);
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
  case 'attendance': {
    const [slug, format = 'csv'] = args;
    if (!slug || (format !== 'csv' && format !== 'jsonl')) fail('Usage: attendance <event-slug> [csv|jsonl]');
    const path =
      format === 'csv' ? `/api/events/${slug}/attendance.csv` : `/api/events/${slug}/attendance/beats.jsonl`;
    process.stdout.write(await call('GET', path, { raw: true }));
    break;
  }
  case 'purge-attendance': {
    const result = await call('POST', '/api/attendance/purge');
    console.log(`Purged ${result.purgedAttendees} attendees of events that ended before ${result.before}.`);
    break;
  }
  default:
    fail(
      'Commands: events, publish FILE, grant SLUG ROLE, grants SLUG, revoke SLUG ID, export SLUG [csv|json], attendance SLUG [csv|jsonl], purge-attendance. See scripts/admin.mjs.',
    );
}
