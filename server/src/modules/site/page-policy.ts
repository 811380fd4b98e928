// What the HTML pages may load and who may see them, as response headers and a robots.txt.
// Pure functions: the stream URLs come from the database (StreamSourcesService), the embed
// origins from the configuration.
import { streamSource } from '../../../../shared/stream-source.js';

/** Where the page may fetch playlists and segments from, and which player pages it may frame. */
export interface StreamOrigins {
  /** Origins of HLS playlists: hls.js fetches them (connect-src), Safari plays them itself (media-src). */
  readonly hls: readonly string[];
  /** Origins of player pages shown in an <iframe> (frame-src). */
  readonly embed: readonly string[];
}

/**
 * The player pages a YouTube or Vimeo link becomes (shared/stream-source.ts). Always allowed:
 * an organizer may switch a part to one of them while viewers have the page open.
 */
export const PLAYER_ORIGINS = ['https://www.youtube-nocookie.com', 'https://player.vimeo.com'] as const;

/** The origins the page loads streams from, sorted and without repeats, by the page's own rule. */
export function streamOrigins(urls: readonly (string | null)[]): StreamOrigins {
  const hls = new Set<string>();
  const embed = new Set<string>();
  for (const url of urls) {
    const source = streamSource(url);
    if (!source) continue;
    (source.kind === 'hls' ? hls : embed).add(new URL(source.url).origin);
  }
  for (const origin of PLAYER_ORIGINS) embed.delete(origin);
  return { hls: [...hls].sort(), embed: [...embed].sort() };
}

/**
 * Staff screens: links handed out by the organizer, never meant for a search engine or a
 * shared cache. The overlay is one too (streaming software opens it as a browser source).
 */
export function isStaffPage(path: string): boolean {
  return /^\/organize(\/|$)/.test(path) || /^\/e\/[^/]+\/(moderate|speaker|overlay)\/?$/.test(path);
}

/**
 * - connect-src 'self' covers the socket.io WebSocket on the page's own host (CSP level 3).
 * - media-src blob: is the MediaSource hls.js plays through; the hls.js ES module transmuxes
 *   on the main thread (it creates no Worker), so worker-src stays at the default 'self'.
 * - style-src needs no 'unsafe-inline': Svelte puts component CSS in the built stylesheet and
 *   sets `style:` directives through the CSSOM (element.style), which CSP does not restrict.
 * - img-src data: is the favicon in index.html.
 */
export function contentSecurityPolicy(streams: StreamOrigins, embedOrigins: readonly string[]): string {
  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    ['script-src', "'self'"],
    ['style-src', "'self'"],
    ['img-src', "'self'", 'data:'],
    ['font-src', "'self'"],
    ['connect-src', "'self'", ...streams.hls],
    ['media-src', "'self'", 'blob:', ...streams.hls],
    ['frame-src', ...PLAYER_ORIGINS, ...streams.embed],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'self'"],
    ['frame-ancestors', ...(embedOrigins.length ? embedOrigins : ["'none'"])],
  ];
  return directives.map((d) => d.join(' ')).join('; ');
}

/**
 * Features no page uses, switched off for the page and every frame in it. Autoplay, fullscreen
 * and picture-in-picture stay at the browser's default: the player frame is given them by its
 * `allow` attribute, which a header listing them would override.
 */
export const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'camera=()',
  'display-capture=()',
  'geolocation=()',
  'gyroscope=()',
  'magnetometer=()',
  'microphone=()',
  'midi=()',
  'payment=()',
  'usb=()',
].join(', ');

/** Headers of every HTML page. */
export function pageHeaders(input: {
  staff: boolean;
  streams: StreamOrigins;
  embedOrigins: readonly string[];
}): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Security-Policy': contentSecurityPolicy(input.streams, input.embedOrigins),
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Permissions-Policy': PERMISSIONS_POLICY,
    'X-Content-Type-Options': 'nosniff',
    // index.html names the hashed assets of this build: always ask whether it changed. A staff
    // page is never stored at all (a shared computer, a proxy).
    'Cache-Control': input.staff ? 'no-store' : 'no-cache',
  };
  // For browsers without CSP frame-ancestors; it cannot name an allowed origin, so only "none".
  if (input.embedOrigins.length === 0) headers['X-Frame-Options'] = 'DENY';
  if (input.staff) headers['X-Robots-Tag'] = 'noindex';
  return headers;
}

/** Headers of API answers: data, never a document to render or frame. */
export const API_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
};

/** Event pages and the list of courses may be indexed; staff screens and the API may not. */
export const ROBOTS_TXT = [
  'User-agent: *',
  'Allow: /',
  'Disallow: /api',
  'Disallow: /socket.io/',
  'Disallow: /organize',
  'Disallow: /e/*/moderate',
  'Disallow: /e/*/speaker',
  'Disallow: /e/*/overlay',
  '',
].join('\n');

/** index.html for a staff screen: the same app, marked for search engines not to index. */
export function withNoindex(indexHtml: string): string {
  return indexHtml.replace(/<head>/i, '<head>\n    <meta name="robots" content="noindex" />');
}
