// Lesson pages: record the visit and make the knowledge checks answerable (choices are saved).
import { activityOf, markLessonVisited, setCheckAnswer } from '../stores/activity.ts';

export function initLessonPage(): void {
  const moduleId = document.querySelector<HTMLElement>('[data-module]')?.dataset.module;
  const lesson = document.querySelector<HTMLElement>('[data-lesson]')?.dataset.lesson;
  if (!moduleId || !lesson) return;
  markLessonVisited(moduleId, lesson);
  for (const form of document.querySelectorAll<HTMLFormElement>('form[data-check]')) {
    const id = form.dataset.check!;
    const show = (choice: number) => form.querySelectorAll<HTMLElement>('[data-feedback]').forEach((p) => (p.hidden = Number(p.dataset.feedback) !== choice));
    const saved = activityOf(moduleId)?.checks[id];
    if (saved !== undefined) {
      const input = form.querySelector<HTMLInputElement>(`input[value="${saved}"]`);
      if (input) input.checked = true;
      show(saved);
    }
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const chosen = form.querySelector<HTMLInputElement>('input:checked');
      if (!chosen) return;
      setCheckAnswer(moduleId, id, Number(chosen.value));
      show(Number(chosen.value));
    });
    // Until now "Check my answer" did nothing (a dialog-method form outside a dialog); tests wait for this.
    form.dataset.ready = '';
  }
}
