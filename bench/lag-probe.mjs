// How responsive the server's event loop is: `clock:sync` touches no database, so its round
// trip is the wait behind whatever else the server is doing (broadcasts, parsing, GC).
// Runs from the orchestrator, whose own event loop is nearly idle, on a socket that joins no room.
import { connectLive, newParticipant, now, request } from './live-api.mjs';
import { summarize } from './stats.mjs';

const INTERVAL_MS = 100;

export class LagProbe {
  /** @param {string} url */
  static async open(url) {
    const { token } = await newParticipant(url);
    return new LagProbe(await connectLive(url, token));
  }

  constructor(socket) {
    this.socket = socket;
    this.rtts = [];
    this.timeouts = 0;
    this.timer = null;
  }

  /** Probes every INTERVAL_MS until `until` (an instant on the shared clock). */
  run(until) {
    this.timer = setInterval(() => {
      if (now() >= until) return this.stop();
      const sentAt = now();
      void request(this.socket, 'clock:sync', {}, 5000).then((ack) => {
        if (ack.ok) this.rtts.push(now() - sentAt);
        else this.timeouts++;
      });
    }, INTERVAL_MS);
  }

  /** One round trip now, in ms (Infinity when it times out). */
  async ping(timeoutMs = 5000) {
    const sentAt = now();
    const ack = await request(this.socket, 'clock:sync', {}, timeoutMs);
    return ack.ok ? now() - sentAt : Infinity;
  }

  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  close() {
    this.stop();
    this.socket.close();
  }

  result() {
    return { ...summarize(this.rtts), timeouts: this.timeouts };
  }
}
