import type {
  BlockOverrideRequest,
  EventSettingsRequest,
  ModerationRequest,
  ReorderRequest,
} from '../../../../shared/moderation.js';
import { DomainError } from '../../common/domain-error.js';
import { booleanField, payloadObject, stringField, uuidField } from '../../realtime/payload.js';

const ACTIONS: readonly ModerationRequest['action'][] = [
  'approve',
  'hide',
  'restore',
  'edit',
  'merge',
  'star',
  'queue',
  'unqueue',
  'on_air',
  'answered',
];
const MAX_QUEUE = 500;

export function readModerationRequest(body: unknown): ModerationRequest {
  const payload = payloadObject(body);
  const action = payload.action;
  if (typeof action !== 'string' || !(ACTIONS as readonly string[]).includes(action)) {
    throw new DomainError('request/invalid', `"action" must be one of ${ACTIONS.join(', ')}.`);
  }
  const questionId = uuidField(payload, 'questionId');
  const revision = payload.revision;
  if (typeof revision !== 'number' || !Number.isSafeInteger(revision) || revision < 0) {
    throw new DomainError(
      'request/invalid',
      '"revision" must be the question’s revision as you last saw it (a whole number).',
    );
  }
  const base = { questionId, revision };
  switch (action as ModerationRequest['action']) {
    case 'edit':
      return { action: 'edit', ...base, body: stringField(payload, 'body') };
    case 'merge':
      return { action: 'merge', ...base, intoId: uuidField(payload, 'intoId') };
    case 'star':
      return { action: 'star', ...base, starred: booleanField(payload, 'starred') };
    case 'on_air': {
      const previous = payload.previous ?? 'answered';
      if (previous !== 'answered' && previous !== 'queued') {
        throw new DomainError(
          'request/invalid',
          '"previous" must be "answered" or "queued": what becomes of the question on air now.',
        );
      }
      return { action: 'on_air', ...base, previous };
    }
    case 'approve':
    case 'hide':
    case 'restore':
    case 'queue':
    case 'unqueue':
    case 'answered':
      return { action: action as 'approve' | 'hide' | 'restore' | 'queue' | 'unqueue' | 'answered', ...base };
  }
}

export function readReorderRequest(body: unknown): ReorderRequest {
  const payload = payloadObject(body);
  const order = payload.order;
  if (!Array.isArray(order) || order.length > MAX_QUEUE) {
    throw new DomainError(
      'request/invalid',
      `"order" must be the list of queued question ids (at most ${MAX_QUEUE}).`,
    );
  }
  const queueVersion = payload.queueVersion;
  if (typeof queueVersion !== 'number' || !Number.isSafeInteger(queueVersion)) {
    throw new DomainError('request/invalid', '"queueVersion" must be the queue version you last saw.');
  }
  return {
    partId: uuidField(payload, 'partId'),
    queueVersion,
    order: order.map((_, index) => uuidField(order as unknown as Record<string, unknown>, String(index))),
  };
}

export function readSettingsRequest(body: unknown): EventSettingsRequest {
  const payload = payloadObject(body);
  const request: EventSettingsRequest = { partId: uuidField(payload, 'partId') };
  if (payload.preModeration !== undefined) request.preModeration = booleanField(payload, 'preModeration');
  if (payload.speakersMayAnswer !== undefined)
    request.speakersMayAnswer = booleanField(payload, 'speakersMayAnswer');
  if (payload.holdPatientData !== undefined)
    request.holdPatientData = booleanField(payload, 'holdPatientData');
  if (payload.holdProfanity !== undefined) request.holdProfanity = booleanField(payload, 'holdProfanity');
  return request;
}

export function readBlockOverrideRequest(body: unknown): BlockOverrideRequest {
  const payload = payloadObject(body);
  const state = payload.state;
  if (state !== 'open' && state !== 'closed' && state !== null) {
    throw new DomainError(
      'request/invalid',
      '"state" must be "open", "closed", or null to follow the clock again.',
    );
  }
  return { blockId: uuidField(payload, 'blockId'), state };
}
