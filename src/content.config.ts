import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { instrumentSchema } from './lib/instrument/schema.ts';
import { knowledgeSchema, lessonSchema, moduleSchema, organisationSchema, referenceSchema } from './lib/curriculum/schemas.ts';

const modules = defineCollection({
  loader: glob({ base: './content/modules', pattern: '*.yaml' }),
  schema: moduleSchema,
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

export const collections = { modules, lessons, instruments, knowledge, references, organisations };
