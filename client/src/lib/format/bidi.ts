/**
 * Wraps user-written text that is put inside a sentence (a translated string) in Unicode's
 * FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE, so right-to-left text, or a name written to
 * look reversed, cannot reorder the words around it. Elements that show user text on their own
 * use <bdi> or dir="auto", which isolate in the same way.
 */
export function isolate(text: string): string {
  return `\u2068${text}\u2069`;
}
