// The instrument definition format (public format 1, docs/formats.md). One schema, used by the content
// collection, the CLI's --instrument loader and the tests.
import * as z from 'astro/zod';

const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'use lower-case letters, digits and single hyphens (e.g. "att-12-helpful")');

/** Answers that say the question does not apply to the respondent: kept as their own value, scored as missing. */
const missingKinds = ['not-familiar', 'no-opportunity'] as const;

const responsePointSchema = z.strictObject({
  value: z.number().int(),
  label: z.string().min(1, 'every response point needs a label'),
  /** A non-substantive answer ("Not familiar enough to say", "No opportunity"): valid, but never scored. */
  missing: z.enum(missingKinds).optional(),
});

const responseScaleSchema = z
  .object({
    id: slug,
    points: z.array(responsePointSchema).min(2),
  })
  .superRefine((scale, ctx) => {
    const values = scale.points.map((p) => p.value);
    if (scale.points.filter((p) => !p.missing).length < 2) {
      ctx.addIssue({ code: 'custom', path: ['points'], message: 'a response scale needs at least two points that are not marked missing' });
    }
    for (let i = 1; i < values.length; i++) {
      if (values[i]! <= values[i - 1]!) {
        ctx.addIssue({ code: 'custom', path: ['points', i, 'value'], message: 'point values must increase' });
      }
    }
  });

const fidelitySchema = z.enum(['verbatim', 'adapted', 'new']);
const targetSchema = z.enum(['twelve-step', 'psychiatric', 'general']);
const constructSchema = z.enum(['attitude', 'practice', 'confidence', 'knowledge', 'interest']);

const provenanceSchema = z.strictObject({
  source: z.string().min(1).describe('reference key in content/references'),
  fidelity: fidelitySchema,
  note: z.string().min(1),
});

const itemSchema = z.strictObject({
  id: slug,
  text: z.string().min(1),
  responseScale: slug,
  reverse: z.boolean().default(false),
  target: targetSchema,
  construct: constructSchema,
  provenance: provenanceSchema,
});

const scoringSchema = z.strictObject({
  method: z.literal('prorated-mean'),
  /** Share of the scale's items that must be answered, rounded up to whole items. */
  minAnsweredShare: z.number().gt(0).max(1),
});

const scaleSchema = z.strictObject({
  id: slug,
  title: z.string().min(1),
  /** Plain-language sentence shown to learners: what a higher score means. */
  higherMeans: z.string().min(1),
  target: targetSchema,
  items: z.array(slug).min(2),
  scoring: scoringSchema,
});

const demographicOptionSchema = z.strictObject({ value: slug, label: z.string().min(1) });

const demographicSchema = z.strictObject({
  id: slug,
  text: z.string().min(1),
  /** Which predictor of Chinman et al. (2002) this question records. */
  predictor: z.string().min(1),
  options: z.array(demographicOptionSchema).min(2),
});

const comparisonSchema = z.strictObject({
  id: slug,
  title: z.string().min(1),
  /** Score of `minuend` minus score of `subtrahend`, per person. */
  minuend: slug,
  subtrahend: slug,
});

export const instrumentSchema = z
  .object({
    id: slug,
    version: z.string().regex(/^\d+\.\d+\.\d+$/, 'use a semantic version such as "1.0.0"'),
    title: z.string().min(1),
    description: z.string().min(1),
    instructions: z.string().min(1),
    responseScales: z.array(responseScaleSchema).min(1),
    items: z.array(itemSchema).min(1),
    scales: z.array(scaleSchema).min(1),
    comparisons: z.array(comparisonSchema).default([]),
    demographics: z.array(demographicSchema).default([]),
  })
  .superRefine((inst, ctx) => {
    const scaleIds = new Set(inst.responseScales.map((s) => s.id));
    const itemIds = new Set<string>();
    inst.items.forEach((item, i) => {
      if (itemIds.has(item.id)) ctx.addIssue({ code: 'custom', path: ['items', i, 'id'], message: `duplicate item id "${item.id}"` });
      itemIds.add(item.id);
      if (!scaleIds.has(item.responseScale)) {
        ctx.addIssue({ code: 'custom', path: ['items', i, 'responseScale'], message: `unknown response scale "${item.responseScale}"` });
      }
    });
    const scoreIds = new Set<string>();
    inst.scales.forEach((scale, s) => {
      if (scoreIds.has(scale.id)) ctx.addIssue({ code: 'custom', path: ['scales', s, 'id'], message: `duplicate scale id "${scale.id}"` });
      scoreIds.add(scale.id);
      scale.items.forEach((id, i) => {
        if (!itemIds.has(id)) ctx.addIssue({ code: 'custom', path: ['scales', s, 'items', i], message: `unknown item "${id}"` });
      });
    });
    inst.comparisons.forEach((c, i) => {
      for (const key of ['minuend', 'subtrahend'] as const) {
        if (!scoreIds.has(c[key])) ctx.addIssue({ code: 'custom', path: ['comparisons', i, key], message: `unknown scale "${c[key]}"` });
      }
    });
    inst.demographics.forEach((d, i) => {
      if (!d.options.some((o) => o.value === 'prefer-not-to-say')) {
        ctx.addIssue({ code: 'custom', path: ['demographics', i, 'options'], message: 'every demographic question needs a "prefer-not-to-say" option' });
      }
    });
  });

export type ResponseScale = z.infer<typeof responseScaleSchema>;
export type MissingKind = (typeof missingKinds)[number];
export type Item = z.infer<typeof itemSchema>;
export type Scale = z.infer<typeof scaleSchema>;
export type Demographic = z.infer<typeof demographicSchema>;
export type Comparison = z.infer<typeof comparisonSchema>;
export type Instrument = z.infer<typeof instrumentSchema>;
/** What a definition file may omit (defaults filled in by the schema). */
export type InstrumentInput = z.input<typeof instrumentSchema>;
