import type { AgendaItemView, EventSummary, EventView, PartView } from '../../../../shared/events-api.js';
import type { EventRecord, PartRecord, StoredEvent } from './events.repository.js';

export function toEventSummary(event: EventRecord, parts: PartRecord[]): EventSummary {
  return {
    slug: event.slug,
    title: event.title,
    timezone: event.timezone,
    parts: parts.map((p) => ({
      id: p.id,
      title: p.title,
      date: p.local_date,
      start: p.starts_at.toISOString(),
      end: p.ends_at.toISOString(),
    })),
  };
}

export function toEventView({ event, parts, items, speakers }: StoredEvent): EventView {
  const itemViews: AgendaItemView[] = items.map((item) => ({
    id: item.id,
    partId: item.part_id,
    kind: item.kind,
    title: item.title,
    start: item.starts_at.toISOString(),
    end: item.ends_at.toISOString(),
    speakers: speakers
      .filter((s) => s.agenda_item_id === item.id)
      .map(({ name, city, country }) => ({ name, city, country })),
    covers: items.filter((talk) => talk.qa_item_id === item.id).map(({ id, title }) => ({ id, title })),
  }));
  const partViews: PartView[] = parts.map((part) => ({
    id: part.id,
    position: part.position,
    title: part.title,
    date: part.local_date,
    start: part.starts_at.toISOString(),
    end: part.ends_at.toISOString(),
    streamUrl: part.stream_url,
    streamNote: part.stream_note,
    streamDelaySeconds: part.stream_delay_seconds,
    about: part.about,
    objectives: part.objectives,
    items: itemViews.filter((item) => item.partId === part.id),
  }));
  return {
    slug: event.slug,
    title: event.title,
    description: event.description,
    notes: event.notes,
    timezone: event.timezone,
    qaOpensBeforeMinutes: event.qa_opens_before_minutes,
    parts: partViews,
  };
}
