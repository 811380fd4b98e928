// A tiny t(key, params). Languages are the files beside this one: adding `de.ts` with a
// default export that `satisfies Catalogue` is all a new language needs.
import en from './en.js';
import type { Catalogue, MessageKey, ParamsArg } from './types.js';

export type { Catalogue, MessageKey } from './types.js';

const found = import.meta.glob<Catalogue>(['./*.ts', '!./index.ts', '!./types.ts', '!./*.test.ts'], {
  eager: true,
  import: 'default',
});

export const catalogues: readonly Catalogue[] = Object.values(found);

/** The first catalogue matching the preferred languages (exact, then by base language). */
export function pickCatalogue(
  preferred: readonly string[],
  available: readonly Catalogue[] = catalogues,
): Catalogue {
  for (const tag of preferred) {
    const lower = tag.toLowerCase();
    const exact = available.find((c) => c.code.toLowerCase() === lower);
    if (exact) return exact;
    const base = available.find((c) => c.code.toLowerCase() === lower.split('-')[0]);
    if (base) return base;
  }
  return en;
}

const active: Catalogue = pickCatalogue(typeof navigator === 'undefined' ? [] : navigator.languages);

/** The language in use, for `<html lang>`. */
export const language: string = active.code;
/** The locale every date and time on screen is formatted with. */
export const locale: string = active.intlLocale;

export function translate<K extends MessageKey>(catalogue: Catalogue, key: K, ...args: ParamsArg<K>): string {
  const text: string = catalogue.messages[key] ?? en.messages[key];
  const params = args[0] as Record<string, string | number> | undefined;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function t<K extends MessageKey>(key: K, ...args: ParamsArg<K>): string {
  return translate(active, key, ...args);
}
