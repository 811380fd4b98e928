import { describe, expect, it } from 'vitest';
import { streamSource, type StreamSource } from './stream-source.js';

const hls = (url: string): StreamSource => ({ kind: 'hls', url });
const embed = (url: string): StreamSource => ({ kind: 'embed', url });
const youtube = embed('https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ');

const cases: [string, string | null | undefined, StreamSource | null][] = [
  // No stream.
  ['null', null, null],
  ['undefined', undefined, null],
  ['empty', '', null],
  ['blank', '   ', null],
  ['not a URL', 'stream.m3u8', null],
  // HLS: the path ends with .m3u8, whatever the query.
  ['HLS', 'https://cdn.example.org/live/course.m3u8', hls('https://cdn.example.org/live/course.m3u8')],
  [
    'HLS with a token',
    'https://cdn.example.org/live/index.m3u8?token=abc&x=1',
    hls('https://cdn.example.org/live/index.m3u8?token=abc&x=1'),
  ],
  ['HLS, upper case', 'https://cdn.example.org/LIVE.M3U8', hls('https://cdn.example.org/LIVE.M3U8')],
  ['HLS, spaces around', '  https://cdn.example.org/a.m3u8 ', hls('https://cdn.example.org/a.m3u8')],
  [
    '.m3u8 only in the query is a page',
    'https://player.example.org/?src=a.m3u8',
    embed('https://player.example.org/?src=a.m3u8'),
  ],
  ['HLS on localhost', 'http://localhost:8080/hls/a.m3u8', hls('http://localhost:8080/hls/a.m3u8')],
  ['HLS on 127.0.0.1', 'http://127.0.0.1/a.m3u8', hls('http://127.0.0.1/a.m3u8')],
  // YouTube: every form of a video's address becomes the no-cookie embed.
  ['YouTube watch', 'https://www.youtube.com/watch?v=dQw4w9WgXcQ', youtube],
  ['YouTube watch, more params', 'https://youtube.com/watch?feature=share&v=dQw4w9WgXcQ&t=42', youtube],
  ['YouTube mobile', 'https://m.youtube.com/watch?v=dQw4w9WgXcQ', youtube],
  ['youtu.be', 'https://youtu.be/dQw4w9WgXcQ', youtube],
  ['youtu.be with a share id', 'https://youtu.be/dQw4w9WgXcQ?si=xyz', youtube],
  ['YouTube live', 'https://www.youtube.com/live/dQw4w9WgXcQ?si=xyz', youtube],
  ['YouTube embed', 'https://www.youtube.com/embed/dQw4w9WgXcQ', youtube],
  [
    'YouTube no-cookie embed, as given',
    'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ',
    embed('https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ'),
  ],
  [
    'YouTube channel page, as given',
    'https://www.youtube.com/@esr/live',
    embed('https://www.youtube.com/@esr/live'),
  ],
  ['YouTube watch without an id', 'https://www.youtube.com/watch', embed('https://www.youtube.com/watch')],
  ['YouTube over http is refused', 'http://www.youtube.com/watch?v=dQw4w9WgXcQ', null],
  // Vimeo.
  ['Vimeo', 'https://vimeo.com/76979871', embed('https://player.vimeo.com/video/76979871')],
  ['Vimeo www', 'https://www.vimeo.com/76979871/', embed('https://player.vimeo.com/video/76979871')],
  [
    'Vimeo unlisted',
    'https://vimeo.com/76979871/8272103f6e',
    embed('https://player.vimeo.com/video/76979871?h=8272103f6e'),
  ],
  [
    'Vimeo event, as given',
    'https://vimeo.com/event/12345/embed',
    embed('https://vimeo.com/event/12345/embed'),
  ],
  // Any other https page is embedded as given.
  [
    'a platform’s player',
    'https://connect.myesr.org/embed/player?id=7',
    embed('https://connect.myesr.org/embed/player?id=7'),
  ],
  ['a page on localhost', 'http://localhost:5173/player', embed('http://localhost:5173/player')],
  // Refused: never put into a src.
  ['javascript:', 'javascript:alert(1)', null],
  ['JavaScript: in capitals', 'JavaScript:alert(document.domain)', null],
  ['javascript: with spaces', ' javascript:alert(1)//.m3u8', null],
  ['data:', 'data:text/html,<script>alert(1)</script>', null],
  ['blob:', 'blob:https://example.org/4b1e', null],
  ['plain http', 'http://cdn.example.org/a.m3u8', null],
  ['http that only looks local', 'http://localhost.example.org/a.m3u8', null],
  ['ftp', 'ftp://example.org/a.m3u8', null],
  ['file', 'file:///etc/passwd', null],
];

describe('streamSource', () => {
  it.each(cases)('%s', (_name, url, expected) => {
    expect(streamSource(url)).toEqual(expected);
  });
});
