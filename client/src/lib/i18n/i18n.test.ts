import { afterEach, describe, expect, it } from 'vitest';
import de from './de.js';
import en from './en.js';
import {
  language,
  LANGUAGE_KEY,
  languageName,
  languages,
  loadCatalogue,
  locale,
  pickLanguage,
  startingLanguage,
  t,
  tn,
  translate,
  translateCount,
  useLanguage,
  type Catalogue,
} from './index.js';

afterEach(async () => {
  localStorage.clear();
  await useLanguage('en');
});

const englishKeys = Object.keys(en.messages);
const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
// Plural families may have more categories in another language (Polish: few, many) than in English.
const pluralBases = new Set(englishKeys.filter((k) => k.endsWith('.other')).map((k) => k.slice(0, -6)));
const PLURAL_CATEGORIES = ['zero', 'one', 'two', 'few', 'many', 'other'];
const isPluralVariant = (key: string): boolean => {
  const dot = key.lastIndexOf('.');
  return pluralBases.has(key.slice(0, dot)) && PLURAL_CATEGORIES.includes(key.slice(dot + 1));
};

describe('t', () => {
  it('fills placeholders', () => {
    expect(t('agenda.qaIn', { countdown: '12:34' })).toBe('Q&A in 12:34');
    expect(t('agenda.title')).toBe('Agenda');
  });

  it('falls back to English for a text a language lacks', () => {
    const partial: Catalogue = { code: 'xx', intlLocale: 'en', messages: { 'agenda.title': 'Programm' } };
    expect(translate(partial, 'agenda.title')).toBe('Programm');
    expect(translate(partial, 'agenda.now')).toBe('Now');
    expect(translateCount(partial, 'qa.votes', 1)).toBe('1 vote');
  });
});

describe('tn: plurals through Intl.PluralRules', () => {
  it('picks the form each language needs', async () => {
    expect(tn('qa.votes', 1)).toBe('1 vote');
    expect(tn('qa.votes', 0)).toBe('0 votes');
    expect(tn('qa.votes', 2)).toBe('2 votes');
    expect(tn('qa.charsLeft', 1)).toBe('1 character left');
    expect(tn('qa.agoDays', 3)).toBe('3 days ago');
    expect(tn('org.orphanQuestions', 1)).toBe('1 question');
    expect(tn('org.orphanCredits', 2)).toBe('2 attendees with CME credits');

    await useLanguage('de');
    expect(tn('qa.votes', 1)).toBe('1 Stimme');
    expect(tn('qa.votes', 0)).toBe('0 Stimmen');
    expect(tn('qa.votes', 5)).toBe('5 Stimmen');
    expect(tn('qa.agoDays', 1)).toBe('vor 1 Tag');
    expect(tn('qa.agoDays', 2)).toBe('vor 2 Tagen');
  });

  it('uses a category a language adds beyond English', () => {
    const polish: Catalogue = {
      code: 'pl',
      intlLocale: 'pl',
      messages: {
        'qa.votes.one': '{count} głos',
        'qa.votes.other': '{count} głosu',
        ...({ 'qa.votes.few': '{count} głosy', 'qa.votes.many': '{count} głosów' } as object),
      },
    };
    expect(translateCount(polish, 'qa.votes', 1)).toBe('1 głos');
    expect(translateCount(polish, 'qa.votes', 3)).toBe('3 głosy');
    expect(translateCount(polish, 'qa.votes', 5)).toBe('5 głosów');
  });
});

describe('catalogues', () => {
  it('finds the language files beside index.ts: English and German', () => {
    expect(languages).toEqual(['en', 'de']);
    expect(languages.map(languageName)).toEqual(['English', 'Deutsch']);
  });

  it('German has every English key and no other, with the same placeholders', async () => {
    for (const code of languages) {
      const catalogue = await loadCatalogue(code);
      const keys = Object.keys(catalogue.messages);
      expect(
        englishKeys.filter((k) => !keys.includes(k)),
        `${code}: missing`,
      ).toEqual([]);
      expect(
        keys.filter((k) => !(k in en.messages) && !isPluralVariant(k)),
        `${code}: not in English`,
      ).toEqual([]);
      for (const [key, text] of Object.entries(catalogue.messages)) {
        const english =
          (en.messages as Record<string, string>)[key] ??
          en.messages[`${key.slice(0, key.lastIndexOf('.'))}.other` as keyof typeof en.messages];
        expect(text, `${code}: ${key}`).toBeTypeOf('string');
        expect(text.trim(), `${code}: ${key}`).not.toBe('');
        expect(placeholders(text), `${code}: ${key}`).toEqual(placeholders(english));
      }
    }
  });

  it('the German labels of the viewer’s question box are the ones the issue names', () => {
    expect(de.messages['qa.bodyLabel']).toBe('Ihre Frage');
    expect(de.messages['qa.send']).toBe('Senden');
  });
});

describe('choosing the language', () => {
  it('picks the first preferred language it has, by base language too', () => {
    expect(pickLanguage(['fr-FR', 'de-CH', 'en'])).toBe('de');
    expect(pickLanguage(['en-US', 'de'])).toBe('en');
    expect(pickLanguage(['fr-FR'])).toBe('en');
    expect(pickLanguage([])).toBe('en');
  });

  it('follows the browser until the person chooses; the choice is remembered', () => {
    expect(startingLanguage(['de-AT', 'en'])).toBe('de');
    expect(startingLanguage(['en-GB', 'de'])).toBe('en');
    localStorage.setItem(LANGUAGE_KEY, 'en');
    expect(startingLanguage(['de-AT'])).toBe('en');
    localStorage.setItem(LANGUAGE_KEY, 'tlh'); // no such catalogue: the browser decides
    expect(startingLanguage(['de-AT'])).toBe('de');
  });

  it('switches texts, the date locale and <html lang>, and remembers only a chosen language', async () => {
    await useLanguage('de');
    expect(language()).toBe('de');
    expect(locale()).toBe('de-DE');
    expect(document.documentElement.lang).toBe('de');
    expect(t('qa.bodyLabel')).toBe('Ihre Frage');
    expect(localStorage.getItem(LANGUAGE_KEY)).toBeNull();

    await useLanguage('en', { remember: true });
    expect(document.documentElement.lang).toBe('en');
    expect(t('qa.bodyLabel')).toBe('Your question');
    expect(localStorage.getItem(LANGUAGE_KEY)).toBe('en');
  });

  it('keeps the last choice when two loads race', async () => {
    const first = useLanguage('de');
    const second = useLanguage('en');
    await Promise.all([first, second]);
    expect(language()).toBe('en');
  });

  it('refuses a language it has no catalogue for', async () => {
    await expect(useLanguage('tlh')).rejects.toThrow(/tlh/);
    expect(language()).toBe('en');
  });
});
