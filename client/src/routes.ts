// Every screen of the client, one line each; the first match wins.
import EventPage from './pages/EventPage.svelte';
import EventsPage from './pages/EventsPage.svelte';
import { page, type Route } from './lib/router.svelte.js';

export const routes: readonly Route[] = [
  page('/', EventsPage),
  page('/e/:slug', EventPage),
  // Screens only a few people open are split off with lazyPage, e.g.
  // lazyPage('/e/:slug/moderate', () => import('./pages/ModeratePage.svelte')),
];
