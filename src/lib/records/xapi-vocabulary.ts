// The xAPI words a cmi5 package uses to carry a whole result record, shared by the package (which sends
// it) and the evaluator's import (which reads it). Kept alone so the evaluator's bundle takes in nothing
// of the LMS code.

/**
 * Result extension holding a whole signed result record, as the learner would download it: the
 * evaluator rebuilds records from these statements (checksum included) instead of from single answers.
 */
export const RECORD_EXTENSION = 'urn:mutual-support-training:xapi:extension:result-record';
export const SUBMITTED_VERB = { id: 'http://activitystrea.ms/schema/1.0/submit', display: { 'en-US': 'submitted' } } as const;
export const VOIDED_VERB = 'http://adlnet.gov/expapi/verbs/voided';
