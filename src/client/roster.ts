// Completion roster page: reuses the evaluator's import, then builds the roster in src/lib/roster.ts.
import { importFiles, listInstruments } from '../lib/analysis/index.ts';
import { parseAssignment } from '../lib/assignment.ts';
import type { Instrument } from '../lib/instrument/schema.ts';
import { buildRoster, rosterCsv, type ModuleStatus } from '../lib/roster.ts';
import { downloadFile } from './download.ts';

interface Data { modules: { id: string; title: string }[]; instruments: { instrument: Instrument; hash: string }[] }

const cell = (tag: 'td' | 'th', text: string, scope?: string) => {
  const el = document.createElement(tag);
  el.textContent = text;
  if (scope) el.setAttribute('scope', scope);
  return el;
};

export function initRoster(): void {
  const data = JSON.parse(document.getElementById('roster-data')!.textContent!) as Data;
  const title = new Map(data.modules.map((m) => [m.id, m.title]));
  const form = document.querySelector<HTMLFormElement>('[data-roster-form]')!;
  const errorBox = document.querySelector<HTMLElement>('[data-roster-error]')!;
  const section = document.querySelector<HTMLElement>('[data-roster]')!;
  let csv = '';

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errorBox.hidden = true;
    const chosen = [...(form.querySelector<HTMLInputElement>('#roster-files')!.files ?? [])];
    const fail = (message: string) => { errorBox.textContent = message; errorBox.hidden = false; errorBox.focus(); };
    if (!chosen.length) return fail('Choose at least one result file.');
    const link = form.querySelector<HTMLInputElement>('#roster-link')!.value.trim();
    let modules: string[] | undefined;
    let cohort: string | null = null;
    if (link) {
      const parsed = parseAssignment(link.includes('?') ? link.slice(link.indexOf('?')) : link, new Set(title.keys()));
      if (!parsed.ok) return fail(`The assignment link cannot be used: ${parsed.errors.join(' ')}`);
      modules = parsed.assignment.modules;
      cohort = parsed.assignment.cohort;
    }
    const files = await Promise.all(chosen.map(async (f) => ({ name: f.name, text: await f.text() })));
    const named = listInstruments(files);
    const shipped = data.instruments.find((s) => named.some((n) => n.id === s.instrument.id && n.version === s.instrument.version)) ?? data.instruments[0]!;
    const imported = importFiles(files, shipped.instrument, shipped.hash);
    const roster = buildRoster([...imported.records, ...imported.otherInstruments.flatMap((g) => g.records)], { modules, cohort });
    csv = rosterCsv(roster);

    const counts = section.querySelector('[data-roster-counts] tbody')!;
    counts.replaceChildren(...roster.modules.map((m) => {
      const tr = document.createElement('tr');
      const c = roster.counts[m]!;
      tr.append(cell('th', title.get(m) ?? m, 'row'), ...(['completed', 'pre only', 'post only', 'not started'] as ModuleStatus[]).map((s) => cell('td', String(c[s]))));
      return tr;
    }));
    const head = document.createElement('tr');
    head.append(cell('th', 'Participant code', 'col'), cell('th', 'Cohort', 'col'), ...roster.modules.map((m) => cell('th', title.get(m) ?? m, 'col')));
    section.querySelector('[data-roster-table] thead')!.replaceChildren(head);
    section.querySelector('[data-roster-table] tbody')!.replaceChildren(...roster.rows.map((r) => {
      const tr = document.createElement('tr');
      tr.append(cell('th', r.participant, 'row'), cell('td', r.cohorts.join(', ')));
      for (const m of roster.modules) {
        const c = r.modules[m]!;
        const dates = [c.preAt && `before ${c.preAt.slice(0, 10)}`, c.postAt && `after ${c.postAt.slice(0, 10)}`].filter(Boolean).join(', ');
        tr.append(cell('td', dates ? `${c.status} (${dates})` : c.status));
      }
      return tr;
    }));
    section.querySelector('[data-roster-summary]')!.textContent =
      `${roster.rows.length} participant code${roster.rows.length === 1 ? '' : 's'} from ${files.length} file${files.length === 1 ? '' : 's'}` +
      (cohort ? `, cohort "${cohort}"` : '') + (roster.outside ? `; ${roster.outside} record${roster.outside === 1 ? '' : 's'} for other modules or cohorts not shown` : '') + '.';
    const problems = section.querySelector<HTMLDetailsElement>('[data-roster-problems]')!;
    problems.hidden = imported.problems.length === 0;
    problems.querySelector('ul')!.replaceChildren(...imported.problems.map((p) => {
      const li = document.createElement('li');
      li.textContent = `${p.file}${p.line ? `, line ${p.line}` : p.record ? `, record ${p.record}` : ''}: ${p.message}`;
      return li;
    }));
    section.hidden = false;
    section.focus();
  });

  section.querySelector('[data-roster-download]')!.addEventListener('click', () => {
    downloadFile('completion-roster.csv', csv, 'text/csv');
  });
}
