// Completion roster page: the files are read and imported in a worker (roster-worker.ts, the evaluator's
// import, then src/lib/roster.ts); this page shows the tables, the problems per file and the download.
import { parseAssignment } from '../lib/assignment.ts';
import { rosterCsv, type ModuleStatus, type Roster } from '../lib/roster.ts';
import { statementNote } from '../lib/import/problem-place.ts';
import { downloadFile } from './download.ts';
import { NO_MODULE, type RosterRequest, type RosterResponse } from './roster-messages.ts';

interface Data {
  modules: { id: string; title: string }[];
}

const NO_MODULE_TITLE = 'Module not named in the file';

const cell = (tag: 'td' | 'th', text: string, scope?: string) => {
  const el = document.createElement(tag);
  el.textContent = text;
  if (scope) el.setAttribute('scope', scope);
  return el;
};
const plural = (n: number, word: string) => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;

export function initRoster(): void {
  const data = JSON.parse(document.getElementById('roster-data')!.textContent!) as Data;
  const instruments = document.getElementById('roster-instruments')!.textContent!;
  const title = new Map(data.modules.map((m) => [m.id, m.title]));
  const titleOf = (id: string) => (id === NO_MODULE ? NO_MODULE_TITLE : (title.get(id) ?? id));
  const form = document.querySelector<HTMLFormElement>('[data-roster-form]')!;
  const submit = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
  const errorBox = document.querySelector<HTMLElement>('[data-roster-error]')!;
  const progress = document.querySelector<HTMLElement>('[data-roster-progress]')!;
  const progressText = progress.querySelector<HTMLElement>('[data-progress-text]')!;
  const section = document.querySelector<HTMLElement>('[data-roster]')!;
  let csv = '';
  let worker: Worker | null = null;

  const stop = () => {
    worker?.terminate();
    worker = null;
    progress.hidden = true;
    submit.disabled = false;
  };
  const fail = (message: string) => {
    stop();
    errorBox.textContent = message;
    errorBox.hidden = false;
    errorBox.focus();
  };

  const show = (m: Extract<RosterResponse, { type: 'done' }>, cohort: string | null) => {
    const { roster } = m;
    csv = rosterCsv(roster);
    const counts = section.querySelector('[data-roster-counts] tbody')!;
    counts.replaceChildren(
      ...roster.modules.map((id) => {
        const tr = document.createElement('tr');
        const c = roster.counts[id]!;
        tr.append(
          cell('th', titleOf(id), 'row'),
          ...(['completed', 'pre only', 'post only', 'not started'] as ModuleStatus[]).map((s) => cell('td', String(c[s]))),
        );
        return tr;
      }),
    );
    renderTable(roster);
    const noModule = m.noModule
      ? ` ${plural(m.noModule, 'record')} named no module (a long CSV without a module column): ${m.noModuleAs === NO_MODULE ? `shown under "${NO_MODULE_TITLE}"` : `counted for ${titleOf(m.noModuleAs!)}, the link's only module`}.`
      : '';
    section.querySelector('[data-roster-summary]')!.textContent =
      `${plural(roster.rows.length, 'participant code')} from ${plural(m.files, 'file')}` +
      (cohort ? `, cohort "${cohort}"` : '') +
      (roster.outside ? `; ${plural(roster.outside, 'record')} for other modules or cohorts not shown` : '') +
      '.' +
      noModule +
      (m.noCohort
        ? ` ${plural(m.noCohort, 'record')} named no cohort (for example a long CSV without a cohort column), so ${m.noCohort === 1 ? 'it is' : 'they are'} not shown for cohort "${cohort}".`
        : '');
    const problems = section.querySelector<HTMLDetailsElement>('[data-roster-problems]')!;
    problems.hidden = m.problems.length === 0;
    const files = new Set(m.problems.filter((p) => p.severity === 'error').map((p) => p.file));
    problems.querySelector('summary')!.textContent = files.size
      ? `Problems found in the files (${plural(files.size, 'file')} with errors: what they concern is not counted; the rest is)`
      : 'Problems found in the files';
    problems.open = files.size > 0;
    problems.querySelector('ul')!.replaceChildren(
      ...m.problems.map((p) => {
        const li = document.createElement('li');
        li.textContent = `${p.file}${p.line ? `, line ${p.line}` : p.record ? `, record ${p.record}${statementNote(p)}` : ''}: ${p.message}`;
        return li;
      }),
    );
    section.hidden = false;
    section.focus();
  };

  const renderTable = (roster: Roster) => {
    const head = document.createElement('tr');
    head.append(cell('th', 'Participant code', 'col'), cell('th', 'Cohort', 'col'), ...roster.modules.map((id) => cell('th', titleOf(id), 'col')));
    section.querySelector('[data-roster-table] thead')!.replaceChildren(head);
    section.querySelector('[data-roster-table] tbody')!.replaceChildren(
      ...roster.rows.map((r) => {
        const tr = document.createElement('tr');
        tr.append(cell('th', r.participant, 'row'), cell('td', r.cohorts.join(', ')));
        for (const id of roster.modules) {
          const c = r.modules[id]!;
          const dates = [c.preAt && `before ${c.preAt.slice(0, 10)}`, c.postAt && `after ${c.postAt.slice(0, 10)}`].filter(Boolean).join(', ');
          const certificate = c.status === 'completed' && c.certificate ? `; certificate ${c.certificate}` : '';
          tr.append(cell('td', dates ? `${c.status} (${dates}${certificate})` : c.status));
        }
        return tr;
      }),
    );
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    errorBox.hidden = true;
    const chosen = [...(form.querySelector<HTMLInputElement>('#roster-files')!.files ?? [])];
    if (!chosen.length) return fail('Choose at least one result file.');
    const link = form.querySelector<HTMLInputElement>('#roster-link')!.value.trim();
    let modules: string[] | null = null;
    let cohort: string | null = null;
    if (link) {
      const parsed = parseAssignment(link.includes('?') ? link.slice(link.indexOf('?')) : link, new Set(title.keys()));
      if (!parsed.ok) return fail(`The assignment link cannot be used: ${parsed.errors.join(' ')}`);
      modules = parsed.assignment.modules;
      cohort = parsed.assignment.cohort;
    }
    stop();
    section.hidden = true;
    progress.hidden = false;
    progressText.textContent = `Reading ${plural(chosen.length, 'file')}…`;
    submit.disabled = true;
    worker = new Worker(new URL('./roster-worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (e: MessageEvent<RosterResponse>) => {
      const m = e.data;
      if (m.type === 'progress') progressText.textContent = `Reading the files: ${m.done.toLocaleString('en')} of ${plural(m.total, 'file')}…`;
      else if (m.type === 'error') fail(m.message);
      else {
        stop();
        show(m, cohort);
      }
    };
    worker.onerror = (e) => {
      e.preventDefault();
      fail(`The roster could not be made: ${e.message || 'the browser stopped it (out of memory?)'}`);
    };
    worker.postMessage({ files: chosen, modules, cohort, instruments } satisfies RosterRequest);
  });

  progress.querySelector('[data-roster-cancel]')!.addEventListener('click', () => {
    stop();
    errorBox.textContent = 'Cancelled: no roster was made.';
    errorBox.hidden = false;
    submit.focus();
  });

  section.querySelector('[data-roster-download]')!.addEventListener('click', () => {
    downloadFile('completion-roster.csv', csv, 'text/csv');
  });
}
