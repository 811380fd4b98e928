import { describe, expect, it } from 'vitest';
import { dataOf, request, waitFor, waitForQuestion, type LiveClient } from '../utils/live-client.js';
import { useLiveSession } from '../utils/live-session.js';

/** Holds for patient data and profanity (issue 13), with pre-moderation off throughout. */
describe('holds for patient data and profanity', () => {
  const session = useLiveSession({ settingsAfterEach: { holdPatientData: true, holdProfanity: true } });
  const { viewer, moderator, ask } = session;

  /** Resolves true when `socket` gets the question with this body within a short while. */
  const seesBody = (socket: LiveClient, body: string) =>
    waitForQuestion(socket, (q) => q.body === body, 1500)
      .then(() => true)
      .catch(() => false);

  it('holds a question with a likely identifier: the asker sees it pending, others nothing, moderators the flag and spans', async () => {
    const mod = await moderator();
    expect(mod.snapshot).toMatchObject({ preModeration: false, holdPatientData: true, holdProfanity: true });
    const asker = await viewer();
    const other = await viewer();
    const body = 'Mrs Johnson (MRN 48392017) refuses contrast; what would you do?';
    const otherSawIt = seesBody(other.socket, body);
    const modSawIt = waitFor(mod.socket, 'mod:question', (q) => q.body === body);

    const asked = await ask(asker.socket, body);
    expect(asked).toMatchObject({ status: 'pending', mine: true });
    expect(asked).not.toHaveProperty('flags');
    const flagged = await modSawIt;
    expect(flagged).toMatchObject({ status: 'pending', flags: ['patient_data'] });
    expect(flagged.flaggedSpans.map((s) => body.slice(s.start, s.end))).toEqual(['Johnson', '48392017']);
    expect(await otherSawIt).toBe(false);
    expect((await viewer()).snapshot.questions.some((q) => q.id === asked.id)).toBe(false);
    // The asker's own snapshot (a reload) still shows it, waiting.
    const rejoined = dataOf(await request(asker.socket, 'part:join', { partId: session.part.id }));
    expect(rejoined.questions.find((q) => q.id === asked.id)).toMatchObject({
      status: 'pending',
      mine: true,
    });
    // A fresh moderator console lists it with its marks.
    const fresh = (await moderator()).snapshot.questions.find((q) => q.id === asked.id)!;
    expect(fresh.flags).toEqual(['patient_data']);

    // An edit re-checks the marks against the new text; the question still waits for approval.
    const edited = dataOf(
      await request(mod.socket, 'mod:act', {
        action: 'edit',
        questionId: asked.id,
        revision: fresh.revision,
        body: 'A patient refuses contrast; what would you do?',
      }),
    );
    expect(edited).toMatchObject({ status: 'pending', flags: [], flaggedSpans: [] });
    const approvedForOther = waitForQuestion(other.socket, (q) => q.id === asked.id);
    const approved = dataOf(
      await request(mod.socket, 'mod:act', {
        action: 'approve',
        questionId: asked.id,
        revision: edited.revision,
      }),
    );
    expect(approved.status).toBe('visible');
    expect((await approvedForOther).body).toBe('A patient refuses contrast; what would you do?');
  });

  it('holds profanity in any of the five languages and lets clinical anatomy through', async () => {
    const mod = await moderator();
    const asker = await viewer();
    const rude = 'Das ist doch Scheiße, warum dauert der Befund so lange?';
    const modSawIt = waitFor(mod.socket, 'mod:question', (q) => q.body === rude);
    expect(await ask(asker.socket, rude)).toMatchObject({ status: 'pending' });
    const flagged = await modSawIt;
    expect(flagged.flags).toEqual(['profanity']);
    expect(flagged.flaggedSpans.map((s) => rude.slice(s.start, s.end))).toEqual(['Scheiße']);

    const clinical = 'How do you explain an anal fistula MRI or a breast biopsy to an anxious patient?';
    const other = await viewer();
    const otherSawIt = seesBody(other.socket, clinical);
    expect(await ask(asker.socket, clinical)).toMatchObject({ status: 'visible' });
    expect(await otherSawIt).toBe(true);
  });

  it('lets questions through when the moderators switch a hold off, and reports the switches', async () => {
    const mod = await moderator();
    const changed = waitFor(mod.socket, 'settings:changed', (s) => !s.holdPatientData);
    const settings = dataOf(
      await request(mod.socket, 'mod:settings', { partId: session.part.id, holdPatientData: false }),
    );
    expect(settings).toMatchObject({ preModeration: false, holdPatientData: false, holdProfanity: true });
    expect((await changed).holdProfanity).toBe(true);

    const asker = await viewer();
    const other = await viewer();
    const body = 'Our 78-year-old patient with dementia needs a CT tomorrow, any advice?';
    const otherSawIt = seesBody(other.socket, body);
    const asked = await ask(asker.socket, body);
    expect(asked.status).toBe('visible');
    expect(await otherSawIt).toBe(true);
    const seen = (await moderator()).snapshot.questions.find((q) => q.id === asked.id)!;
    expect(seen).toMatchObject({ flags: [], flaggedSpans: [] });
    // The other hold is still on.
    expect(await ask(asker.socket, 'This is bullshit')).toMatchObject({ status: 'pending' });

    dataOf(await request(mod.socket, 'mod:settings', { partId: session.part.id, holdProfanity: false }));
    expect(await ask(asker.socket, 'This is still bullshit')).toMatchObject({ status: 'visible' });
  });

  it('refuses a switch that is not a boolean', async () => {
    const mod = await moderator();
    const ack = await request(mod.socket, 'mod:settings', {
      partId: session.part.id,
      holdProfanity: 'no' as unknown as boolean,
    });
    expect(ack).toMatchObject({ ok: false, error: 'request/invalid' });
  });

  it('keeps pre-moderation as before: a clean question waits too when it is on', async () => {
    const mod = await moderator();
    dataOf(await request(mod.socket, 'mod:settings', { partId: session.part.id, preModeration: true }));
    try {
      const asker = await viewer();
      const modSawIt = waitFor(mod.socket, 'mod:question', (q) => q.body === 'Clean and waiting?');
      expect(await ask(asker.socket, 'Clean and waiting?')).toMatchObject({ status: 'pending' });
      expect((await modSawIt).flags).toEqual([]);
    } finally {
      dataOf(await request(mod.socket, 'mod:settings', { partId: session.part.id, preModeration: false }));
    }
  });
});
