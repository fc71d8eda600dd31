import type { Reference } from './schemas.ts';

const surname = (author: string) => author.split(',')[0]!.trim();

/** The year as cited: a letter at the end of the key (wikipedia2026b) tells apart same author and year. */
function citeYear(ref: Reference, key = ''): string {
  return `${ref.year}${/\d{4}([a-z])$/.exec(key)?.[1] ?? ''}`;
}

/** In-text label: "Powell et al., 2000", "Humphreys & Moos, 2001", "Levy, 1978". */
export function citeLabel(ref: Reference, key = ''): string {
  const names = ref.authors.map(surname);
  const who = names.length === 1 ? names[0] : names.length === 2 ? `${names[0]} & ${names[1]}` : `${names[0]} et al.`;
  return `${who}, ${citeYear(ref, key)}`;
}

/** Reference-list entry, APA-like, as plain text parts (the page adds the link). */
export function referenceText(ref: Reference, key = ''): string {
  const authors = ref.authors.length > 1 ? `${ref.authors.slice(0, -1).join(', ')}, & ${ref.authors.at(-1)}` : ref.authors[0];
  const volume = ref.volume ? `, ${ref.volume}${ref.issue ? `(${ref.issue})` : ''}` : '';
  const pages = ref.pages ? `, ${ref.pages}` : '';
  return `${authors} (${citeYear(ref, key)}). ${ref.title}. ${ref.container}${volume}${pages}.`;
}

export function referenceLink(ref: Reference): string | undefined {
  return ref.doi ? `https://doi.org/${ref.doi}` : ref.url;
}

/** Sorted for a reference list: by first author's surname, then year. */
export function compareReferences(a: Reference, b: Reference): number {
  return surname(a.authors[0]!).localeCompare(surname(b.authors[0]!)) || a.year - b.year;
}
