/**
 * French function words, folded (no accents) and lowercased, as the analyzer compares them.
 * Deliberately short: content words of the field that generic lists drop — « état », « premier »,
 * « plus », « moins », « pays », « droit », « fait » — are kept because delegates search on them
 * (« États membres », « premier plan », « plus de 3 % »).
 */
export const FRENCH_STOPWORDS: ReadonlySet<string> = new Set(
  `a à au aux avec ce ces cet cette ceci cela ça celle celles celui ceux chez comme dans de des du
  donc dont elle elles en entre et eux il ils je la le les leur leurs lui ma mais me meme mes moi
  mon ne ni nos notre nous on ou où par pas pour qu que quel quelle quelles quels qui sa sans se
  ses si son sont sur ta te tes toi ton tu un une vos votre vous y est sont ete etre etait etaient
  sera seront serait seraient a ont avait avaient aura auront aurait auraient ai as avons avez
  fut furent soit soient sous vers afin ainsi alors aussi autre autres aux auxquels auxquelles
  cependant certes chaque dès deja donc encore enfin lequel laquelle lesquels lesquelles duquel
  desquels desquelles auquel tandis toutefois tres trop peu puis quand quant quoi lors lorsque
  puisque parce car or jusqu jusque tout tous toute toutes ici ci
  aujourd'hui d l s n m t c j qu lorsqu puisqu quoiqu presqu jusqu`
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => w.normalize('NFD').replace(/\p{M}/gu, '')),
)

/** Elided forms that precede an apostrophe (« l’OIM », « jusqu’en »): dropped, the word after kept. */
export const ELISIONS: ReadonlySet<string> = new Set([
  'l',
  'd',
  'j',
  'm',
  'n',
  's',
  't',
  'c',
  'qu',
  'jusqu',
  'lorsqu',
  'puisqu',
  'quoiqu',
  'presqu',
])
