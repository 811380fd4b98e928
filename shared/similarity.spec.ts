import { describe, expect, it } from 'vitest';
import { contentWords, mostSimilar, SIMILAR_THRESHOLD, similarity, stem, wordMatch } from './similarity.js';

/**
 * Labelled pairs, written for this test in the language of the first customer's course (patient
 * communication in radiology). `similar`: a viewer asking the second should rather upvote the
 * first (reworded, reordered, inflected, misspelt, shorter or longer). `different`: another
 * question, most of them on purpose about the same topic and sharing words with the first.
 */
const SIMILAR: [string, string][] = [
  ['How do I explain radiation dose to patients?', 'How to explain the radiation dose to a patient?'],
  [
    'How should we explain the radiation dose of a CT to patients?',
    'Explaining CT radiation doses to patients: any tips?',
  ],
  ['How do you break bad news after a scan?', 'Tips for breaking bad news after scanning?'],
  ['What is the best way to deliver bad news to a patient?', 'Best way of delivering bad news to patients'],
  ['How do I explain radiation dose?', 'radiaton dose explanation'],
  ['Is contrast medium safe during pregnancy?', 'Is contrast safe in pregnant women?'],
  ['Is contrast medium safe during pregnancy?', 'contrast medium pregnancy safe?'],
  ['How do you calm an anxious patient before an MRI?', 'Calming anxious patients before MRI scans'],
  [
    'Should radiologists talk to patients directly about their results?',
    'Should the radiologist discuss results directly with the patient?',
  ],
  ['How long should a results conversation take?', 'How long does a conversation about results take?'],
  ['How do you handle angry patients in the waiting room?', 'Handling angry patients in waiting rooms'],
  [
    'What about patients who do not speak the language?',
    'Patients who dont speak the langauge - what to do?',
  ],
  ['How to communicate incidental findings?', 'How should incidental findings be communicated?'],
  [
    'How do I communicate incidental findings to the patient?',
    'Communicating an incidental finding to patients',
  ],
  ['Do patients read their radiology reports online?', 'Are patients reading radiology reports online?'],
  ['Should we write reports that patients can understand?', 'Writing reports patients understand'],
  ['How do you get informed consent for a biopsy?', 'Informed consent for biopsies: how?'],
  ['Can relatives be present during the ultrasound?', 'Can a relative be present during an ultrasound exam?'],
  ['How do you talk to children before a scan?', 'Talking to a child before scanning'],
  ['What training do residents get in communication?', 'Communication training for residents?'],
  ['Wie erkläre ich die Strahlendosis?', 'Wie erklärt man Patienten die Strahlendosis?'],
  ['Wie überbringt man schlechte Nachrichten?', 'Schlechte Nachricht überbringen - wie?'],
  ['Ist Kontrastmittel in der Schwangerschaft sicher?', 'Kontrastmittel während der Schwangerschaft sicher?'],
  ['Wie beruhige ich ängstliche Patienten vor der MRT?', 'Ängstliche Patientinnen vor dem MRT beruhigen'],
  [
    'Sollen Radiologen Befunde direkt mit Patienten besprechen?',
    'Befundbesprechung direkt mit dem Patienten durch den Radiologen?',
  ],
  ['Wie kommuniziert man Zufallsbefunde?', 'Kommunikation von Zufallsbefunden'],
  [
    'What do you say when a patient asks if it is cancer?',
    'When the patient asks "is it cancer?" what do you say?',
  ],
  [
    'How to deal with patients who google their results?',
    'Patients googling their results before the appointment, how to deal?',
  ],
  [
    'Is there evidence that communication training improves patient satisfaction?',
    'Does communication training improve patient satisfaction? Evidence?',
  ],
  ['How much time do radiologists have for patient contact?', 'Time for patient contact in radiology?'],
];

const DIFFERENT: [string, string][] = [
  ['How do I explain radiation dose to patients?', 'How do you break bad news after a scan?'],
  ['How do I explain radiation dose to patients?', 'What radiation dose does a mammogram give?'],
  ['How do I explain radiation dose to patients?', 'How do I explain MRI noise to patients?'],
  ['Is contrast medium safe during pregnancy?', 'Is MRI safe with a pacemaker?'],
  ['Is contrast medium safe during pregnancy?', 'How do I explain contrast reactions to patients?'],
  ['How do you calm an anxious patient before an MRI?', 'How long does an MRI take?'],
  ['How do you calm an anxious patient before an MRI?', 'Should anxious patients be sedated for CT?'],
  [
    'Should radiologists talk to patients directly about their results?',
    'Should radiologists be paid for talking to patients?',
  ],
  ['How long should a results conversation take?', 'How long do patients wait for their results?'],
  ['How do you handle angry patients in the waiting room?', 'What should the waiting room look like?'],
  ['What about patients who do not speak the language?', 'Which language should reports be written in?'],
  ['How to communicate incidental findings?', 'How to communicate with referring physicians?'],
  ['Do patients read their radiology reports online?', 'Should reports include images?'],
  ['Should we write reports that patients can understand?', 'Should we use structured reports?'],
  ['How do you get informed consent for a biopsy?', 'What are the complications of a biopsy?'],
  ['Can relatives be present during the ultrasound?', 'Can ultrasound replace CT in children?'],
  ['How do you talk to children before a scan?', 'How do you talk to elderly patients with dementia?'],
  ['What training do residents get in communication?', 'What training do technologists get for MRI safety?'],
  ['Wie erkläre ich die Strahlendosis?', 'Wie erkläre ich einen Zufallsbefund?'],
  ['Wie überbringt man schlechte Nachrichten?', 'Wie lange dauert eine MRT?'],
  ['Ist Kontrastmittel in der Schwangerschaft sicher?', 'Ist Ultraschall in der Schwangerschaft sicher?'],
  ['Wie beruhige ich ängstliche Patienten vor der MRT?', 'Wie lange müssen Patienten auf den Befund warten?'],
  ['Sollen Radiologen Befunde direkt mit Patienten besprechen?', 'Sollen Radiologen nachts arbeiten?'],
  [
    'What do you say when a patient asks if it is cancer?',
    'What do you say when a patient refuses the scan?',
  ],
  ['How to deal with patients who google their results?', 'How to deal with claustrophobia?'],
  [
    'Is there evidence that communication training improves patient satisfaction?',
    'Is there evidence for lung cancer screening?',
  ],
  ['How much time do radiologists have for patient contact?', 'How much does a PET-CT cost?'],
  ['Will the slides be available after the course?', 'Is there a recording of the course?'],
  ['Who is the next speaker?', 'How do I get my CME certificate?'],
  ['Can you repeat the last slide?', 'Which guideline did the last slide cite?'],
  ['How do I explain radiation dose to patients?', 'Is the gel warmed before the scan?'],
  ['Is contrast medium safe during pregnancy?', 'Is breastfeeding allowed after gadolinium?'],
];

describe('the labelled pairs', () => {
  it(`separates similar from different questions at ${SIMILAR_THRESHOLD}`, () => {
    const similarScores = SIMILAR.map(([a, b]) => similarity(a, b));
    const differentScores = DIFFERENT.map(([a, b]) => similarity(a, b));
    const truePositives = similarScores.filter((s) => s >= SIMILAR_THRESHOLD).length;
    const falsePositives = differentScores.filter((s) => s >= SIMILAR_THRESHOLD).length;
    const precision = truePositives / (truePositives + falsePositives);
    const recall = truePositives / SIMILAR.length;
    const missed = SIMILAR.map(([a, b], i) => `${similarScores[i].toFixed(2)}  ${a} | ${b}`).filter(
      (_, i) => similarScores[i] < SIMILAR_THRESHOLD,
    );
    const wrong = DIFFERENT.map(([a, b], i) => `${differentScores[i].toFixed(2)}  ${a} | ${b}`).filter(
      (_, i) => differentScores[i] >= SIMILAR_THRESHOLD,
    );
    if (process.env.SIMILARITY_SCORES) {
      console.log(
        [
          ...SIMILAR.map((p, i) => `S ${similarScores[i].toFixed(2)} ${p.join(' | ')}`),
          ...DIFFERENT.map((p, i) => `D ${differentScores[i].toFixed(2)} ${p.join(' | ')}`),
        ].join('\n'),
      );
    }
    // The measured figures, for the report and for whoever tunes the threshold next.
    console.log(
      `similarity at ${SIMILAR_THRESHOLD}: precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)} ` +
        `(${SIMILAR.length} similar, ${DIFFERENT.length} different pairs)` +
        (missed.length ? `\nmissed:\n  ${missed.join('\n  ')}` : '') +
        (wrong.length ? `\nwrongly similar:\n  ${wrong.join('\n  ')}` : ''),
    );
    expect(precision).toBeGreaterThanOrEqual(0.95);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });
});

describe('similarity', () => {
  it('is 1 for the same question however it is written, and symmetric', () => {
    expect(similarity('How do I explain the radiation DOSE?', 'radiation dose: how do i explain it')).toBe(1);
    const a = 'Is contrast medium safe during pregnancy?';
    const b = 'contrast in pregnant women';
    expect(similarity(a, b)).toBe(similarity(b, a));
  });

  it('does not care about word order', () => {
    expect(similarity('dose radiation explain', 'explain radiation dose')).toBe(1);
  });

  it('is 0 when nothing but stop words is shared, or one side has no content words', () => {
    expect(similarity('How do I get there?', 'How do I explain dose?')).toBe(0);
    expect(similarity('', 'radiation dose')).toBe(0);
    expect(similarity('what is it?', 'what is it?')).toBe(0);
  });

  it('forgives a typo, a transposition or an inflection, but less than the same word', () => {
    const exact = similarity('radiation dose', 'radiation dose');
    const typo = similarity('radiaton dose', 'radiation dose');
    const swapped = similarity('raidation dose', 'radiation dose');
    expect(typo).toBeLessThan(exact);
    expect(typo).toBeGreaterThan(SIMILAR_THRESHOLD);
    expect(swapped).toBeGreaterThan(SIMILAR_THRESHOLD);
    expect(similarity('explaining doses', 'explained dose')).toBe(1);
  });
});

describe('stem and contentWords', () => {
  it('reduces English and German inflections to one stem', () => {
    expect(stem('doses')).toBe(stem('dose'));
    expect(stem('explained')).toBe(stem('explaining'));
    expect(stem('studies')).toBe(stem('study'));
    expect(stem('untersuchungen')).toBe(stem('untersuchen'));
    expect(stem('kindern')).toBe(stem('kinder'));
    expect(stem('stress')).toBe('stress');
    expect(stem('diagnosis')).toBe('diagnosis');
    expect(stem('mrt')).toBe('mrt');
  });

  it('drops case, accents, punctuation, stop words and repeats; ß is ss', () => {
    expect(contentWords('Wie erkläre ich die Strahlendosis? Die DOSIS!').map((w) => w.raw)).toEqual([
      'erklare',
      'strahlendosis',
      'dosis',
    ]);
    expect(contentWords('Größe')).toEqual([{ raw: 'grosse', stem: stem('grosse'), weight: 1 }]);
  });

  it('matches words exactly, by a slip, or by a long common beginning', () => {
    const word = (raw: string) => ({ raw, stem: stem(raw), weight: 1 });
    expect(wordMatch(word('dose'), word('doses'))).toBe(1);
    expect(wordMatch(word('screen'), word('screening'))).toBe(1);
    expect(wordMatch(word('radiaton'), word('radiation'))).toBeGreaterThan(0);
    expect(wordMatch(word('strahlung'), word('strahlendosis'))).toBeGreaterThan(0);
    // Short words need to be exact: "scar" is not "scan".
    expect(wordMatch(word('scar'), word('scan'))).toBe(0);
    expect(wordMatch(word('dose'), word('noise'))).toBe(0);
  });
});

describe('mostSimilar', () => {
  const questions = [
    { id: 'a', body: 'How to explain the radiation dose to patients?' },
    { id: 'b', body: 'Is the gel warmed before the scan?' },
    { id: 'c', body: 'Explaining radiation doses' },
    { id: 'd', body: 'radiation dose explained simply for anxious patients and their families' },
  ];

  it('returns the candidates at or above the threshold, best first, at most the limit', () => {
    const found = mostSimilar('explain radiation dose', questions, (q) => q.body);
    expect(found.map((f) => f.candidate.id)).toEqual(['c', 'a', 'd']);
    expect(found[0].score).toBe(1);
    expect(mostSimilar('explain radiation dose', questions, (q) => q.body, { limit: 2 })).toHaveLength(2);
  });

  it('finds nothing for a draft of stop words', () => {
    expect(mostSimilar('How do I', questions, (q) => q.body)).toEqual([]);
  });
});
