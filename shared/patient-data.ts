// Likely patient identifiers in a question's text. Pure and dependency-free: the viewer page runs
// it before sending (to warn the asker) and the server runs it again (to hold the question for
// review), so both sides agree on what counts.
//
// Tuned for a clinical audience asking in English, German, French, Italian or Spanish: it looks for
// things that point at one person (a full date, a record or phone number, an email address, a
// name after a title or after "patient", an exact age) and leaves clinical vocabulary alone.
// Measured on a fixture corpus in shared/patient-data.spec.ts (false holds and misses).

export type PatientDataKind = 'date' | 'record_number' | 'phone' | 'email' | 'name' | 'age';

export interface PatientDataMatch {
  kind: PatientDataKind;
  /** Offsets in UTF-16 code units of the checked text (what `String.prototype.slice` takes). */
  start: number;
  end: number;
  text: string;
}

const MONTHS =
  'jan(?:uary|uar|vier|\\.)?|feb(?:ruary|ruar|\\.)?|f[ée]vrier|m[äa]r(?:ch|z|s|\\.)?|apr(?:il|ile|\\.)?|avril|ma[iy]|mai|mayo|maggio|jun(?:e|i|\\.)?|juin|giugno|junio|jul(?:y|i|\\.)?|juillet|luglio|julio|aug(?:ust|\\.)?|ao[uû]t|agosto|sep(?:t(?:ember)?|\\.)?|septembre|settembre|septiembre|o[ck]t(?:ober|obre|\\.)?|ottobre|nov(?:ember|embre|\\.)?|dec(?:ember|\\.)?|dez(?:ember|\\.)?|d[ée]cembre|dicembre|diciembre|gennaio|enero|febbraio|febrero|marzo|aprile|abril|janvier';

// Letters of the five languages, for word edges (\b knows only ASCII).
const L = 'A-Za-zÀ-ÖØ-öø-ÿ';
const CAP = 'A-ZÀ-ÖØ-Þ';
const LOW = 'a-zß-öø-ÿ';

/** A capitalised name (Müller, O'Brien, Rossi-Bianchi) or initials (J., J.S.). */
const NAME = `(?:[${CAP}][${LOW}]+(?:['’-][${CAP}]?[${LOW}]+)?|[${CAP}]\\.(?:\\s?[${CAP}]\\.)*)`;

/** Capitalised words that follow "patient" or a title without naming anyone. */
const NOT_NAMES = new Set(
  (
    'I We He She They It The A An And Or But With Without Who Whom Whose Which That This These Those ' +
    'In On At For From To Of By If When While After Before During Is Was Are Were Has Had Have Can ' +
    'Could Should Would Will May Might Must Do Does Did Not No Yes Why How What Where Ich Er Sie Es Wir ' +
    'Der Die Das Den Dem Des Ein Eine Und Oder Aber Mit Ohne Wenn Wie Was Wer Il Elle Le La Les Un Une ' +
    'Et Ou Mais Avec Sans Lo Gli Una Uno Ed Con Senza El Los Las Y Con Sin Doctor Dr Prof Professor ' +
    'Mister Mistress Patient Patientin Patienten Patients Education Information Communication Safety ' +
    'Care Experience Consent Journey Portal Portals Advocate Advocates Satisfaction Centered Centred ' +
    'Preparation Reported Outcome Outcomes Questions Question Perspective Perspectives Rights Letter Letters ' +
    'Aufklärung Sicherheit Kommunikation Information Informationen Einwilligung Angst Fragen Frage'
  ).split(' '),
);

interface Rule {
  kind: PatientDataKind;
  pattern: RegExp;
  /** Which capture group is the identifier (default: the whole match). */
  group?: number;
  accept?: (match: RegExpExecArray) => boolean;
}

const digitCount = (text: string) => text.replace(/\D/g, '').length;

const RULES: Rule[] = [
  { kind: 'email', pattern: /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g },
  // A full day-month-year date: of birth, of an exam, of an admission: each narrows to one person.
  {
    kind: 'date',
    pattern:
      /(?<![\d./-])(?:\d{1,2}[./-]\d{1,2}[./-](?:19|20)?\d{2}|(?:19|20)\d{2}-\d{1,2}-\d{1,2})(?![\d./-]*\d)/g,
    accept: (m) => {
      // "1-2/2023" or "3-4-10" (ranges, doses) are not dates: insist on a plausible day and month.
      const parts = m[0].split(/[./-]/).map(Number);
      const [d, mo] = m[0].match(/^(?:19|20)\d{2}-/) ? [parts[2], parts[1]] : [parts[0], parts[1]];
      return d >= 1 && d <= 31 && mo >= 1 && mo <= 12 && m[0].split(/[./-]/).at(-1)!.length !== 3;
    },
  },
  {
    kind: 'date',
    pattern: new RegExp(
      `(?<![${L}\\d])(?:\\d{1,2}(?:st|nd|rd|th|er|\\.|º)?\\s+(?:de\\s+)?(?:${MONTHS})\\s+(?:de\\s+)?(?:19|20)\\d{2}|(?:${MONTHS})\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+(?:19|20)\\d{2})(?![${L}\\d])`,
      'gi',
    ),
  },
  // "born in 1961", "DOB 1961", "geb. 1961", "né en 1961", "nato nel 1961", "nacido en 1961".
  {
    kind: 'date',
    pattern:
      /(?<![A-Za-zÀ-ÿ])(?:born(?:\s+in)?|d\.?o\.?b\.?:?|date of birth:?|geb(?:\.|oren)(?:\s+(?:am|im|in))?|geburtsdatum:?|née?(?:\s+(?:le|en))?|nat[oa](?:\s+(?:il|nel))?|nacid[oa](?:\s+(?:el|en))?|fecha de nacimiento:?)\s+((?:\d{1,2}[./]){0,2}(?:19|20)\d{2})(?!\d)/gi,
    group: 1,
  },
  // A record, case or accession number named as such, with at least four digits.
  {
    kind: 'record_number',
    pattern:
      /(?<![A-Za-zÀ-ÿ])(?:MRN|PID|patient\s*(?:id|no\.?|number|#)|record\s*(?:no\.?|number|#)|medical\s+record(?:\s+number)?|case\s*(?:no\.?|number|#)|accession\s*(?:no\.?|number|#)?|hospital\s*(?:no\.?|number)|NHS\s*(?:no\.?|number)?|Fallnummer|Fall-Nr\.?|Patienten(?:nummer|-?Nr\.?|-?ID)|Aktenzeichen|Akte|dossier(?:\s+n[°o]\.?)?|cartella(?:\s+clinica)?(?:\s+n[°o]\.?)?|historia(?:\s+cl[ií]nica)?(?:\s+n[°o]\.?)?|n[°º]\s*(?:de\s+)?(?:dossier|historia))\s*[:#]?\s*((?=[\w/-]*\d{4})[A-Za-z]{0,4}[\d][\w/-]*)/gi,
    group: 1,
  },
  // Phone numbers: international (+49 ..., 0049 ...), national with a leading 0, or (555) 123-4567.
  {
    kind: 'phone',
    pattern:
      /(?<![\w+-])(?:(?:\+|00)\d{1,3}[\s./-]?(?:\(0\)\s?)?\d{1,5}(?:[\s./-]?\d{2,}){1,4}|\(?0\d{2,5}\)?[\s./-]?\d{3,}(?:[\s.-]?\d{2,}){0,3}|\(\d{3}\)\s?\d{3}[\s.-]\d{4}|\d{3}[\s.-]\d{3}[\s.-]\d{4})(?![\w-])/g,
    accept: (m) => digitCount(m[0]) >= 8 && digitCount(m[0]) <= 15,
  },
  // A bare long number (seven digits or more) is far more often a record number than anything a
  // clinician would ask about. Not a hyphenated piece, though: that is a UUID or a code.
  {
    kind: 'record_number',
    pattern: /(?<![\w.,-])[A-Za-z]{0,3}\d{7,}(?![\w-]|[.,]\d)/g,
  },
  // A name after a title or after "patient"/"Patientin"/"paziente"/"paciente".
  {
    kind: 'name',
    pattern: new RegExp(
      `(?<![${L}])(?:(?:Mr|Mrs|Ms|Mx|Mme|Mlle|[Ss]ig(?:ra|\\.ra)?|[Ss]ra?)\\.?|Herr(?:n)?|Frau|[Mm]onsieur|[Mm]adame|[Ss]ignor(?:a)?|[Ss]eñor(?:a)?|Doña|[Pp]atient(?:in)?,?|[Pp]azient[ei]|[Pp]aciente)\\s+((?:named|called|namens|genannt|nommée?|chiamat[oa]|llamad[oa])\\s+)?(?:(?:Dr|Prof|Dott|Doctor)\\.?\\s+)?(${NAME}(?:\\s+${NAME})?)`,
      'g',
    ),
    group: 2,
    accept: (m) => {
      const first = m[2].split(/[\s.]/)[0];
      if (m[1]) return true;
      if (NOT_NAMES.has(first)) return false;
      // German capitalises every noun: after "eine Frau" or "der Patient" comes a noun, not a name.
      const before = m.input.slice(Math.max(0, m.index - 12), m.index);
      if (
        /(?:^|\s)(?:eine[mnrs]?|jede[mnrs]?|diese[mnrs]?|keine[mnrs]?|junge[mnrs]?|ältere[mnrs]?|schwangere[mnrs]?)\s+$/i.test(
          before,
        )
      )
        return false;
      // A one-letter initial alone after "patient" ("patient A") is how anonymised cases are told.
      if (/^[Pp]atient|^[Pp]azient|^[Pp]aciente/.test(m[0]) && /^[A-Z]\.?$/.test(m[2])) return false;
      return true;
    },
  },
  // An exact age: "54-year-old", "54 year old", "54 y/o", "54-jährige", "54 Jahre alt", "54 ans", "54 anni", "54 años".
  {
    kind: 'age',
    pattern:
      /(?<![\w.])\d{1,3}(?:[\s-]*(?:years?[\s-]*old|y\/o|yo(?![A-Za-z])|-?j[äa]hrige?[mnrs]?|jähriger|Jahre\s+alt(?:e[mnrs]?)?|ans(?![A-Za-z])|anni(?![A-Za-z])|años(?![A-Za-z])|a[ñn]os\s+de\s+edad))/gi,
  },
];

/** Every likely identifier in `text`, in order of position, without overlaps. */
export function findPatientData(text: string): PatientDataMatch[] {
  const found: PatientDataMatch[] = [];
  for (const rule of RULES) {
    rule.pattern.lastIndex = 0;
    for (let m = rule.pattern.exec(text); m !== null; m = rule.pattern.exec(text)) {
      if (m[0].length === 0) {
        rule.pattern.lastIndex++;
        continue;
      }
      if (rule.accept && !rule.accept(m)) continue;
      const part = rule.group === undefined ? m[0] : m[rule.group];
      const start = rule.group === undefined ? m.index : m.index + m[0].lastIndexOf(part);
      found.push({ kind: rule.kind, start, end: start + part.length, text: part });
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: PatientDataMatch[] = [];
  for (const match of found) {
    const last = kept.at(-1);
    if (last && match.start < last.end) continue;
    kept.push(match);
  }
  return kept;
}
