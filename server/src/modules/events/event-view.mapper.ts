import type { AgendaItemView, EventSummary, EventView, PartView } from '../../../../shared/events-api.js';
import type { EventEntity } from './event.entity.js';
import type { StoredEvent } from './events.repository.js';
import type { PartEntity } from './part.entity.js';

export function toEventSummary(event: EventEntity, parts: PartEntity[]): EventSummary {
  return {
    slug: event.slug,
    title: event.title,
    timezone: event.timezone,
    parts: parts.map((p) => ({
      id: p.id,
      title: p.title,
      date: p.localDate,
      start: p.startsAt.toISOString(),
      end: p.endsAt.toISOString(),
    })),
  };
}

export function toEventView({ event, parts, items, speakers }: StoredEvent): EventView {
  const itemViews: AgendaItemView[] = items.map((item) => ({
    id: item.id,
    partId: item.partId,
    kind: item.kind,
    title: item.title,
    start: item.startsAt.toISOString(),
    end: item.endsAt.toISOString(),
    speakers: speakers
      .filter((s) => s.agendaItemId === item.id)
      .map(({ name, city, country }) => ({ name, city, country })),
    covers: items.filter((talk) => talk.qaItemId === item.id).map(({ id, title }) => ({ id, title })),
  }));
  const partViews: PartView[] = parts.map((part) => ({
    id: part.id,
    position: part.position,
    title: part.title,
    date: part.localDate,
    start: part.startsAt.toISOString(),
    end: part.endsAt.toISOString(),
    streamUrl: part.streamUrl,
    streamNote: part.streamNote,
    streamDelaySeconds: part.streamDelaySeconds,
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
    qaOpensBeforeMinutes: event.qaOpensBeforeMinutes,
    parts: partViews,
  };
}
