// The programme as organizers publish it, after parsing and before it is stored.
// The same shape is accepted as JSON by `POST /api/events`.
import type * as v from 'valibot';
import type {
  ProgrammeFieldsSchema,
  ProgrammeItemSchema,
  ProgrammePartSchema,
  SpeakerSchema,
} from './contracts/programme.js';

export const AGENDA_ITEM_KINDS = ['talk', 'qa', 'break'] as const;
export type AgendaItemKind = (typeof AGENDA_ITEM_KINDS)[number];

// The shapes are those of the JSON schemas in shared/contracts/programme.ts (documented there).
export type Speaker = v.InferOutput<typeof SpeakerSchema>;
export type ProgrammeItem = v.InferOutput<typeof ProgrammeItemSchema>;
export type ProgrammePart = v.InferOutput<typeof ProgrammePartSchema>;

export interface Programme extends Omit<v.InferOutput<typeof ProgrammeFieldsSchema>, 'slug'> {
  /** URL name; derived from the title when absent. */
  slug?: string;
}
