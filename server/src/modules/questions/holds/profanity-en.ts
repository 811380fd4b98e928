/**
 * English profanity for the question hold (issue 13).
 *
 * Source: LDNOOBW, "List of Dirty, Naughty, Obscene and Otherwise Bad Words", file `en`
 * (github.com/LDNOOBW/List-of-Dirty-Naughty-Obscene-and-Otherwise-Bad-Words, CC BY 4.0), reviewed
 * for a clinical audience, plus inflections of kept words that the list lacks: assholes, cunts,
 * faggots, fucked, fucker, fuckers, fucks, goddamn, motherfuckers, motherfucking, niggas, niggers,
 * pussies, shits, shitting, bullshitting, sluts, wanker, wankers.
 *
 * Removed, and why:
 * - anatomy and clinical vocabulary a radiologist says daily: anal, anus, clitoris, genitals,
 *   nipple, nipples, penis, rectum, semen, vagina, vulva, pubes, big breasts, ejaculation, orgasm,
 *   intercourse, sex, sexo, nude, nudity, fecal, eunuch, masturbate, urethra play;
 * - terms of a clinical or forensic history (abuse, paraphilias, sexual health): rape, raping,
 *   rapist, date rape, daterape, incest, paedophile, pedophile, sodomy, sodomize, bestiality,
 *   zoophilia, urophilia, coprophilia, coprolagnia, acrotomophilia, dendrophilia, vorarephilia,
 *   nimphomania, nymphomania, nympho, sadism, fisting, fingering, group sex, gay sex, anilingus,
 *   cunnilingus, fellatio, vibrator, dildo (foreign bodies are imaged), bareback, escort, hooker,
 *   swinger, threesome, menage a trois, pegging, bondage, domination, dominatrix, strapon, strap on;
 * - ordinary words or phrases with an innocent everyday or clinical sense: ass (German "Ass"),
 *   butt, suck, sucks, snatch, scat, grope, humping, spread legs, tied up, tight white, taste my,
 *   tongue in a, girl on, girl on top, hot chick, huge fat, big black, hard core, hardcore,
 *   kinky, erotic, erotism, sexy, topless, undressing, voyeur, xx (karyotype), xxx (placeholder),
 *   negro (Spanish and Italian for black), swastika, white power, neonazi, how to kill,
 *   how to murder, playboy, lolita, twink, twinkie, tushy, panties, panty, strip club, wet dream,
 *   missionary position, frotting, foot fetish, footjob, yaoi, hentai, ecchi, santorum,
 *   bastinado, leather restraint, leather straight jacket, cum (Latin "with"), dick (German
 *   "thick"), tit (a bird; "tits" stays), barely legal, barenaked, bbw, bdsm, homoerotic,
 *   lovemaking, make me come, smut, orgy, pleasure chest, kinbaku, shibari, nawashi, figging,
 *   strappado, violet wand, clover clamps, ball gag, femdom, dommes, kinkster, omorashi, guro,
 *   shota, pthc, nambla, dolcett, pedobear (names of sites and groups a filter need not know).
 */
export const PROFANITY_EN: readonly string[] = [
  '2g1c', '2 girls 1 cup', 'alabama hot pocket', 'alaskan pipeline', 'apeshit', 'arsehole',
  'asshole', 'assholes', 'assmunch', 'auto erotic', 'autoerotic', 'babeland', 'baby batter',
  'baby juice', 'ball gravy', 'ball kicking', 'ball licking', 'ball sack', 'ball sucking',
  'bangbros', 'bastardo', 'beaner', 'beaners', 'beaver cleaver', 'beaver lips', 'big knockers',
  'big tits', 'bimbos', 'birdlock', 'bitch', 'bitches', 'black cock', 'blonde action',
  'blonde on blonde action', 'blowjob', 'blow job', 'blow your load', 'blue waffle', 'blumpkin',
  'bollocks', 'boner', 'boob', 'boobs', 'booty call', 'brown showers', 'brunette action',
  'bukkake', 'bulldyke', 'bullet vibe', 'bullshit', 'bung hole', 'bunghole', 'busty',
  'buttcheeks', 'butthole', 'camel toe', 'camgirl', 'camslut', 'camwhore', 'carpet muncher',
  'carpetmuncher', 'chocolate rosebuds', 'circlejerk', 'cleveland steamer', 'clit',
  'clusterfuck', 'cock', 'cocks', 'cornhole', 'coon', 'coons', 'creampie', 'cumming', 'cunt',
  'cunts', 'darkie', 'deep throat', 'deepthroat', 'dirty pillows', 'dirty sanchez',
  'doggie style', 'doggiestyle', 'doggy style', 'doggystyle', 'dog style', 'donkey punch',
  'double dong', 'double penetration', 'dp action', 'dry hump', 'dvda', 'eat my ass',
  'ethical slut', 'faggot', 'faggots', 'felch', 'feltch', 'female squirting', 'fingerbang',
  'fuck', 'fucked', 'fucker', 'fuckers', 'fucking', 'fucks', 'fuck buttons', 'fudge packer',
  'fudgepacker', 'futanari', 'gang bang', 'giant cock', 'girls gone wild', 'goatcx', 'goatse',
  'god damn', 'goddamn', 'gokkun', 'golden shower', 'goodpoop', 'goo girl', 'goregasm',
  'g-spot', 'hand job', 'handjob', 'honkey', 'hot carl', 'jack off', 'jail bait', 'jailbait',
  'jelly donut', 'jerk off', 'jigaboo', 'jiggaboo', 'jiggerboo', 'jizz', 'juggs', 'kike',
  'knobbing', 'lemon party', 'male squirting', 'milf', 'motherfucker', 'motherfuckers',
  'motherfucking', 'mound of venus', 'mr hands', 'muff diver', 'muffdiving', 'nigga', 'niggas',
  'nigger', 'niggers', 'nig nog', 'nsfw images', 'octopussy', 'one cup two girls',
  'one guy one jar', 'paki', 'piece of shit', 'pissing', 'piss pig', 'pisspig', 'pole smoker',
  'ponyplay', 'poof', 'poon', 'poontang', 'punany', 'poop chute', 'poopchute', 'porn', 'porno',
  'pornography', 'prince albert piercing', 'pussy', 'pussies', 'queaf', 'queef', 'quim',
  'raghead', 'raging boner', 'reverse cowgirl', 'rimjob', 'rimming', 'rosy palm',
  'rosy palm and her 5 sisters', 'rusty trombone', 'schlong', 'scissoring', 'shaved beaver',
  'shaved pussy', 'shemale', 'shit', 'shits', 'shitty', 'shitting', 'bullshitting', 'shrimping',
  'skeet', 'slanteye', 'slut', 'sluts', 's&m', 'snowballing', 'spic', 'splooge',
  'splooge moose', 'spooge', 'spunk', 'style doggy', 'suicide girls', 'sultry women',
  'tainted love', 'tea bagging', 'throating', 'tits', 'titties', 'titty', 'tosser', 'towelhead',
  'tranny', 'tribadism', 'tub girl', 'tubgirl', 'twat', 'two girls one cup', 'upskirt',
  'venus mound', 'wank', 'wanker', 'wankers', 'wetback', 'wrapping men', 'wrinkled starfish',
  'yellow showers', 'yiffy',
];
