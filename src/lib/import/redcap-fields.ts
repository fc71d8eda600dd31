// The REDCap columns that are not answers: those REDCap adds to its exports, and those the evaluator's
// import (redcap-csv.ts) reads as the participant, timepoint, cohort or module. The import reads them by
// these names, and the data dictionary (export/redcap-dictionary.ts) gives no question any of them.

/** The columns REDCap adds to its exports; the dictionary gives no question a name beginning redcap_. */
export const REDCAP_SYSTEM_FIELDS = [
  'redcap_event_name',
  'redcap_repeat_instrument',
  'redcap_repeat_instance',
  'redcap_data_access_group',
  'redcap_survey_identifier',
] as const;

/**
 * The fields the evaluator's REDCap import (redcap-csv.ts) reads as something other than an answer, by
 * what it reads them as (in order of preference): no question may be called so.
 */
export const REDCAP_IMPORT_FIELDS = {
  participant: ['participant_code', 'participant'],
  timepoint: ['timepoint'],
  cohort: ['cohort'],
  module: ['module'],
} as const;
