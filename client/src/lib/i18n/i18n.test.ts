import { describe, expect, it } from 'vitest';
import en from './en.js';
import { catalogues, pickCatalogue, t, translate, type Catalogue } from './index.js';

describe('t', () => {
  it('fills placeholders', () => {
    expect(t('agenda.qaIn', { countdown: '12:34' })).toBe('Q&A in 12:34');
    expect(t('agenda.title')).toBe('Agenda');
  });

  it('falls back to English for a text a language lacks', () => {
    const partial: Catalogue = {
      code: 'xx',
      name: 'Test',
      intlLocale: 'en',
      messages: { 'agenda.title': 'Programm' },
    };
    expect(translate(partial, 'agenda.title')).toBe('Programm');
    expect(translate(partial, 'agenda.now')).toBe('Now');
  });
});

describe('catalogues', () => {
  it('finds the language files beside index.ts, English among them', () => {
    expect(catalogues.map((c) => c.code)).toContain('en');
  });

  it('every language translates every English text, with the same placeholders', () => {
    const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const catalogue of catalogues) {
      for (const [key, english] of Object.entries(en.messages)) {
        const text = catalogue.messages[key as keyof typeof en.messages];
        expect(text, `${catalogue.code}: ${key}`).toBeTypeOf('string');
        expect(placeholders(text!), `${catalogue.code}: ${key}`).toEqual(placeholders(english));
      }
    }
  });

  it('picks the first preferred language it has, by base language too', () => {
    const de: Catalogue = { code: 'de', name: 'Deutsch', intlLocale: 'de-AT', messages: {} };
    expect(pickCatalogue(['fr-FR', 'de-CH', 'en'], [en, de]).code).toBe('de');
    expect(pickCatalogue(['fr-FR'], [en, de]).code).toBe('en');
  });
});
