import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import type { z } from 'astro/zod';
import { instrumentSchema } from './lib/instrument/schema.ts';
import { knowledgeSchema, lessonSchema, moduleSchema, organisationSchema, referenceSchema } from './lib/curriculum/schemas.ts';
import { reviewSchema } from './collections/review.ts';
import { guideSchema } from './collections/guide-schema.ts';
import { handoutSchema } from './collections/handout-schema.ts';

/** One collection per folder of YAML files under content/, one entry per file (its name is the id). */
const yamlFolder = <S extends z.ZodType>(folder: string, schema: S) =>
  defineCollection({ loader: glob({ base: `./content/${folder}`, pattern: '*.yaml' }), schema });

// Every module carries its review statement (who reviewed what, and when); the pages fail the build
// when it is older than two years (src/collections/review.ts).
const modules = yamlFolder('modules', moduleSchema.extend({ review: reviewSchema }));

const lessons = defineCollection({
  loader: glob({ base: './content/lessons', pattern: '**/*.mdx' }),
  schema: lessonSchema,
});

const instruments = yamlFolder('instruments', instrumentSchema);
const knowledge = yamlFolder('knowledge', knowledgeSchema);
const references = yamlFolder('references', referenceSchema);
const organisations = yamlFolder('resources/organisations', organisationSchema);
/** Facilitator guides, one per module (content/guide/<module id>.yaml). */
const guides = yamlFolder('guide', guideSchema);
/** Translations of the client referral handout (content/handout/<lang>.yaml). */
const handouts = yamlFolder('handout', handoutSchema);

export const collections = { modules, lessons, instruments, knowledge, references, organisations, guides, handouts };
