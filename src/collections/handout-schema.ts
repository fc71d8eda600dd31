// A translation of the client referral handout (content/handout/<lang>.yaml). Pure (zod only): the
// build's collection and the content checks share it.
import { z } from 'astro/zod';
import { organisationKinds } from '../lib/curriculum/schemas.ts';

const text = z.string().trim().min(1);

/**
 * Each string of the English handout (src/pages/resources/handout.astro and the labels of
 * src/components/LocalGroupList.astro) under the key its translation uses. The content check holds this
 * list to the English page's source both ways, so a string added there must be added here and translated.
 */
export const HANDOUT_STRINGS = {
  title: 'Referral handout',
  description: 'A one-page handout to give a client: what mutual support groups are, local groups, and national organisations.',
  staffBackLink: 'Back to the resource directory',
  staffPrintHint: 'Print this page to give it to a client (one page, A4 or Letter).',
  staffBackButton: 'Back to the directory',
  heading: 'Mutual support groups: a place to start',
  intro:
    'Mutual support groups are run by people who share an experience, such as a mental health condition or substance use, and meet to help each other. They are free, and you can go just to listen. Groups differ a lot: if the first one does not suit you, try another. You can keep seeing your care team, and keep taking your medication, while you go.',
  headingLocalGroups: 'Groups near you',
  headingNational: 'National organisations',
  headingNotes: 'Notes',
  labelFor: 'For',
  labelWhere: 'Where',
  labelWhen: 'When',
  labelContact: 'Contact',
  // The English page shows staff a note here; the translation gives the client a plain sentence instead.
  noLocalGroups:
    'No local groups have been added yet. Your organisation can list the groups near its services in content/resources/local-groups.yaml (see the README).',
  notesSuggestedBy: 'Suggested by: ______________________ Date: ____________',
  notesNextTime: 'Next time we meet, we can talk about how it went: ______________________',
} as const;

export type HandoutKey = keyof typeof HANDOUT_STRINGS;

/**
 * The strings of the site's layout (src/layouts/Base.astro) that a translated page, which has a layout of its
 * own to be wholly in its language, shows too: under the key its translation uses. The content check holds
 * this list to Base.astro.
 */
export const LAYOUT_STRINGS = {
  skipLink: 'Skip to main content',
  siteNav: 'Site',
} as const;

export type LayoutKey = keyof typeof LAYOUT_STRINGS;

const strings = Object.fromEntries([...Object.keys(HANDOUT_STRINGS), ...Object.keys(LAYOUT_STRINGS)].map((k) => [k, text])) as Record<
  HandoutKey | LayoutKey,
  typeof text
>;

export const handoutSchema = z.object({
  lang: z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'a language tag such as "es"'),
  ...strings,
  /** In the translation only: what to do if someone at a group questions medication. */
  medicationNote: text.optional(),
  /** In the translation only: the heading of the section (on screen, not printed) with each organisation's description. */
  moreHeading: text,
  /** In the translation only: the label before each organisation's web address in that section. */
  website: text,
  /** Small print at the foot of the page: who translated it and whether a native speaker reviewed it. */
  provenanceLine: text,
  /** KIND_LABELS (src/lib/curriculum/organisations.ts), one per kind. */
  kindLabels: z.record(z.enum(organisationKinds), text),
  /** One entry per file in content/resources/organisations (key = file name). */
  organisations: z.record(
    z.string(),
    z.object({
      /** Only where the organisation itself uses a name in this language. */
      spanishName: text.optional(),
      focus: text,
      description: text,
    }),
  ),
  provenance: z.object({
    translatedBy: text,
    reviewedByNativeSpeaker: z.boolean(),
    note: text,
  }),
});

export type Handout = z.infer<typeof handoutSchema>;

/** What the translation is missing: a kind label or an organisation, or has one that no longer exists. */
export function handoutProblems(file: string, handout: Handout, organisationIds: readonly string[]): string[] {
  const problems: string[] = [];
  for (const kind of organisationKinds) if (!handout.kindLabels[kind]) problems.push(`${file}: kindLabels.${kind} is missing`);
  for (const id of organisationIds)
    if (!handout.organisations[id]) problems.push(`${file}: organisations.${id} is missing (content/resources/organisations/${id}.yaml)`);
  for (const id of Object.keys(handout.organisations)) {
    if (!organisationIds.includes(id)) problems.push(`${file}: organisations.${id}: no file content/resources/organisations/${id}.yaml`);
  }
  if (handout.provenance.reviewedByNativeSpeaker === false && /revis|review/i.test(handout.provenanceLine) === false) {
    problems.push(`${file}: provenanceLine must say that no native speaker has reviewed the translation yet`);
  }
  return problems;
}
