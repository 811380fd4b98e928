import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { agendaAt } from '../../../../test-support/questions.js';
import { cet } from '../../../../test-support/seed-event.js';
import PartTransition from './PartTransition.svelte';

describe('PartTransition', () => {
  it('says which part ended and when the next begins, in CET and the viewer’s time', async () => {
    const agenda = await agendaAt(cet('2024-02-22', '18:05'));
    render(PartTransition, { agenda });

    const status = screen.getByRole('status');
    expect(status.textContent).toContain('Patient Communication Course - Part 1 has ended.');
    expect(status.textContent).toContain(
      'Next: Patient Communication Course - Part 2, Thursday, 21 March 2024 at 12:30 CET (Thu 21 Mar, 11:30 UTC your time)',
    );
  });

  it('says nothing during a part, before the first, or after the last', async () => {
    for (const at of [cet('2024-02-22', '13:00'), cet('2024-02-22', '11:00'), cet('2024-03-21', '18:30')]) {
      const agenda = await agendaAt(at);
      const { unmount } = render(PartTransition, { agenda });
      expect(screen.getByRole('status').textContent.trim()).toBe('');
      unmount();
    }
  });
});
