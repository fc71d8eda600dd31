// xAPI statements the cmi5 runtime builds itself (the rest come from @xapi/cmi5): the questionnaire
// answers as cmi5 "allowed" statements (verb answered, likert interaction activity), sent as one batch,
// and "terminated", which must be sendable with fetch keepalive while the page unloads. Pure.
import { interactionDescription, type LikertInteraction } from './events.ts';
import { isoDuration } from './adapter.ts';
import type { ResultRecord } from '../records/result-record.ts';
import { RECORD_EXTENSION, SUBMITTED_VERB } from '../records/xapi-vocabulary.ts';

export { RECORD_EXTENSION, SUBMITTED_VERB };

type Json = Record<string, unknown>;

export interface Cmi5Context {
  actor: Json;
  activityId: string;
  registration: string;
  /** LMS.LaunchData contextTemplate: copied into every statement (cmi5 §10). */
  contextTemplate: Json;
}

export const CMI5_CATEGORY = 'https://w3id.org/xapi/cmi5/context/categories/cmi5';
const VERB = (name: string) => ({ id: `http://adlnet.gov/expapi/verbs/${name}`, display: { 'en-US': name } });

function context(ctx: Cmi5Context, category?: string): Json {
  const template = ctx.contextTemplate ?? {};
  const activities = (template.contextActivities ?? {}) as Json;
  const categories = Array.isArray(activities.category) ? activities.category : [];
  return {
    ...template,
    registration: ctx.registration,
    ...(category || Object.keys(activities).length
      ? { contextActivities: { ...activities, ...(category ? { category: [...categories, { id: category }] } : {}) } }
      : {}),
  };
}

/** The activity id of an interaction: `<AU activity id>/test/<instrument-version-timepoint>/question/<item>`. */
function interactionActivityId(activityId: string, i: LikertInteraction): string {
  const test = encodeURIComponent(`${i.instrument.id}-${i.instrument.version}-${i.timepoint}${i.attempt > 1 ? `-a${i.attempt}` : ''}`);
  return `${activityId}/test/${test}/question/${encodeURIComponent(i.itemId)}`;
}

export function likertStatement(ctx: Cmi5Context, i: LikertInteraction, id: string): Json {
  return {
    id,
    actor: ctx.actor,
    verb: VERB('answered'),
    object: {
      objectType: 'Activity',
      id: interactionActivityId(ctx.activityId, i),
      definition: {
        type: 'http://adlnet.gov/expapi/activities/cmi.interaction',
        interactionType: 'likert',
        name: { 'en-US': i.text },
        description: { 'en-US': interactionDescription(i, 1000) },
        // xAPI's name for the likert scale points (the "likertScale" of the cmi5 profile's helpers).
        ...(i.scale.length ? { scale: i.scale.map((p) => ({ id: String(p.value), description: { 'en-US': p.label } })) } : {}),
      },
    },
    result: { response: String(i.response) },
    context: context(ctx),
    timestamp: i.at,
  };
}

/** The AU as the statement's parent activity, so an LRS query for the AU (related_activities) finds it. */
function withParent(c: Json, activityId: string): Json {
  const activities = (c.contextActivities ?? {}) as Json;
  const parents = Array.isArray(activities.parent) ? activities.parent : [];
  return { ...c, contextActivities: { ...activities, parent: [...parents, { id: activityId }] } };
}

/** A submitted questionnaire as one "allowed" statement carrying the whole record. */
export function recordStatement(ctx: Cmi5Context, record: ResultRecord, id: string): Json {
  const test = encodeURIComponent(`${record.instrument.id}-${record.instrument.version}-${record.timepoint}`);
  return {
    id,
    actor: ctx.actor,
    verb: SUBMITTED_VERB,
    object: {
      objectType: 'Activity',
      id: `${ctx.activityId}/test/${test}`,
      definition: {
        type: 'http://adlnet.gov/expapi/activities/assessment',
        name: { 'en-US': `${record.instrument.id} ${record.instrument.version}, ${record.timepoint}` },
      },
    },
    result: { completion: true, extensions: { [RECORD_EXTENSION]: record } },
    context: withParent(context(ctx), ctx.activityId),
    timestamp: record.completedAt,
  };
}

export function terminatedStatement(ctx: Cmi5Context, durationMs: number, now: Date, id: string): Json {
  return {
    id,
    actor: ctx.actor,
    verb: VERB('terminated'),
    object: { objectType: 'Activity', id: ctx.activityId },
    result: { duration: isoDuration(durationMs) },
    context: context(ctx, CMI5_CATEGORY),
    timestamp: now.toISOString(),
  };
}
