// One viewer: a participant with its socket, and what its screen shows. Receiving mirrors the
// real client (client/src/lib/state/questions.svelte.ts): an upsert replaces a question unless
// it is older, a vote batch overwrites counts of questions already held and ignores others.
import { connectLive, newParticipant, now, request } from './live-api.mjs';

/** Everything the viewers of one worker received: counters for the figures and the drain check. */
export class Reception {
  pushes = 0;
  acks = 0;
  windowPushes = 0;
  windowAcks = 0;
  lastPushAt = 0;
  /** Counts for questions the viewer did not hold yet (ignored, as the client does). */
  unknownVotes = 0;
  /** @type {Record<string, number>} */
  byEvent = {};
  /** The measured phase: pushes and acks inside it make the rates. */
  window = { start: Infinity, end: -Infinity };

  inWindow(t) {
    return t >= this.window.start && t <= this.window.end;
  }

  push(event, t) {
    this.pushes++;
    this.lastPushAt = t;
    if (this.inWindow(t)) this.windowPushes++;
    this.byEvent[event] = (this.byEvent[event] ?? 0) + 1;
  }

  ack(t) {
    this.acks++;
    if (this.inWindow(t)) this.windowAcks++;
  }

  toJSON() {
    const { pushes, acks, windowPushes, windowAcks, lastPushAt, unknownVotes, byEvent } = this;
    return { pushes, acks, windowPushes, windowAcks, lastPushAt, unknownVotes, byEvent };
  }
}

export class Viewer {
  alive = true;
  /** @type {Map<string, { votes: number, version: number }>} what this viewer's screen shows */
  seen = new Map();
  /**
   * Sampled viewers only: per question, when the highest count shown went up.
   * @type {Map<string, { max: number, t: number[], c: number[] }> | null}
   */
  timeline;

  /**
   * A new participant, connected and joined to the part; throws when any step fails.
   * @param {{ url: string, partId: string, ackTimeoutMs: number }} config
   * @param {{ sampled: boolean, reception: Reception, onDrop: (reason: string) => void }} options
   */
  static async join(config, { sampled, reception, onDrop }) {
    const { token } = await newParticipant(config.url);
    const socket = await connectLive(config.url, token);
    const viewer = new Viewer(socket, sampled, reception);
    socket.on('disconnect', (reason) => {
      viewer.alive = false;
      onDrop(reason);
    });
    const ack = await request(socket, 'part:join', { partId: config.partId }, config.ackTimeoutMs);
    if (!ack.ok) {
      socket.close();
      throw new Error(`join: ${ack.error}`);
    }
    const t = now();
    for (const question of ack.data.questions) viewer.hold(question, t);
    return viewer;
  }

  /** @param {import('socket.io-client').Socket} socket */
  constructor(socket, sampled, reception) {
    this.socket = socket;
    this.timeline = sampled ? new Map() : null;
    this.reception = reception;
    socket.onAny((event, payload) => this.receive(event, payload));
  }

  receive(event, payload) {
    const t = now();
    this.reception.push(event, t);
    if (event === 'votes:changed') {
      // A part's batch (the client's rules): questions asked or changed, removals, then counts.
      for (const question of payload.questions ?? []) this.hold(question, t);
      for (const { id } of payload.removed ?? []) this.seen.delete(id);
      for (const { id, votes } of payload.counts) {
        const held = this.seen.get(id);
        if (!held) {
          this.reception.unknownVotes++;
          continue;
        }
        held.votes = votes;
        this.record(id, votes, t);
      }
    } else if (event === 'question:upserted') {
      this.hold(payload, t);
    } else if (event === 'question:removed') {
      this.seen.delete(payload.id);
    }
  }

  hold(question, t) {
    const held = this.seen.get(question.id);
    if (held && held.version > question.version) return;
    this.seen.set(question.id, { votes: question.votes, version: question.version });
    this.record(question.id, question.votes, t);
  }

  record(id, votes, t) {
    if (!this.timeline) return;
    let line = this.timeline.get(id);
    if (!line) this.timeline.set(id, (line = { max: -1, t: [], c: [] }));
    if (votes <= line.max) return;
    line.max = votes;
    line.t.push(t);
    line.c.push(votes);
  }

  /** [question id, times, counts] per question, for the orchestrator. */
  timelineEntries() {
    return [...(this.timeline ?? new Map()).entries()].map(([id, line]) => [id, line.t, line.c]);
  }
}
