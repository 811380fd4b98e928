// The event's agenda as an RFC 5545 iCalendar file, so attendees can subscribe or import it.
// Times are written in UTC: no VTIMEZONE block is needed and every calendar app places the
// items at the right instant; X-WR-TIMEZONE only tells apps which zone to display.
import type { AgendaItemView, EventView } from '../../../../shared/events-api.js';
import type { AgendaItemKind, Speaker } from '../../../../shared/programme.js';

const CRLF = '\r\n';
/** RFC 5545 §3.1: lines SHOULD NOT be longer than 75 octets, excluding the line break. */
const MAX_LINE_OCTETS = 75;

const CATEGORY: Record<AgendaItemKind, string> = { talk: 'talk', qa: 'Q&A', break: 'break' };

export function renderEventCalendar(event: EventView, options: { host: string; now: Date }): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Live Session Companion//Agenda//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(event.title)}`,
    `X-WR-TIMEZONE:${escapeText(event.timezone)}`,
  ];
  const dtstamp = utcDateTime(options.now);
  const parts = [...event.parts].sort((a, b) => a.position - b.position);
  for (const part of parts) {
    const items = [...part.items].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
    for (const item of items) {
      lines.push(
        'BEGIN:VEVENT',
        `UID:${escapeText(`${item.id}@${options.host}`)}`,
        `DTSTAMP:${dtstamp}`,
        `DTSTART:${utcDateTime(new Date(item.start))}`,
        `DTEND:${utcDateTime(new Date(item.end))}`,
        `SUMMARY:${escapeText(item.title)}`,
        `DESCRIPTION:${escapeText(describeItem(item, part.title))}`,
        `CATEGORIES:${escapeText(CATEGORY[item.kind])}`,
        'END:VEVENT',
      );
    }
  }
  lines.push('END:VCALENDAR');
  // The RFC ends every content line, the last one included, with CRLF.
  return lines.map(foldLine).join(CRLF) + CRLF;
}

function describeItem(item: AgendaItemView, partTitle: string): string {
  const lines: string[] = [];
  if (item.speakers.length > 0) lines.push(item.speakers.map(formatSpeaker).join(', '));
  lines.push(partTitle);
  if (item.kind === 'qa' && item.covers.length > 0) {
    lines.push('', 'Questions on:', ...item.covers.map((talk) => `• ${talk.title}`));
  }
  return lines.join('\n');
}

/** "Name (City/CC)", leaving out whatever the programme did not give. */
export function formatSpeaker(speaker: Speaker): string {
  const place = [speaker.city, speaker.country].filter((p): p is string => !!p).join('/');
  return place ? `${speaker.name} (${place})` : speaker.name;
}

/** `20240222T113000Z` (RFC 5545 DATE-TIME, UTC form). */
export function utcDateTime(instant: Date): string {
  if (Number.isNaN(instant.getTime())) throw new RangeError('calendar: invalid instant');
  return instant
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/** RFC 5545 §3.3.11 TEXT: backslash first, then `;` `,` and line breaks (as `\n`). */
export function escapeText(text: string): string {
  return (
    text
      .replace(/\\/g, '\\\\')
      .replace(/;/g, '\\;')
      .replace(/,/g, '\\,')
      .replace(/\r\n|\r|\n/g, '\\n')
      // Other control characters are not allowed in a content line; tab is.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
  );
}

/**
 * Folds a content line into chunks of at most 75 UTF-8 octets; continuation lines start with
 * one space (which counts towards the 75). Splits between code points only, so no multi-byte
 * character (or surrogate pair) is ever cut in half.
 */
export function foldLine(line: string): string {
  if (Buffer.byteLength(line, 'utf8') <= MAX_LINE_OCTETS) return line;
  const chunks: string[] = [];
  let chunk = '';
  let octets = 0;
  let limit = MAX_LINE_OCTETS;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    if (octets + size > limit) {
      chunks.push(chunk);
      chunk = '';
      octets = 0;
      limit = MAX_LINE_OCTETS - 1; // the leading space
    }
    chunk += char;
    octets += size;
  }
  chunks.push(chunk);
  return chunks.join(`${CRLF} `);
}
