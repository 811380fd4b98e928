import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createOrganizerApi } from '../lib/api/organizer.js';
import {
  fakeOrganizerServer,
  GOOD_TOKEN,
  validPreview,
  type FakeOrganizerServer,
} from '../../test-support/organizer.js';
import { seedEvent } from '../../test-support/seed-event.js';
import OrganizePage from './OrganizePage.svelte';

const slug = seedEvent.slug;

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  localStorage.clear();
  sessionStorage.clear();
});

function open(server: FakeOrganizerServer, localZone = 'America/New_York') {
  return render(OrganizePage, { api: createOrganizerApi(server.fetch), localZone });
}

async function signedIn(server = fakeOrganizerServer({ signedIn: true })) {
  open(server);
  await screen.findByRole('heading', { name: 'Moderator and speaker links' });
  return server;
}

describe('OrganizePage: sign-in', () => {
  it('signs in with the token into a server session; the token is stored nowhere in the browser', async () => {
    const server = fakeOrganizerServer();
    open(server);
    const field = await screen.findByLabelText('Organizer token');
    expect(field.getAttribute('type')).toBe('password');
    await fireEvent.input(field, { target: { value: GOOD_TOKEN } });
    await fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('heading', { name: 'Organizer console', level: 1 })).toBeTruthy();
    expect(await screen.findByRole('combobox', { name: 'Event' })).toBeTruthy();
    expect(server.callsTo('POST', '/api/organizer/session')[0].body).toBe(
      JSON.stringify({ token: GOOD_TOKEN }),
    );
    expect(localStorage.length).toBe(0);
    expect(sessionStorage.length).toBe(0);
    expect(document.cookie).toBe('');
  });

  it('says when the token is wrong, and stays on the form', async () => {
    const server = fakeOrganizerServer();
    open(server);
    await fireEvent.input(await screen.findByLabelText('Organizer token'), {
      target: { value: 'wrong-token' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('That is not the organizer token. Check it and try again.')).toBeTruthy();
    expect(screen.getByLabelText('Organizer token').getAttribute('aria-invalid')).toBe('true');
    expect(server.signedIn).toBe(false);
  });

  it('signs out, and returns to the form when the session ends on the server', async () => {
    const server = await signedIn();
    await fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(await screen.findByLabelText('Organizer token')).toBeTruthy();
    expect(server.callsTo('DELETE', '/api/organizer/session')).toHaveLength(1);
  });
});

describe('OrganizePage: publish', () => {
  it('previews parts and items with CET and local times, then publishes a new event', async () => {
    const server = await signedIn();
    await fireEvent.input(screen.getByLabelText('Programme text'), { target: { value: 'the programme' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
    const table = await screen.findByRole('table', { name: /Part 1/ });
    expect(within(table).getByRole('columnheader', { name: 'Time (CET)' })).toBeTruthy();
    expect(within(table).getByRole('columnheader', { name: /Your time/ })).toBeTruthy();
    const row = within(table).getByRole('row', { name: /Breaking bad news/ });
    expect(row.textContent).toContain('13:10–13:50');
    expect(row.textContent).toContain('07:10–07:50'); // New York, 6 hours behind Vienna in February
    expect(screen.getByText(/New event “ESOR Patient Communication Course”/)).toBeTruthy();
    expect(server.callsTo('POST', '/api/events/preview')[0].body).toBe('the programme');

    await fireEvent.click(screen.getByRole('button', { name: 'Publish' }));
    expect(await screen.findByText('“ESOR Patient Communication Course” is published.')).toBeTruthy();
    expect(server.callsTo('POST', '/api/events')).toHaveLength(1);
    expect(server.callsTo('PUT', `/api/events/${slug}`)).toHaveLength(0);
  });

  it('lists every error with its line and does not publish', async () => {
    const server = await signedIn();
    server.nextPreview = validPreview({
      programme: null,
      slug: null,
      errors: [
        { line: 36, message: 'expected an agenda line such as "12:30 – 13:10 Title"' },
        { line: 70, message: 'expected a speaker line' },
      ],
    });
    await fireEvent.input(screen.getByLabelText('Programme text'), { target: { value: 'broken' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Publish' }));
    expect(await screen.findByText('2 problems to fix')).toBeTruthy();
    expect(screen.getByText('Line 36')).toBeTruthy();
    expect(screen.getByText('Line 70')).toBeTruthy();
    expect((await screen.findByText(/Fix the errors shown/)).textContent).toBeTruthy();
    expect(server.callsTo('POST', '/api/events')).toHaveLength(0);
  });

  it('publishes over the existing event, and refuses when questions would be orphaned', async () => {
    const server = await signedIn();
    server.nextPreview = validPreview({
      existing: true,
      changes: { kept: 17, added: 1, removed: 1 },
      orphans: [
        {
          partTitle: 'Part 1',
          title: 'Q&A Session',
          start: '2024-02-22T13:30:00.000Z',
          questions: 3,
          attendees: 0,
        },
        {
          partTitle: 'Part 1',
          title: 'Keynote',
          start: '2024-02-22T08:00:00.000Z',
          questions: 0,
          attendees: 12,
        },
      ],
    });
    await fireEvent.input(screen.getByLabelText('Programme text'), { target: { value: 'moved block' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
    expect(await screen.findByText(/Programme items: 17 kept, 1 added, 1 removed/)).toBeTruthy();
    expect(screen.getByText('“Q&A Session” (Part 1, Thu, 22 Feb 2024 14:30): 3 questions')).toBeTruthy();
    expect(
      screen.getByText('“Keynote” (Part 1, Thu, 22 Feb 2024 09:00): 12 attendees with CME credits'),
    ).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: 'Publish' }));
    expect(await screen.findByText(/would remove Q&A blocks that have questions/)).toBeTruthy();
    expect(server.callsTo('PUT', `/api/events/${slug}`)).toHaveLength(0);

    server.nextPreview = validPreview({ existing: true, changes: { kept: 18, added: 0, removed: 0 } });
    await fireEvent.input(screen.getByLabelText('Programme text'), { target: { value: 'fixed title' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Publish' }));
    expect(await screen.findByText(/is updated. Its questions stay/)).toBeTruthy();
    expect(server.callsTo('PUT', `/api/events/${slug}`)[0].body).toBe('fixed title');
  });
});

describe('OrganizePage: settings', () => {
  it('saves pre-moderation, speakers may mark answered, Q&A opening and a part’s stream and delay', async () => {
    const server = await signedIn();
    await fireEvent.click(screen.getByRole('switch', { name: 'Pre-moderation' }));
    await waitFor(() =>
      expect(screen.getByRole('switch', { name: 'Pre-moderation' }).getAttribute('aria-checked')).toBe(
        'true',
      ),
    );
    expect(server.settings.preModeration).toBe(true);
    await fireEvent.click(screen.getByRole('switch', { name: 'Speakers may mark answered' }));
    await waitFor(() => expect(server.settings.speakersMayAnswer).toBe(true));
    // Wait for the answer to reach the page, as a person would see the switch turn, before typing.
    await waitFor(() =>
      expect(
        screen.getByRole('switch', { name: 'Speakers may mark answered' }).getAttribute('aria-checked'),
      ).toBe('true'),
    );

    await fireEvent.input(screen.getByLabelText('Q&A opens before (minutes)'), { target: { value: '15' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save Q&A opening' }));
    await waitFor(() => expect(server.settings.qaOpensBeforeMinutes).toBe(15));

    const part = seedEvent.parts[0];
    await fireEvent.input(screen.getByLabelText(`Stream of ${part.title}`), {
      target: { value: 'https://www.youtube.com/watch?v=abcdefghijk' },
    });
    await fireEvent.input(screen.getByLabelText(`Stream delay of ${part.title} (seconds)`), {
      target: { value: '45' },
    });
    const form = screen.getByLabelText(`Stream of ${part.title}`).closest('form')!;
    await fireEvent.click(within(form).getByRole('button', { name: 'Save stream' }));
    await waitFor(() =>
      expect(server.settings.parts[0]).toMatchObject({
        streamUrl: 'https://www.youtube.com/watch?v=abcdefghijk',
        streamDelaySeconds: 45,
      }),
    );
    expect(JSON.parse(server.callsTo('PATCH', `/api/events/${slug}/settings`).at(-1)!.body!)).toEqual({
      parts: [
        { id: part.id, streamUrl: 'https://www.youtube.com/watch?v=abcdefghijk', streamDelaySeconds: 45 },
      ],
    });
  });

  it('publishes the answered questions with a switch, and links the public page', async () => {
    const server = await signedIn();
    expect(screen.queryByRole('link', { name: 'Open the page of answered questions' })).toBeNull();
    await fireEvent.click(screen.getByRole('switch', { name: 'Publish answered questions' }));
    await waitFor(() => expect(server.settings.answersPublished).toBe(true));
    expect(JSON.parse(server.callsTo('PATCH', `/api/events/${slug}/settings`).at(-1)!.body!)).toEqual({
      answersPublished: true,
    });
    const link = await screen.findByRole('link', { name: 'Open the page of answered questions' });
    expect(link.getAttribute('href')).toBe(`/e/${slug}/answers`);
  });

  it('switches the holds for patient data and profanity, each on its own', async () => {
    const server = await signedIn();
    const patient = screen.getByRole('switch', { name: 'Hold questions that may identify a patient' });
    const profanity = screen.getByRole('switch', { name: 'Hold questions with profanity' });
    expect([patient, profanity].map((s) => s.getAttribute('aria-checked'))).toEqual(['true', 'true']);

    await fireEvent.click(profanity);
    await waitFor(() => expect(profanity.getAttribute('aria-checked')).toBe('false'));
    expect(JSON.parse(server.callsTo('PATCH', `/api/events/${slug}/settings`).at(-1)!.body!)).toEqual({
      holdProfanity: false,
    });
    expect(patient.getAttribute('aria-checked')).toBe('true');

    await fireEvent.click(patient);
    await waitFor(() => expect(server.settings.holdPatientData).toBe(false));
    expect(JSON.parse(server.callsTo('PATCH', `/api/events/${slug}/settings`).at(-1)!.body!)).toEqual({
      holdPatientData: false,
    });
  });

  it('test-plays a YouTube link in the event page’s player, and says when a link will not play', async () => {
    await signedIn();
    const part = seedEvent.parts[0];
    const url = screen.getByLabelText(`Stream of ${part.title}`);
    await fireEvent.input(url, { target: { value: 'https://youtu.be/abcdefghijk' } });
    const form = url.closest('form')!;
    await fireEvent.click(within(form).getByRole('button', { name: 'Test play' }));
    const frame = form.querySelector('iframe');
    expect(frame?.getAttribute('src')).toBe('https://www.youtube-nocookie.com/embed/abcdefghijk');
    expect(frame?.getAttribute('title')).toBe(part.title);
    await fireEvent.input(url, { target: { value: 'ftp://example.org/live' } });
    expect(within(form).getByText(/will not play this link/)).toBeTruthy();
  });
});

describe('OrganizePage: links', () => {
  it('creates a link for a named speaker from the programme, shows it with a QR code, copies it and revokes it', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    const server = await signedIn();
    await fireEvent.change(screen.getByRole('combobox', { name: 'Role' }), { target: { value: 'speaker' } });
    const speaker = screen.getByRole('combobox', { name: 'Speaker' });
    const names = within(speaker)
      .getAllByRole('option')
      .map((o) => o.textContent);
    expect(names).toContain('R. Sinnatamby');
    expect(names[0]).toBe('All speakers (the panel)');
    await fireEvent.change(speaker, { target: { value: 'R. Sinnatamby' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Create link' }));

    expect(await screen.findByRole('heading', { name: 'New link for R. Sinnatamby' })).toBeTruthy();
    expect(JSON.parse(server.callsTo('POST', `/api/events/${slug}/grants`)[0].body!)).toEqual({
      role: 'speaker',
      speakerName: 'R. Sinnatamby',
      label: '',
      expiresInHours: 336,
    });
    const link = `${location.origin}/e/${slug}/speaker#key=secret-1`;
    expect(screen.getByRole<HTMLInputElement>('textbox', { name: 'New link for R. Sinnatamby' }).value).toBe(
      link,
    );
    const qr = screen.getByRole('img', { name: 'QR code of the link for R. Sinnatamby' });
    await waitFor(() => expect(qr.querySelector('svg path')).toBeTruthy());

    await fireEvent.click(screen.getByRole('button', { name: 'Copy link' }));
    expect(writeText).toHaveBeenCalledWith(link);
    expect(await screen.findByText('Copied.')).toBeTruthy();

    const row = screen.getByRole('row', { name: /R\. Sinnatamby/ });
    expect(row.textContent).toContain('Active');
    await fireEvent.click(within(row).getByRole('button', { name: 'Revoke the link for R. Sinnatamby' }));
    await waitFor(() =>
      expect(screen.getByRole('row', { name: /R\. Sinnatamby/ }).textContent).toContain('Revoked'),
    );
    expect(server.callsTo('DELETE', `/api/events/${slug}/grants/grant-1`)).toHaveLength(1);
    expect(screen.queryByRole('heading', { name: 'New link for R. Sinnatamby' })).toBeNull();
  });
});

describe('OrganizePage: export and delete', () => {
  it('downloads the questions with the session cookie (no token in the page)', async () => {
    const createObjectURL = vi.fn(() => 'blob:questions');
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() }));
    const downloads: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push(this.download);
    });
    const server = await signedIn();
    await fireEvent.click(screen.getByRole('button', { name: 'Download CSV' }));
    await waitFor(() => expect(downloads).toEqual([`${slug}-questions.csv`]));
    expect(createObjectURL).toHaveBeenCalledTimes(1);
    const [call] = server.callsTo('GET', `/api/events/${slug}/questions.csv`);
    expect(call).toBeTruthy();
  });

  it('deletes the event only after its name is typed, with DELETE /api/events/:slug', async () => {
    const server = await signedIn();
    const confirm = screen.getByLabelText(`Type ${slug} to confirm`);
    await fireEvent.input(confirm, { target: { value: 'something else' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Delete event' }));
    expect((await screen.findByText(/Type the event’s address name/)).textContent).toContain(slug);
    expect(server.callsTo('DELETE', `/api/events/${slug}`)).toHaveLength(0);

    await fireEvent.input(confirm, { target: { value: slug } });
    await fireEvent.click(screen.getByRole('button', { name: 'Delete event' }));
    expect(await screen.findByText(`The event ${slug} is deleted.`)).toBeTruthy();
    expect(server.callsTo('DELETE', `/api/events/${slug}`)).toHaveLength(1);
    expect(await screen.findByText('No event is published yet. Publish a programme below.')).toBeTruthy();
  });
});
