// Every screen of the client, one line each; the first match wins.
import EventPage from './pages/EventPage.svelte';
import EventsPage from './pages/EventsPage.svelte';
import { lazyPage, page, type Route } from './lib/router.svelte.js';

export const routes: readonly Route[] = [
  page('/', EventsPage),
  page('/e/:slug', EventPage),
  // Screens only a few people open are split off: viewers never download them.
  lazyPage('/e/:slug/moderate', () => import('./pages/ModeratorPage.svelte')),
  lazyPage('/e/:slug/speaker', () => import('./pages/SpeakerPage.svelte'), { shell: false }),
  lazyPage('/organize', () => import('./pages/OrganizePage.svelte')),
  lazyPage('/e/:slug/overlay', () => import('./pages/OverlayPage.svelte'), { shell: false }),
  lazyPage('/verify/:id', () => import('./pages/VerifyPage.svelte')),
  lazyPage('/e/:slug/answers', () => import('./pages/AnswersPage.svelte')),
];
