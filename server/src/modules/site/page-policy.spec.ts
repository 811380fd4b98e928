import { describe, expect, it } from 'vitest';
import {
  contentSecurityPolicy,
  isStaffPage,
  pageHeaders,
  streamOrigins,
  withNoindex,
} from './page-policy.js';

const directives = (csp: string): Map<string, string[]> =>
  new Map(
    csp.split('; ').map((d) => {
      const [name, ...values] = d.split(' ');
      return [name, values];
    }),
  );

describe('streamOrigins', () => {
  it('sorts the parts’ stream URLs into playlist and player origins by the page’s own rule', () => {
    expect(
      streamOrigins([
        'https://cdn.example.org/live/part1.m3u8',
        'https://cdn.example.org/live/part2.m3u8',
        'http://127.0.0.1:8089/test/stream.m3u8',
        'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
        'https://vimeo.com/123456',
        'https://player.example-platform.com/live/abc',
        null,
      ]),
    ).toEqual({
      hls: ['http://127.0.0.1:8089', 'https://cdn.example.org'],
      embed: ['https://player.example-platform.com'],
    });
  });

  it('leaves out URLs the page refuses to load (plain http off this machine, not a URL)', () => {
    expect(streamOrigins(['http://stream.example.org/x.m3u8', 'javascript:alert(1)', 'nonsense'])).toEqual({
      hls: [],
      embed: [],
    });
  });
});

describe('contentSecurityPolicy', () => {
  it('allows only the app itself, the playlists’ hosts and the player frames; no site may frame it by default', () => {
    const csp = directives(
      contentSecurityPolicy(
        { hls: ['https://cdn.example.org'], embed: ['https://player.example-platform.com'] },
        [],
      ),
    );
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual(["'self'", 'https://cdn.example.org']);
    expect(csp.get('media-src')).toEqual(["'self'", 'blob:', 'https://cdn.example.org']);
    expect(csp.get('frame-src')).toEqual([
      'https://www.youtube-nocookie.com',
      'https://player.vimeo.com',
      'https://player.example-platform.com',
    ]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('lets the EMBED_ORIGINS sites frame the pages', () => {
    const csp = directives(contentSecurityPolicy({ hls: [], embed: [] }, ['https://society.example.org']));
    expect(csp.get('frame-ancestors')).toEqual(['https://society.example.org']);
  });
});

describe('pageHeaders', () => {
  const none = { hls: [], embed: [] };

  it('revalidates a public page and denies framing for old browsers when no site may embed', () => {
    const headers = pageHeaders({ staff: false, streams: none, embedOrigins: [] });
    expect(headers).toMatchObject({
      'Cache-Control': 'no-cache',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
    });
    expect(headers['Permissions-Policy']).toContain('camera=()');
    expect(headers['X-Robots-Tag']).toBeUndefined();
  });

  it('never stores a staff page and drops X-Frame-Options when a site may embed', () => {
    const headers = pageHeaders({
      staff: true,
      streams: none,
      embedOrigins: ['https://society.example.org'],
    });
    expect(headers['Cache-Control']).toBe('no-store');
    expect(headers['X-Robots-Tag']).toBe('noindex');
    expect(headers['X-Frame-Options']).toBeUndefined();
  });
});

describe('isStaffPage', () => {
  it.each([
    ['/organize', true],
    ['/organize/', true],
    ['/organize/events/x', true],
    ['/e/course/moderate', true],
    ['/e/course/speaker/', true],
    ['/e/course/overlay', true],
    ['/', false],
    ['/e/course', false],
    ['/e/moderate', false],
    ['/organizers', false],
  ])('%s → %s', (path, staff) => {
    expect(isStaffPage(path)).toBe(staff);
  });
});

it('marks a staff page’s HTML noindex', () => {
  expect(withNoindex('<html><head><title>x</title></head></html>')).toContain(
    '<head>\n    <meta name="robots" content="noindex" />',
  );
});
