/**
 * French profanity for the question hold (issue 13).
 *
 * Source: LDNOOBW, file `fr` (github.com/LDNOOBW/List-of-Dirty-Naughty-Obscene-and-Otherwise-Bad-Words,
 * CC BY 4.0), reviewed for a clinical audience, plus: putains, connards, salopes, enculés.
 *
 * Removed, and why:
 * - anatomy and clinical vocabulary: clitoris, cul (also in "cul-de-sac", the pouch of Douglas),
 *   pipi, caca (what children and their parents say), gerber (to vomit), jouir;
 * - words of another language among the five: bite (English), bitte (German "please"),
 *   con (Italian and Spanish "with"), pipe, queue, trick (English);
 * - ordinary French words: allumé, allumée, baiser (a kiss), bander (to bandage), bosser,
 *   bourré, bourrée, cailler, drague, folle, gueule, meuf, pédale, péter, ramoner, serin, suce,
 *   teuf, trique, veuve (widow), service trois pièces, ménage a trois.
 */
export const PROFANITY_FR: readonly string[] = [
  'bigornette', 'bloblos', 'bordel', 'branlage', 'branler', 'branlette', 'branleur', 'branleuse',
  'brouter le cresson', 'chatte', 'chiasse', 'chier', 'chiottes', 'clito', 'connard',
  'connards', 'connasse', 'conne', 'couilles', 'cramouille', 'déconne', 'déconner', 'emmerdant',
  'emmerder', 'emmerdeur', 'emmerdeuse', 'enculé', 'enculée', 'enculés', 'enfoiré', 'enfoirée',
  'étron', 'fille de pute', 'fils de pute', 'foutre', 'gouine', 'grande folle', 'grogniasse',
  'la putain de ta mère', 'malpt', 'merde', 'merdeuse', 'merdeux', 'nègre', 'nique ta mère',
  'noune', 'palucher', 'pédé', 'pisser', 'pouffiasse', 'pousse-crotte', 'putain', 'putains',
  'pute', 'salaud', 'salope', 'salopes', 'tapette', 'tringler', 'trou du cul', 'turlute',
];
