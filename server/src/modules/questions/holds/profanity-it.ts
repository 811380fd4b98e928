/**
 * Italian profanity for the question hold (issue 13).
 *
 * Source: LDNOOBW, file `it` (github.com/LDNOOBW/List-of-Dirty-Naughty-Obscene-and-Otherwise-Bad-Words,
 * CC BY 4.0), reviewed for a clinical audience.
 *
 * Removed, and why:
 * - anatomy and clinical vocabulary: anale, cadavere, chiappa, nudo, pipì, cacca, ingoio
 *   (swallow), succhione, goldone (condom), pisello (also "pea");
 * - ordinary Italian words with an everyday sense: bagnarsi, balle, palle, battere, biga,
 *   buona donna, cagna, cammello, cappella, carciofo, carità, casci, cozza, duro, fava,
 *   femminuccia, finocchio (fennel), grilletto, guanto, lumaca, manico, mannaggia, monta,
 *   montare, mona, nave scuola, patacca, pesce, pipa, pistola, pistolotto, pompa (pump), porca,
 *   quaglia, regina, rizzarsi, ruffiano, sbattere, sbattersi, scopare (to sweep), scopata, sega
 *   (saw), spagnola, tirare, troia (Troy), uccello (bird), vacca, vangare, venire (to come),
 *   pomiciare, assatanato, ammucchiata, fuori come un balcone, l'arte bolognese, guardone,
 *   "fare unaŠ" (a broken entry).
 */
export const PROFANITY_IT: readonly string[] = [
  'allupato', 'arrapato', 'arrusa', 'arruso', 'bagascia', 'bagassa', 'baldracca', 'battona',
  'belino', 'bocchinara', 'bocchino', 'bofilo', 'boiata', 'bordello', 'brinca', 'bucaiolo',
  'budiùlo', 'busone', 'caccati in mano e prenditi a schiaffi', 'caciocappella', 'cagare',
  'cagata', 'cazzata', 'cazzimma', 'cazzo', 'cazzone', 'checca', 'chiavare', 'chiavata',
  'ciospo', 'ciucciami il cazzo', 'coglione', 'coglioni', 'cornuto', 'culattina', 'culattone',
  'culo', 'di merda', 'ditalino', 'fica', 'figa', 'figlio di buona donna', 'figlio di puttana',
  'figone', 'fottere', 'fottersi', 'fracicone', 'fregna', 'frocio', 'froscio', 'incazzarsi',
  'incoglionirsi', 'leccaculo', 'lecchino', 'lofare', 'loffa', 'loffare', 'merda', 'merdata',
  'merdoso', 'mignotta', 'minchia', 'minchione', 'mussa', 'nerchia', 'padulo', 'palloso',
  'patonza', 'pecorina', 'picio', 'pincare', 'pinnolone', 'pippone', 'pirla', 'pisciare',
  'piscio', 'pompino', 'porca madonna', 'porca miseria', 'porca puttana', 'porco due',
  'porco zio', 'potta', 'puppami', 'puttana', 'recchione', 'rincoglionire', 'rompiballe',
  'sborra', 'sborrata', 'sborrone', 'sbrodolata', 'scorreggiare', 'slinguare', 'slinguata',
  'smandrappata', 'soccia', 'socmel', 'sorca', 'spompinare', 'sticchio', 'stronza',
  'stronzata', 'stronzo', 'succhiami', 'sveltina', 'sverginare', 'tarzanello', 'terrone',
  'testa di cazzo', 'tette', 'topa', 'trombare', 'vaffanculo', 'zinne', 'zio cantante',
  'zoccola',
];
