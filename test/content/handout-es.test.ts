// Content checks for the Spanish client handout (content/handout/es.yaml): it translates every string the
// English handout uses, every kind label and every organisation; it states its provenance; and its
// readability (Fernández-Huerta) is reported and held to grade 8 or below.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { HANDOUT_STRINGS, handoutProblems, handoutSchema, LAYOUT_STRINGS, type LayoutKey } from '../../src/collections/handout-schema.ts';
import { organisationKinds } from '../../src/lib/curriculum/schemas.ts';
import { fernandezHuerta, GRADE_8_SCORE, spanishSyllables } from './spanish-readability.ts';

const FILE = 'content/handout/es.yaml';
const PAGE = 'src/pages/es/[...page].astro';
const raw = parse(readFileSync(FILE, 'utf8')) as Record<string, unknown>;
const handout = handoutSchema.parse(raw);
const organisationIds = readdirSync('content/resources/organisations')
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''))
  .sort();

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** An Astro file's template: no frontmatter, styles or scripts, and no links in a language other than English. */
const template = (source: string) =>
  source
    .replace(/^---[\s\S]*?\n---\n/, '')
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<a\b[^>]*\blang="(?!en)[^"]*"[^>]*>[\s\S]*?<\/a>/g, '');

/** Text between tags, with {expressions} left out (and the code around nested markup cut off). */
const texts = (source: string) =>
  [...source.matchAll(/>([^<]*)</g)]
    .map((m) => {
      let t = m[1]!;
      for (let before = ''; before !== t; ) [before, t] = [t, t.replace(/\{[^{}]*\}/g, '')];
      t = t.includes('{') ? t.slice(0, t.indexOf('{')) : t;
      return t.includes('}') ? t.slice(t.lastIndexOf('}') + 1) : t;
    })
    .map((t) => squash(t).replace(/^[\s·:().,]+|[\s·:(),]+$/g, ''))
    .filter((t) => /[A-Za-z]{2}/.test(t));

/** LocalGroupList's English labels (ENGLISH_LABELS in its frontmatter), which a translation replaces. */
function localGroupLabels(source: string): string[] {
  const literal = /ENGLISH_LABELS\b[^=]*=\s*\{([^}]*)\}/.exec(source)?.[1];
  if (!literal) throw new Error('src/components/LocalGroupList.astro: no ENGLISH_LABELS object');
  return [...literal.matchAll(/:\s*'([^']*)'/g)].map((m) => m[1]!);
}

/** The English handout's visible strings, read from its Astro source (template text and the Base title/description). */
function englishStrings(): string[] {
  const page = readFileSync('src/pages/resources/handout.astro', 'utf8');
  const list = readFileSync('src/components/LocalGroupList.astro', 'utf8');
  const attributes = [...page.matchAll(/<Base title="([^"]+)" description="([^"]+)"/g)].flatMap((m) => [m[1]!, m[2]!]);
  return [...attributes, ...texts(template(page)), ...texts(template(list)), ...localGroupLabels(list)];
}

/**
 * Words a translated page writes in its own code instead of taking them from its YAML: template text and
 * literal attribute values people read (aria-label, title, alt, placeholder), leaving out what is marked
 * lang="en" (the site's name, the link to the English page).
 */
function wordsInPageCode(source: string): string[] {
  const markup = template(source).replace(/<(\w+)\b[^>]*\blang="en"[^>]*>[\s\S]*?<\/\1>/g, '');
  const attributes = [...markup.matchAll(/\b(?:aria-label|title|alt|placeholder)="([^"]*)"/g)].map((m) => m[1]!).filter((t) => /\p{L}{2}/u.test(t));
  return [...texts(markup), ...attributes];
}

describe('the Spanish handout (content/handout/es.yaml)', () => {
  it('is Spanish and has every key the English handout, the layout and the page itself use, none empty', () => {
    expect(handout.lang).toBe('es');
    const keys = [...Object.keys(HANDOUT_STRINGS), ...Object.keys(LAYOUT_STRINGS), 'moreHeading', 'website'];
    const missing = keys.filter((k) => typeof raw[k] !== 'string' || (raw[k] as string).trim() === '');
    expect(missing, `${FILE}: keys missing or empty`).toEqual([]);
  });

  it('the layout strings are still those of Base.astro, and the Spanish page shows each', () => {
    const base = readFileSync('src/layouts/Base.astro', 'utf8');
    expect(base).toContain(`<a class="skip-link" href="#main">${LAYOUT_STRINGS.skipLink}</a>`);
    expect(base).toContain(`<nav aria-label="${LAYOUT_STRINGS.siteNav}">`);
    const page = readFileSync(PAGE, 'utf8');
    for (const key of [...Object.keys(LAYOUT_STRINGS), 'moreHeading', 'website'] as (LayoutKey | 'moreHeading' | 'website')[])
      expect(page, `${PAGE} does not show t.${key}`).toMatch(new RegExp(`\\bt\\.${key}\\b`));
  });

  it('the Spanish page writes no words of its own: all of them come from the YAML', () => {
    expect(wordsInPageCode(readFileSync(PAGE, 'utf8'))).toEqual([]);
    // What the check catches: text, or a label people read, written into the page.
    const planted =
      '---\nconst t = {};\n---\n<a class="site-name" href="/" lang="en">{SITE_NAME}</a><nav aria-label="Sitio"><p>Más sobre {t.x}</p></nav><a href="/resources/handout/" hreflang="en" lang="en">English version</a>';
    expect(wordsInPageCode(planted)).toEqual(['Más sobre', 'Sitio']);
  });

  it('the list of English strings matches the English page both ways', () => {
    const english = englishStrings();
    const mapped = Object.values(HANDOUT_STRINGS).map(squash);
    // Every string on the English page is one the list maps to a key (or part of one)...
    const unmapped = english.filter((t) => !mapped.some((m) => m.includes(t)));
    expect(unmapped, 'English handout strings with no key in HANDOUT_STRINGS (src/collections/handout-schema.ts)').toEqual([]);
    // ...and every string in the list is still on the English page.
    const source = squash(
      (readFileSync('src/pages/resources/handout.astro', 'utf8') + ' ' + readFileSync('src/components/LocalGroupList.astro', 'utf8')).replace(
        /<(?!Base )[^>]+>/g,
        '',
      ),
    );
    const gone = Object.entries(HANDOUT_STRINGS)
      .filter(([, text]) => !source.includes(squash(text)))
      .map(([k]) => k);
    expect(gone, 'HANDOUT_STRINGS entries no longer on the English page').toEqual([]);
  });

  it('translates every kind label and every organisation, and nothing else', () => {
    expect(Object.keys(handout.kindLabels).sort()).toEqual([...organisationKinds].sort());
    expect(Object.keys(handout.organisations).sort()).toEqual(organisationIds);
    expect(handoutProblems(FILE, handout, organisationIds)).toEqual([]);
  });

  it('states its provenance, and the page says whether a native speaker has reviewed it', () => {
    expect(handout.provenance.translatedBy).toMatch(/project/i);
    expect(typeof handout.provenance.reviewedByNativeSpeaker).toBe('boolean');
    if (!handout.provenance.reviewedByNativeSpeaker) expect(handout.provenanceLine).toMatch(/no la ha revisado un hablante nativo/i);
  });

  it(`reads at grade 8 or below: Fernández-Huerta ${GRADE_8_SCORE} or more (reported in .ci-out/handout-es-readability.json)`, () => {
    const orgs = organisationIds.map((id) => handout.organisations[id]!);
    // What the printed page says in Spanish: organisation names (English) and web addresses left out.
    const printed = [
      handout.heading,
      handout.intro,
      handout.medicationNote ?? '',
      handout.headingLocalGroups,
      handout.noLocalGroups,
      handout.headingNational,
      ...orgs.map((o) => `${o.focus}.`),
      ...Object.values(handout.kindLabels),
      handout.headingNotes,
      handout.notesSuggestedBy,
      handout.notesNextTime,
      handout.provenanceLine,
    ].filter(Boolean);
    const descriptions = orgs.map((o) => o.description);
    const report = {
      formula: 'Fernández-Huerta (1959), corrected by Law (2011): 206.84 − 60 × syllables/words − 1.02 × words/sentence; 60–70 = grade 7–8, 70–80 = grade 6',
      printedHandout: fernandezHuerta(printed),
      organisationDescriptions: fernandezHuerta(descriptions),
      allText: fernandezHuerta([...printed, ...descriptions]),
    };
    mkdirSync('.ci-out', { recursive: true });
    writeFileSync('.ci-out/handout-es-readability.json', JSON.stringify(report, null, 2));
    console.log(
      `Spanish handout readability (Fernández-Huerta): printed ${report.printedHandout.score.toFixed(1)}, descriptions ${report.organisationDescriptions.score.toFixed(1)}, all ${report.allText.score.toFixed(1)}`,
    );
    expect(report.printedHandout.score).toBeGreaterThanOrEqual(GRADE_8_SCORE);
    expect(report.organisationDescriptions.score).toBeGreaterThanOrEqual(GRADE_8_SCORE);
  });
});

describe('the Spanish syllable counter and formula', () => {
  it.each([
    ['casa', 2],
    ['ciudad', 2],
    ['reúnen', 3],
    ['leer', 2],
    ['guía', 2],
    ['que', 1],
    ['muy', 1],
    ['hay', 1],
    ['y', 1],
    ['buey', 1],
    ['creencia', 3],
    ['país', 2],
    ['organización', 5],
    ['esquizofrenia', 5],
    ['Alcohólicos', 5],
    ['medicinas', 4],
  ])('%s has %i syllables', (word, n) => {
    expect(spanishSyllables(word)).toBe(n);
  });

  it('scores a worked example by hand', () => {
    // "El gato come. La casa es grande." 7 words, 2 sentences, 11 syllables (el ga-to co-me la ca-sa es gran-de).
    const r = fernandezHuerta(['El gato come. La casa es grande.']);
    expect(r).toMatchObject({ words: 7, sentences: 2, syllables: 11 });
    expect(r.score).toBeCloseTo(206.84 - 60 * (11 / 7) - 1.02 * (7 / 2), 10);
  });
});
