import { describe, expect, it } from 'vitest';
import {
  addDaysToLocalDate,
  formatInZone,
  formatLocalDate,
  formatLocalTime,
  isLocalDate,
  isLocalTime,
  isValidTimeZone,
  utcOffsetMinutes,
  zoneAbbreviation,
  zoneAbbreviations,
  zonedLocalToUtc,
} from './time.js';

describe('isValidTimeZone', () => {
  it.each([
    ['Europe/Vienna', true],
    ['America/Argentina/Buenos_Aires', true],
    ['UTC', true],
    ['Etc/GMT+1', true],
    ['Mars/Olympus_Mons', false],
    ['+01:00', false],
    ['', false],
    ['Europe/Vienna ', false],
    ['x'.repeat(200), false],
    [42, false],
    [null, false],
  ])('%s → %s', (zone, valid) => {
    expect(isValidTimeZone(zone)).toBe(valid);
  });
});

describe('isLocalDate / isLocalTime', () => {
  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2024-02-30', false],
    ['2024-13-01', false],
    ['2024-1-01', false],
    ['24-01-01', false],
  ])('date %s → %s', (value, ok) => expect(isLocalDate(value)).toBe(ok));

  it.each([
    ['00:00', true],
    ['23:59', true],
    ['24:00', false],
    ['25:70', false],
    ['12:60', false],
    ['9:30', false],
  ])('time %s → %s', (value, ok) => expect(isLocalTime(value)).toBe(ok));
});

describe('zonedLocalToUtc', () => {
  it.each([
    // Vienna: CET +01:00 in winter, CEST +02:00 in summer.
    ['2024-02-22', '12:30', 'Europe/Vienna', '2024-02-22T11:30:00.000Z'],
    ['2024-06-20', '12:30', 'Europe/Vienna', '2024-06-20T10:30:00.000Z'],
    // Spring change day 2024-03-31: before the 02:00 jump, and after it.
    ['2024-03-31', '01:30', 'Europe/Vienna', '2024-03-31T00:30:00.000Z'],
    ['2024-03-31', '03:00', 'Europe/Vienna', '2024-03-31T01:00:00.000Z'],
    ['2024-03-31', '12:30', 'Europe/Vienna', '2024-03-31T10:30:00.000Z'],
    // Autumn change day 2024-10-27.
    ['2024-10-27', '12:30', 'Europe/Vienna', '2024-10-27T11:30:00.000Z'],
    ['2024-10-27', '00:00', 'Europe/Vienna', '2024-10-26T22:00:00.000Z'],
    ['2024-01-15', '09:00', 'America/New_York', '2024-01-15T14:00:00.000Z'],
    ['2024-07-15', '09:00', 'America/New_York', '2024-07-15T13:00:00.000Z'],
    ['2024-01-15', '09:00', 'Asia/Kolkata', '2024-01-15T03:30:00.000Z'],
    ['2024-01-15', '09:00', 'Asia/Kathmandu', '2024-01-15T03:15:00.000Z'],
    // Southern hemisphere: summer in January.
    ['2024-01-15', '09:00', 'Australia/Sydney', '2024-01-14T22:00:00.000Z'],
    ['2024-07-15', '09:00', 'Australia/Sydney', '2024-07-14T23:00:00.000Z'],
    ['2024-02-29', '00:00', 'UTC', '2024-02-29T00:00:00.000Z'],
  ])('%s %s %s → %s', (date, time, zone, iso) => {
    expect(zonedLocalToUtc(date, time, zone).toISOString()).toBe(iso);
  });

  it('reads a time in the spring gap with the pre-gap offset (02:30 → 03:30 CEST)', () => {
    const instant = zonedLocalToUtc('2024-03-31', '02:30', 'Europe/Vienna');
    expect(instant.toISOString()).toBe('2024-03-31T01:30:00.000Z');
    expect(formatLocalTime(instant, 'Europe/Vienna')).toBe('03:30');
  });

  it('resolves a repeated autumn time to the earlier (summer-time) instant', () => {
    const instant = zonedLocalToUtc('2024-10-27', '02:30', 'Europe/Vienna');
    expect(instant.toISOString()).toBe('2024-10-27T00:30:00.000Z');
    expect(utcOffsetMinutes(instant, 'Europe/Vienna')).toBe(120);
  });

  it('round-trips every half hour of a DST year outside the gap', () => {
    for (let day = 0; day < 366; day += 1) {
      const date = addDaysToLocalDate('2024-01-01', day);
      for (const time of ['00:00', '01:30', '03:00', '12:30', '23:30']) {
        const instant = zonedLocalToUtc(date, time, 'Europe/Vienna');
        expect(formatLocalDate(instant, 'Europe/Vienna')).toBe(date);
        expect(formatLocalTime(instant, 'Europe/Vienna')).toBe(time);
      }
    }
  });

  it.each([
    ['2024-02-30', '12:00', 'Europe/Vienna'],
    ['2024-02-22', '25:70', 'Europe/Vienna'],
    ['2024-02-22', '12:00', 'Mars/Olympus_Mons'],
  ])('refuses %s %s %s', (date, time, zone) => {
    expect(() => zonedLocalToUtc(date, time, zone)).toThrow(RangeError);
  });
});

describe('offsets and formatting', () => {
  it.each([
    ['2024-02-22T11:30:00Z', 'Europe/Vienna', 60],
    ['2024-06-20T10:30:00Z', 'Europe/Vienna', 120],
    ['2024-03-31T00:59:59Z', 'Europe/Vienna', 60],
    ['2024-03-31T01:00:00Z', 'Europe/Vienna', 120],
    ['2024-10-27T00:59:59Z', 'Europe/Vienna', 120],
    ['2024-10-27T01:00:00Z', 'Europe/Vienna', 60],
    ['2024-01-15T12:00:00Z', 'America/New_York', -300],
    ['2024-01-15T12:00:00Z', 'Asia/Kolkata', 330],
  ])('utcOffsetMinutes(%s, %s) = %d', (iso, zone, minutes) => {
    expect(utcOffsetMinutes(iso, zone)).toBe(minutes);
  });

  it('formats local dates and times in the zone, not the host', () => {
    const instant = new Date('2024-02-22T23:30:00Z');
    expect(formatLocalDate(instant, 'Europe/Vienna')).toBe('2024-02-23');
    expect(formatLocalTime(instant, 'Europe/Vienna')).toBe('00:30');
    expect(formatInZone(instant, 'Europe/Vienna')).toBe('00:30');
    expect(formatInZone(instant, 'Europe/Vienna', { dateStyle: 'long' })).toBe('23 February 2024');
  });

  it('names the zone as shown at the instant', () => {
    expect(zoneAbbreviation('2024-02-22T12:00:00Z', 'Europe/Vienna')).toBe('CET');
    expect(zoneAbbreviation('2024-06-22T12:00:00Z', 'Europe/Vienna')).toBe('CEST');
    expect(zoneAbbreviations('Europe/Vienna', 2024).sort()).toEqual(['CEST', 'CET']);
    expect(zoneAbbreviations('America/New_York', 2024).sort()).toEqual(['EDT', 'EST']);
    expect(zoneAbbreviations('Asia/Tokyo', 2024)).toEqual([]);
  });

  it('refuses an unparseable instant', () => {
    expect(() => formatLocalTime('not a date', 'Europe/Vienna')).toThrow(RangeError);
  });

  it('adds calendar days across month and year ends', () => {
    expect(addDaysToLocalDate('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDaysToLocalDate('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDaysToLocalDate('2024-03-01', -1)).toBe('2024-02-29');
  });
});
