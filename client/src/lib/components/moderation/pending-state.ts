/** What the moderator page's header and the tab's title show of the part: the questions waiting for review. */
export interface PendingState {
  /** The part's snapshot has arrived (before, nothing counts as new). */
  joined: boolean;
  /** Ids of the questions waiting for review. */
  pendingIds: readonly string[];
}
