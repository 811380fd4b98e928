import type { EventSummary, EventView } from '../../../../shared/events-api.js';
import type { CreateGrantRequest, GrantView } from '../../../../shared/moderation.js';
import type {
  OrganizerEventSettings,
  OrganizerSettingsChange,
  ProgrammePreview,
} from '../../../../shared/organizer.js';
import { ApiError, errorMessage } from '../api/http.js';
import { organizerApi, type ExportFormat, type OrganizerApi } from '../api/organizer.js';
import { t } from '../i18n/index.js';

export type SessionState = 'checking' | 'signedOut' | 'signedIn';

/** A link just created: its full address is shown once (only a hash of the secret is stored). */
export interface IssuedLink {
  grant: GrantView;
  url: string;
}

/**
 * The organizer console: sign-in, publishing, and the chosen event's settings, links, export.
 * Every call goes through #call, so an expired sign-in anywhere returns to the sign-in form.
 */
export class OrganizerStore {
  session = $state<SessionState>('checking');
  signingIn = $state(false);
  signInError = $state<string | null>(null);

  events = $state.raw<EventSummary[]>([]);
  slug = $state<string | null>(null);
  event = $state.raw<EventView | null>(null);
  eventError = $state<string | null>(null);

  text = $state('');
  preview = $state.raw<ProgrammePreview | null>(null);
  /** The text `preview` was made from: a preview of another text is not shown as current. */
  previewedText = $state<string | null>(null);
  publishing = $state<'preview' | 'publish' | null>(null);
  publishError = $state<string | null>(null);
  publishMessage = $state<string | null>(null);

  settings = $state.raw<OrganizerEventSettings | null>(null);
  settingsBusy = $state(false);
  settingsError = $state<string | null>(null);
  settingsMessage = $state<string | null>(null);

  grants = $state.raw<GrantView[]>([]);
  issued = $state.raw<IssuedLink | null>(null);
  linksBusy = $state(false);
  linksError = $state<string | null>(null);

  exportError = $state<string | null>(null);
  deleteError = $state<string | null>(null);
  deleting = $state(false);

  readonly #api: OrganizerApi;
  readonly #origin: string;

  constructor(api: OrganizerApi = organizerApi, origin: string = location.origin) {
    this.#api = api;
    this.#origin = origin;
  }

  /** The speakers of the chosen event's programme, for a speaker's own link. */
  get speakers(): string[] {
    const names = new Set<string>();
    for (const part of this.event?.parts ?? [])
      for (const item of part.items) for (const speaker of item.speakers) names.add(speaker.name);
    return [...names].sort((a, b) => a.localeCompare(b));
  }

  get previewIsCurrent(): boolean {
    return this.preview !== null && this.previewedText === this.text;
  }

  async start(): Promise<void> {
    try {
      const { signedIn } = await this.#api.session();
      this.session = signedIn ? 'signedIn' : 'signedOut';
      if (signedIn) await this.#loadEvents();
    } catch (error) {
      this.session = 'signedOut';
      this.signInError = errorMessage(error);
    }
  }

  async signIn(token: string): Promise<void> {
    if (this.signingIn) return;
    if (!token.trim()) {
      this.signInError = t('org.tokenMissing');
      return;
    }
    this.signingIn = true;
    this.signInError = null;
    try {
      await this.#api.signIn(token.trim());
      this.session = 'signedIn';
      await this.#loadEvents();
    } catch (error) {
      this.signInError =
        error instanceof ApiError && error.code === 'auth/bad_token'
          ? t('org.tokenWrong')
          : errorMessage(error);
    } finally {
      this.signingIn = false;
    }
  }

  async signOut(): Promise<void> {
    try {
      await this.#api.signOut();
    } finally {
      this.session = 'signedOut';
      this.signInError = null;
      this.slug = null;
      this.event = null;
      this.settings = null;
      this.grants = [];
      this.issued = null;
    }
  }

  async selectEvent(slug: string | null): Promise<void> {
    this.slug = slug;
    this.event = null;
    this.settings = null;
    this.grants = [];
    this.issued = null;
    this.eventError = null;
    this.settingsMessage = null;
    this.settingsError = null;
    this.linksError = null;
    this.exportError = null;
    this.deleteError = null;
    if (!slug) return;
    const loaded = await this.#call(
      () => Promise.all([this.#api.getEvent(slug), this.#api.settings(slug), this.#api.grants(slug)]),
      (message) => (this.eventError = message),
    );
    if (!loaded || this.slug !== slug) return;
    [this.event, this.settings, this.grants] = loaded;
  }

  setText(text: string): void {
    this.text = text;
    this.publishMessage = null;
  }

  async runPreview(): Promise<ProgrammePreview | null> {
    if (this.publishing) return null;
    const text = this.text;
    if (!text.trim()) {
      this.publishError = t('org.programmeEmpty');
      return null;
    }
    this.publishing = 'preview';
    this.publishError = null;
    this.publishMessage = null;
    try {
      const preview = await this.#call(
        () => this.#api.preview(text),
        (message) => (this.publishError = message),
      );
      if (preview) {
        this.preview = preview;
        this.previewedText = text;
      }
      return preview;
    } finally {
      this.publishing = null;
    }
  }

  /** Publishes the text: a new event, or over the event it updates. Previews first when needed. */
  async publish(): Promise<void> {
    const preview = this.previewIsCurrent ? this.preview : await this.runPreview();
    if (!preview || this.publishing) return;
    if (preview.errors.length > 0 || !preview.slug) {
      this.publishError = t('org.fixErrorsFirst');
      return;
    }
    if (preview.orphans.length > 0) {
      this.publishError = t('org.orphansRefused');
      return;
    }
    const text = this.text;
    const slug = preview.slug;
    this.publishing = 'publish';
    this.publishError = null;
    try {
      const event = await this.#call(
        () => (preview.existing ? this.#api.republish(slug, text) : this.#api.publish(text)),
        (message) => (this.publishError = message),
      );
      if (!event) return;
      this.publishMessage = t(preview.existing ? 'org.republished' : 'org.published', { title: event.title });
      this.preview = null;
      this.previewedText = null;
      await this.#loadEvents();
      await this.selectEvent(event.slug);
    } finally {
      this.publishing = null;
    }
  }

  async saveSettings(change: OrganizerSettingsChange): Promise<boolean> {
    const slug = this.slug;
    if (!slug || this.settingsBusy) return false;
    this.settingsBusy = true;
    this.settingsError = null;
    this.settingsMessage = null;
    try {
      const settings = await this.#call(
        () => this.#api.updateSettings(slug, change),
        (message) => (this.settingsError = message),
      );
      if (!settings || this.slug !== slug) return false;
      this.settings = settings;
      this.settingsMessage = t('org.settingsSaved');
      return true;
    } finally {
      this.settingsBusy = false;
    }
  }

  async createLink(request: CreateGrantRequest): Promise<void> {
    const slug = this.slug;
    if (!slug || this.linksBusy) return;
    this.linksBusy = true;
    this.linksError = null;
    try {
      const issued = await this.#call(
        () => this.#api.createGrant(slug, request),
        (message) => (this.linksError = message),
      );
      if (!issued || this.slug !== slug) return;
      this.issued = { grant: issued.grant, url: new URL(issued.link, this.#origin).href };
      this.grants = [issued.grant, ...this.grants.filter((g) => g.id !== issued.grant.id)];
    } finally {
      this.linksBusy = false;
    }
  }

  async revokeLink(id: string): Promise<void> {
    const slug = this.slug;
    if (!slug) return;
    this.linksError = null;
    const revoked = await this.#call(
      () => this.#api.revokeGrant(slug, id),
      (message) => (this.linksError = message),
    );
    if (!revoked) return;
    this.grants = this.grants.map((g) => (g.id === id ? revoked : g));
    if (this.issued?.grant.id === id) this.issued = null;
  }

  async exportQuestions(format: ExportFormat): Promise<Blob | null> {
    const slug = this.slug;
    if (!slug) return null;
    this.exportError = null;
    return this.#call(
      () => this.#api.exportQuestions(slug, format),
      (message) => (this.exportError = t('org.exportFailed', { message })),
    );
  }

  /** Deletes the chosen event; `confirmation` must be its slug, typed by the organizer. */
  async deleteEvent(confirmation: string): Promise<boolean> {
    const slug = this.slug;
    if (!slug || this.deleting) return false;
    if (confirmation.trim() !== slug) {
      this.deleteError = t('org.deleteMismatch', { slug });
      return false;
    }
    this.deleting = true;
    this.deleteError = null;
    try {
      const done = await this.#call(
        async () => {
          await this.#api.deleteEvent(slug);
          return true;
        },
        (message) => (this.deleteError = message),
      );
      if (!done) return false;
      this.publishMessage = t('org.deleted', { slug });
      await this.selectEvent(null);
      await this.#loadEvents();
      return true;
    } finally {
      this.deleting = false;
    }
  }

  async #loadEvents(): Promise<void> {
    const events = await this.#call(
      () => this.#api.listEvents(),
      (message) => (this.eventError = message),
    );
    if (!events) return;
    this.events = events;
    const keep = this.slug && events.some((e) => e.slug === this.slug);
    if (!keep) await this.selectEvent(events[0]?.slug ?? null);
  }

  /** Runs a call; a failure goes to `report`, and a lost sign-in back to the sign-in form. */
  async #call<T>(work: () => Promise<T>, report: (message: string) => void): Promise<T | null> {
    try {
      return await work();
    } catch (error) {
      if (
        error instanceof ApiError &&
        (error.code === 'auth/missing_token' || error.code === 'auth/bad_token')
      ) {
        this.session = 'signedOut';
        this.signInError = t('org.sessionEnded');
        return null;
      }
      report(errorMessage(error));
      return null;
    }
  }
}
