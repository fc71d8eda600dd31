// The knowledge questions' order for one person: shuffled with a seed from their code, so a reload or
// the questionnaire after the lessons shows the same order, and people do not all see the same one. Pure.
import { seededRandom } from '../util/random.ts';

/** 32-bit FNV-1a of a text: a seed from the participant code and the attempt. */
function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The question order for one person (Fisher–Yates with a seeded generator): the same seed, the same order. */
export function shuffledOrder<T>(items: readonly T[], seed: string): T[] {
  const out = [...items];
  const random = seededRandom(seedOf(seed));
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
