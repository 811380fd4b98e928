// The built client served like a production site, read header by header on the wire: pages,
// staff pages, hashed assets and their precompressed copies, the API, robots.txt and HEAD.
import { execFileSync } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SEED_FILE } from '../../server/src/config/load-config.js';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../utils/test-app.js';

const SLUG = 'esor-patient-communication-course';
const SCRIPT = '/assets/index-Dq3xZ9_a.js';
const STYLES = '/assets/index-B-t2tXvm.css';
const EMBEDDER = 'https://society.example.org';
/** A test HLS server on another port of this machine: the CSP must allow it for playlists. */
const HLS_ORIGIN = 'http://127.0.0.1:8089';
const PLATFORM_PLAYER = 'https://player.example-platform.com';

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The bytes on the wire, not decompressed. */
  body: Buffer;
}

/** One request with node:http, which (unlike supertest and fetch) never decompresses. */
function raw(
  url: string,
  options: { method?: string; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: options.method ?? 'GET', headers: options.headers },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks),
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end();
  });
}

function cspOf(response: RawResponse): Map<string, string[]> {
  const value = String(response.headers['content-security-policy'] ?? '');
  return new Map(
    value.split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/);
      return [name, values];
    }),
  );
}

const BROWSER = {
  Accept: 'text/html,application/xhtml+xml,*/*;q=0.8',
  'Accept-Encoding': 'gzip, deflate, br, zstd',
};

describe('serving the client: compression, caching, HEAD, robots.txt, security headers', () => {
  let server: TestApp;
  let clientDir: string;
  let indexHtml: string;
  let script: Buffer;

  beforeAll(async () => {
    // A client laid out as `vite build` writes it, then precompressed by the build's own script.
    clientDir = await mkdtemp(path.join(tmpdir(), 'lsc-client-'));
    await mkdir(path.join(clientDir, 'assets'));
    indexHtml = [
      '<!doctype html>',
      '<html lang="en">',
      '  <head>',
      '    <meta charset="UTF-8" />',
      '    <title>Live session companion</title>',
      `    <script type="module" crossorigin src="${SCRIPT}"></script>`,
      `    <link rel="stylesheet" crossorigin href="${STYLES}">`,
      '  </head>',
      '  <body><div id="app"></div></body>',
      '</html>',
      '',
    ].join('\n');
    script = Buffer.from(
      Array.from({ length: 400 }, (_, i) => `export const line${i} = "agenda item ${i}";`).join('\n'),
    );
    await writeFile(path.join(clientDir, 'index.html'), indexHtml);
    await writeFile(path.join(clientDir, SCRIPT), script);
    await writeFile(path.join(clientDir, STYLES), '.agenda{display:grid}\n'.repeat(100));
    // Not hashed, and too small for a compressed copy.
    await writeFile(path.join(clientDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    execFileSync(process.execPath, ['scripts/precompress.mjs', clientDir]);

    server = await startTestApp({ CLIENT_DIR: clientDir, EMBED_ORIGINS: EMBEDDER });
    // The seed course with a stream on each part: an HLS playlist, then a platform's player page.
    const seed = await readFile(DEFAULT_SEED_FILE, 'utf8');
    const programme = seed
      .replace('February 22, 2024 | 12:30 – 18:00 CET\n', `$&${HLS_ORIGIN}/live/part1.m3u8\n`)
      .replace('March 21, 2024 | 12:30 – 18:00 CET\n', `$&${PLATFORM_PLAYER}/live/pcc-2\n`);
    const published = await fetch(`${server.url}/api/events`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'Content-Type': 'text/plain' },
      body: programme,
    });
    expect(published.status).toBe(201);
  });

  afterAll(async () => {
    await server?.close();
    await rm(clientDir, { recursive: true, force: true });
  });

  describe('pages', () => {
    it('sends an event page with its security headers, revalidated on every visit', async () => {
      const page = await raw(`${server.url}/e/${SLUG}`, { headers: { Accept: BROWSER.Accept } });
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.body.toString()).toBe(indexHtml);
      expect(page.headers['cache-control']).toBe('no-cache');
      expect(page.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
      expect(page.headers['x-content-type-options']).toBe('nosniff');
      expect(page.headers['permissions-policy']).toMatch(/(^|, )camera=\(\)/);
      expect(page.headers['permissions-policy']).toMatch(/(^|, )microphone=\(\)/);
      expect(page.headers['x-robots-tag']).toBeUndefined();
      // A site is allowed to embed the pages, so X-Frame-Options (which cannot name it) is left out.
      expect(page.headers['x-frame-options']).toBeUndefined();

      const csp = cspOf(page);
      expect(csp.get('default-src')).toEqual(["'self'"]);
      expect(csp.get('script-src')).toEqual(["'self'"]);
      expect(csp.get('style-src')).toEqual(["'self'"]);
      expect(csp.get('connect-src')).toEqual(["'self'", HLS_ORIGIN]);
      expect(csp.get('media-src')).toEqual(["'self'", 'blob:', HLS_ORIGIN]);
      expect(csp.get('frame-src')).toEqual([
        'https://www.youtube-nocookie.com',
        'https://player.vimeo.com',
        PLATFORM_PLAYER,
      ]);
      expect(csp.get('object-src')).toEqual(["'none'"]);
      expect(csp.get('frame-ancestors')).toEqual([EMBEDDER]);

      const again = await raw(`${server.url}/e/${SLUG}`, {
        headers: { Accept: BROWSER.Accept, 'If-None-Match': String(page.headers.etag) },
      });
      expect(again.status).toBe(304);
      expect(again.body.length).toBe(0);
    });

    it('sends the page brotli- or gzip-compressed to a browser that takes it', async () => {
      const br = await raw(`${server.url}/e/${SLUG}`, { headers: BROWSER });
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.headers.vary).toMatch(/Accept-Encoding/);
      expect(brotliDecompressSync(br.body).toString()).toBe(indexHtml);
      expect(Number(br.headers['content-length'])).toBe(br.body.length);

      const gzip = await raw(`${server.url}/e/${SLUG}`, {
        headers: { ...BROWSER, 'Accept-Encoding': 'gzip' },
      });
      expect(gzip.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(gzip.body).toString()).toBe(indexHtml);
      expect(gzip.headers['content-security-policy']).toBe(br.headers['content-security-policy']);
      // Each encoding is its own representation, with its own validator.
      expect(gzip.headers.etag).not.toBe(br.headers.etag);
    });

    it.each(['/organize', `/e/${SLUG}/moderate`, `/e/${SLUG}/speaker`, `/e/${SLUG}/overlay`])(
      'marks the staff page %s noindex and never stores it',
      async (route) => {
        const page = await raw(`${server.url}${route}`, { headers: BROWSER });
        expect(page.status).toBe(200);
        expect(page.headers['cache-control']).toBe('no-store');
        expect(page.headers['x-robots-tag']).toBe('noindex');
        expect(brotliDecompressSync(page.body).toString()).toContain(
          '<meta name="robots" content="noindex" />',
        );
        expect(cspOf(page).get('frame-ancestors')).toEqual([EMBEDDER]);
      },
    );

    it.each(['/', `/e/${SLUG}`, `/e/${SLUG}/moderate`, `/e/${SLUG}/overlay`, '/organize'])(
      'answers HEAD %s as GET, without a body',
      async (route) => {
        for (const headers of [{ Accept: BROWSER.Accept }, BROWSER]) {
          const get = await raw(`${server.url}${route}`, { headers });
          const head = await raw(`${server.url}${route}`, { method: 'HEAD', headers });
          expect(head.status).toBe(200);
          expect(head.body.length).toBe(0);
          for (const name of [
            'content-type',
            'content-length',
            'content-encoding',
            'cache-control',
            'content-security-policy',
            'etag',
          ]) {
            expect(head.headers[name], name).toEqual(get.headers[name]);
          }
        }
      },
    );

    it('answers HEAD from a monitor that sends no Accept header', async () => {
      const head = await raw(`${server.url}/e/${SLUG}`, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(head.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(head.body.length).toBe(0);
    });
  });

  describe('the client’s files', () => {
    it('caches a hashed asset for a year and sends its precompressed copies', async () => {
      const plain = await raw(`${server.url}${SCRIPT}`, { headers: { 'Accept-Encoding': 'identity' } });
      expect(plain.status).toBe(200);
      expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(plain.headers['content-type']).toMatch(/^text\/javascript/);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers['x-content-type-options']).toBe('nosniff');
      expect(plain.body.equals(script)).toBe(true);

      const br = await raw(`${server.url}${SCRIPT}`, {
        headers: { 'Accept-Encoding': BROWSER['Accept-Encoding'] },
      });
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.headers['content-type']).toBe(plain.headers['content-type']);
      expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(br.headers.vary).toMatch(/Accept-Encoding/);
      expect(br.body.length).toBeLessThan(script.length / 4);
      expect(brotliDecompressSync(br.body).equals(script)).toBe(true);

      const gzip = await raw(`${server.url}${SCRIPT}`, { headers: { 'Accept-Encoding': 'gzip, deflate' } });
      expect(gzip.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(gzip.body).equals(script)).toBe(true);

      // A browser that refuses brotli gets gzip.
      const noBrotli = await raw(`${server.url}${SCRIPT}`, {
        headers: { 'Accept-Encoding': 'br;q=0, gzip' },
      });
      expect(noBrotli.headers['content-encoding']).toBe('gzip');

      const css = await raw(`${server.url}${STYLES}`, { headers: { 'Accept-Encoding': 'br' } });
      expect(css.headers['content-type']).toMatch(/^text\/css/);
      expect(css.headers['content-encoding']).toBe('br');
    });

    it('answers HEAD and a revalidation of an asset without a body', async () => {
      const get = await raw(`${server.url}${SCRIPT}`, { headers: { 'Accept-Encoding': 'br' } });
      const head = await raw(`${server.url}${SCRIPT}`, {
        method: 'HEAD',
        headers: { 'Accept-Encoding': 'br' },
      });
      expect(head.status).toBe(200);
      expect(head.body.length).toBe(0);
      expect(head.headers['content-length']).toBe(get.headers['content-length']);
      expect(head.headers['content-encoding']).toBe('br');
      const again = await raw(`${server.url}${SCRIPT}`, {
        headers: { 'Accept-Encoding': 'br', 'If-None-Match': String(get.headers.etag) },
      });
      expect(again.status).toBe(304);
    });

    it('revalidates a file without a hash in its name, and sends a small one as it is', async () => {
      const icon = await raw(`${server.url}/favicon.svg`, { headers: BROWSER });
      expect(icon.status).toBe(200);
      expect(icon.headers['cache-control']).toBe('no-cache');
      expect(icon.headers['content-encoding']).toBeUndefined();
      expect(icon.headers['content-type']).toMatch(/^image\/svg\+xml/);
    });

    it('answers 404 for a missing asset or a compressed copy asked by name, never the app’s HTML', async () => {
      for (const route of ['/assets/index-OldBuild1.js', `${SCRIPT}.br`, `${STYLES}.gz`]) {
        const missing = await raw(`${server.url}${route}`, { headers: BROWSER });
        expect(missing.status, route).toBe(404);
        expect(missing.body.toString()).not.toContain('<div id="app">');
      }
    });
  });

  describe('robots.txt', () => {
    it('allows the event pages and disallows the staff pages and the API', async () => {
      const robots = await raw(`${server.url}/robots.txt`);
      expect(robots.status).toBe(200);
      expect(robots.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(robots.headers['x-content-type-options']).toBe('nosniff');
      const lines = robots.body.toString().split('\n');
      expect(lines).toContain('User-agent: *');
      expect(lines).toContain('Allow: /');
      for (const rule of ['/api', '/organize', '/e/*/moderate', '/e/*/speaker', '/e/*/overlay']) {
        expect(lines).toContain(`Disallow: ${rule}`);
      }
      expect(lines.some((line) => line === `Disallow: /e/` || line === 'Disallow: /')).toBe(false);
      const head = await raw(`${server.url}/robots.txt`, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(head.body.length).toBe(0);
    });
  });

  describe('the API', () => {
    it('compresses a large JSON answer, and carries the API’s own headers', async () => {
      const plain = await raw(`${server.url}/api/events/${SLUG}`, {
        headers: { 'Accept-Encoding': 'identity' },
      });
      expect(plain.status).toBe(200);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(plain.headers['x-content-type-options']).toBe('nosniff');
      expect(plain.headers['cache-control']).toBeUndefined();

      const br = await raw(`${server.url}/api/events/${SLUG}`, {
        headers: { 'Accept-Encoding': BROWSER['Accept-Encoding'] },
      });
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.headers.vary).toMatch(/Accept-Encoding/);
      expect(br.body.length).toBeLessThan(plain.body.length / 2);
      expect(JSON.parse(brotliDecompressSync(br.body).toString())).toEqual(JSON.parse(plain.body.toString()));
    });

    it('answers HEAD on an API route without a body', async () => {
      const get = await raw(`${server.url}/api/health`);
      const head = await raw(`${server.url}/api/health`, { method: 'HEAD' });
      expect(head.status).toBe(get.status);
      expect(head.body.length).toBe(0);
      expect(head.headers['content-type']).toBe(get.headers['content-type']);
      expect(head.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    });

    // Every answer of the HTTP app carries nosniff (the first middleware sets it); the handshake
    // has none, so it never went through the HTTP app's middleware, compression included, and
    // engine.io's own long-polling compression is the only one it gets.
    it('leaves socket.io traffic to engine.io: none of the site’s middleware (compression included) touches it', async () => {
      const handshake = await raw(`${server.url}/socket.io/?EIO=4&transport=polling`, {
        headers: { 'Accept-Encoding': BROWSER['Accept-Encoding'] },
      });
      expect(handshake.status).toBe(200);
      expect(handshake.body.toString()).toMatch(/^0\{"sid":/);
      expect(handshake.headers['content-encoding']).toBeUndefined();
      expect(handshake.headers['x-content-type-options']).toBeUndefined();
      const unknown = await raw(`${server.url}/api/nothing-here`);
      expect(unknown.status).toBe(404);
      expect(unknown.headers['x-content-type-options']).toBe('nosniff');
    });
  });
});
