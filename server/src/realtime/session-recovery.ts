import type { LiveNamespace, LiveSocket, LiveSocketData } from './live-socket.js';

/** socket.io-parser's PacketType.EVENT (a dependency of socket.io, not of ours). */
const EVENT_PACKET = 2;

/** What a dropped socket had: kept aside until the reconnecting client proves who it is. */
export interface WithheldSession {
  rooms: string[];
  missedPackets: unknown[][];
  data: LiveSocketData;
}

/**
 * Connection state recovery without trusting the reconnecting client.
 *
 * socket.io restores a dropped socket's data and rooms, and writes the packets it missed, in
 * the socket's constructor: before the handshake middleware has looked at the credential the
 * client presents now. A moderator whose link was revoked while away, or a client that swapped
 * its credential, would get moderator pushes again. So the adapter hands socket.io an empty
 * session (no rooms, no packets, only `data.withheld`), and `resumeSession` gives the rooms and
 * packets back once the handshake has verified the same identity.
 *
 * A session is also restored at most once: a client refused on recovery connects again as a
 * new socket instead of being refused for the rest of the recovery window.
 */
export function withholdRecoveredSessions(namespace: LiveNamespace, windowMs: number): void {
  const adapter = namespace.adapter;
  const restore = adapter.restoreSession.bind(adapter);
  const persist = adapter.persistSession.bind(adapter);
  /** pid -> when it was restored; forgotten when the socket drops again or the window passes. */
  const restored = new Map<string, number>();

  adapter.persistSession = (session) => {
    restored.delete(session.pid);
    persist(session);
  };
  adapter.restoreSession = async (pid, offset) => {
    forgetOlderThan(restored, Date.now() - windowMs);
    if (restored.has(pid)) return null as never;
    const session = await restore(pid, offset);
    if (!session) return session;
    restored.set(pid, Date.now());
    const withheld: WithheldSession = {
      rooms: [...session.rooms],
      missedPackets: session.missedPackets,
      data: session.data as LiveSocketData,
    };
    return { ...session, rooms: [], missedPackets: [], data: { withheld } satisfies LiveSocketData };
  };
}

/**
 * Sets the socket's verified identity. On a recovered connection, returns false (refuse it)
 * unless the identity is the one the dropped socket had; when it is, rejoins its rooms and
 * replays what it missed, as socket.io would have.
 */
export function resumeSession(socket: LiveSocket, identity: LiveSocketData): boolean {
  const withheld = socket.data.withheld;
  socket.data = identity;
  if (!withheld) return true;
  if (!sameIdentity(withheld.data, identity)) return false;
  for (const room of withheld.rooms) void socket.join(room);
  // Written before the CONNECT packet, as socket.io's constructor does (the client buffers them
  // until then), through the same private writer: socket.emit would go through the adapter to
  // the socket's own room, which it joins only once connected, and be lost.
  const write = (
    socket as unknown as { packet(packet: { type: number; data: unknown[] }): void }
  ).packet.bind(socket);
  for (const data of withheld.missedPackets) write({ type: EVENT_PACKET, data });
  return true;
}

/** Same participant, or the same link (its validity was checked by the handshake). */
function sameIdentity(before: LiveSocketData, now: LiveSocketData): boolean {
  if (before.participantId || now.participantId) return before.participantId === now.participantId;
  if (before.staff || now.staff) return before.staff?.grantId === now.staff?.grantId;
  return false;
}

function forgetOlderThan(restored: Map<string, number>, threshold: number): void {
  // Insertion order is restore order: stop at the first one still inside the window.
  for (const [pid, at] of restored) {
    if (at >= threshold) break;
    restored.delete(pid);
  }
}
