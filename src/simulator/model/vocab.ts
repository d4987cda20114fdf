/** Words of open-ended answers; earlier words are more frequent (a Zipf-like bias). */
export const WORDS: readonly string[] = (
  'the of and to a in is that it for as with was on be by this are or from at which an ' +
  'but not have has can more one all their will its also model data use been other these when ' +
  'there time new such may some first each most only two into used than between many over ' +
  'system after well would very where could them both should through any make people work ' +
  'while part same because under example number however value result process different ' +
  'large small change often answer question provide based general common within small ' +
  'information important several simple support during point level approach order form ' +
  'way called known set without against high long early later since across around'
)
  .split(' ')
  .filter((w, i, all) => w.length > 0 && all.indexOf(w) === i);

/** Punctuation tokens that may follow a word. */
export const PUNCTUATION: readonly string[] = ['.', ',', ';', ':'];

/** The four answer letters of a multiple-choice item. */
export const LETTERS = ['A', 'B', 'C', 'D'] as const;

/** Answer letter. */
export type Letter = (typeof LETTERS)[number];

/** Tokens that compete (weakly) with the letter on a multiple-choice answer position. */
export const MCQ_DISTRACTORS: readonly string[] = [' A', ' B', ' C', ' D', 'The', 'I', 'Answer', '(', 'E', 'None', 'Option', '\n', 'a', 'b', 'It', 'Based'];

/** Digits of JSON number slots. */
export const DIGITS: readonly string[] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** Capitalise the first letter of a word (sentence start). */
export function capitalise(word: string): string {
  return word.length === 0 ? word : word.charAt(0).toUpperCase() + word.slice(1);
}
