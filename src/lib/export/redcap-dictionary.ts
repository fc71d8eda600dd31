// The questionnaire as a REDCap data dictionary (the 18-column CSV REDCap's "Data Dictionary" upload
// takes), so an agency can run the same questionnaire in REDCap, for example for the follow-up, and the
// evaluator can import REDCap's export of it. Pure.
//
// REDCap's rules followed here: field names of lower-case letters, digits and underscores, starting with a
// letter (an item id's hyphens become underscores; ids never hold underscores, so the mapping is
// reversible: redcapFieldName / itemIdFromRedcap); the first field is the record id; choices written as
// "code, label | code, label"; raw choice codes of letters, digits and underscores only.
import type { Instrument } from '../instrument/schema.ts';
import { toCsv } from '../analysis/export-util.ts';

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

/** The dictionary's rows: record id, participant code, every item by scale, then the background questions. */
function redcapDictionaryRows(instrument: Instrument, options: DictionaryOptions = {}): DictionaryRow[] {
  const form = options.formName ?? redcapFieldName(instrument.id);
  const record = options.recordIdField ?? 'record_id';
  const scales = new Map(instrument.responseScales.map((s) => [s.id, s]));
  const itemScale = new Map<string, string>();
  for (const s of instrument.scales) for (const id of s.items) if (!itemScale.has(id)) itemScale.set(id, s.title);
  const rows: DictionaryRow[] = [
    { field: record, form, section: '', type: 'text', label: 'Record ID', choices: '', note: '', annotation: '' },
    {
      field: 'participant_code',
      form,
      section: instrument.title,
      type: 'text',
      label: 'Participant code (the four-part code the learner makes, e.g. MA-07-SA-2)',
      choices: '',
      note: 'Pre, post and follow-up answers are matched by this code.',
      annotation: '',
    },
    {
      field: 'timepoint',
      form,
      section: '',
      type: 'radio',
      label: 'When are these answers given?',
      choices: TIMEPOINT_CHOICES,
      note: 'Leave empty in a longitudinal project: the event says it.',
      annotation: '',
    },
  ];
  let lastSection = '';
  for (const item of instrument.items) {
    const scale = scales.get(item.responseScale);
    if (!scale) throw new Error(`item ${item.id}: response scale ${item.responseScale} is not defined`);
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
  const seen = new Set<string>();
  for (const row of rows) {
    if (seen.has(row.field)) throw new Error(`two questions would share the REDCap field name "${row.field}"`);
    seen.add(row.field);
    if (!NAME.test(row.field) || row.field.length > REDCAP_NAME_LIMIT) {
      throw new Error(
        `"${row.field}" cannot be a REDCap field name (lower-case letters, digits and underscores, starting with a letter, at most ${REDCAP_NAME_LIMIT} characters)`,
      );
    }
  }
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
