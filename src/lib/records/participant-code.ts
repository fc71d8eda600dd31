// Self-generated participant codes: a few stable prompts whose answers make a code that the same person
// produces again later, without a name. Normalisation removes case, spaces and accents so "María " and
// "maria" give the same element.

export interface CodePrompt {
  id: string;
  label: string;
  hint: string;
  kind: 'letters' | 'digits';
  length: number;
}

export const CODE_PROMPTS: readonly CodePrompt[] = [
  { id: 'parent', label: "First two letters of your mother's (or main carer's) first name", hint: 'For María, type MA', kind: 'letters', length: 2 },
  { id: 'day', label: 'Day of the month you were born', hint: 'Two digits, 01 to 31', kind: 'digits', length: 2 },
  { id: 'town', label: 'First two letters of the town or city where you were born', hint: 'For São Paulo, type SA', kind: 'letters', length: 2 },
  { id: 'siblings', label: 'How many older brothers and sisters you have', hint: 'One digit; type 9 for nine or more', kind: 'digits', length: 1 },
];

/** Upper-case, no accents, no spaces or punctuation. */
export function normalizeText(input: string): string {
  return (
    input
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      // ß, æ Æ, ø Ø, ł Ł, written as escapes: a bundle all in ASCII (ł is past Latin-1) is kept by V8 at one
      // byte a character.
      .replace(/\u00DF/g, 'SS')
      .replace(/[\u00E6\u00C6]/g, 'AE')
      .replace(/[\u00F8\u00D8]/g, 'O')
      .replace(/[\u0142\u0141]/g, 'L')
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '')
  );
}

export type ElementResult = { ok: true; value: string } | { ok: false; message: string };

function normalizeElement(prompt: CodePrompt, input: string): ElementResult {
  const text = normalizeText(input);
  if (prompt.kind === 'letters') {
    const letters = text.replace(/[^A-Z]/g, '');
    if (letters.length < prompt.length) {
      // A name in another alphabet has letters, but not Latin ones: say how to write it.
      return {
        ok: false,
        message: /(?=\p{L})\P{Script=Latin}/u.test(input)
          ? `Type at least ${prompt.length} letters from A to Z. For a name in another alphabet, write it in Latin letters, as in a passport (for Мария, type MA).`
          : `Type at least ${prompt.length} letters.`,
      };
    }
    return { ok: true, value: letters.slice(0, prompt.length) };
  }
  // Digits only: "1.5" or "-1" would otherwise become 15 or 1, and a code the learner cannot make again.
  if (/[^\p{Nd}\s]/u.test(input)) return { ok: false, message: 'Type digits only, such as 7.' };
  const digits = text.replace(/[^0-9]/g, '');
  if (!digits) return { ok: false, message: 'Type a number.' };
  const n = Number(digits);
  if (prompt.id === 'day' && (n < 1 || n > 31)) return { ok: false, message: 'Type a day from 1 to 31.' };
  const capped = Math.min(n, 10 ** prompt.length - 1);
  return { ok: true, value: String(capped).padStart(prompt.length, '0') };
}

export type CodeResult = { ok: true; code: string; elements: string[] } | { ok: false; errors: Record<string, string> };

/** Builds the code from the prompts' answers, e.g. MA-07-SA-2. */
export function buildParticipantCode(answers: Readonly<Record<string, string>>): CodeResult {
  const elements: string[] = [];
  const errors: Record<string, string> = {};
  for (const prompt of CODE_PROMPTS) {
    const result = normalizeElement(prompt, answers[prompt.id] ?? '');
    if (result.ok) elements.push(result.value);
    else errors[prompt.id] = result.message;
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, code: elements.join('-'), elements };
}

const CODE_PATTERN = new RegExp('^' + CODE_PROMPTS.map((p) => (p.kind === 'letters' ? `[A-Z]{${p.length}}` : `[0-9]{${p.length}}`)).join('-') + '$');

/**
 * Canonical form of a code typed or imported from elsewhere ("ma 07 sa 2", "MA07SA2", "má-07-sá-2"):
 * normalised, with the hyphens put back; null when it cannot be a code of this shape.
 */
export function normalizeParticipantCode(input: string): string | null {
  // Already canonical (nearly every code in a file this project wrote): normalising would give it back as it is.
  if (CODE_PATTERN.test(input)) return input;
  const compact = normalizeText(input);
  const total = CODE_PROMPTS.reduce((n, p) => n + p.length, 0);
  if (compact.length !== total) return null;
  const parts: string[] = [];
  let at = 0;
  for (const p of CODE_PROMPTS) {
    parts.push(compact.slice(at, at + p.length));
    at += p.length;
  }
  const code = parts.join('-');
  return CODE_PATTERN.test(code) ? code : null;
}

export function codeElements(code: string): string[] {
  return code.split('-');
}

/** Number of elements that differ between two canonical codes (Infinity if shapes differ). */
export function elementDistance(a: string, b: string): number {
  const x = codeElements(a);
  const y = codeElements(b);
  if (x.length !== y.length) return Infinity;
  return x.reduce((n, el, i) => n + (el === y[i] ? 0 : 1), 0);
}
