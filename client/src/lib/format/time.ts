// Formatting instants for people. Every function takes the zone and locale explicitly so the
// same instant can be shown on the course clock or the viewer's, and tests need no global TZ.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, f);
  }
  return f;
}

const toDate = (at: string | Date): Date => (typeof at === 'string' ? new Date(at) : at);

/** "12:30" (or "12:30 pm" in a locale that wants it). */
export function formatTime(at: string | Date, zone: string, locale: string): string {
  return formatter(locale, { timeZone: zone, hour: '2-digit', minute: '2-digit' }).format(toDate(at));
}

/** "Thursday, 22 February 2024". */
export function formatLongDate(at: string | Date, zone: string, locale: string): string {
  return formatter(locale, { timeZone: zone, dateStyle: 'full' }).format(toDate(at));
}

/** "Thu 22 Feb 2024". */
export function formatShortDate(at: string | Date, zone: string, locale: string): string {
  return formatter(locale, {
    timeZone: zone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  }).format(toDate(at));
}

/** "Thu 22 Feb, 12:30". */
export function formatDayAndTime(at: string | Date, zone: string, locale: string): string {
  return formatter(locale, {
    timeZone: zone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(toDate(at));
}

/** Minutes east of UTC that `zone` is at instant `at` (Vienna in February: 60). */
export function zoneOffsetMinutes(zone: string, at: string | Date): number {
  const date = toDate(at);
  const parts = formatter('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(date);
  const field = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((p) => p.type === type)?.value);
  const wallClock = Date.UTC(
    field('year'),
    field('month') - 1,
    field('day'),
    field('hour'),
    field('minute'),
    field('second'),
  );
  return Math.round((wallClock - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
}

const isLetterAbbreviation = (name: string): boolean => /^[A-Z]{2,5}$/.test(name);

function shortZoneName(zone: string, at: Date, locale: string): string {
  const parts = formatter(locale, { timeZone: zone, timeZoneName: 'short' }).formatToParts(at);
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? '';
}

// Where Intl only offers "GMT+1", Europe's zones still have names everyone uses. Keyed by the
// zone's standard (winter) offset; the second name is for summer time.
const EUROPEAN_NAMES: Record<number, [standard: string, summer: string]> = {
  0: ['WET', 'WEST'],
  60: ['CET', 'CEST'],
  120: ['EET', 'EEST'],
};
const BRITISH_ISLES = new Set([
  'Europe/London',
  'Europe/Belfast',
  'Europe/Guernsey',
  'Europe/Isle_of_Man',
  'Europe/Jersey',
]);

/** The usual name of a European zone at `at` (exported for tests: Node's ICU rarely needs it). */
export function europeanZoneName(zone: string, at: Date): string | null {
  if (!zone.startsWith('Europe/')) return null;
  const year = at.getUTCFullYear();
  const winter = zoneOffsetMinutes(zone, new Date(Date.UTC(year, 0, 15)));
  const summer = zoneOffsetMinutes(zone, new Date(Date.UTC(year, 6, 15)));
  const standard = Math.min(winter, summer);
  const isSummer = zoneOffsetMinutes(zone, at) > standard;
  if (zone === 'Europe/Moscow' || zone === 'Europe/Simferopol') return 'MSK';
  if (standard === 0 && BRITISH_ISLES.has(zone)) return isSummer ? 'BST' : 'GMT';
  if (standard === 0 && zone === 'Europe/Dublin') return isSummer ? 'IST' : 'GMT';
  const names = EUROPEAN_NAMES[standard];
  return names ? names[isSummer ? 1 : 0] : null;
}

/**
 * The name people read for `zone` at `at`: "CET" in winter and "CEST" in summer for
 * Europe/Vienna. Intl's own letters win when it has them (in the UI's locale first, so a
 * German page may say "MEZ"); otherwise the European names above; otherwise Intl's "GMT+3".
 */
export function zoneAbbreviation(zone: string, at: string | Date, locale: string): string {
  const date = toDate(at);
  for (const candidate of [locale, 'en-GB', 'en-US']) {
    const name = shortZoneName(zone, date, candidate);
    if (isLetterAbbreviation(name)) return name;
  }
  return europeanZoneName(zone, date) ?? shortZoneName(zone, date, locale);
}

/** Whether two zones show the same wall-clock time at `at`. */
export function sameWallClock(zoneA: string, zoneB: string, at: string | Date): boolean {
  return zoneA === zoneB || zoneOffsetMinutes(zoneA, at) === zoneOffsetMinutes(zoneB, at);
}

/** "14:30 CET": the time in `zone` with the zone's name. */
export function formatTimeInZone(at: string | Date, zone: string, locale: string): string {
  return `${formatTime(at, zone, locale)} ${zoneAbbreviation(zone, at, locale)}`;
}

/** "Tue 14:30 CET": the day and time in `zone` with the zone's name. */
export function formatDayAndTimeInZone(at: string | Date, zone: string, locale: string): string {
  return `${formatDayAndTime(at, zone, locale)} ${zoneAbbreviation(zone, at, locale)}`;
}

/** A count of hours and minutes stops being useful past a day: name the moment instead. */
export const COUNTDOWN_LIMIT_S = 24 * 3600;

/** "12:34" under an hour, "1:02:03" from an hour on. Negative counts as zero. */
export function formatCountdown(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = s % 60;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${pad(minutes)}:${pad(seconds)}`;
}

/** How long ago `at` was, seen from `now` (the event clock), in the largest whole unit that fits. */
export function elapsedSince(
  at: string | Date,
  now: Date,
): { unit: 'now' | 'minutes' | 'hours' | 'days'; count: number } {
  const seconds = Math.max(0, Math.round((now.getTime() - new Date(at).getTime()) / 1000));
  if (seconds < 45) return { unit: 'now', count: 0 };
  const minutes = Math.max(1, Math.round(seconds / 60));
  if (minutes < 60) return { unit: 'minutes', count: minutes };
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return { unit: 'hours', count: hours };
  return { unit: 'days', count: Math.floor(hours / 24) };
}
