/**
 * Each viewer of a part is also in one of this many shard rooms, so a batch to a large audience
 * can go out one shard at a time (PartBatcher) instead of holding the loop for the whole room.
 */
export const VIEWER_SHARDS = 16;

/** Room names, in one place so publishers and joiners cannot drift apart. */
export const rooms = {
  /** Every viewer socket that joined the part. */
  viewers: (partId: string) => `part:${partId}:viewers`,
  /** The viewers' shard room of the socket `socketId` (spread evenly by the id's characters). */
  viewerShard: (partId: string, socketId: string) => `part:${partId}:viewer-shard:${shardOf(socketId)}`,
  /** All the part's viewers' shard rooms: together, the same sockets as `viewers`. */
  viewerShards: (partId: string) =>
    Array.from({ length: VIEWER_SHARDS }, (_, shard) => `part:${partId}:viewer-shard:${shard}`),
  /** Every socket of one participant (several tabs), for what only they may see. */
  participant: (participantId: string) => `participant:${participantId}`,
  /** Moderators of the part: every question with its state. */
  moderators: (partId: string) => `part:${partId}:moderators`,
  /** Speakers of the part holding a panel link: the whole queue. */
  speakerPanel: (partId: string) => `part:${partId}:speakers`,
  /** Speakers of the part holding a link for one named speaker: their talks only. */
  namedSpeaker: (partId: string, speakerName: string) =>
    `part:${partId}:speaker:${speakerName.toLowerCase()}`,
  /** Every socket opened with one link, so revoking it can disconnect them all. */
  grant: (grantId: string) => `grant:${grantId}`,
};

/** A small string hash (FNV-1a): socket ids are random, so any mixing of their characters spreads them. */
function shardOf(socketId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < socketId.length; i++) hash = Math.imul(hash ^ socketId.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % VIEWER_SHARDS;
}
