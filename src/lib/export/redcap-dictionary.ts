// The questionnaire as a REDCap data dictionary (the 18-column CSV REDCap's "Data Dictionary" upload
// takes), so an agency can run the same questionnaire in REDCap, for example for the follow-up, and the
// evaluator can import REDCap's export of it. Pure.
//
// REDCap's rules followed here: field names of lower-case letters, digits and underscores, starting with a
// letter (an item id's hyphens become underscores; ids never hold underscores, so the mapping is
// reversible: redcapFieldName / itemIdFromRedcap); the first field is the record id; choices written as
// "code, label | code, label"; raw choice codes of letters, digits and underscores only. A questionnaire
// that cannot follow them is refused, naming the question: a field name REDCap does not allow, or that
// REDCap's own columns (redcap_…, <form>_complete, <form>_timestamp) or the evaluator's import
// (src/lib/import/redcap-csv.ts: participant, timepoint, cohort, module) read as another column; a choice
// label with "|" or a line break, which REDCap reads as the start of another choice (it has no escape).
import type { Instrument } from '../instrument/schema.ts';
import { toCsv } from '../analysis/export-util.ts';
import { REDCAP_IMPORT_FIELDS, REDCAP_SYSTEM_FIELDS } from '../import/redcap-fields.ts';

export const REDCAP_COLUMNS = [
  'Variable / Field Name',
  'Form Name',
  'Section Header',
  'Field Type',
  'Field Label',
  'Choices, Calculations, OR Slider Labels',
  'Field Note',
  'Text Validation Type OR Show Slider Number',
  'Text Validation Min',
  'Text Validation Max',
  'Identifier?',
  'Branching Logic (Show field only if...)',
  'Required Field?',
  'Custom Alignment',
  'Question Number (surveys only)',
  'Matrix Group Name',
  'Matrix Ranking?',
  'Field Annotation',
] as const;

/** REDCap warns about field names longer than this; the dictionary keeps every name within it. */
export const REDCAP_NAME_LIMIT = 26;
const NAME = /^[a-z][a-z0-9_]*$/;

const IMPORT_READS: Readonly<Record<keyof typeof REDCAP_IMPORT_FIELDS, string>> = {
  participant: 'the participant (its code)',
  timepoint: 'the timepoint',
  cohort: 'the cohort',
  module: 'the module',
};

export const redcapFieldName = (id: string): string => id.replace(/-/g, '_');
export const itemIdFromRedcap = (field: string): string => field.replace(/_/g, '-');
/** Background questions keep their own id; a clash with an item's field is refused below. */
export const demographicField = (id: string): string => redcapFieldName(id);

export interface DictionaryOptions {
  /** Instrument (form) name in REDCap. */
  formName?: string;
  recordIdField?: string;
}

export interface DictionaryRow {
  field: string;
  form: string;
  section: string;
  type: 'text' | 'radio' | 'descriptive';
  label: string;
  choices: string;
  note: string;
  annotation: string;
}

const missingNote = (codes: number[]) =>
  codes.length === 0 ? '' : codes.length === 1 ? `Code ${codes[0]} is kept but not scored.` : `Codes ${codes.join(' and ')} are kept but not scored.`;

/** Time points as REDCap choices (for projects without events; with events, the event names them). */
const TIMEPOINT_CHOICES = 'pre, Before the training | post, After the training | then, After the training, looking back | followup, Follow-up';

/**
 * What REDCap or the evaluator's import reads a field of this name as, when it is not free for a question
 * (`form`: the form's name, `record`: the record id field's); null when it is free.
 */
function reservedField(field: string, form: string, record: string): string | null {
  if (field === record) return 'the record id field (the first field of the dictionary, and the first column of every export)';
  if (field.startsWith('redcap_'))
    return `a name beginning redcap_, as REDCap names the columns it adds to its exports (${REDCAP_SYSTEM_FIELDS.slice(0, 3).join(', ')}, …)`;
  if (field === `${form}_complete`) return `the column REDCap adds to its exports for the status of the form "${form}" (<form>_complete)`;
  if (field === `${form}_timestamp`) return `the column REDCap adds to its exports for the time the survey "${form}" was completed (<form>_timestamp)`;
  for (const [role, names] of Object.entries(REDCAP_IMPORT_FIELDS) as [keyof typeof REDCAP_IMPORT_FIELDS, readonly string[]][]) {
    if (names.includes(field)) return `a field the evaluator's REDCap import reads as ${IMPORT_READS[role]}, not as an answer`;
  }
  return null;
}

/** Why a choice label cannot be written in REDCap's "code, label | code, label" (null: it can). */
const choiceLabelProblem = (label: string): string | null => (label.includes('|') ? 'holds "|"' : /[\r\n]/.test(label) ? 'holds a line break' : null);

/** Refuses a choice label REDCap would read as two choices, naming where it is. */
function checkChoiceLabel(where: string, label: string): void {
  const problem = choiceLabelProblem(label);
  if (problem) {
    throw new Error(
      `${where}: its label ${JSON.stringify(label)} ${problem}, which REDCap reads as the start of another choice ("1, A | 2, B") and cannot escape: take it out of the label`,
    );
  }
}

/** The REDCap form name: the one given, or the questionnaire's id (after "form_" when it starts with a digit). */
function formNameOf(instrument: Instrument, options: DictionaryOptions): string {
  if (options.formName === undefined) {
    const name = redcapFieldName(instrument.id);
    return /^[a-z]/.test(name) ? name : `form_${name}`;
  }
  if (!NAME.test(options.formName)) {
    throw new Error(
      `the REDCap form name ${JSON.stringify(options.formName)} is not one REDCap allows (lower-case letters, digits and underscores, starting with a letter)`,
    );
  }
  return options.formName;
}

/** The dictionary's rows: record id, participant code, every item by scale, then the background questions. */
function redcapDictionaryRows(instrument: Instrument, options: DictionaryOptions = {}): DictionaryRow[] {
  const form = formNameOf(instrument, options);
  const record = options.recordIdField ?? 'record_id';
  const scales = new Map(instrument.responseScales.map((s) => [s.id, s]));
  const itemScale = new Map<string, string>();
  for (const s of instrument.scales) for (const id of s.items) if (!itemScale.has(id)) itemScale.set(id, s.title);
  const rows: DictionaryRow[] = [
    { field: record, form, section: '', type: 'text', label: 'Record ID', choices: '', note: '', annotation: '' },
    {
      field: REDCAP_IMPORT_FIELDS.participant[0],
      form,
      section: instrument.title,
      type: 'text',
      label: 'Participant code (the four-part code the learner makes, e.g. MA-07-SA-2)',
      choices: '',
      note: 'Pre, post and follow-up answers are matched by this code.',
      annotation: '',
    },
    {
      field: REDCAP_IMPORT_FIELDS.timepoint[0],
      form,
      section: '',
      type: 'radio',
      label: 'When are these answers given?',
      choices: TIMEPOINT_CHOICES,
      note: 'Leave empty in a longitudinal project: the event says it.',
      annotation: '',
    },
  ];
  /** Each row's question, as messages name it (null for the dictionary's own fields above). */
  const questions: (string | null)[] = rows.map(() => null);
  for (const s of instrument.responseScales) for (const p of s.points) checkChoiceLabel(`response scale "${s.id}", point ${p.value}`, p.label);
  for (const d of instrument.demographics) for (const o of d.options) checkChoiceLabel(`background question "${d.id}", option "${o.value}"`, o.label);
  let lastSection = '';
  for (const item of instrument.items) {
    const scale = scales.get(item.responseScale);
    if (!scale) throw new Error(`item ${item.id}: response scale ${item.responseScale} is not defined`);
    questions.push(`item "${item.id}"`);
    const section = itemScale.get(item.id) ?? '';
    rows.push({
      field: redcapFieldName(item.id),
      form,
      section: section !== lastSection ? section : '',
      type: 'radio',
      label: item.text,
      choices: scale.points.map((p) => `${p.value}, ${p.label}`).join(' | '),
      note: missingNote(scale.points.filter((p) => p.missing).map((p) => p.value)),
      annotation: `${instrument.id} ${instrument.version} item ${item.id}${item.reverse ? ' (reverse-keyed)' : ''}`,
    });
    lastSection = section;
  }
  instrument.demographics.forEach((d, i) => {
    questions.push(`background question "${d.id}"`);
    rows.push({
      field: demographicField(d.id),
      form,
      section: i === 0 ? 'About you (every question optional)' : '',
      type: 'radio',
      label: d.text,
      choices: d.options.map((o) => `${redcapFieldName(o.value)}, ${o.label}`).join(' | '),
      note: '',
      annotation: `${instrument.id} ${instrument.version} background ${d.id}`,
    });
  });
  const seen = new Map<string, string | null>();
  rows.forEach((row, i) => {
    const question = questions[i] ?? null;
    const field = row.field;
    const renameIt = question?.startsWith('item') ? 'rename the item id' : "rename the background question's id";
    const reserved = question === null ? null : reservedField(field, form, record);
    if (reserved) throw new Error(`${question} would be the REDCap field "${field}", ${reserved}: ${renameIt}`);
    if (seen.has(field)) {
      const first = seen.get(field);
      throw new Error(
        first && question
          ? `${first} and ${question} would both be the REDCap field "${field}": rename one of them`
          : `two fields of the dictionary would both be called "${field}"`,
      );
    }
    seen.set(field, question);
    const rules = !NAME.test(field)
      ? 'which REDCap does not allow (a field name is of lower-case letters, digits and underscores, and starts with a letter)'
      : field.length > REDCAP_NAME_LIMIT
        ? `longer than the ${REDCAP_NAME_LIMIT} characters REDCap advises for a field name`
        : null;
    if (rules)
      throw new Error(
        question ? `${question} would be the REDCap field "${field}", ${rules}: ${renameIt}` : `"${field}" cannot be a REDCap field name, ${rules}`,
      );
  });
  return rows;
}

/** The dictionary as REDCap's CSV (header row of the 18 documented columns). */
export function redcapDictionaryCsv(instrument: Instrument, options: DictionaryOptions = {}): string {
  const rows = redcapDictionaryRows(instrument, options);
  return toCsv(
    REDCAP_COLUMNS,
    rows.map((r) => [r.field, r.form, r.section, r.type, r.label, r.choices, r.note, '', '', '', '', '', '', '', '', '', '', r.annotation]),
  );
}
