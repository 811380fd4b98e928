// What a part's stream URL is and how to show it: an HLS playlist played in a <video>, or a
// page for an <iframe>. Organizers type the URL, so anything that is not https (or http on
// this machine, for development) is refused: a `javascript:` or `data:` URL never reaches a
// src attribute. The page shows the stream by this rule and the server's Content-Security-Policy
// allows the hosts by the same rule, so the two never disagree.

export type StreamSource = { kind: 'hls'; url: string } | { kind: 'embed'; url: string };

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
const YOUTUBE_HOSTS = new Set(['youtube.com', 'www.youtube.com', 'm.youtube.com']);
const VIMEO_HOSTS = new Set(['vimeo.com', 'www.vimeo.com']);
const YOUTUBE_ID = /^[A-Za-z0-9_-]{6,}$/;

function parse(url: string): URL | null {
  try {
    return new URL(url.trim());
  } catch {
    return null;
  }
}

function allowed(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
}

/** The video id of a YouTube watch, live, embed or short-link URL; null for any other page. */
function youtubeId(url: URL): string | null {
  const segments = url.pathname.split('/').filter(Boolean);
  let id: string | null | undefined;
  if (url.hostname === 'youtu.be') id = segments.length === 1 ? segments[0] : null;
  else if (!YOUTUBE_HOSTS.has(url.hostname)) return null;
  else if (url.pathname === '/watch') id = url.searchParams.get('v');
  else if (segments.length === 2 && ['live', 'embed', 'shorts'].includes(segments[0] ?? '')) id = segments[1];
  return id && YOUTUBE_ID.test(id) ? id : null;
}

/** vimeo.com/123 (and an unlisted video's vimeo.com/123/abcdef) as the player's address. */
function vimeoPlayer(url: URL): string | null {
  if (!VIMEO_HOSTS.has(url.hostname)) return null;
  const match = /^\/(\d+)(?:\/([0-9a-f]+))?\/?$/i.exec(url.pathname);
  if (!match) return null;
  const [, id, hash] = match;
  return `https://player.vimeo.com/video/${id}${hash ? `?h=${hash}` : ''}`;
}

/** How to show `url`; null when there is no stream or the URL is not one this page will load. */
export function streamSource(url: string | null | undefined): StreamSource | null {
  if (!url) return null;
  const parsed = parse(url);
  if (!parsed || !allowed(parsed)) return null;
  if (parsed.pathname.toLowerCase().endsWith('.m3u8')) return { kind: 'hls', url: parsed.href };
  const youtube = youtubeId(parsed);
  if (youtube) return { kind: 'embed', url: `https://www.youtube-nocookie.com/embed/${youtube}` };
  return { kind: 'embed', url: vimeoPlayer(parsed) ?? parsed.href };
}
