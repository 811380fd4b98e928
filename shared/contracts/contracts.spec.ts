import { describe, expect, it } from 'vitest';
import type * as v from 'valibot';
import { CreateGrantRequestSchema } from './grants.js';
import { AskRequestSchema, JoinRequestSchema, VoteRequestSchema } from './live.js';
import {
  BlockOverrideRequestSchema,
  MAX_QUEUE,
  ModerationRequestSchema,
  ReorderRequestSchema,
} from './moderation.js';
import { LabelsRequestSchema } from './labels.js';
import { OrganizerSettingsChangeSchema } from './organizer.js';
import { parseOrRefuse, type Problem } from './problem.js';
import { ProgrammeFieldsSchema } from './programme.js';

const ID = '3f1c0c8e-0000-4000-8000-000000000001';

/** The problem a schema reports for `input`, or the parsed value when it passes. */
function check(schema: v.GenericSchema, input: unknown): Problem | { output: unknown } {
  const refusals: Problem[] = [];
  try {
    const output: unknown = parseOrRefuse(schema, input, (problem) => {
      refusals.push(problem);
      throw new Error(problem.message);
    });
    return { output };
  } catch (error) {
    if (refusals.length > 0) return refusals[0];
    throw error;
  }
}

describe('the problem formatter', () => {
  it('names the field by its path, says what it must be and what came instead', () => {
    expect(check(AskRequestSchema, { id: '1; DROP TABLE question', blockId: ID, body: 'x' })).toEqual({
      path: 'id',
      message: '"id" must be a UUID such as 3f1c…-…; got "1; DROP TABLE question".',
    });
    expect(check(VoteRequestSchema, { questionId: ID, voted: 'yes' })).toMatchObject({
      message: '"voted" must be true or false; got "yes".',
    });
  });

  it('reports a field left out with that field’s own message', () => {
    expect(check(AskRequestSchema, { blockId: ID, body: 'x' })).toEqual({
      path: 'id',
      message: '"id" must be a UUID such as 3f1c…-…; got nothing.',
    });
  });

  it('reports a payload that is not an object without a path', () => {
    expect(check(AskRequestSchema, 'hello')).toEqual({
      path: '',
      message: 'The payload must be an object, such as { "partId": "…" }.',
    });
  });

  it('never takes a list for an object', () => {
    expect(check(VoteRequestSchema, [ID, true])).toEqual({
      path: '',
      message: 'The payload must be an object, such as { "partId": "…" }.',
    });
    expect(check(ModerationRequestSchema, [])).toMatchObject({ path: '' });
    expect(check(ProgrammeFieldsSchema, [])).toEqual({
      path: '',
      message: 'expected an object, found an array',
    });
  });

  it('names a list position in brackets', () => {
    expect(check(ReorderRequestSchema, { order: [ID, 'x'], queueVersion: 1, partId: ID })).toMatchObject({
      path: 'order[1]',
      message: '"order[1]" must be a UUID such as 3f1c…-…; got "x".',
    });
  });

  it('never echoes a long text back', () => {
    expect(check(AskRequestSchema, { id: 'x'.repeat(41), blockId: ID, body: 'x' })).toMatchObject({
      message: '"id" must be a UUID such as 3f1c…-…; got a long string.',
    });
  });
});

describe('live payloads', () => {
  it('refuses a NUL in a text naming the field', () => {
    expect(
      check(AskRequestSchema, { id: ID, blockId: ID, body: 'ok', displayName: 'a\u0000b' }),
    ).toMatchObject({
      message: '"displayName" contains a NUL character (U+0000). Remove it and send again.',
    });
  });

  it('lower-cases ids, drops unknown fields and keeps what was sent', () => {
    expect(
      check(AskRequestSchema, {
        id: ID.toUpperCase(),
        blockId: ID,
        talkId: null,
        body: ' Why? ',
        streamTime: '2024-02-22T12:30:05.250+01:00',
        extra: true,
      }),
    ).toEqual({
      output: {
        id: ID,
        blockId: ID,
        talkId: null,
        body: ' Why? ',
        streamTime: '2024-02-22T12:30:05.250+01:00',
      },
    });
  });

  it('refuses a negative version and an instant without offset', () => {
    expect(check(JoinRequestSchema, { partId: ID, since: -1 })).toMatchObject({
      message: '"since" must be a whole number ≥ 0; got a number.',
    });
    expect(
      check(AskRequestSchema, { id: ID, blockId: ID, body: 'x', streamTime: '2024-02-22T12:30:05' }),
    ).toMatchObject({ path: 'streamTime' });
  });
});

describe('label payloads', () => {
  it('cleans a name (controls, runs of spaces) and counts code points', () => {
    expect(check(LabelsRequestSchema, { action: 'create', name: '  For \u202Ethe   panel ' })).toEqual({
      output: { action: 'create', name: 'For the panel' },
    });
    expect(check(LabelsRequestSchema, { action: 'create', name: '🩻'.repeat(41) })).toEqual({
      path: 'name',
      message: '"name" must be a label name of 1 to 40 characters, such as "Imaging" or "For the panel".',
    });
    expect(check(LabelsRequestSchema, { action: 'rename', name: 'x' })).toMatchObject({ path: 'labelId' });
  });

  it('takes at most five distinct label ids for a question', () => {
    const ids = [1, 2, 3, 4, 5, 6].map((n) => ID.replace(/1$/, String(n)));
    const label = (labelIds: string[]) =>
      check(ModerationRequestSchema, { action: 'label', questionId: ID, revision: 0, labelIds });
    expect(label(ids.slice(0, 5))).toMatchObject({ output: { labelIds: ids.slice(0, 5) } });
    expect(label(ids)).toMatchObject({ path: 'labelIds' });
    expect(label([ids[0], ids[0].toUpperCase()])).toEqual({
      path: 'labelIds',
      message: '"labelIds" names a label twice; send each id once.',
    });
  });
});

describe('moderation payloads', () => {
  it('names the actions when the action is unknown', () => {
    expect(check(ModerationRequestSchema, { action: 'nuke', questionId: ID, revision: 1 })).toEqual({
      path: 'action',
      message:
        '"action" must be one of approve, hide, restore, edit, merge, star, queue, unqueue, on_air, answered, reply, label.',
    });
    expect(check(ModerationRequestSchema, 7)).toMatchObject({ path: '' });
  });

  it('bounds an answer in text at 1 to 2,000 code points after trimming', () => {
    const reply = (text: unknown) =>
      check(ModerationRequestSchema, { action: 'reply', questionId: ID, revision: 0, text });
    const message =
      '"text" must be the answer in text, 1 to 2,000 characters; shorten it or write something.';
    expect(reply('  ')).toEqual({ path: 'text', message });
    expect(reply('x'.repeat(2_001))).toEqual({ path: 'text', message });
    expect(reply('🩻'.repeat(2_000))).toMatchObject({
      output: { action: 'reply', text: '🩻'.repeat(2_000) },
    });
    expect(reply('a\u0000b')).toMatchObject({ path: 'text', message: expect.stringContaining('NUL') });
  });

  it('reads each action with its own fields', () => {
    expect(check(ModerationRequestSchema, { action: 'on_air', questionId: ID, revision: 3 })).toEqual({
      output: { action: 'on_air', questionId: ID, revision: 3, previous: 'answered' },
    });
    expect(check(ModerationRequestSchema, { action: 'star', questionId: ID, revision: 3 })).toMatchObject({
      message: '"starred" must be true or false; got nothing.',
    });
    expect(check(ModerationRequestSchema, { action: 'hide', questionId: ID, revision: -1 })).toMatchObject({
      message: '"revision" must be the question’s revision as you last saw it (a whole number).',
    });
  });

  it('bounds a reorder and insists on a block state', () => {
    const order = Array.from({ length: MAX_QUEUE + 1 }, () => ID);
    expect(check(ReorderRequestSchema, { order, queueVersion: 1, partId: ID })).toMatchObject({
      message: `"order" must be the list of queued question ids (at most ${MAX_QUEUE}).`,
    });
    expect(check(BlockOverrideRequestSchema, { blockId: ID })).toMatchObject({
      message: '"state" must be "open", "closed", or null to follow the clock again.',
    });
    expect(check(BlockOverrideRequestSchema, { blockId: ID, state: null })).toEqual({
      output: { blockId: ID, state: null },
    });
  });
});

describe('HTTP bodies', () => {
  it('checks a link request across its fields', () => {
    expect(check(CreateGrantRequestSchema, { role: 'admin' })).toEqual({
      path: 'role',
      message: '"role" must be "moderator" or "speaker".',
    });
    expect(check(CreateGrantRequestSchema, { role: 'moderator', speakerName: 'Ada' })).toEqual({
      path: '',
      message: 'Only speaker links name a speaker; leave "speakerName" out for a moderator.',
    });
    expect(check(CreateGrantRequestSchema, { role: 'speaker', label: 'x\u0000' })).toMatchObject({
      message: '"label" contains a NUL character (U+0000). Remove it and send again.',
    });
    expect(check(CreateGrantRequestSchema, { role: 'speaker', label: '😀'.repeat(100) })).toEqual({
      output: { role: 'speaker', label: '😀'.repeat(100) },
    });
  });

  it('refuses unknown organizer settings and normalises stream links', () => {
    expect(check(OrganizerSettingsChangeSchema, { colour: 'red' })).toEqual({
      path: 'colour',
      message: 'The settings have an unknown field "colour"; leave it out.',
    });
    expect(
      check(OrganizerSettingsChangeSchema, { parts: [{ id: 'p', streamDelaySeconds: 2.5 }] }),
    ).toMatchObject({ message: '"parts[0].streamDelaySeconds" must be a whole number from 0 to 600.' });
    expect(
      check(OrganizerSettingsChangeSchema, { parts: [{ id: 'p', streamUrl: ' https://a.example/x ' }] }),
    ).toEqual({ output: { parts: [{ id: 'p', streamUrl: 'https://a.example/x' }] } });
    expect(
      check(OrganizerSettingsChangeSchema, { parts: [{ id: 'p', streamUrl: 'http://a.example/' }] }),
    ).toMatchObject({
      message: '"parts[0].streamUrl" must start with https:// (the event page loads nothing else).',
    });
  });

  it('reports a programme’s missing or misspelt field at its path, in the programme’s words', () => {
    expect(check(ProgrammeFieldsSchema, { parts: [] })).toEqual({
      path: 'title',
      message: 'expected a string, found undefined',
    });
    expect(check(ProgrammeFieldsSchema, { title: 'T', parts: [{ titel: 'x' }] })).toMatchObject({
      path: 'parts[0].title',
    });
  });
});
