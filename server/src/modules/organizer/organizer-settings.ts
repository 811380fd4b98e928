// Reads a PATCH /api/events/:slug/settings body through its schema; every refusal names the field.
import {
  OrganizerSettingsChangeSchema,
  type OrganizerSettingsChange,
} from '../../../../shared/contracts/organizer.js';
import { readPayload } from '../../common/read-payload.js';

export function readSettingsChange(body: unknown): OrganizerSettingsChange {
  return readPayload(OrganizerSettingsChangeSchema, body);
}
