import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findPatientData } from '../../../../../shared/patient-data.js';
import { flaggedSpans, flagsOf } from './holds.js';
import { findProfanity } from './profanity.js';

const corpus = JSON.parse(
  readFileSync(new URL('../../../../../test/fixtures/hold-corpus.json', import.meta.url), 'utf8'),
) as { ordinary: string[]; identifying: string[] };

const ON = { patientData: true, profanity: true };
const held = (text: string) => flaggedSpans(text.normalize('NFC'), ON).length > 0;
const percent = (n: number, of: number) => `${((100 * n) / of).toFixed(1)}%`;

describe('hold corpus (issue 13 targets)', () => {
  it('holds at most 2% of at least 200 ordinary clinical questions', () => {
    expect(corpus.ordinary.length).toBeGreaterThanOrEqual(200);
    expect(new Set(corpus.ordinary).size).toBe(corpus.ordinary.length);
    const falseHolds = corpus.ordinary.filter(held);
    console.log(
      `ordinary questions held: ${falseHolds.length}/${corpus.ordinary.length} (${percent(falseHolds.length, corpus.ordinary.length)})` +
        falseHolds
          .map(
            (q) =>
              `\n  held: ${q}  ${JSON.stringify(flaggedSpans(q, ON).map((s) => q.slice(s.start, s.end)))}`,
          )
          .join(''),
    );
    expect(falseHolds.length / corpus.ordinary.length).toBeLessThanOrEqual(0.02);
  });

  it('catches at least 95% of at least 50 questions with identifiers', () => {
    expect(corpus.identifying.length).toBeGreaterThanOrEqual(50);
    const missed = corpus.identifying.filter((q) => findPatientData(q.normalize('NFC')).length === 0);
    const caught = corpus.identifying.length - missed.length;
    console.log(
      `questions with identifiers caught: ${caught}/${corpus.identifying.length} (${percent(caught, corpus.identifying.length)})` +
        missed.map((q) => `\n  missed: ${q}`).join(''),
    );
    expect(caught / corpus.identifying.length).toBeGreaterThanOrEqual(0.95);
  });
});

describe('findPatientData', () => {
  const kinds = (text: string) => findPatientData(text).map((m) => [m.kind, m.text]);

  it('finds each kind with offsets into the text', () => {
    const text = 'Mrs Meier, DOB 03.04.1961, MRN 4471209, tel. +41 44 123 45 67, a.b@x.ch, 54-year-old';
    const matches = findPatientData(text);
    expect(matches.map((m) => m.kind)).toEqual(['name', 'date', 'record_number', 'phone', 'email', 'age']);
    for (const m of matches) expect(text.slice(m.start, m.end)).toBe(m.text);
    expect(kinds(text)).toContainEqual(['name', 'Meier']);
    expect(kinds(text)).toContainEqual(['date', '03.04.1961']);
  });

  it('reads German, French, Italian and Spanish forms', () => {
    expect(kinds('Herr Schmidt, geb. 1950')).toEqual([
      ['name', 'Schmidt'],
      ['date', '1950'],
    ]);
    expect(kinds('eine 67-jährige Patientin')).toEqual([['age', '67-jährige']]);
    expect(kinds('Mme Dupont, 80 ans')).toEqual([
      ['name', 'Dupont'],
      ['age', '80 ans'],
    ]);
    expect(kinds('la señora López')).toEqual([['name', 'López']]);
    expect(kinds('nata il 21/09/1970')).toEqual([['date', '21/09/1970']]);
  });

  it('leaves clinical numbers, ranges, years and nouns alone', () => {
    for (const text of [
      'BI-RADS 4 lesion, 1-2 mSv, 120 kVp, 512x512 matrix, 3 T scanner',
      'the 2019 and 2023 guidelines, 10-15 minutes, PI-RADS 3',
      'Wie erkläre ich einer Frau Angst vor dem MRT? Der Patient hat Fragen.',
      'the patient I saw; patient education; patient A and patient B',
      'eGFR below 30 ml/min/1.73 m2, creatinine 1.2 mg/dl',
    ]) {
      expect(findPatientData(text), text).toEqual([]);
    }
  });

  it('returns no overlapping matches', () => {
    const matches = findPatientData('DOB 12/03/1961 12/03/1961 0171 2345678');
    for (let i = 1; i < matches.length; i++)
      expect(matches[i].start).toBeGreaterThanOrEqual(matches[i - 1].end);
  });
});

describe('findProfanity', () => {
  it('finds listed words of the five languages as whole words, whatever the case', () => {
    const text = 'What the FUCK. Scheiße! putain, vaffanculo, gilipollas';
    expect(findProfanity(text).map((m) => text.slice(m.start, m.end))).toEqual([
      'FUCK',
      'Scheiße',
      'putain',
      'vaffanculo',
      'gilipollas',
    ]);
  });

  it('matches phrases across spaces and hyphens, and never inside another word', () => {
    expect(findProfanity('you piece-of-shit')).toHaveLength(1);
    expect(findProfanity('shitake? Cockpit? Scunthorpe? Arschbacken? bitter')).toEqual([]);
  });

  it('does not flag anatomy or clinical vocabulary in any of the five languages', () => {
    for (const text of [
      'anal fistula, anus, penis, vagina, vulva, breast, nipple, rectum, testicle, semen, clitoris',
      'sex differences, orgasm-associated headache, intercourse, nude mouse, fecal incontinence',
      'Analkarzinom, Brust, Nippel, Penis, Scheide, Hoden, nackt, orgasmus, pinkeln, Vögeln, dick',
      'cul-de-sac, sein, pénis, vagin, bander une plaie, bitte, con, queue, pipe, veuve',
      'anale, pene, seno, vagina, capezzolo, cadavere, pisello, pompa, scopare, uccello',
      'concha nasal, orina, esperma, pezón, semen, vulva, heroína, drogas, sexo, mama, pecho',
      'XX karyotype, patient XXX, cum laude, a tit, negro (black in Spanish), rape disclosure',
    ]) {
      expect(findProfanity(text), text).toEqual([]);
    }
  });
});

describe('flaggedSpans', () => {
  it('honours each switch and names the flags', () => {
    const text = 'Mr Brown said this is shit';
    expect(flagsOf(flaggedSpans(text, ON))).toEqual(['patient_data', 'profanity']);
    expect(flagsOf(flaggedSpans(text, { patientData: false, profanity: true }))).toEqual(['profanity']);
    expect(flagsOf(flaggedSpans(text, { patientData: true, profanity: false }))).toEqual(['patient_data']);
    expect(flaggedSpans(text, { patientData: false, profanity: false })).toEqual([]);
    expect(flaggedSpans(text, ON).map((s) => text.slice(s.start, s.end))).toEqual(['Brown', 'shit']);
  });
});

describe('identifiers that are not about patients', () => {
  it('leaves UUIDs alone (tests and load scripts put them in questions)', () => {
    for (let i = 0; i < 2000; i++) {
      const text = `Question ${crypto.randomUUID()}?`;
      expect(findPatientData(text), text).toEqual([]);
    }
    expect(findPatientData('Question 12345678-1234-4123-8123-123456789012')).toEqual([]);
  });
});
