// The cohort landing page: validates the assignment in the URL, asks before it would change an attempt
// already under way (another cohort), remembers the assignment (so records carry the cohort and the unit
// is the assignment's modules), and lists the modules with the learner's progress in each.
import { isOverdue, localDay, parseAssignment, type Assignment } from '../lib/assignment.ts';
import { unitIdOf, type AttemptOptions } from '../lib/learner/learner-state.ts';
import { assignmentOptions } from '../lib/learner/assignments.ts';
import { contextConflict, retagAttempt, startNewAttempt } from '../lib/learner/attempts.ts';
import { followUpStatus, isFirst, isLast } from '../lib/learner/steps.ts';
import { takeActivity } from '../stores/activity.ts';
import { acceptAssignment } from '../stores/accept-assignment.ts';
import { clock, loadLearner, updateLearner } from '../stores/learner.ts';
import type { ModuleLinks } from '../lib/learner/learner-path.ts';

interface CatalogueEntry {
  id: string;
  title: string;
  minutes: number;
}

export function initAssignmentLanding(): void {
  const catalogue = JSON.parse(document.getElementById('module-catalogue')!.textContent!) as CatalogueEntry[];
  const result = parseAssignment(window.location.search, new Set(catalogue.map((m) => m.id)));
  const $ = (selector: string) => document.querySelector<HTMLElement>(selector)!;
  if (!result.ok) {
    for (const message of result.errors) $('[data-assignment-errors]').append(Object.assign(document.createElement('li'), { textContent: message }));
    $('[data-assignment-error]').hidden = false;
    return;
  }
  const a = result.assignment;
  const unitId = unitIdOf(a.modules);
  // A new attempt started here gets this link's options (not those of an assignment opened before).
  const defaults = JSON.parse($('[data-assignment]').dataset.defaults!) as AttemptOptions;
  const links = JSON.parse($('[data-assignment]').dataset.moduleLinks!) as ModuleLinks;
  const context = { cohort: a.cohort, options: assignmentOptions(a, defaults) };
  $('[data-cohort]').textContent = a.cohort;
  const day = (iso: string) => new Date(`${iso}T12:00:00`).toLocaleDateString(undefined, { year: 'numeric', month: 'long', day: 'numeric' });
  if (a.due) {
    $('[data-due]').textContent = day(a.due);
    $('[data-due-line]').hidden = false;
  }
  if (a.note) {
    $('[data-note]').textContent = a.note;
    $('[data-note-box]').hidden = false;
  }
  $('[data-unit-note]').hidden = a.modules.length < 2;

  const conflict = contextConflict(loadLearner(), unitId, context);
  if (conflict) {
    const submitted = Object.values(loadLearner().units[unitId]!.current.steps).some((p) => p.record);
    $('[data-retag-text]').textContent =
      `You have already started ${a.modules.length > 1 ? 'these modules' : 'this module'} ${conflict.cohort ? `for the group "${conflict.cohort}"` : 'without a group'}. This link is for the group "${a.cohort}". Nothing changes unless you choose.`;
    const move = $('[data-retag-move]');
    move.textContent = submitted ? `Start again for "${a.cohort}" (your earlier answers are kept)` : `Record my answers for "${a.cohort}"`;
    $('[data-retag-keep]').addEventListener('click', () => show(a, false));
    move.addEventListener('click', () => {
      if (submitted) {
        const taken = takeActivity(a.modules);
        updateLearner((s) => startNewAttempt(s, a.modules, clock, taken, context));
      } else updateLearner((s) => retagAttempt(s, unitId, a.cohort));
      show(a, true);
    });
    $('[data-retag]').hidden = false;
    $('[data-assignment]').hidden = false;
    return;
  }
  show(a, true);

  function show(assignment: Assignment, remember: boolean): void {
    $('[data-retag]').hidden = true;
    if (remember) acceptAssignment(assignment);
    const attempt = loadLearner().units[unitId]?.current;
    const steps = attempt?.steps ?? {};
    const finished = !!steps.post?.completedAt;
    if (assignment.due && !finished && isOverdue(assignment.due, localDay(new Date()))) {
      $('[data-overdue-date]').textContent = day(assignment.due);
      $('[data-overdue]').hidden = false;
    }
    const last = assignment.modules[assignment.modules.length - 1]!;
    const followUp = attempt ? followUpStatus(attempt, new Date()) : 'none';
    if (followUp === 'due' || new URLSearchParams(location.search).get('go') === 'follow-up') {
      $('[data-followup-box-text]').textContent =
        followUp === 'due' ? 'Your follow-up is due.' : 'Your follow-up questionnaire: use the same participant code as before.';
      $('[data-followup-box-link]').setAttribute('href', links[last]!.followup);
      $('[data-followup-box]').hidden = false;
    }
    const list = $('[data-module-list]');
    list.replaceChildren();
    for (const id of assignment.modules) {
      const entry = catalogue.find((m) => m.id === id)!;
      const pre = steps[isFirst(assignment.modules, id) ? 'pre' : `pre:${id}`];
      const post = steps[isLast(assignment.modules, id) ? 'post' : `post:${id}`];
      const status = post?.completedAt ? 'completed' : pre?.startedAt ? 'in progress' : 'not started';
      const li = document.createElement('li');
      li.dataset.assignedModule = id;
      const link = Object.assign(document.createElement('a'), { href: links[id]!.overview, textContent: entry.title });
      li.append(link, ` (about ${entry.minutes} minutes): ${status}`);
      list.append(li);
    }
    $('[data-assignment]').hidden = false;
  }
}
