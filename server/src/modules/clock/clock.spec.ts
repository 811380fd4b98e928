import 'reflect-metadata';
import { Global, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppConfig } from '../../config/app-config.js';
import { Clock, createClock, MAX_TIMEOUT_MS, RealClock, RehearsalClock } from './clock.js';
import { ClockModule } from './clock.module.js';

// The seed course's first afternoon, 12:30 CET.
const COURSE_START = new Date('2024-02-22T11:30:00.000Z');
const MINUTE = 60_000;
const DAY = 86_400_000;

describe('RehearsalClock with an injected real time', () => {
  it('starts at the chosen instant and runs at rate 1 by default', () => {
    let real = 1_000_000;
    const clock = new RehearsalClock(COURSE_START, undefined, () => real);
    expect(clock.now()).toEqual(COURSE_START);
    expect([clock.mode, clock.rate]).toEqual(['rehearsal', 1]);
    real += 1500;
    expect(clock.nowMs()).toBe(COURSE_START.getTime() + 1500);
  });

  it('advances one minute per real second at rate 60', () => {
    let real = 0;
    const clock = new RehearsalClock(COURSE_START, 60, () => real);
    real += 1000;
    expect(clock.nowIso()).toBe('2024-02-22T11:31:00.000Z');
    real += 39_000; // 40 real seconds: the first talk (40 minutes) is over
    expect(clock.nowIso()).toBe('2024-02-22T12:10:00.000Z');
    expect(clock.snapshot()).toEqual({ mode: 'rehearsal', now: '2024-02-22T12:10:00.000Z', rate: 60 });
  });

  it('rejects an invalid start or rate', () => {
    expect(() => new RehearsalClock(new Date('nope'))).toThrow(RangeError);
    expect(() => new RehearsalClock(COURSE_START, 0)).toThrow(RangeError);
    expect(() => new RehearsalClock(COURSE_START, Number.NaN)).toThrow(RangeError);
  });
});

describe('Clock.setTimer (fake timers and Date)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(new Date('2026-05-01T08:00:00.000Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('the default real time is Date.now, so the rehearsal clock follows it', () => {
    const clock = new RehearsalClock(COURSE_START, 60);
    vi.advanceTimersByTime(1000);
    expect(clock.now()).toEqual(new Date(COURSE_START.getTime() + MINUTE));
  });

  it('fires at the right real delay at rate 1', () => {
    const clock = new RehearsalClock(COURSE_START);
    const fn = vi.fn();
    clock.setTimer(new Date(COURSE_START.getTime() + 40 * MINUTE), fn);
    vi.advanceTimersByTime(40 * MINUTE - 1);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledOnce();
    expect(clock.nowIso()).toBe('2024-02-22T12:10:00.000Z');
  });

  it('fires at the right real delay at rate 60 (40 clock minutes = 40 real seconds)', () => {
    const clock = new RehearsalClock(COURSE_START, 60);
    const fn = vi.fn(() => clock.nowIso());
    clock.setTimer(new Date('2024-02-22T12:10:00.000Z'), fn);
    vi.advanceTimersByTime(39_999);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledOnce();
    expect(fn).toHaveReturnedWith('2024-02-22T12:10:00.000Z');
  });

  it('never fires before the clock reads the instant, even when rounding or an early wake-up would', () => {
    // Rate 7: 100 clock ms is 14.28… real ms; rounding down would fire at 98 clock ms.
    const clock = new RehearsalClock(COURSE_START, 7);
    const seen: number[] = [];
    clock.setTimer(new Date(COURSE_START.getTime() + 100), () => seen.push(clock.nowMs()));
    vi.advanceTimersByTime(14);
    expect(seen).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeGreaterThanOrEqual(COURSE_START.getTime() + 100);
  });

  it('re-checks on wake-up: a clock that lags its timer re-arms instead of firing early', () => {
    let lag = 0;
    const clock = new RealClock(() => Date.now() - lag);
    const fn = vi.fn();
    clock.setTimer(new Date(Date.now() + 1000), fn);
    lag = 5; // e.g. a timer that wakes 5 ms early
    vi.advanceTimersByTime(1000);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(5);
    expect(fn).toHaveBeenCalledOnce();
  });

  it('re-arms delays longer than 2^31-1 ms instead of firing at once', () => {
    const spy = vi.spyOn(globalThis, 'setTimeout');
    const clock = new RealClock();
    const fn = vi.fn();
    const delay = 60 * DAY; // 5.18e9 ms, more than twice the setTimeout limit
    clock.setTimer(new Date(Date.now() + delay), fn);
    vi.advanceTimersByTime(1);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(delay - 2);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledOnce();
    const delays = spy.mock.calls.map((call) => call[1] ?? 0);
    expect(delays.length).toBe(3);
    expect(Math.max(...delays)).toBeLessThanOrEqual(MAX_TIMEOUT_MS);
    spy.mockRestore();
  });

  it('re-arms long waits of a slow rehearsal clock too (rate 0.001)', () => {
    const clock = new RehearsalClock(COURSE_START, 0.001);
    const fn = vi.fn();
    clock.setTimer(new Date(COURSE_START.getTime() + (30 * DAY) / 1000), fn); // 30 real days
    // A second of slack either side: 0.001 is not exact in binary floating point.
    vi.advanceTimersByTime(30 * DAY - 1000);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(2000);
    expect(fn).toHaveBeenCalledOnce();
  });

  it('cancels, also in the middle of a long re-armed wait, and cancelling twice is harmless', () => {
    const clock = new RealClock();
    const short = vi.fn();
    const long = vi.fn();
    const cancelShort = clock.setTimer(new Date(Date.now() + 1000), short);
    const cancelLong = clock.setTimer(new Date(Date.now() + 30 * DAY), long);
    cancelShort();
    vi.advanceTimersByTime(MAX_TIMEOUT_MS + 10);
    cancelLong();
    cancelLong();
    vi.advanceTimersByTime(30 * DAY);
    expect(short).not.toHaveBeenCalled();
    expect(long).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('fires an instant already past asynchronously, after setTimer has returned', () => {
    const clock = new RehearsalClock(COURSE_START, 60);
    const order: string[] = [];
    clock.setTimer(new Date(COURSE_START.getTime() - MINUTE), () => order.push('fired'));
    order.push('returned');
    vi.advanceTimersByTime(0);
    expect(order).toEqual(['returned', 'fired']);
  });

  it('fires only once', () => {
    const clock = new RealClock();
    const fn = vi.fn();
    clock.setTimer(new Date(Date.now() + 10), fn);
    vi.advanceTimersByTime(DAY);
    expect(fn).toHaveBeenCalledOnce();
  });
});

describe('createClock', () => {
  it('is the real clock without CLOCK_START', () => {
    const clock = createClock({ clockStart: null, clockRate: 1 });
    expect(clock).toBeInstanceOf(RealClock);
    expect(clock.snapshot()).toMatchObject({ mode: 'real', rate: 1 });
    expect(Math.abs(clock.nowMs() - Date.now())).toBeLessThan(1000);
  });

  it('is a rehearsal clock at the given start and rate', () => {
    const clock = createClock({ clockStart: COURSE_START, clockRate: 60 });
    expect(clock).toBeInstanceOf(RehearsalClock);
    expect([clock.mode, clock.rate]).toEqual(['rehearsal', 60]);
    expect(clock.nowMs() - COURSE_START.getTime()).toBeLessThan(60_000);
  });

  it('refuses a rate for the real clock', () => {
    expect(() => createClock({ clockStart: null, clockRate: 60 })).toThrow(/CLOCK_START/);
  });
});

describe('ClockModule', () => {
  it('provides one Clock built from AppConfig', async () => {
    const config = { clockStart: COURSE_START, clockRate: 60 } as AppConfig;
    @Global()
    @Module({ providers: [{ provide: AppConfig, useValue: config }], exports: [AppConfig] })
    class ConfigStub {}
    @Module({ imports: [ConfigStub, ClockModule] })
    class Root {}

    const app = await NestFactory.createApplicationContext(Root, { logger: false });
    try {
      const clock = app.get(Clock);
      expect(clock).toBeInstanceOf(RehearsalClock);
      expect(clock.rate).toBe(60);
      expect(app.get(Clock)).toBe(clock);
    } finally {
      await app.close();
    }
  });
});
