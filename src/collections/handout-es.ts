// The Spanish client handout for /es/resources/handout/: the text (content/handout/es.yaml) with the
// same national organisations and local groups as the English handout, checked at build time.
import { getEntry } from 'astro:content';
import { loadResources } from './resources.ts';
import { handoutProblems, type Handout } from './handout-schema.ts';

const HANDOUT_ES_FILE = 'content/handout/es.yaml';

export async function loadHandoutEs() {
  const entry = await getEntry('handouts', 'es');
  if (!entry) throw new Error(`${HANDOUT_ES_FILE}: missing (the Spanish client handout)`);
  const handout: Handout = entry.data;
  if (handout.lang !== 'es') throw new Error(`${HANDOUT_ES_FILE}: lang must be "es"`);
  const { organisations, localGroups } = await loadResources();
  const problems = handoutProblems(
    HANDOUT_ES_FILE,
    handout,
    organisations.map((o) => o.id),
  );
  if (problems.length) throw new Error(`Invalid Spanish handout:\n  - ${problems.join('\n  - ')}`);
  const national = organisations
    .map((org) => {
      const es = handout.organisations[org.id]!;
      return {
        id: org.id,
        /** The organisation's own name (kept as it is) and its Spanish name where it uses one. */
        name: org.data.name,
        spanishName: es.spanishName,
        kind: handout.kindLabels[org.data.kind],
        focus: es.focus,
        description: es.description,
        website: org.data.website,
        websiteText: org.data.website.replace(/^https:\/\//, '').replace(/\/$/, ''),
      };
    })
    .sort((a, b) => (a.spanishName ?? a.name).localeCompare(b.spanishName ?? b.name, 'es'));
  return { handout, national, localGroups };
}
