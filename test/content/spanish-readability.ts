// Spanish readability for the content checks: the Fernández-Huerta reading-ease score, with a small
// rule-based syllable counter. No npm package for Spanish readability was found in the registry lists
// the project uses, so the formula is written out here.
//
// Fernández Huerta, J. (1959). Medidas sencillas de lecturabilidad. Consigna, 214, 29–32: an adaptation
// of Flesch's Reading Ease (1948) to Spanish. It is usually printed as L = 206.84 − 0.60 P − 1.02 F, with
// P syllables and F sentences per 100 words; as Law (2011, "Error in the Fernández Huerta readability
// formula", LINGUIST List 22.2332) showed, F must be words per sentence, as in Flesch's formula (with F as
// sentences per 100 words, shorter sentences would lower the score). The corrected form is used:
//
//   L = 206.84 − 60 × (syllables / words) − 1.02 × (words / sentences)
//
// Reading the score (the scale usually given with the formula): 90–100 very easy (4th grade), 80–90 easy
// (5th), 70–80 fairly easy (6th), 60–70 standard (7th–8th), 50–60 fairly difficult, 30–50 difficult,
// below 30 very difficult. So grade 8 or below means a score of 60 or more.

/** The lowest score that reads at grade 8 or below on the scale above. */
export const GRADE_8_SCORE = 60;

const STRONG = new Set([...'aeoáéóíú']); // an accented i or u is a vowel of its own (hiatus: día, reúnen)
const WEAK = new Set([...'iuü']);
const isVowel = (c: string) => STRONG.has(c) || WEAK.has(c);

/**
 * Syllables in one Spanish word: one per vowel nucleus, where an unaccented i/u/ü next to another vowel
 * joins it (diphthongs and triphthongs: ciu-dad, buey, guí-a) and two strong vowels are apart (le-er,
 * re-ú-nen). A y after a vowel at the end of a word closes a diphthong (muy, hay); "y" alone is one
 * syllable. A number counts two syllables a digit (an approximation: "doce" has two, "1957" eleven).
 */
export function spanishSyllables(word: string): number {
  const w = word.toLowerCase().normalize('NFC');
  if (/^\d+$/.test(w)) return 2 * w.length;
  const letters = w.replace(/[^a-zñáéíóúü]/g, '');
  if (letters === 'y') return 1;
  // Final y after a vowel acts as an unaccented i.
  const chars = [...letters.replace(/([aeiouáéíóúü])y$/, '$1i')];
  let count = 0;
  let previous = '';
  for (const c of chars) {
    if (isVowel(c)) {
      const joins = isVowel(previous) && (WEAK.has(c) || WEAK.has(previous));
      if (!joins) count++;
    }
    previous = c;
  }
  return Math.max(1, count);
}

export interface Readability {
  words: number;
  sentences: number;
  syllables: number;
  /** Fernández-Huerta reading ease (corrected form). */
  score: number;
}

/**
 * The score of a list of text blocks (paragraphs, headings, list lines): each block ends a sentence, and
 * so does each ., ! or ? inside it. Write-in lines (____) and punctuation are not words.
 */
export function fernandezHuerta(blocks: readonly string[]): Readability {
  let words = 0;
  let sentences = 0;
  let syllables = 0;
  for (const block of blocks) {
    for (const sentence of block.split(/[.!?…]+(?=\s|$|[»")])/)) {
      const tokens = sentence
        .split(/\s+/)
        .map((t) => t.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
        .filter((t) => /[\p{L}\p{N}]/u.test(t));
      if (tokens.length === 0) continue;
      sentences++;
      words += tokens.length;
      syllables += tokens.reduce((n, t) => n + spanishSyllables(t), 0);
    }
  }
  const score = words && sentences ? 206.84 - 60 * (syllables / words) - 1.02 * (words / sentences) : NaN;
  return { words, sentences, syllables, score };
}
