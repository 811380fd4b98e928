/** Room names, in one place so publishers and joiners cannot drift apart. */
export const rooms = {
  /** Every viewer socket that joined the part. */
  viewers: (partId: string) => `part:${partId}:viewers`,
  /** Every socket of one participant (several tabs), for what only they may see. */
  participant: (participantId: string) => `participant:${participantId}`,
};
