import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AgendaStore } from '../../state/agenda.svelte.js';
import { cet, nowAt, seedEvent } from '../../../../test-support/seed-event.js';
import * as fakeHlsModule from '../../../../test-support/fake-hls.js';
import { fakeHls, lastHls, resetFakeHls, stubMedia } from '../../../../test-support/fake-hls.js';
import StreamArea from './StreamArea.svelte';

const HLS = 'https://cdn.example.org/live/course.m3u8';
const PART2 = 'Patient Communication Course - Part 2';
const DURING_PART2 = cet('2024-03-21', '13:20');

async function renderAt(
  serverTime: string,
  streamUrl: string | null = null,
): Promise<HTMLElement & { unmount: () => void }> {
  const event = { ...seedEvent, parts: seedEvent.parts.map((part) => ({ ...part, streamUrl })) };
  const store = new AgendaStore(seedEvent.slug, {
    api: { getEvent: () => Promise.resolve(event), getNow: () => Promise.resolve(nowAt(serverTime)) },
    clock: () => 0,
    storage: null,
    localZone: 'UTC',
  });
  await store.load();
  const { unmount } = render(StreamArea, { store });
  return Object.assign(screen.getByRole('region', { name: 'Stream' }), { unmount });
}

beforeEach(() => {
  resetFakeHls();
  // vi.doMock, not vi.mock: registered afresh for each case, so the factory counts every
  // import of hls.js the case makes.
  vi.doMock('hls.js', () => {
    fakeHls.imports += 1;
    return fakeHlsModule;
  });
  stubMedia('');
});

afterEach(() => {
  cleanup(); // unmounts while the media stubs still stand
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('StreamArea: the slate', () => {
  it('before a part: when it starts, on the course’s clock and the viewer’s, with a countdown', async () => {
    const region = await renderAt(cet('2024-02-22', '10:00'));
    expect(region.textContent).toContain('Starts Thu 22 Feb, 12:30 CET');
    expect(region.textContent).toContain('(11:30 UTC your time)');
    expect(screen.getByRole('timer').textContent).toBe('in 2:30:00');
    expect(region.textContent).toContain('Watch this course on ESR Connect!');
  });

  it('between the parts: the next part’s start, without a countdown weeks ahead', async () => {
    const region = await renderAt(cet('2024-02-23', '10:00'));
    expect(region.textContent).toContain('Part 2');
    expect(region.textContent).toContain('Starts Thu 21 Mar, 12:30 CET');
    expect(screen.queryByRole('timer')).toBeNull();
  });

  it('during a part without a stream URL: the item on now, and no LIVE badge', async () => {
    const region = await renderAt(DURING_PART2);
    expect(region.textContent).not.toContain('Live');
    expect(region.textContent).toContain('Now: Electronic Portals');
    expect(region.querySelector('video, iframe')).toBeNull();
  });

  it('after the last part: ended', async () => {
    const region = await renderAt(cet('2024-03-21', '18:00'), HLS);
    expect(region.textContent).toContain('Ended');
    expect(region.querySelector('video, iframe')).toBeNull();
  });

  it('before the part starts, even with a stream: the slate, and no hls.js', async () => {
    const region = await renderAt(cet('2024-03-21', '12:29'), HLS);
    await vi.dynamicImportSettled();
    expect(region.textContent).toContain('Starts Thu 21 Mar, 12:30 CET');
    expect(screen.getByRole('timer').textContent).toBe('in 01:00');
    expect(region.querySelector('video, iframe')).toBeNull();
    expect(fakeHls.imports).toBe(0);
  });

  it.each([
    ['javascript:', 'javascript:alert(document.cookie)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['plain http', 'http://cdn.example.org/live/course.m3u8'],
  ])('a %s URL is refused: the slate, as without a stream', async (_name, url) => {
    const region = await renderAt(DURING_PART2, url);
    expect(region.textContent).toContain('Now: Electronic Portals');
    expect(region.querySelector('video, iframe')).toBeNull();
    expect(region.innerHTML).not.toContain(url.slice(0, 8));
  });
});

describe('StreamArea: an embedded player', () => {
  it('a YouTube URL: the no-cookie embed in a titled iframe, and no hls.js', async () => {
    const region = await renderAt(DURING_PART2, 'https://www.youtube.com/watch?v=dQw4w9WgXcQ');
    const frame = screen.getByTitle(PART2);
    expect(frame.tagName).toBe('IFRAME');
    expect(frame.getAttribute('src')).toBe('https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ');
    expect(frame.getAttribute('allow')).toBe('autoplay; fullscreen; picture-in-picture');
    expect(frame.hasAttribute('allowfullscreen')).toBe(true);
    expect(frame.getAttribute('referrerpolicy')).toBe('strict-origin-when-cross-origin');
    expect(region.textContent).toContain('Now: Electronic Portals');
    await vi.dynamicImportSettled();
    expect(fakeHls.imports).toBe(0);
    expect(region.querySelector('video')).toBeNull();
  });

  it('a platform’s player page: embedded as given', async () => {
    await renderAt(DURING_PART2, 'https://connect.example.org/embed/player?id=7');
    expect(screen.getByTitle(PART2).getAttribute('src')).toBe(
      'https://connect.example.org/embed/player?id=7',
    );
    // The "watch on …" note leads to the stream, and a page that cannot tell whether it plays
    // gets no LIVE badge.
    const note = screen.getByRole('link', { name: 'Watch this course on ESR Connect!' });
    expect(note.getAttribute('href')).toBe('https://connect.example.org/embed/player?id=7');
    expect(screen.queryByText('Live')).toBeNull();
  });
});

describe('StreamArea: an HLS stream', () => {
  it('plays in a muted, named video through hls.js, loaded only now', async () => {
    const region = await renderAt(DURING_PART2, HLS);
    const video = screen.getByLabelText<HTMLVideoElement>(PART2);
    expect(video.tagName).toBe('VIDEO');
    expect(video.controls).toBe(true);
    expect(video.autoplay).toBe(true);
    expect(video.muted).toBe(true);
    expect(video.hasAttribute('playsinline')).toBe(true);
    await vi.dynamicImportSettled();
    expect(fakeHls.imports).toBe(1);
    expect(fakeHls.instances).toHaveLength(1);
    expect(lastHls().source).toBe(HLS);
    expect(lastHls().media).toBe(video);
    expect(region.textContent).toContain('Now: Electronic Portals');
    // LIVE only once the pictures move, and gone when they stop.
    expect(region.querySelector('.live-badge')).toBeNull();
    await fireEvent(video, new Event('playing'));
    expect(region.querySelector('.live-badge')?.textContent).toBe('Live');
    await fireEvent(video, new Event('waiting'));
    expect(region.querySelector('.live-badge')).toBeNull();
  });

  it('plays natively where the browser can, without hls.js', async () => {
    stubMedia('maybe');
    await renderAt(DURING_PART2, HLS);
    const video = screen.getByLabelText<HTMLVideoElement>(PART2);
    await vi.dynamicImportSettled();
    expect(video.src).toBe(HLS);
    expect(fakeHls.imports).toBe(0);
  });

  it('destroys the hls.js player when the area goes away', async () => {
    const region = await renderAt(DURING_PART2, HLS);
    await vi.dynamicImportSettled();
    const player = lastHls();
    region.unmount();
    expect(player.destroyed).toBe(true);
  });

  it('after the retries: a calm message, and trying again starts afresh', async () => {
    vi.useFakeTimers();
    await renderAt(DURING_PART2, HLS);
    await vi.dynamicImportSettled();
    // Every load fails, as while the stream has not started.
    for (let i = 0; i < 5; i++) {
      lastHls().fatal('networkError');
      vi.runOnlyPendingTimers();
    }
    await tick();
    expect(screen.getByRole('status').textContent).toBe(
      'The stream does not play yet. It may not have started: try again in a few minutes.',
    );
    const players = fakeHls.instances.length;
    await fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await vi.dynamicImportSettled();
    expect(screen.getByRole('status').textContent).toBe('');
    expect(fakeHls.instances).toHaveLength(players + 1);
    expect(lastHls().media).toBe(screen.getByLabelText(PART2));
  });
});

describe('StreamArea: on the viewer’s stream time', () => {
  it('starts the player on the server’s clock and keeps it while the stream still shows the part', async () => {
    let deviceMs = 0;
    const event = {
      ...seedEvent,
      parts: seedEvent.parts.map((part) => ({ ...part, streamUrl: 'https://youtu.be/abcdefghijk' })),
    };
    const store = new AgendaStore(seedEvent.slug, {
      api: {
        getEvent: () => Promise.resolve(event),
        getNow: () => Promise.resolve(nowAt(cet('2024-03-21', '12:30'))),
      },
      clock: () => deviceMs,
      storage: null,
      localZone: 'UTC',
    });
    await store.load();
    render(StreamArea, { store });
    await tick();
    // The embed's viewer sees the course 20 s late: before the part, yet the player stays.
    const region = screen.getByRole('region', { name: 'Stream' });
    expect(region.querySelector('iframe')).not.toBeNull();
    expect(store.stream.kind).toBe('embed');
    expect(store.now?.toISOString()).toBe('2024-03-21T11:29:40.000Z');

    // The part ends on the server's clock; the stream still shows its last seconds.
    deviceMs = (5.5 * 3600 + 10) * 1000; // 18:00:10 on the server, 17:59:50 on the stream
    store.tick();
    await tick();
    expect(store.serverPhaseOf(event.parts[1])).toBe('ended');
    expect(region.querySelector('iframe')).not.toBeNull();

    deviceMs += 30_000;
    store.tick();
    await tick();
    expect(region.querySelector('iframe')).toBeNull();
    expect(region.textContent).toContain('Ended');
    expect(store.stream.kind).toBeNull();
  });
});
