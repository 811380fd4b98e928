/** A part's room name: `part:<id>:viewers`, `:moderators`, `:speakers` or `:speaker:<name>` (rooms.ts). */
const PART_ROOM = /^part:([0-9a-f-]{36}):(viewers|moderators|speakers|speaker:.*)$/;

export interface PartAudience {
  viewers: number;
  /** Distinct staff sockets (a moderator may sit in several of the part's rooms). */
  staff: number;
}

/**
 * This instance's audience per part, read from the adapter's local rooms (`LivePublisher.localRooms`):
 * for the metrics and the analytics' viewer samples, never for sending.
 */
export function localAudienceByPart(
  localRooms: ReadonlyMap<string, ReadonlySet<string>>,
): Map<string, PartAudience> {
  const byPart = new Map<string, { viewers: number; staff: Set<string> }>();
  for (const [room, members] of localRooms) {
    const match = PART_ROOM.exec(room);
    if (!match) continue;
    let entry = byPart.get(match[1]);
    if (!entry) byPart.set(match[1], (entry = { viewers: 0, staff: new Set() }));
    if (match[2] === 'viewers') entry.viewers += members.size;
    else for (const id of members) entry.staff.add(id);
  }
  return new Map(
    [...byPart].map(([partId, entry]) => [partId, { viewers: entry.viewers, staff: entry.staff.size }]),
  );
}
