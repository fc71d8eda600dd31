// Module overview: resume where the learner left off, list earlier attempts, start again.
import { attemptRecords } from '../lib/learner/learner-state.ts';
import { activityOf } from '../stores/activity.ts';
import { $learner, startNewAttempt } from '../stores/learner.ts';
import { downloadAttempt } from './result-file.ts';

export function initOverview(): void {
  const root = document.querySelector<HTMLElement>('[data-module]')!;
  const moduleId = root.dataset.module!;
  const progress = $learner.get().modules[moduleId];
  const start = document.querySelector<HTMLAnchorElement>('[data-start]')!;
  const current = progress?.current;
  const activity = activityOf(moduleId);

  if (activity?.lastPath) {
    const resume = document.querySelector<HTMLElement>('[data-resume]')!;
    resume.hidden = false;
    const done = current?.post.completedAt ? 'You have finished this module.' : current?.pre.completedAt ? 'You have answered the first questionnaire.' : 'You have started this module.';
    resume.querySelector('[data-resume-text]')!.textContent = `${done} Your answers are saved in this browser.`;
    start.textContent = 'Continue where you left off';
    start.href = activity.lastPath;
  }

  const archived = progress?.archived ?? [];
  if (archived.length) {
    const box = document.querySelector<HTMLElement>('[data-archive]')!;
    const list = box.querySelector('[data-archive-list]')!;
    archived.forEach((attempt, i) => {
      const li = document.createElement('li');
      const records = attemptRecords(attempt);
      li.append(`Attempt ${i + 1}, started ${attempt.startedAt.slice(0, 10)}: ${records.length === 2 ? 'finished' : records.length === 1 ? 'first questionnaire only' : 'no questionnaire submitted'}. `);
      if (records.length) {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'secondary';
        button.textContent = `Download attempt ${i + 1}`;
        button.addEventListener('click', () => downloadAttempt(moduleId, attempt));
        li.append(button);
      }
      list.append(li);
    });
    box.hidden = false;
  }

  if (current?.pre.startedAt || activity?.visited.length) {
    const restart = document.querySelector<HTMLElement>('[data-restart]')!;
    restart.hidden = false;
    restart.querySelector('[data-restart-button]')!.addEventListener('click', () => {
      startNewAttempt(moduleId);
      window.location.reload();
    });
  }
}
