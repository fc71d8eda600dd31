// The cohort landing page: validates the assignment in the URL, remembers it (so records carry the
// cohort), and lists exactly the assigned modules with the learner's progress in each.
import { parseAssignment } from '../lib/assignment.ts';
import { acceptAssignment } from '../stores/assignment.ts';
import { $learner } from '../stores/learner.ts';

interface CatalogueEntry { id: string; title: string; minutes: number }

export function initAssignmentLanding(): void {
  const catalogue = JSON.parse(document.getElementById('module-catalogue')!.textContent!) as CatalogueEntry[];
  const result = parseAssignment(window.location.search, new Set(catalogue.map((m) => m.id)));
  const $ = (selector: string) => document.querySelector<HTMLElement>(selector)!;
  if (!result.ok) {
    const list = $('[data-assignment-errors]');
    for (const message of result.errors) {
      const li = document.createElement('li');
      li.textContent = message;
      list.append(li);
    }
    $('[data-assignment-error]').hidden = false;
    return;
  }
  const { assignment } = result;
  acceptAssignment(assignment);
  $('[data-cohort]').textContent = assignment.cohort;
  if (assignment.due) {
    $('[data-due]').textContent = new Date(`${assignment.due}T12:00:00`).toLocaleDateString(undefined, { year: 'numeric', month: 'long', day: 'numeric' });
    $('[data-due-line]').hidden = false;
  }
  if (assignment.note) {
    $('[data-note]').textContent = assignment.note;
    $('[data-note-box]').hidden = false;
  }
  const modules = $learner.get().modules;
  const list = $('[data-module-list]');
  for (const id of assignment.modules) {
    const entry = catalogue.find((m) => m.id === id)!;
    const current = modules[id]?.current;
    const status = current?.post.completedAt ? 'completed' : current?.pre.completedAt ? 'in progress' : 'not started';
    const li = document.createElement('li');
    li.dataset.assignedModule = id;
    const link = document.createElement('a');
    link.href = `/modules/${id}/`;
    link.textContent = entry.title;
    li.append(link, ` (about ${entry.minutes} minutes): ${status}`);
    list.append(li);
  }
  $('[data-assignment]').hidden = false;
}
