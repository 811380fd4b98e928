/** `POST /api/admin/purge`: what QUESTION_RETENTION_DAYS removed. */
export interface PurgeResult {
  retentionDays: number;
  /** Events whose last part ended before this instant had their questions purged. */
  endedBefore: string;
  /** Questions deleted in all (their votes and audit entries went with them). */
  questions: number;
  events: { slug: string; questions: number }[];
}
