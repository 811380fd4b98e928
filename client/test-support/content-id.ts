// Ids for built test data, derived from what the test asked for, so that a question's id does
// not depend on how many were built before it (by this test or another one in the file).
// Two questions built alike get the same id: give one a body (or an id) of its own; the
// snapshot and queue builders refuse a list that holds one id twice.

/** A short, stable id for `content`: FNV-1a over its JSON, as 8 hex digits. */
export function contentId(prefix: string, content: unknown): string {
  let hash = 0x811c9dc5;
  for (const char of JSON.stringify(content) ?? '') {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${prefix}-${hash.toString(16).padStart(8, '0')}`;
}

/** Throws when two of `items` share an id: built alike, they would stand for one question. */
export function assertDistinctIds(items: readonly { id: string }[]): void {
  const seen = new Set<string>();
  for (const { id } of items) {
    if (seen.has(id))
      throw new Error(`Two questions built alike share the id ${id}: give each a body or an id.`);
    seen.add(id);
  }
}
