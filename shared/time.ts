// Wall-clock ↔ instant conversion for IANA zones, using only Intl so the browser can share it.
//
// Local dates are 'YYYY-MM-DD' and local times 'HH:MM' (24-hour) strings; instants are Dates
// or ISO strings. Offsets come from the runtime's tz database, never from a fixed table, so a
// summer date in Europe/Vienna gets +02:00 and a winter one +01:00.

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const MAX_ZONE_NAME_LENGTH = 64;
// IANA names only: Intl would also accept offsets such as "+01:00", which are not zones.
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+\-/]*$/;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_TIME = /^(\d{2}):(\d{2})$/;

export function isValidTimeZone(zone: unknown): boolean {
  if (typeof zone !== 'string' || zone.length > MAX_ZONE_NAME_LENGTH || !ZONE_NAME.test(zone)) {
    return false;
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** True for a real calendar date written `YYYY-MM-DD` (so not 2024-02-30). */
export function isLocalDate(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const m = LOCAL_DATE.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** True for `HH:MM` from 00:00 to 23:59. */
export function isLocalTime(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const m = LOCAL_TIME.exec(value);
  return m !== null && Number(m[1]) <= 23 && Number(m[2]) <= 59;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The local date `days` after `date` (negative goes back), calendar arithmetic only. */
export function addDaysToLocalDate(date: string, days: number): string {
  const ms = wallClockMs(date, '00:00') + days * DAY_MS;
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * The instant at which clocks in `zone` show `date` `time`.
 *
 * Around DST changes this follows the "compatible" rule of Temporal and java.time:
 * - a time that occurs twice (autumn, clocks go back) resolves to the earlier instant, the
 *   one still on summer time;
 * - a time that never occurs (spring gap, e.g. 02:30 on 2024-03-31 in Europe/Vienna) is read
 *   with the offset in force before the gap, which lands after it: 02:30 → 03:30 CEST.
 *   Callers that must refuse such times can compare `formatLocalTime(result)` with `time`.
 *
 * Throws RangeError for a malformed date or time or an unknown zone.
 */
export function zonedLocalToUtc(date: string, time: string, zone: string): Date {
  if (!isLocalDate(date)) throw new RangeError(`Not a date (YYYY-MM-DD): ${date}`);
  if (!isLocalTime(time)) throw new RangeError(`Not a time (HH:MM): ${time}`);
  if (!isValidTimeZone(zone)) throw new RangeError(`Unknown time zone: ${zone}`);
  const wall = wallClockMs(date, time);
  // Offsets a day either side bracket any single transition near this wall-clock time.
  const offsets = new Set([
    offsetMs(wall - DAY_MS, zone),
    offsetMs(wall, zone),
    offsetMs(wall + DAY_MS, zone),
  ]);
  const matches = [...offsets]
    .map((offset) => wall - offset)
    .filter((instant) => offsetMs(instant, zone) === wall - instant);
  if (matches.length > 0) return new Date(Math.min(...matches));
  return new Date(wall - offsetMs(wall - DAY_MS, zone));
}

/** Minutes east of UTC that `zone` shows at `instant` (+60 for CET, +120 for CEST). */
export function utcOffsetMinutes(instant: Date | string | number, zone: string): number {
  return offsetMs(toMs(instant), zone) / MINUTE_MS;
}

/** `YYYY-MM-DD` as shown in `zone` at `instant`. */
export function formatLocalDate(instant: Date | string | number, zone: string): string {
  const p = wallClockParts(toMs(instant), zone);
  return `${String(p.year).padStart(4, '0')}-${pad2(p.month)}-${pad2(p.day)}`;
}

/** `HH:MM` (24-hour) as shown in `zone` at `instant`. */
export function formatLocalTime(instant: Date | string | number, zone: string): string {
  const p = wallClockParts(toMs(instant), zone);
  return `${pad2(p.hour)}:${pad2(p.minute)}`;
}

/**
 * Human formatting in a zone, e.g. `formatInZone(x, 'Europe/Vienna', { dateStyle: 'long' })`.
 * The default locale is en-GB because it writes European zone names ("CET", "CEST").
 */
export function formatInZone(
  instant: Date | string | number,
  zone: string,
  options: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  locale = 'en-GB',
): string {
  return new Intl.DateTimeFormat(locale, { ...options, timeZone: zone }).format(toMs(instant));
}

/** The short zone name shown at `instant`, e.g. "CET"/"CEST", or "GMT+9" where none exists. */
export function zoneAbbreviation(instant: Date | string | number, zone: string, locale = 'en-GB'): string {
  const parts = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' }).formatToParts(
    toMs(instant),
  );
  return parts.find((part) => part.type === 'timeZoneName')?.value ?? '';
}

// English locales differ in which names they know (en-GB: CET, en-US: EST, en-AU: AEST).
const ABBREVIATION_LOCALES = ['en-GB', 'en-US', 'en-AU', 'en-IN', 'en-CA', 'en-NZ', 'en-IE'];

/**
 * The named abbreviations `zone` uses in `year` (winter and summer), such as
 * ["CET", "CEST"] for Europe/Vienna. Offset spellings ("GMT+1") are left out.
 */
export function zoneAbbreviations(zone: string, year: number): string[] {
  const names = new Set<string>();
  for (const month of [0, 6]) {
    const instant = Date.UTC(year, month, 15, 12);
    for (const locale of ABBREVIATION_LOCALES) {
      const name = zoneAbbreviation(instant, zone, locale);
      if (/^[A-Z]{2,6}$/.test(name) && !/^(?:GMT|UTC|UT)$/.test(name)) names.add(name);
    }
  }
  return [...names];
}

// ---- internals -------------------------------------------------------------------------

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

// Building a DateTimeFormat is far slower than using one; zones are few.
const partFormatters = new Map<string, Intl.DateTimeFormat>();

function partFormatter(zone: string): Intl.DateTimeFormat {
  let formatter = partFormatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      // h23, not hour12: false, which some engines render as "24" at midnight.
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    partFormatters.set(zone, formatter);
  }
  return formatter;
}

function wallClockParts(ms: number, zone: string): WallClock {
  const out: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of partFormatter(zone).formatToParts(ms)) {
    if (part.type in out) out[part.type as keyof WallClock] = Number(part.value);
  }
  return out;
}

/** Milliseconds to add to UTC to get the wall clock of `zone` at `ms`. */
function offsetMs(ms: number, zone: string): number {
  const p = wallClockParts(ms, zone);
  const wall = utcMs(p.year, p.month, p.day, p.hour, p.minute, p.second);
  const wholeSecond = ms - (((ms % 1000) + 1000) % 1000);
  return wall - wholeSecond;
}

/** The wall clock read as if it were UTC; the difference to the real instant is the offset. */
function wallClockMs(date: string, time: string): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return utcMs(year, month, day, hour, minute, 0);
}

function utcMs(year: number, month: number, day: number, h: number, m: number, s: number) {
  // setUTCFullYear, because Date.UTC maps years 0–99 to 1900–1999.
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(h, m, s, 0);
  return d.getTime();
}

function toMs(instant: Date | string | number): number {
  const ms = instant instanceof Date ? instant.getTime() : new Date(instant).getTime();
  if (Number.isNaN(ms)) throw new RangeError(`Not an instant: ${String(instant)}`);
  return ms;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
