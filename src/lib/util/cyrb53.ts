// cyrb53 (a public-domain string hash by bryc): a fast 64-bit mixing of a text's UTF-16 code units, for
// telling repeated texts apart without keeping them. Not a cryptographic hash.

/** The text's two 32-bit halves, written to `out[0]` and `out[1]` (no allocation per call). */
export function cyrb53Halves(text: string, out: Int32Array): void {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  out[0] = h1;
  out[1] = h2;
}

const halves = new Int32Array(2);

/** The text's 53-bit hash, as a number: two different texts share one once in some 10^15 pairs. */
export function cyrb53(text: string): number {
  cyrb53Halves(text, halves);
  return 4294967296 * (2097151 & halves[1]!) + (halves[0]! >>> 0);
}
