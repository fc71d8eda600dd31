// Client behaviour of the questionnaire page: restore saved answers, save each answer as it is given,
// and submit (freezing the answers into a signed result record).
import { $learner, currentAttempt, ensureAttempt, setDemographic, setResponse } from '../stores/learner.ts';
import { completePhase } from '../stores/submit.ts';

interface Config {
  moduleId: string;
  timepoint: 'pre' | 'post';
  instrument: { id: string; version: string; hash: string };
  itemIds: string[];
  demographicIds: string[];
  appVersion: string;
  nextPath: string;
}

export function initQuestionnaire(): void {
  const form = document.querySelector<HTMLFormElement>('form[data-questionnaire]');
  if (!form) return;
  const config = JSON.parse(form.dataset.questionnaire!) as Config;
  const { moduleId, timepoint } = config;
  const $ = <T extends HTMLElement>(selector: string) => document.querySelector<T>(selector)!;
  const progress = $('[data-progress]');
  const unansweredNotice = $('[data-unanswered-notice]');
  const errorBox = $('[data-error]');
  const submit = $<HTMLButtonElement>('[data-submit]');
  let confirmedUnanswered = false;

  ensureAttempt(moduleId);
  const attempt = () => currentAttempt(moduleId)!;
  const phase = () => attempt()[timepoint];

  const showError = (message: string | null) => {
    errorBox.hidden = !message;
    errorBox.textContent = message ?? '';
  };

  function restore(): void {
    const a = attempt();
    for (const [id, value] of Object.entries(a[timepoint].responses)) {
      const input = form!.querySelector<HTMLInputElement>(`input[name="${CSS.escape(id)}"][value="${value}"]`);
      if (input) input.checked = true;
    }
    for (const [id, value] of Object.entries(a.demographics)) {
      const input = form!.querySelector<HTMLInputElement>(`input[name="demo-${CSS.escape(id)}"][value="${CSS.escape(value)}"]`);
      if (input) input.checked = true;
    }
    const done = !!a[timepoint].completedAt;
    $('[data-already-done]').hidden = !done;
    $('[data-needs-code]').hidden = done || !!(a.participant ?? $learner.get().participant);
    $('[data-needs-pre]').hidden = done || timepoint === 'pre' || !!a.pre.completedAt;
    form!.querySelectorAll('input').forEach((input) => (input.disabled = done));
    submit.hidden = done;
    updateProgress();
  }

  function unanswered(): string[] {
    const answered = phase().responses;
    return config.itemIds.filter((id) => answered[id] === undefined);
  }

  function updateProgress(): void {
    const total = config.itemIds.length;
    progress.textContent = `${total - unanswered().length} of ${total} questions answered`;
  }

  form.addEventListener('change', (event) => {
    const input = event.target as HTMLInputElement;
    if (input.type !== 'radio') return;
    try {
      if (input.name.startsWith('demo-')) setDemographic(moduleId, input.name.slice(5), input.value);
      else setResponse(moduleId, timepoint, input.name, Number(input.value));
      showError(null);
    } catch (error) {
      showError((error as Error).message);
    }
    confirmedUnanswered = false;
    unansweredNotice.hidden = true;
    submit.textContent = 'Submit my answers';
    updateProgress();
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const missing = unanswered();
    if (missing.length > 0 && !confirmedUnanswered) {
      confirmedUnanswered = true;
      unansweredNotice.hidden = false;
      unansweredNotice.replaceChildren();
      const p = document.createElement('p');
      p.textContent = `${missing.length} question${missing.length === 1 ? ' is' : 's are'} not answered. You can answer now, or submit as it is: unanswered questions are recorded as missing.`;
      const link = document.createElement('a');
      link.href = `#${CSS.escape(missing[0]!)}-0`;
      link.textContent = 'Go to the first unanswered question';
      link.addEventListener('click', (e) => {
        e.preventDefault();
        form.querySelector<HTMLInputElement>(`input[name="${CSS.escape(missing[0]!)}"]`)?.focus();
      });
      unansweredNotice.append(p, link);
      submit.textContent = `Submit with ${missing.length} unanswered`;
      return;
    }
    try {
      completePhase({ ...config, timepoint });
      window.location.assign(config.nextPath);
    } catch (error) {
      showError(`Your answers are saved, but could not be submitted: ${(error as Error).message}.`);
    }
  });

  restore();
}
