import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { MAX_LABELS_PER_EVENT, MAX_LABELS_PER_QUESTION } from '../../shared/limits.js';
import type { LabelView } from '../../shared/questions.js';
import type { LabelsRequest } from '../../shared/realtime.js';
import { DataSource } from 'typeorm';
import {
  dataOf,
  fetchEvent,
  request,
  SEED_SLUG,
  waitFor,
  waitForQuestion,
  type LiveClient,
} from '../utils/live-client.js';
import { useLiveSession } from '../utils/live-session.js';
import { TEST_ADMIN_TOKEN } from '../utils/test-app.js';

/** Labels (issue 13): the moderators' list per event, tags on questions, and who sees them. */
describe('labels', () => {
  const session = useLiveSession();
  const { viewer, moderator, speaker, ask } = session;

  const labels = async (socket: LiveClient, change: LabelsRequest) =>
    dataOf(await request(socket, 'mod:labels', change));
  const byName = (list: LabelView[], name: string) => list.find((label) => label.name === name)!;

  /** Tags with the question's current revision, as the moderator's card would. */
  async function tag(socket: LiveClient, questionId: string, labelIds: string[]) {
    const snapshot = dataOf(await request(socket, 'mod:join', { partId: session.part.id }));
    const { revision } = snapshot.questions.find((q) => q.id === questionId)!;
    return request(socket, 'mod:act', { action: 'label', questionId, revision, labelIds });
  }

  /** Deletes every label of the event, so a test starts from none. */
  async function clear(socket: LiveClient) {
    const snapshot = dataOf(await request(socket, 'mod:join', { partId: session.part.id }));
    for (const label of snapshot.labels) await labels(socket, { action: 'delete', labelId: label.id });
  }

  it('creates, renames and deletes labels; every part’s viewers and staff get the list', async () => {
    const mod = await moderator();
    await clear(mod.socket);
    const secondPart = (await fetchEvent(session.server.url, SEED_SLUG)).parts[1];
    const laterViewer = await viewer();
    dataOf(await request(laterViewer.socket, 'part:join', { partId: secondPart.id }));
    const panel = await speaker();
    const otherMod = await moderator();

    const seenByLater = waitFor(laterViewer.socket, 'labels:changed', (u) => u.labels.length === 1);
    const seenByPanel = waitFor(panel.socket, 'labels:changed', (u) => u.labels.length === 1);
    const seenByMod = waitFor(otherMod.socket, 'labels:changed', (u) => u.labels.length === 1);
    const created = await labels(mod.socket, { action: 'create', name: '  Imaging \u0007 ' });
    expect(created.map((l) => l.name)).toEqual(['Imaging']);
    for (const seen of [seenByLater, seenByPanel, seenByMod]) {
      expect(await seen).toEqual({ eventSlug: SEED_SLUG, labels: created });
    }

    await labels(mod.socket, { action: 'create', name: 'for the panel' });
    const list = await labels(mod.socket, { action: 'create', name: 'Consent' });
    expect(list.map((l) => l.name)).toEqual(['Consent', 'for the panel', 'Imaging']);
    expect((await viewer()).snapshot.labels).toEqual(list);

    const renamed = await labels(mod.socket, {
      action: 'rename',
      labelId: byName(list, 'for the panel').id,
      name: 'For the panel',
    });
    expect(renamed.map((l) => l.name)).toEqual(['Consent', 'For the panel', 'Imaging']);
    const afterDelete = await labels(mod.socket, { action: 'delete', labelId: byName(list, 'Consent').id });
    expect(afterDelete.map((l) => l.name)).toEqual(['For the panel', 'Imaging']);

    const history = await session.server.app
      .get(DataSource)
      .query(`SELECT action FROM audit_entry WHERE action LIKE 'labels:%' ORDER BY id DESC LIMIT 2`);
    expect(history).toEqual([{ action: 'labels:delete' }, { action: 'labels:rename' }]);
  });

  it('refuses a second label of the same name in any case, and names that are empty or too long', async () => {
    const mod = await moderator();
    await clear(mod.socket);
    const [imaging] = await labels(mod.socket, { action: 'create', name: 'Imaging' });
    const twice = await request(mod.socket, 'mod:labels', { action: 'create', name: 'IMAGING' });
    expect(twice).toMatchObject({ ok: false, error: 'label/name_taken' });
    const other = (await labels(mod.socket, { action: 'create', name: 'Ethics' })).find(
      (l) => l.name === 'Ethics',
    )!;
    expect(
      await request(mod.socket, 'mod:labels', { action: 'rename', labelId: other.id, name: 'imaging' }),
    ).toMatchObject({ ok: false, error: 'label/name_taken' });
    // Renaming a label to its own name in another case is fine.
    expect(
      await labels(mod.socket, { action: 'rename', labelId: imaging.id, name: 'IMAGING' }),
    ).toContainEqual({ id: imaging.id, name: 'IMAGING' });

    for (const name of ['   ', 'x'.repeat(41)]) {
      const refused = await request(mod.socket, 'mod:labels', { action: 'create', name });
      expect(refused).toMatchObject({ ok: false, error: 'request/invalid' });
      expect(!refused.ok && refused.message).toBe(
        '"name" must be a label name of 1 to 40 characters, such as "Imaging" or "For the panel".',
      );
    }
    // 40 code points, emoji counted once each.
    expect(
      await request(mod.socket, 'mod:labels', { action: 'create', name: '🩻'.repeat(40) }),
    ).toMatchObject({ ok: true });
    expect(
      await request(mod.socket, 'mod:labels', { action: 'paint', labelId: imaging.id } as never),
    ).toMatchObject({
      ok: false,
      error: 'request/invalid',
      message: '"action" must be one of create, rename, delete.',
    });
    expect(
      await request(mod.socket, 'mod:labels', { action: 'delete', labelId: crypto.randomUUID() }),
    ).toMatchObject({ ok: false, error: 'label/not_found' });
  });

  it(`keeps at most ${MAX_LABELS_PER_EVENT} labels per event`, async () => {
    const mod = await moderator();
    await clear(mod.socket);
    for (let i = 1; i <= MAX_LABELS_PER_EVENT; i++) {
      await labels(mod.socket, { action: 'create', name: `Topic ${i}` });
    }
    const refused = await request(mod.socket, 'mod:labels', { action: 'create', name: 'One more' });
    expect(refused).toMatchObject({ ok: false, error: 'label/too_many' });
    expect(dataOf(await request(mod.socket, 'mod:join', { partId: session.part.id })).labels).toHaveLength(
      MAX_LABELS_PER_EVENT,
    );
    await clear(mod.socket);
  });

  it('tags a question: moderators, viewers, speakers and the export see its labels; rename and delete follow', async () => {
    const mod = await moderator();
    await clear(mod.socket);
    await labels(mod.socket, { action: 'create', name: 'Imaging' });
    const list = await labels(mod.socket, { action: 'create', name: 'For the panel' });
    const [panelLabel, imaging] = list;
    const asker = await viewer();
    const question = await ask(asker.socket, 'How do you explain incidental findings on a CT?');
    dataOf(
      await request(mod.socket, 'mod:act', {
        action: 'queue',
        questionId: question.id,
        revision: dataOf(await request(mod.socket, 'mod:join', { partId: session.part.id })).questions.find(
          (q) => q.id === question.id,
        )!.revision,
      }),
    );

    const other = await viewer();
    const panel = await speaker();
    const viewerSaw = waitForQuestion(other.socket, (q) => q.id === question.id);
    const speakerSaw = waitFor(panel.socket, 'queue:changed', (q) =>
      q.queued.some((x) => x.id === question.id && x.labels.length === 2),
    );
    const tagged = dataOf(await tag(mod.socket, question.id, [imaging.id, panelLabel.id]));
    expect(tagged.labels).toEqual(list);
    expect((await viewerSaw).labels).toEqual(list);
    expect((await speakerSaw).queued.find((q) => q.id === question.id)!.labels).toEqual(list);
    expect((await viewer()).snapshot.questions.find((q) => q.id === question.id)!.labels).toEqual(list);

    // A reconnecting viewer's delta carries a rename, although the question itself did not change.
    const since = other.snapshot.version;
    const renamedForViewer = waitForQuestion(
      other.socket,
      (q) => q.id === question.id && q.labels.some((l) => l.name === 'Imaging (CT)'),
    );
    await labels(mod.socket, { action: 'rename', labelId: imaging.id, name: 'Imaging (CT)' });
    await renamedForViewer;
    const delta = dataOf(await request(other.socket, 'part:join', { partId: session.part.id, since }));
    expect(delta.full).toBe(false);
    expect(delta.questions.find((q) => q.id === question.id)!.labels.map((l) => l.name)).toEqual([
      'For the panel',
      'Imaging (CT)',
    ]);

    const csv = await fetch(`${session.server.url}/api/events/${SEED_SLUG}/questions.csv`, {
      headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    });
    const rows = parse<Record<string, string>>(await csv.text(), { columns: true, bom: true });
    expect(rows.find((r) => r.id === question.id)!.labels).toBe('For the panel; Imaging (CT)');

    const modSawDelete = waitFor(
      mod.socket,
      'mod:question',
      (q) => q.id === question.id && q.labels.length === 1,
    );
    await labels(mod.socket, { action: 'delete', labelId: panelLabel.id });
    expect((await modSawDelete).labels.map((l) => l.name)).toEqual(['Imaging (CT)']);
    const json = await fetch(`${session.server.url}/api/events/${SEED_SLUG}/questions.json`, {
      headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    });
    const records = (await json.json()) as { id: string; labels: string }[];
    expect(records.find((r) => r.id === question.id)!.labels).toBe('Imaging (CT)');

    // Taking every label off.
    expect(dataOf(await tag(mod.socket, question.id, [])).labels).toEqual([]);
  });

  it(`refuses more than ${MAX_LABELS_PER_QUESTION} labels, a label twice, an unknown or deleted label, and a stale revision`, async () => {
    const mod = await moderator();
    await clear(mod.socket);
    let list: LabelView[] = [];
    for (let i = 1; i <= MAX_LABELS_PER_QUESTION + 1; i++) {
      list = await labels(mod.socket, { action: 'create', name: `Topic ${i}` });
    }
    const asker = await viewer();
    const question = await ask(asker.socket, 'Which words do you avoid when a scan shows a tumour?');

    const six = await tag(
      mod.socket,
      question.id,
      list.map((l) => l.id),
    );
    expect(six).toMatchObject({ ok: false, error: 'request/invalid' });
    expect(!six.ok && six.message).toBe('"labelIds" must be a list of at most 5 label ids; got a list.');
    const twice = await tag(mod.socket, question.id, [list[0].id, list[0].id]);
    expect(!twice.ok && twice.message).toBe('"labelIds" names a label twice; send each id once.');
    const unknown = await tag(mod.socket, question.id, [crypto.randomUUID()]);
    expect(unknown).toMatchObject({ ok: false, error: 'label/not_found' });
    await labels(mod.socket, { action: 'delete', labelId: list[5].id });
    expect(await tag(mod.socket, question.id, [list[5].id])).toMatchObject({
      ok: false,
      error: 'label/not_found',
    });

    const snapshot = dataOf(await request(mod.socket, 'mod:join', { partId: session.part.id }));
    const { revision } = snapshot.questions.find((q) => q.id === question.id)!;
    dataOf(await tag(mod.socket, question.id, [list[0].id]));
    const stale = await request(mod.socket, 'mod:act', {
      action: 'label',
      questionId: question.id,
      revision,
      labelIds: [list[1].id],
    });
    expect(stale).toMatchObject({ ok: false, error: 'question/stale' });
    // Nothing half-saved by any refusal: the one label of the accepted change.
    expect(
      dataOf(await request(mod.socket, 'mod:join', { partId: session.part.id })).questions.find(
        (q) => q.id === question.id,
      )!.labels,
    ).toEqual([list[0]]);
  });

  it('refuses speakers and viewers: labels are the moderators’', async () => {
    const panel = await speaker();
    const asViewer = await viewer();
    const mod = await moderator();
    await clear(mod.socket);
    const [label] = await labels(mod.socket, { action: 'create', name: 'Imaging' });
    const question = await ask(asViewer.socket, 'Is it fine to show the images to the patient?');

    expect(await request(panel.socket, 'mod:labels', { action: 'create', name: 'Speaker’s' })).toMatchObject({
      ok: false,
      error: 'auth/role_required',
    });
    expect(
      await request(asViewer.socket, 'mod:labels', { action: 'delete', labelId: label.id }),
    ).toMatchObject({ ok: false });
    expect(
      await request(panel.socket, 'mod:act', {
        action: 'label',
        questionId: question.id,
        revision: 0,
        labelIds: [label.id],
      }),
    ).toMatchObject({ ok: false, error: 'auth/role_required' });
    // Nothing changed.
    expect(dataOf(await request(mod.socket, 'mod:join', { partId: session.part.id })).labels).toEqual([
      label,
    ]);
  });
});
