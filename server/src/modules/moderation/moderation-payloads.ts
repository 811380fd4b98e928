import {
  BlockOverrideRequestSchema,
  EventSettingsRequestSchema,
  ModerationRequestSchema,
  ReorderRequestSchema,
  type BlockOverrideRequest,
  type EventSettingsRequest,
  type ModerationRequest,
  type ReorderRequest,
} from '../../../../shared/contracts/moderation.js';
import { LabelsRequestSchema, type LabelsRequest } from '../../../../shared/contracts/labels.js';
import { readPayload } from '../../common/read-payload.js';

// Moderators' payloads, read through their schemas in shared/contracts/moderation.ts.

export function readModerationRequest(body: unknown): ModerationRequest {
  return readPayload(ModerationRequestSchema, body);
}

export function readReorderRequest(body: unknown): ReorderRequest {
  return readPayload(ReorderRequestSchema, body);
}

export function readSettingsRequest(body: unknown): EventSettingsRequest {
  return readPayload(EventSettingsRequestSchema, body);
}

export function readBlockOverrideRequest(body: unknown): BlockOverrideRequest {
  return readPayload(BlockOverrideRequestSchema, body);
}

export function readLabelsRequest(body: unknown): LabelsRequest {
  return readPayload(LabelsRequestSchema, body);
}
