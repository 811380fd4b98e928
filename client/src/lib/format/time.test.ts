import { describe, expect, it } from 'vitest';
import {
  europeanZoneName,
  formatCountdown,
  formatDayAndTime,
  formatDayAndTimeInZone,
  formatTime,
  formatTimeInZone,
  sameWallClock,
  zoneAbbreviation,
  zoneOffsetMinutes,
} from './time.js';

const WINTER = '2024-02-22T11:30:00Z';
const SUMMER = '2024-07-04T10:30:00Z';

describe('zoneAbbreviation', () => {
  it('names Vienna CET in winter and CEST in summer', () => {
    expect(zoneAbbreviation('Europe/Vienna', WINTER, 'en-GB')).toBe('CET');
    expect(zoneAbbreviation('Europe/Vienna', SUMMER, 'en-GB')).toBe('CEST');
  });

  it('uses Intl’s letters in a locale that has them, else an English one', () => {
    expect(zoneAbbreviation('Europe/Vienna', WINTER, 'de-AT')).toBe('MEZ');
    expect(zoneAbbreviation('America/New_York', WINTER, 'en-GB')).toBe('EST');
    expect(zoneAbbreviation('Europe/London', SUMMER, 'en-GB')).toBe('BST');
    expect(zoneAbbreviation('UTC', WINTER, 'en-GB')).toBe('UTC');
  });

  it('falls back to European names, then to Intl’s offset in the UI’s locale', () => {
    // No locale gives Dublin's summer time letters ("GMT+1"), nor any for Istanbul.
    expect(zoneAbbreviation('Europe/Dublin', SUMMER, 'en-GB')).toBe('IST');
    expect(zoneAbbreviation('Europe/Istanbul', WINTER, 'fr')).toBe('UTC+3');
  });

  it('knows Europe’s names from the zone’s offsets alone (browsers with less zone data)', () => {
    const at = (iso: string): Date => new Date(iso);
    expect(europeanZoneName('Europe/Vienna', at(WINTER))).toBe('CET');
    expect(europeanZoneName('Europe/Vienna', at(SUMMER))).toBe('CEST');
    expect(europeanZoneName('Europe/Helsinki', at(SUMMER))).toBe('EEST');
    expect(europeanZoneName('Europe/Kaliningrad', at(SUMMER))).toBe('EET');
    expect(europeanZoneName('Europe/Lisbon', at(WINTER))).toBe('WET');
    expect(europeanZoneName('Europe/London', at(SUMMER))).toBe('BST');
    expect(europeanZoneName('Europe/Moscow', at(WINTER))).toBe('MSK');
    expect(europeanZoneName('Europe/Istanbul', at(WINTER))).toBeNull();
    expect(europeanZoneName('America/New_York', at(WINTER))).toBeNull();
  });
});

describe('zone arithmetic', () => {
  it('gives the offset east of UTC at an instant', () => {
    expect(zoneOffsetMinutes('Europe/Vienna', WINTER)).toBe(60);
    expect(zoneOffsetMinutes('Europe/Vienna', SUMMER)).toBe(120);
    expect(zoneOffsetMinutes('America/St_Johns', WINTER)).toBe(-210);
  });

  it('compares wall clocks, not zone names', () => {
    expect(sameWallClock('Europe/Vienna', 'Europe/Berlin', WINTER)).toBe(true);
    expect(sameWallClock('Europe/Vienna', 'UTC', WINTER)).toBe(false);
  });

  it('formats times on the given zone’s clock', () => {
    expect(formatTime(WINTER, 'Europe/Vienna', 'en-GB')).toBe('12:30');
    expect(formatTime(WINTER, 'UTC', 'en-GB')).toBe('11:30');
  });
});

describe('formatCountdown', () => {
  it('shows minutes and seconds under an hour, hours beyond', () => {
    expect(formatCountdown(754)).toBe('12:34');
    expect(formatCountdown(5)).toBe('00:05');
    expect(formatCountdown(3723)).toBe('1:02:03');
    expect(formatCountdown(-3)).toBe('00:00');
  });
});

describe('times with their zone', () => {
  it('puts the zone’s name after the time, in that zone', () => {
    expect(formatTimeInZone(WINTER, 'Europe/Vienna', 'en-GB')).toBe('12:30 CET');
    expect(formatTimeInZone(SUMMER, 'Europe/Vienna', 'en-GB')).toBe('12:30 CEST');
  });

  it('does the same after a day and time', () => {
    expect(formatDayAndTimeInZone(WINTER, 'Europe/Vienna', 'en-GB')).toBe(
      `${formatDayAndTime(WINTER, 'Europe/Vienna', 'en-GB')} CET`,
    );
  });
});
