/**
 * Spanish profanity for the question hold (issue 13).
 *
 * Source: LDNOOBW, file `es` (github.com/LDNOOBW/List-of-Dirty-Naughty-Obscene-and-Otherwise-Bad-Words,
 * CC BY 4.0), reviewed for a clinical audience, plus: cabrones, putas, pendejos, joder, jodido.
 *
 * Removed, and why:
 * - anatomy and clinical vocabulary: concha (also the nasal concha), esperma, orina (urine),
 *   pezón, pis, semen, sexo, sexo oral, vulva, coprofagía, drogas, heroína, prostituta,
 *   travesti, haciendo el amor, chupada, chupetón, caca;
 * - ordinary words: asesinato, asno, bastardo (kept in the English list), fiesta de salchichas,
 *   idiota, imbécil, infierno, maciza, macizorra, maldito, martillo (hammer), nazi, pedo,
 *   pervertido, racista, sádico, tía buena, trio.
 */
export const PROFANITY_ES: readonly string[] = [
  'bollera',
  'cabrón',
  'cabrones',
  'chupapollas',
  'concha de tu madre',
  'coño',
  'culo',
  'follador',
  'follar',
  'gilipichis',
  'gilipollas',
  'hacer una paja',
  'hija de puta',
  'hijaputa',
  'hijo de puta',
  'hijoputa',
  'jilipollas',
  'joder',
  'jodido',
  'kapullo',
  'lameculos',
  'mamada',
  'marica',
  'maricón',
  'mariconazo',
  'mierda',
  'pendejo',
  'pendejos',
  'pinche',
  'puta',
  'putas',
  'ramera',
  'soplagaitas',
  'soplapollas',
  'tetas grandes',
  'verga',
  'vete a la mierda',
];
