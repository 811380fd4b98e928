// A tiny t(key, params). Languages are the files beside this one: adding `de.ts` with a
// default export that `satisfies Catalogue` is all a new language needs. English is in the
// viewer bundle (it is also the fallback for a text a language lacks); every other catalogue
// is its own chunk, loaded only when that language is chosen.
import { active } from './active.svelte.js';
import en from './en.js';
import type { Catalogue, MessageKey, ParamsArg, PluralBase, PluralParamsArg } from './types.js';

export type { Catalogue, MessageKey, PluralBase } from './types.js';

const loaders: Record<string, () => Promise<Catalogue>> = { en: () => Promise.resolve(en) };
const found = import.meta.glob<Catalogue>(
  ['./*.ts', '!./en.ts', '!./index.ts', '!./types.ts', '!./*.svelte.ts', '!./*.test.ts'],
  { import: 'default' },
);
for (const [file, load] of Object.entries(found)) loaders[file.slice(2, -3)] = load;

/** The codes of every language there is a catalogue for, English first. */
export const languages: readonly string[] = Object.keys(loaders);

/** Where a language the person chose is remembered; none when they never chose. */
export const LANGUAGE_KEY = 'lsc.language';

/** The first language matching the preferred ones (exact, then by base language); else English. */
export function pickLanguage(preferred: readonly string[], available: readonly string[] = languages): string {
  for (const tag of preferred) {
    const lower = tag.toLowerCase();
    const exact = available.find((code) => code.toLowerCase() === lower);
    if (exact) return exact;
    const base = available.find((code) => code.toLowerCase() === lower.split('-')[0]);
    if (base) return base;
  }
  return 'en';
}

/** A language's name in that language ("Deutsch"), for the switch. */
export function languageName(code: string): string {
  try {
    const name = new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? code;
    return name.charAt(0).toLocaleUpperCase(code) + name.slice(1);
  } catch {
    return code;
  }
}

export function loadCatalogue(code: string): Promise<Catalogue> {
  const load = loaders[code];
  return load ? load() : Promise.reject(new Error(`No catalogue for the language "${code}"`));
}

function storage(): Storage | null {
  try {
    return typeof window === 'undefined' ? null : window.localStorage;
  } catch {
    return null; // storage blocked: the choice lasts for this page only
  }
}

let latestRequest = 0;

/**
 * Shows the app in `code` from now on: loads its catalogue, re-renders every text and sets
 * `<html lang>`. `remember` keeps the choice for the next visit (only a person's own choice is
 * kept; the browser's preference is read afresh each time).
 */
export async function useLanguage(code: string, { remember = false } = {}): Promise<void> {
  const request = ++latestRequest;
  const catalogue = await loadCatalogue(code);
  if (request !== latestRequest) return; // a later choice won the race
  active.current = catalogue;
  if (typeof document !== 'undefined') document.documentElement.lang = catalogue.code;
  if (remember) {
    try {
      storage()?.setItem(LANGUAGE_KEY, catalogue.code);
    } catch {
      // storage full or blocked: the switch still works for this page
    }
  }
}

/** The language to start in: the one the person chose before, else the browser's preference. */
export function startingLanguage(
  preferred: readonly string[] = typeof navigator === 'undefined' ? [] : navigator.languages,
): string {
  const chosen = storage()?.getItem(LANGUAGE_KEY);
  return chosen && languages.includes(chosen) ? chosen : pickLanguage(preferred);
}

/** Before the first render: a catalogue that does not load (offline) leaves the page in English. */
export async function startLanguage(): Promise<void> {
  try {
    await useLanguage(startingLanguage());
  } catch {
    await useLanguage('en');
  }
}

/** The language in use ("de"), as in `<html lang>`. */
export function language(): string {
  return active.current.code;
}

/** The locale every date and time on screen is formatted with. */
export function locale(): string {
  return active.current.intlLocale;
}

function fill(text: string, params: Record<string, string | number> | undefined): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function translate<K extends MessageKey>(catalogue: Catalogue, key: K, ...args: ParamsArg<K>): string {
  const text: string = catalogue.messages[key] ?? en.messages[key];
  return fill(text, args[0]);
}

export function t<K extends MessageKey>(key: K, ...args: ParamsArg<K>): string {
  return translate(active.current, key, ...args);
}

const pluralRules = new Map<string, Intl.PluralRules>();

/** The plural category of `count` in a locale: "one" or "other" in English and German. */
export function pluralCategory(intlLocale: string, count: number): Intl.LDMLPluralRule {
  let rules = pluralRules.get(intlLocale);
  if (!rules) {
    rules = new Intl.PluralRules(intlLocale);
    pluralRules.set(intlLocale, rules);
  }
  return rules.select(count);
}

export function translateCount<B extends PluralBase>(
  catalogue: Catalogue,
  base: B,
  count: number,
  ...args: PluralParamsArg<B>
): string {
  const messages = catalogue.messages as Partial<Record<string, string>>;
  const english = en.messages as Record<string, string>;
  const category = pluralCategory(catalogue.intlLocale, count);
  const text =
    messages[`${base}.${category}`] ??
    messages[`${base}.other`] ??
    english[`${base}.${pluralCategory(en.intlLocale, count)}`] ??
    english[`${base}.other`];
  const params = args[0] as Record<string, string | number> | undefined;
  return fill(text, { ...params, count });
}

/** A counted text in the plural form the language needs: tn('qa.votes', 1) is "1 vote". */
export function tn<B extends PluralBase>(base: B, count: number, ...args: PluralParamsArg<B>): string {
  return translateCount(active.current, base, count, ...args);
}
