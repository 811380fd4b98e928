// Every word a person reads or hears comes from the catalogue: a text written straight into a
// component would stay English on a German page, and no rendering test can reach every branch.
// So this reads every component's template and finds words outside `{...}`.
import { parse } from 'svelte/compiler';
import { describe, expect, it } from 'vitest';

// Every component's source, as text.
const sources = import.meta.glob<string>('../../**/*.svelte', {
  query: '?raw',
  import: 'default',
  eager: true,
});
const components = Object.keys(sources);
/** Attributes a person reads or hears; class, href and the like are not words for people. */
const READABLE = new Set([
  'aria-label',
  'aria-description',
  'aria-roledescription',
  'aria-valuetext',
  'alt',
  'title',
  'placeholder',
]);
const isWords = (text: string): boolean => {
  const plain = text.replace(/&\w+;/g, ' ').replace(/https?:\/\/\S*/g, ' ');
  return /\p{L}{2,}/u.test(plain);
};

function hardCodedTexts(source: string): string[] {
  const found: string[] = [];
  const walk = (node: unknown, attribute: string | undefined): void => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, attribute));
    if (!node || typeof node !== 'object') return;
    const n = node as { type?: string; name?: string; data?: string };
    if (n.type === 'Text') {
      if ((attribute === undefined || READABLE.has(attribute)) && isWords(n.data ?? '')) {
        found.push(`${attribute ? `${attribute}=` : ''}"${(n.data ?? '').trim()}"`);
      }
      return;
    }
    const inAttribute = n.type === 'Attribute' ? n.name : attribute;
    for (const [key, value] of Object.entries(node)) {
      if (key !== 'metadata' && key !== 'parent') walk(value, inAttribute);
    }
  };
  walk(parse(source, { modern: true }).fragment, undefined);
  return found;
}

describe('no hard-coded text in components', () => {
  it('finds the components', () => {
    expect(components.length).toBeGreaterThan(40);
  });

  it('finds a word written into a template, and not one inside {t(...)}', () => {
    expect(hardCodedTexts('<p>{t("agenda.now")}</p><span aria-hidden="true">–</span>')).toEqual([]);
    expect(hardCodedTexts('<p>to</p><button aria-label="Close">x</button><i class="icon wide"></i>')).toEqual(
      ['"to"', 'aria-label="Close"'],
    );
  });

  it.each(components)('%s', (file) => {
    expect(hardCodedTexts(sources[file])).toEqual([]);
  });
});
