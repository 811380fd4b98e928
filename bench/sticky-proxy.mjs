// The benchmark's own sticky reverse proxy in front of several server instances, run as its own
// process (`node bench/sticky-proxy.mjs PORT BACKEND_URL...`, prints "listening" when ready) so
// its CPU is measured apart from the servers'. Sticky the way socket.io needs it: an engine.io
// session (`sid` in the query) always reaches the instance that opened it; a new session, a
// WebSocket opened directly, or a plain API request go to the instances in turn.
import http from 'node:http';
import net from 'node:net';

const [port, ...backends] = process.argv.slice(2);
const targets = backends.map((raw) => new URL(raw));
if (!port || targets.length === 0) {
  console.error('Usage: node bench/sticky-proxy.mjs PORT BACKEND_URL...');
  process.exit(2);
}

/** engine.io session id → index of the instance that opened it */
const sessions = new Map();
let turn = 0;

function pick(url) {
  const sid = new URL(url ?? '/', 'http://proxy').searchParams.get('sid');
  const known = sid === null ? undefined : sessions.get(sid);
  if (known !== undefined) return known;
  turn = (turn + 1) % targets.length;
  return turn;
}

/** A polling handshake's answer (`0{"sid":…}`) tells which instance holds the new session. */
function learnSession(index, body) {
  const match = /^0(\{.*\})/.exec(body);
  if (!match) return;
  try {
    const { sid } = JSON.parse(match[1]);
    if (typeof sid === 'string') sessions.set(sid, index);
  } catch {
    // not a handshake
  }
}

const server = http.createServer((request, response) => {
  const index = pick(request.url);
  const target = targets[index];
  const handshake = request.url?.startsWith('/socket.io/') && !request.url.includes('sid=');
  const upstream = http.request(
    {
      host: target.hostname,
      port: target.port,
      method: request.method,
      path: request.url,
      headers: request.headers,
    },
    (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      if (handshake) {
        let body = '';
        answer.on('data', (chunk) => {
          if (body.length < 1024) body += chunk.toString('utf8');
        });
        answer.on('end', () => learnSession(index, body));
      }
      answer.pipe(response);
    },
  );
  upstream.on('error', (error) => {
    if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' });
    response.end(`proxy: ${error.message}`);
  });
  request.pipe(upstream);
});

// WebSockets: replay the upgrade request to the chosen instance, then copy bytes both ways.
server.on('upgrade', (request, socket, head) => {
  const target = targets[pick(request.url)];
  const upstream = net.connect(Number(target.port), target.hostname, () => {
    const lines = [`${request.method} ${request.url} HTTP/${request.httpVersion}`];
    for (let k = 0; k < request.rawHeaders.length; k += 2)
      lines.push(`${request.rawHeaders[k]}: ${request.rawHeaders[k + 1]}`);
    upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
    if (head?.length) upstream.write(head);
    upstream.pipe(socket);
    socket.pipe(upstream);
  });
  const close = () => {
    upstream.destroy();
    socket.destroy();
  };
  upstream.on('error', close);
  socket.on('error', close);
  upstream.on('close', close);
  socket.on('close', close);
});

server.keepAliveTimeout = 30_000;
server.listen(Number(port), '127.0.0.1', () => console.log('listening'));
process.on('SIGTERM', () => process.exit(0));
