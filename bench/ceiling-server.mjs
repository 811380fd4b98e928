// The ceiling: a bare socket.io server (no Nest, no database) that speaks the part of the live
// protocol the benchmark uses, with the same socket.io version and transport options, the same
// payload shapes and the same vote batching rule as ours. Whatever it costs is socket.io's own
// cost for this traffic: our figures divided by its figures say how close to the limit we are.
//
// Run by the benchmark as `node bench/ceiling-server.mjs` with PORT and HOST set; it also reads
// its constants from the server's build (dist/shared/limits.js), so both follow the same limits.
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import { Server } from 'socket.io';
import { MAX_SOCKET_PAYLOAD_BYTES, partBatchIntervalMs } from '../dist/shared/limits.js';

/** Same as RECOVERY_WINDOW_MS in server/src/realtime/live-io.adapter.ts. */
const RECOVERY_WINDOW_MS = 2 * 60_000;
export const CEILING_SLUG = 'esor-patient-communication-course';

const partId = randomUUID();
const blockId = randomUUID();
const now = () => new Date().toISOString();

/** token → participant id */
const participants = new Map();
/** question id → { view, voters: Set<participant id> } in asking order */
const questions = new Map();
let version = 0;

const block = {
  blockId,
  partId,
  title: 'Questions and answers: talks 1 to 3',
  start: now(),
  end: new Date(Date.now() + 3_600_000).toISOString(),
  opensAt: now(),
  closesAt: new Date(Date.now() + 3_600_000).toISOString(),
  open: true,
  override: null,
};

function json(response, status, body) {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

const httpServer = http.createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (request.method === 'POST' && url.pathname === '/api/participants') {
    const id = randomUUID();
    const token = randomBytes(32).toString('base64url');
    participants.set(token, id);
    return json(response, 201, { token, participant: { id } });
  }
  if (request.method === 'GET' && url.pathname === `/api/events/${CEILING_SLUG}`) {
    return json(response, 200, {
      slug: CEILING_SLUG,
      parts: [{ id: partId, items: [{ id: blockId, kind: 'qa', title: block.title }] }],
    });
  }
  if (request.method === 'GET' && url.pathname === '/api/health') {
    const memory = process.memoryUsage();
    return json(response, 200, {
      status: 'ok',
      process: { heapUsedBytes: memory.heapUsed, rssBytes: memory.rss },
    });
  }
  json(response, 404, { error: 'not found' });
});

// The options ours sets in LiveIoAdapter (server/src/realtime/live-io.adapter.ts).
const io = new Server(httpServer, {
  maxHttpBufferSize: MAX_SOCKET_PAYLOAD_BYTES,
  connectionStateRecovery: { maxDisconnectionDuration: RECOVERY_WINDOW_MS, skipMiddlewares: false },
});
const live = io.of('/live');

live.use((socket, next) => {
  const participantId = participants.get(socket.handshake.auth?.token);
  if (!participantId) return next(new Error('auth/invalid_token'));
  socket.data.participantId = participantId;
  next();
});

/** A question as a viewer sees it (QuestionView in shared/questions.ts). */
function view(entry, participantId) {
  return {
    ...entry.view,
    votes: entry.voters.size,
    mine: entry.asker === participantId,
    voted: participantId !== null && entry.voters.has(participantId),
  };
}

// The folding rule of server/src/modules/questions/part-batcher.ts: the first change starts a
// timer (partBatchIntervalMs of the room's size, as ours), and when it fires every question asked
// since goes out whole and the counts of the others voted on since, in one message.
const asked = new Set();
const voted = new Set();
let batchTimer = null;
function touch(set, questionId) {
  set.add(questionId);
  const viewers = live.adapter.rooms.get(`viewers:${partId}`)?.size ?? 0;
  batchTimer ??= setTimeout(flush, partBatchIntervalMs(viewers));
}
function flush() {
  batchTimer = null;
  const folded = [...asked].map((id) => view(questions.get(id), null));
  const counts = [...voted]
    .filter((id) => !asked.has(id))
    .map((id) => ({ id, votes: questions.get(id).voters.size }));
  asked.clear();
  voted.clear();
  version++;
  const batch = { partId, version, counts, ...(folded.length ? { questions: folded } : {}) };
  live.to(`viewers:${partId}`).emit('votes:changed', batch);
}

const ok = (data) => ({ ok: true, data });
const fail = (error, message) => ({ ok: false, error, message });

live.on('connection', (socket) => {
  const participantId = socket.data.participantId;
  socket.join(`participant:${participantId}`);

  socket.on('clock:sync', (_request, ack) => ack?.(ok({ serverTime: now(), clockRate: 1 })));

  socket.on('part:join', (request, ack) => {
    if (request?.partId !== partId) return ack?.(fail('part/not_found', 'No such part.'));
    socket.join(`viewers:${partId}`);
    ack?.(
      ok({
        eventSlug: CEILING_SLUG,
        serverTime: now(),
        clockRate: 1,
        agenda: { current: null, next: null, nextQa: null, secondsToNextQa: null },
        blocks: [block],
        partId,
        participant: { id: participantId },
        full: true,
        questions: [...questions.values()].map((entry) => view(entry, participantId)),
        removedIds: [],
        version,
      }),
    );
  });

  socket.on('question:ask', (request, ack) => {
    const body = typeof request?.body === 'string' ? request.body.trim() : '';
    if (!request?.id || request.blockId !== blockId || body.length === 0 || body.length > 500)
      return ack?.(fail('question/invalid', 'Check the question.'));
    let entry = questions.get(request.id);
    if (!entry) {
      version++;
      entry = {
        asker: participantId,
        voters: new Set(),
        view: {
          id: request.id,
          partId,
          blockId,
          talkId: request.talkId ?? null,
          body,
          displayName: request.displayName ?? null,
          status: 'visible',
          createdAt: now(),
          queuePosition: null,
          mergedIntoId: null,
          edited: false,
          version,
        },
      };
      questions.set(request.id, entry);
      // As QuestionBroadcaster does: the asker's own copy at once, everyone else's in the batch.
      live.to(`participant:${participantId}`).emit('question:upserted', view(entry, participantId));
      touch(asked, request.id);
    }
    ack?.(ok(view(entry, participantId)));
  });

  socket.on('question:vote', (request, ack) => {
    const entry = questions.get(request?.questionId);
    if (!entry) return ack?.(fail('question/not_found', 'No such question.'));
    const had = entry.voters.has(participantId);
    if (request.voted && !had) entry.voters.add(participantId);
    else if (!request.voted && had) entry.voters.delete(participantId);
    if (had !== Boolean(request.voted)) touch(voted, entry.view.id);
    ack?.(ok({ questionId: entry.view.id, voted: Boolean(request.voted), votes: entry.voters.size }));
  });
});

httpServer.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1');
process.on('SIGTERM', () => {
  io.close();
  process.exit(0);
});
