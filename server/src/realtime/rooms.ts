/** Room names, in one place so publishers and joiners cannot drift apart. */
export const rooms = {
  /** Every viewer socket that joined the part. */
  viewers: (partId: string) => `part:${partId}:viewers`,
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
