import { describe, expect, it } from 'vitest';
import { LivePublisher } from '../../server/src/realtime/live-publisher.js';
import { rooms, VIEWER_SHARDS } from '../../server/src/realtime/rooms.js';
import { dataOf, request, waitFor } from '../utils/live-client.js';
import { useLiveSession } from '../utils/live-session.js';

// A part's batch to a large audience goes out shard room by shard room (PartBatcher), so every
// viewer must be in exactly one shard of each part it joined, and the shards together must reach
// exactly the part's viewers.
describe("the part's viewer shards", () => {
  const session = useLiveSession();

  function localRooms() {
    return session.server.app.get(LivePublisher).localRooms();
  }

  it('puts each joined viewer in exactly one shard, spread over several, and takes it out on leave', async () => {
    const viewers = await Promise.all(Array.from({ length: 40 }, () => session.viewer()));
    const partId = session.part.id;
    const inRoom = [...(localRooms().get(rooms.viewers(partId)) ?? [])].sort();
    const shards = rooms.viewerShards(partId).map((room) => [...(localRooms().get(room) ?? [])]);
    expect(shards).toHaveLength(VIEWER_SHARDS);
    expect(shards.flat().sort()).toEqual(inRoom);
    expect(new Set(shards.flat()).size).toBe(inRoom.length);
    expect(shards.filter((members) => members.length > 0).length).toBeGreaterThan(VIEWER_SHARDS / 2);

    const leaving = viewers[0].socket;
    dataOf(await request(leaving, 'part:leave', { partId }));
    const stillIn = [...localRooms()].filter(
      ([room, members]) => room.includes(partId) && members.has(leaving.id!),
    );
    expect(stillIn).toEqual([]);
  });

  it('reaches every viewer of the part once when sent shard by shard', async () => {
    const viewers = await Promise.all(Array.from({ length: 30 }, () => session.viewer()));
    const partId = session.part.id;
    const batch = { partId, version: 1, counts: [] };
    const received = viewers.map(({ socket }) => {
      let times = 0;
      socket.on('votes:changed', () => (times += 1));
      return { got: waitFor(socket, 'votes:changed'), times: () => times };
    });
    await session.server.app
      .get(LivePublisher)
      .toRoomsInTurns(rooms.viewerShards(partId), 'votes:changed', batch);
    await Promise.all(received.map((r) => r.got));
    // One more round trip on every socket: anything sent twice would have arrived by now.
    await Promise.all(viewers.map(({ socket }) => request(socket, 'clock:sync', {})));
    expect(received.map((r) => r.times())).toEqual(viewers.map(() => 1));
  });
});
