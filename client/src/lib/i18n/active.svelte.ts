// The catalogue in use, as state: every t() read in a template or a $derived subscribes to it,
// so switching the language re-renders the texts and dates in place (no reload, so the stream
// keeps playing and a typed question stays).
import en from './en.js';
import type { Catalogue } from './types.js';

class ActiveCatalogue {
  current = $state.raw<Catalogue>(en);
}

export const active = new ActiveCatalogue();
