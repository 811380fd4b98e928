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

/** One language: a file in this folder whose default export satisfies this type. */
export interface Catalogue {
  /** BCP 47 language, matched against the browser's preferred languages. */
  code: string;
  /** The language's own name, for a future language menu. */
  name: string;
  /** The locale Intl formats dates and times with. */
  intlLocale: string;
  /** Every key of en.ts; a missing text falls back to English at run time. */
  messages: Partial<Record<MessageKey, string>>;
}
