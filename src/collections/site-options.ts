// Evaluation options fixed when the site is built (environment variables), for learners who open a
// module without an assignment link. A trainer's link or LMS package can set them per cohort.
import { FOLLOW_UP_DAYS } from '../lib/assignment.ts';
import type { AttemptOptions } from '../lib/learner/learner-state.ts';
import { orgLrsFromEnv, type OrgLrsSettings } from '../lib/learner/org-lrs-config.ts';
import { parseOrigins } from '../lib/scorm-cmi5/course-config.ts';

function followUpDays(raw: string | undefined): number {
  if (raw === undefined || raw === '') return FOLLOW_UP_DAYS.default;
  const days = Number(raw);
  if (!Number.isInteger(days) || days < FOLLOW_UP_DAYS.min || days > FOLLOW_UP_DAYS.max) {
    throw new Error(`FOLLOW_UP_DAYS must be a whole number of days from ${FOLLOW_UP_DAYS.min} to ${FOLLOW_UP_DAYS.max} (got "${raw}")`);
  }
  return days;
}

/** THEN_TEST=1 asks the retrospective "then" block by default; FOLLOW_UP_DAYS (30–180, default 90). */
export const siteOptions: AttemptOptions = {
  thenTest: process.env.THEN_TEST === '1',
  followUpDays: followUpDays(process.env.FOLLOW_UP_DAYS),
  followUpKnowledge: process.env.FOLLOW_UP_KNOWLEDGE === '1',
};

/**
 * LMS_ALLOWED_ORIGINS: origins the public site's LMS wrapper may talk to (cmi5 endpoint, returnURL).
 * Empty by default: the public site then sends nothing to any LMS. Packages add their own origin.
 */
export const lmsAllowedOrigins: string[] = parseOrigins(process.env.LMS_ALLOWED_ORIGINS);

/**
 * ORG_LRS_ENDPOINT, ORG_LRS_KEY, ORG_LRS_SECRET, ORG_NAME (and optionally ORG_LRS_ACTIVITY): an
 * organisation's LRS the results pages offer to send the learner's records to, only with their yes
 * (docs/organisation-lrs.md). Unset by default: the site then sends nothing anywhere. A malformed value
 * fails the build with a message naming the variable.
 */
export const orgLrs: OrgLrsSettings | null = orgLrsFromEnv(process.env);
