// Module overview: resume where the learner left off, say when a follow-up is due, list earlier
// attempts (and copies kept after a disagreement) for download, start again.
import type { AttemptOptions } from '../lib/learner/learner-state.ts';
import { startNewAttempt } from '../lib/learner/attempts.ts';
import { followUpDue, followUpStatus } from '../lib/learner/steps.ts';
import { archiveEntries, progressText, questionnaireText, unitItemCount } from '../lib/learner/overview-text.ts';
import { activityOf, takeActivity } from '../stores/activity.ts';
import { unitForModule } from '../stores/assignment.ts';
import { clock, loadLearner, updateLearner } from '../stores/learner.ts';
import { downloadAttempt } from './result-file.ts';

export function initOverview(): void {
  const root = document.querySelector<HTMLElement>('[data-module]')!;
  const moduleId = root.dataset.module!;
  const $ = (selector: string) => document.querySelector<HTMLElement>(selector)!;
  // The site's evaluation options (follow-up, then-test) for a new attempt outside an assignment.
  const defaults = JSON.parse($('[data-restart-button]').dataset.defaults!) as AttemptOptions;
  const unit = unitForModule(moduleId, defaults);
  const unitId = unit.modules.join('+');
  const units = loadLearner().units;
  const current = units[unitId]?.current;
  const start = document.querySelector<HTMLAnchorElement>('[data-start]')!;
  const activity = activityOf(moduleId);

  if (unit.modules.length > 1) {
    $('[data-unit-text]').textContent =
      `Your trainer assigned this module with others (${unit.modules.length} modules in all). You answer the questionnaire once before the first module and once after the last; each module has its own short knowledge questions.`;
    $('[data-unit]').hidden = false;
    // The page says what the module asks taken alone; within an assignment it asks its share of the questions.
    const text = $('[data-questionnaire-text]');
    const items = unitItemCount(JSON.parse(text.dataset.itemsByModule!), unit.modules);
    text.textContent = questionnaireText(unit.modules, moduleId, items, Number(text.dataset.knowledge));
  }

  if (activity?.lastPath) {
    $('[data-resume-text]').textContent = `${progressText(current, moduleId)} Your answers are saved in this browser.`;
    $('[data-resume]').hidden = false;
    start.textContent = 'Continue where you left off';
    start.href = activity.lastPath;
  }

  if (current) {
    const status = followUpStatus(current, new Date());
    const due = followUpDue(current);
    if (status === 'due' || status === 'not-yet') {
      $('[data-followup-text]').textContent =
        status === 'due'
          ? 'Your follow-up is due. It takes about 5 minutes and shows whether your practice has changed.'
          : `Your follow-up questionnaire opens on ${due!.toLocaleDateString(undefined, { dateStyle: 'long' })}.`;
      $('[data-followup-link]').hidden = status !== 'due';
      $('[data-followup]').hidden = false;
    }
  }

  // What this attempt has submitted so far: a follow-up answered on another device has no results page to
  // download it from (the results wait for the questionnaire after the lessons).
  if (current && Object.values(current.steps).some((p) => p.record)) {
    // This attempt as stored at the click: another tab may have submitted more since the page opened.
    $('[data-download-submitted]').addEventListener('click', () => {
      const now = loadLearner().units[unitId];
      downloadAttempt(unitId, [now?.current, ...(now?.archived ?? [])].find((a) => a?.id === current.id) ?? current);
    });
    $('[data-submitted]').hidden = false;
  }

  // The unit's earlier attempts, and the module's work under other units (on its own before this link…).
  const archive = archiveEntries(units, moduleId, unitId);
  if (archive.length) {
    const list = $('[data-archive-list]');
    for (const { text, button: label, unitId: from, attempt } of archive) {
      const li = document.createElement('li');
      li.append(`${text} `);
      if (label) {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'secondary';
        button.textContent = label;
        button.addEventListener('click', () => downloadAttempt(from, attempt));
        li.append(button);
      }
      list.append(li);
    }
    $('[data-archive]').hidden = false;
  }

  if ((current && Object.keys(current.steps).length) || activity?.visited.length) {
    $('[data-restart]').hidden = false;
    // Asked first (WCAG 3.3.4): starting again ends the attempt under way, for every module of the unit.
    const button = $('[data-restart-button]');
    const confirm = $('[data-restart-confirm]');
    const unsent = current ? Object.values(current.steps).some((p) => p.startedAt && !p.record) : false;
    $('[data-restart-confirm-text]').textContent = [
      unit.modules.length > 1
        ? `This starts all ${unit.modules.length} modules of your assignment again, with new questionnaires before and after.`
        : 'This starts the module again, with new questionnaires before and after.',
      'Questionnaires you submitted stay downloadable under "Earlier attempts", but the results and certificate pages then wait for the new attempt: print or download them first.',
      unsent ? 'Answers you have not submitted yet cannot be continued afterwards.' : '',
    ]
      .filter(Boolean)
      .join(' ');
    const toggle = (open: boolean) => {
      confirm.hidden = !open;
      button.setAttribute('aria-expanded', String(open));
      (open ? $('[data-restart-confirm-text]') : button).focus();
    };
    button.addEventListener('click', () => toggle(button.getAttribute('aria-expanded') !== 'true'));
    $('[data-restart-no]').addEventListener('click', () => toggle(false));
    confirm.addEventListener('keydown', (event) => event.key === 'Escape' && toggle(false));
    $('[data-restart-yes]').addEventListener('click', () => {
      const taken = takeActivity(unit.modules);
      updateLearner((s) => startNewAttempt(s, unit.modules, clock, taken, unit));
      window.location.reload();
    });
  }
}
