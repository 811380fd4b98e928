/**
 * German profanity for the question hold (issue 13).
 *
 * Source: LDNOOBW, file `de` (github.com/LDNOOBW/List-of-Dirty-Naughty-Obscene-and-Otherwise-Bad-Words,
 * CC BY 4.0), reviewed for a clinical audience, plus spellings and inflections of kept words:
 * scheisse, scheiß, arschlöcher, fickt, gefickt, hurensöhne, wichser.
 *
 * Removed, and why:
 * - anatomy and clinical vocabulary: nippel, orgasmus, onanieren, nackt, pinkeln (how patients
 *   say "urinate"), popel, kimme, rosette;
 * - ordinary words: vögeln (also the dative plural of "Vogel", bird), möpse (pugs), bonze,
 *   bratze, fratze, lümmel, mufti (a religious title), schnackeln, nigger (kept in the English
 *   list), analritter (contains "anal", kept out with it).
 */
export const PROFANITY_DE: readonly string[] = [
  'arsch',
  'arschficker',
  'arschlecker',
  'arschloch',
  'arschlöcher',
  'bimbo',
  'bumsen',
  'dödel',
  'fick',
  'ficken',
  'fickt',
  'gefickt',
  'flittchen',
  'hackfresse',
  'hure',
  'hurensohn',
  'hurensöhne',
  'ische',
  'kackbratze',
  'kacke',
  'kacken',
  'kackwurst',
  'kampflesbe',
  'kanake',
  'milf',
  'morgenlatte',
  'möse',
  'muschi',
  'neger',
  'nutte',
  'pimmel',
  'pimpern',
  'pissen',
  'pisser',
  'poppen',
  'porno',
  'reudig',
  'schabracke',
  'scheiße',
  'scheisse',
  'scheiß',
  'schlampe',
  'schwanzlutscher',
  'schwuchtel',
  'tittchen',
  'titten',
  'vollpfosten',
  'wichse',
  'wichsen',
  'wichser',
];
