// Who the part's named speakers are, and their rooms: read by the speakers' queue and by the
// part's live state (settings reach named speakers too). Pure functions in a file of their own,
// so the two services do not import each other.
import type { PartView } from '../../../../shared/events-api.js';
import { rooms } from '../../realtime/rooms.js';

/** The part's speakers, each name once. */
export function speakerNames(part: PartView): string[] {
  return [...new Set(part.items.flatMap((item) => item.speakers.map((speaker) => speaker.name)))];
}

/** The rooms of the part's named speakers (settings changes reach them too). */
export function namedSpeakerRooms(part: PartView): string[] {
  return speakerNames(part).map((name) => rooms.namedSpeaker(part.id, name));
}
