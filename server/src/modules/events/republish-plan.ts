import type { ProgrammeItem, ProgrammePart } from '../../../../shared/programme.js';

/** A stored part and its items, as much as matching needs. */
export interface StoredPartShape {
  id: string;
  localDate: string;
  title: string;
  items: { id: string; kind: string; title: string; startsAt: Date }[];
}

export interface PartPlan {
  /** The stored part this new part updates; null: a new part. */
  partId: string | null;
  part: ProgrammePart;
  /** Per new item (same order): the stored item it updates, or null for a new one. */
  itemIds: (string | null)[];
}

export interface RepublishPlan {
  parts: PartPlan[];
  removedPartIds: string[];
  /** Stored items the new text drops (including every item of a removed part). */
  removedItemIds: string[];
  /** Kept items that stop being Q&A blocks: questions asked in them would lose their block. */
  noLongerQaIds: string[];
  counts: { kept: number; added: number; removed: number };
}

/**
 * How a corrected programme maps onto the published one. A part is the same part when it has
 * the same date (the n-th part of a date matches the n-th); an item is the same item when it
 * starts at the same instant in the same part. Matched rows keep their ids, so questions, links
 * to blocks and hand overrides stay attached.
 */
export function planRepublish(stored: StoredPartShape[], parts: ProgrammePart[]): RepublishPlan {
  const storedByKey = new Map(occurrenceKeys(stored, (p) => p.localDate).map((key, k) => [key, stored[k]]));
  const newKeys = occurrenceKeys(parts, (p) => p.date);
  const matchedPartIds = new Set<string>();
  const removedItemIds: string[] = [];
  const noLongerQaIds: string[] = [];
  let kept = 0;
  let added = 0;
  const planned = parts.map((part, k): PartPlan => {
    const old = storedByKey.get(newKeys[k]);
    if (!old) {
      added += part.items.length;
      return { partId: null, part, itemIds: part.items.map(() => null) };
    }
    matchedPartIds.add(old.id);
    const unmatched = [...old.items];
    const itemIds = part.items.map((item: ProgrammeItem) => {
      const at = unmatched.findIndex((o) => o.startsAt.getTime() === Date.parse(item.start));
      if (at < 0) {
        added += 1;
        return null;
      }
      const [match] = unmatched.splice(at, 1);
      kept += 1;
      if (match.kind === 'qa' && item.kind !== 'qa') noLongerQaIds.push(match.id);
      return match.id;
    });
    removedItemIds.push(...unmatched.map((o) => o.id));
    return { partId: old.id, part, itemIds };
  });
  const removedParts = stored.filter((p) => !matchedPartIds.has(p.id));
  for (const part of removedParts) removedItemIds.push(...part.items.map((i) => i.id));
  return {
    parts: planned,
    removedPartIds: removedParts.map((p) => p.id),
    removedItemIds,
    noLongerQaIds,
    counts: { kept, added, removed: removedItemIds.length },
  };
}

/** "2024-02-22#0", "2024-02-22#1": the n-th part of a date. */
function occurrenceKeys<T>(rows: T[], dateOf: (row: T) => string): string[] {
  const seen = new Map<string, number>();
  return rows.map((row) => {
    const date = dateOf(row);
    const n = seen.get(date) ?? 0;
    seen.set(date, n + 1);
    return `${date}#${n}`;
  });
}
