import type { messages as en } from './en.js';

export type MessageKey = keyof typeof en;

/** The `{name}` placeholders of one English message, as a union of names. */
type PlaceholdersOf<S extends string> = S extends `${string}{${infer Name}}${infer Rest}`
  ? Name | PlaceholdersOf<Rest>
  : never;

export type MessageParams<K extends MessageKey> = Record<PlaceholdersOf<(typeof en)[K]>, string | number>;

/** t(key) for messages without placeholders, t(key, params) for the others. */
export type ParamsArg<K extends MessageKey> = [PlaceholdersOf<(typeof en)[K]>] extends [never]
  ? []
  : [params: MessageParams<K>];

/**
 * A counted message is a family of keys `<base>.<plural category>` (Intl.PluralRules:
 * zero, one, two, few, many, other); English has `.one` and `.other`, and `.other` is the one
 * every language must have.
 */
type PluralBaseOf<K> = K extends `${infer Base}.other` ? Base : never;
export type PluralBase = PluralBaseOf<MessageKey>;
type OtherKey<B extends PluralBase> = Extract<`${B}.other`, MessageKey>;

/** tn(base, count) when `{count}` is the only placeholder, tn(base, count, params) otherwise. */
export type PluralParamsArg<B extends PluralBase> = [
  Exclude<PlaceholdersOf<(typeof en)[OtherKey<B>]>, 'count'>,
] extends [never]
  ? []
  : [params: Record<Exclude<PlaceholdersOf<(typeof en)[OtherKey<B>]>, 'count'>, string | number>];

/** One language: a file in this folder named by its code (`de.ts`) whose default export satisfies this type. */
export interface Catalogue {
  /** BCP 47 language, matched against the browser's preferred languages. */
  code: string;
  /** The locale Intl formats dates, times and plurals with. */
  intlLocale: string;
  /** Every key of en.ts; a missing text falls back to English at run time. */
  messages: Partial<Record<MessageKey, string>>;
}
