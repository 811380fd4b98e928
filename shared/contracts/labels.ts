// Labels (issue 13): the moderators' list of an event's labels (`mod:labels`) and the labels of
// one question (`mod:act` with action "label", whose schema lives with the other actions).
import * as v from 'valibot';
import { MAX_LABEL_NAME_LENGTH, MAX_LABELS_PER_QUESTION } from '../limits.js';
import { cleanName, codePointLength } from '../text.js';
import { fieldsOf, mustBe, NOT_AN_OBJECT, notAList, text, uuid } from './fields.js';
import { FIELD } from './problem.js';

const NAME_MESSAGE = `${FIELD} must be a label name of 1 to ${MAX_LABEL_NAME_LENGTH} characters, such as "Imaging" or "For the panel".`;

/** A label's name as stored: cleaned (no controls, one space between words), 1–40 code points. */
export function labelName() {
  return v.pipe(
    text(),
    v.transform(cleanName),
    v.check((name) => name.length > 0 && codePointLength(name) <= MAX_LABEL_NAME_LENGTH, NAME_MESSAGE),
  );
}

/** The labels a question carries after a `label` action: every id once, at most five. */
export function labelIds() {
  const message = mustBe(`a list of at most ${MAX_LABELS_PER_QUESTION} label ids`);
  return v.pipe(
    v.array(uuid(), message),
    v.maxLength(MAX_LABELS_PER_QUESTION, message),
    v.check((ids) => new Set(ids).size === ids.length, `${FIELD} names a label twice; send each id once.`),
  );
}

const LABEL_ACTIONS = [
  fieldsOf({ action: v.literal('create'), name: labelName() }),
  fieldsOf({ action: v.literal('rename'), labelId: uuid(), name: labelName() }),
  fieldsOf({ action: v.literal('delete'), labelId: uuid() }),
] as const;

/** `mod:labels`: create, rename or delete one label of the link's event. */
export const LabelsRequestSchema = v.pipe(
  notAList(NOT_AN_OBJECT),
  v.variant('action', LABEL_ACTIONS, (issue) =>
    issue.path
      ? `${FIELD} must be one of ${LABEL_ACTIONS.map((option) => option.entries.action.literal).join(', ')}.`
      : NOT_AN_OBJECT,
  ),
);
export type LabelsRequest = v.InferOutput<typeof LabelsRequestSchema>;
