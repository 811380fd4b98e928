import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { AskRequest } from '../../../../../shared/realtime.js';
import { FakeLiveSocket, ok } from '../../../../test-support/fake-socket.svelte.js';
import { KeptDrafts } from '../../state/kept-drafts.svelte.js';
import { renderQaPanel } from '../../../../test-support/qa-panel.js';
import { makeQuestion, memoryStorage } from '../../../../test-support/questions.js';
import { cet } from '../../../../test-support/seed-event.js';

const LATE_IN_BLOCK = cet('2024-02-22', '14:59'); // the first Q&A block ends at 15:00
const AFTER_BLOCK = cet('2024-02-22', '15:01');

const textbox = (): HTMLTextAreaElement => screen.getByRole('textbox', { name: 'Your question' });

async function typeThenLetTheBlockEnd(options: { socket?: FakeLiveSocket; drafts?: KeptDrafts } = {}) {
  const panel = await renderQaPanel({ at: LATE_IN_BLOCK, ...options });
  expect(panel.store.blockId).toBe('p1-i4');
  await fireEvent.input(textbox(), { target: { value: 'Half-written question' } });
  panel.agenda.observeServerTime(AFTER_BLOCK, 1, panel.agenda.deviceTime());
  const alert = await screen.findByText(/ended before your question was sent/);
  return { ...panel, alert: alert.closest<HTMLElement>('[role="alert"]')! };
}

describe('AskForm: a draft whose block ends', () => {
  it('tells the viewer and does not send the text into the next block unasked', async () => {
    const socket = new FakeLiveSocket();
    const { alert } = await typeThenLetTheBlockEnd({ socket });

    expect(alert.textContent).toContain(
      'The Q&A block “14:30–15:00 Q&A Session” ended before your question was sent. Your text is still here.',
    );
    expect(alert.textContent).toContain(
      'Ask it in “17:30–18:00 Q&A Session” instead, or keep it as a draft for later.',
    );
    expect(textbox().value).toBe('Half-written question');
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Send' }).disabled).toBe(true);
    expect(socket.sent('question:ask')).toEqual([]);
  });

  it('moves the draft to the next block when the viewer chooses it, and sends it there', async () => {
    const socket = new FakeLiveSocket();
    socket.respond('question:ask', (ask: AskRequest) =>
      ok(makeQuestion({ ...ask, talkId: null, mine: true })),
    );
    const { alert, store } = await typeThenLetTheBlockEnd({ socket });

    await fireEvent.click(within(alert).getByRole('button', { name: 'Ask in “17:30–18:00 Q&A Session”' }));
    expect(screen.queryByText(/ended before your question was sent/)).toBeNull();
    expect(store.blockId).toBe('p1-i9');
    expect(textbox().value).toBe('Half-written question');

    await fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(socket.sent('question:ask')).toHaveLength(1));
    expect(socket.sent('question:ask')[0]).toMatchObject({ blockId: 'p1-i9', body: 'Half-written question' });
  });

  it('keeps the draft aside, in this browser, when the viewer chooses to keep it', async () => {
    const storage = memoryStorage();
    const drafts = new KeptDrafts(storage);
    const { alert } = await typeThenLetTheBlockEnd({ drafts });

    await fireEvent.click(within(alert).getByRole('button', { name: 'Keep as a draft' }));
    expect(textbox().value).toBe('');
    expect(screen.getByText('Your text is kept under “Your questions and earlier blocks”.')).toBeTruthy();
    expect(drafts.list).toMatchObject([
      { partId: 'p1', blockName: '14:30–15:00 Q&A Session', body: 'Half-written question' },
    ]);
    // A reload finds it again.
    expect(new KeptDrafts(storage).list.map((d) => d.body)).toEqual(['Half-written question']);
  });

  it('does not call a new draft stranded when its form’s block had ended before it was begun', async () => {
    const { agenda, store } = await renderQaPanel({ at: LATE_IN_BLOCK });
    agenda.observeServerTime(AFTER_BLOCK, 1, agenda.deviceTime());
    await waitFor(() => expect(store.blockId).toBe('p1-i9'));
    await fireEvent.input(textbox(), { target: { value: 'Begun after the first block' } });
    expect(store.strandedDraftBlock).toBeNull();
    expect(screen.queryByText(/ended before your question was sent/)).toBeNull();
  });
});
