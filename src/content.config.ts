import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { instrumentSchema } from './lib/instrument/schema.ts';
import { knowledgeSchema, lessonSchema, moduleSchema, organisationSchema, referenceSchema } from './lib/curriculum/schemas.ts';
import { reviewSchema } from './collections/review.ts';
import { guideSchema } from './collections/guide-schema.ts';
import { handoutSchema } from './collections/handout-schema.ts';

const modules = defineCollection({
  loader: glob({ base: './content/modules', pattern: '*.yaml' }),
  // Every module carries its review statement (who reviewed what, and when); the pages fail the build
  // when it is older than two years (src/collections/review.ts).
  schema: moduleSchema.extend({ review: reviewSchema }),
});

const lessons = defineCollection({
  loader: glob({ base: './content/lessons', pattern: '**/*.mdx' }),
  schema: lessonSchema,
});

const instruments = defineCollection({
  loader: glob({ base: './content/instruments', pattern: '*.yaml' }),
  schema: instrumentSchema,
});

const knowledge = defineCollection({
  loader: glob({ base: './content/knowledge', pattern: '*.yaml' }),
  schema: knowledgeSchema,
});

const references = defineCollection({
  loader: glob({ base: './content/references', pattern: '*.yaml' }),
  schema: referenceSchema,
});

const organisations = defineCollection({
  loader: glob({ base: './content/resources/organisations', pattern: '*.yaml' }),
  schema: organisationSchema,
});

/** Facilitator guides, one per module (content/guide/<module id>.yaml). */
const guides = defineCollection({
  loader: glob({ base: './content/guide', pattern: '*.yaml' }),
  schema: guideSchema,
});

/** Translations of the client referral handout (content/handout/<lang>.yaml). */
const handouts = defineCollection({
  loader: glob({ base: './content/handout', pattern: '*.yaml' }),
  schema: handoutSchema,
});

export const collections = { modules, lessons, instruments, knowledge, references, organisations, guides, handouts };
