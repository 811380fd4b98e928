// The built client as a production site: hashed assets cached for a year, index.html revalidated,
// both sent as the brotli or gzip file written at build time (scripts/precompress.mjs) when the
// browser takes it, HEAD answered like GET, a robots.txt, and the pages' security headers.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import type { NextFunction, Request, Response } from 'express';
import { isStaffPage, pageHeaders, ROBOTS_TXT, withNoindex, type StreamOrigins } from './page-policy.js';

type Encoding = 'br' | 'gzip';
const ENCODINGS: readonly Encoding[] = ['br', 'gzip'];
const SUFFIX: Record<Encoding, string> = { br: '.br', gzip: '.gz' };

/** Vite writes every bundled file as assets/<name>-<content hash>.<ext>: its name changes with it. */
const HASHED_ASSET = /^\/assets\/.+-[\w-]{8,}\.\w+$/;
export const IMMUTABLE = 'public, max-age=31536000, immutable';

interface StaticFile {
  readonly file: string;
  /** The precompressed copies beside it (`x.js.br`, `x.js.gz`). */
  readonly encoded: ReadonlyMap<Encoding, string>;
  readonly cacheControl: string;
}

/** One HTML body in each encoding, compressed once at start. */
interface PageBody {
  readonly identity: Buffer;
  readonly br: Buffer;
  readonly gzip: Buffer;
}

export interface ClientSiteOptions {
  clientDir: string;
  embedOrigins: readonly string[];
  streamOrigins: () => Promise<StreamOrigins>;
}

/** Every file of the built client, by URL path; read once at start (the build does not change under a running server). */
function listFiles(clientDir: string): Map<string, StaticFile> {
  const all = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) all.add(full);
    }
  };
  walk(clientDir);
  const files = new Map<string, StaticFile>();
  for (const file of all) {
    const isCopy = ENCODINGS.some(
      (e) => file.endsWith(SUFFIX[e]) && all.has(file.slice(0, -SUFFIX[e].length)),
    );
    if (isCopy) continue;
    const urlPath = '/' + path.relative(clientDir, file).split(path.sep).join('/');
    // index.html is only ever sent as a page (below), with the page's headers.
    if (urlPath === '/index.html') continue;
    const encoded = new Map<Encoding, string>();
    for (const encoding of ENCODINGS) {
      if (all.has(file + SUFFIX[encoding])) encoded.set(encoding, file + SUFFIX[encoding]);
    }
    files.set(urlPath, { file, encoded, cacheControl: HASHED_ASSET.test(urlPath) ? IMMUTABLE : 'no-cache' });
  }
  return files;
}

function compressPage(html: string): PageBody {
  const identity = Buffer.from(html, 'utf8');
  return {
    identity,
    br: brotliCompressSync(identity, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }),
    gzip: gzipSync(identity, { level: 9 }),
  };
}

/**
 * The encoding to send: brotli (the smallest) whenever the browser takes it, then gzip, else
 * none. Our order, not the header's: browsers list `gzip, deflate, br`, all of equal weight.
 */
function chooseEncoding(request: Request, available: readonly Encoding[]): Encoding | null {
  return ENCODINGS.find((e) => available.includes(e) && request.acceptsEncodings(e) === e) ?? null;
}

/** Answered by the server itself: the API, Prometheus' /metrics and socket.io. */
function isApiPath(urlPath: string): boolean {
  return (
    urlPath === '/api' ||
    urlPath.startsWith('/api/') ||
    urlPath === '/metrics' ||
    urlPath.startsWith('/socket.io')
  );
}

/** Express middleware serving robots.txt, the client's files and its pages; the API passes through. */
export function clientSite(
  options: ClientSiteOptions,
): (req: Request, res: Response, next: NextFunction) => void {
  // sendFile() wants an absolute path; CLIENT_DIR may be relative to the working directory.
  const clientDir = path.resolve(options.clientDir);
  const files = listFiles(clientDir);
  const indexFile = path.join(clientDir, 'index.html');
  const indexHtml = readFileSync(indexFile, 'utf8');
  const pages = { public: compressPage(indexHtml), staff: compressPage(withNoindex(indexHtml)) };
  const indexModified = statSync(indexFile).mtime.toUTCString();

  const sendFile = (request: Request, response: Response, next: NextFunction, found: StaticFile): void => {
    const encoding = chooseEncoding(request, [...found.encoded.keys()]);
    // Content-Type by the original name; send() keeps a type that is already set.
    response.type(path.extname(found.file));
    response.setHeader('Cache-Control', found.cacheControl);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    if (found.encoded.size) response.vary('Accept-Encoding');
    if (encoding) response.setHeader('Content-Encoding', encoding);
    const file = encoding ? (found.encoded.get(encoding) ?? found.file) : found.file;
    // send() answers HEAD without a body, If-None-Match / If-Modified-Since with 304 (its ETag
    // is per file, so each encoding has its own) and Range requests.
    response.sendFile(file, { cacheControl: false, dotfiles: 'allow' }, (error?: Error) => {
      if (error && !response.headersSent) next(error);
    });
  };

  const sendPage = async (request: Request, response: Response): Promise<void> => {
    const staff = isStaffPage(request.path);
    const headers = pageHeaders({
      staff,
      streams: await options.streamOrigins(),
      embedOrigins: options.embedOrigins,
    });
    const body = staff ? pages.staff : pages.public;
    const encoding = chooseEncoding(request, ENCODINGS);
    response.set(headers);
    response.type('html');
    response.vary('Accept-Encoding');
    if (encoding) response.setHeader('Content-Encoding', encoding);
    if (!staff) response.setHeader('Last-Modified', indexModified);
    // send() sets Content-Length and an ETag of these bytes, answers 304 when the browser's copy
    // is fresh, and leaves the body out for HEAD.
    response.send(encoding ? body[encoding] : body.identity);
  };

  return (request, response, next) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    if (isApiPath(request.path)) return next();
    if (request.path === '/robots.txt') {
      response.type('text/plain').setHeader('Cache-Control', 'public, max-age=3600');
      response.setHeader('X-Content-Type-Options', 'nosniff');
      response.send(ROBOTS_TXT);
      return;
    }
    const found = files.get(request.path);
    if (found) return sendFile(request, response, next, found);
    // A missing script or stylesheet (an old build's name) is a 404, never the app's HTML.
    if (request.path.startsWith('/assets/') || !request.accepts('html')) return next();
    sendPage(request, response).catch(next);
  };
}
