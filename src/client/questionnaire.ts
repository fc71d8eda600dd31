// Client behaviour of a questionnaire page (before, after, follow-up): work out which step the learner's
// unit asks here, show those questions, restore saved answers, save each answer the moment it is given,
// follow other tabs' changes, and submit (freezing the answers into signed result records).
import { shuffledOrder } from '../lib/knowledge/order.ts';
import type { AttemptOptions, InstrumentRef } from '../lib/learner/learner-state.ts';
import { LockedError, setDemographic, setKnowledgeAnswer, setResponse, StaleAttemptError } from '../lib/learner/progress.ts';
import { followUpDue, followUpStatus, followUpStep, prerequisiteOf, stepFor, THEN_STEP, type StepPlan } from '../lib/learner/steps.ts';
import type { StepSubmission } from '../lib/learner/submit.ts';
import { unitForModule } from '../stores/assignment.ts';
import { $learner, clock, ensureAttempt, loadLearner, updateLearner } from '../stores/learner.ts';
import { completeSteps } from '../stores/submit.ts';
import type { ModuleLinks } from '../lib/learner/learner-path.ts';

interface Config {
  moduleId: string;
  page: 'pre' | 'post' | 'followup';
  instrument: InstrumentRef;
  scalesByModule: Record<string, string[]>;
  scaleItems: Record<string, string[]>;
  thenItems: string[];
  demographicIds: string[];
  knowledge: { moduleId: string; ids: string[]; hash: string | null }[];
  defaults: AttemptOptions;
  appVersion: string;
  paths: { code: string; overview: string; next: string };
  links: ModuleLinks;
}

export function initQuestionnaire(): void {
  const form = document.querySelector<HTMLFormElement>('form[data-questionnaire]');
  if (!form) return;
  const config = JSON.parse(form.dataset.questionnaire!) as Config;
  const $ = <T extends HTMLElement>(selector: string) => document.querySelector<T>(selector)!;
  const all = <T extends HTMLElement>(selector: string) => [...form.querySelectorAll<T>(selector)];
  const errorBox = $('[data-error]');
  const notice = $('[data-live-notice]');
  const submit = $<HTMLButtonElement>('[data-submit]');
  const unansweredNotice = $('[data-unanswered-notice]');
  let confirmedUnanswered = false;

  const unit = unitForModule(config.moduleId, config.defaults);
  const unitId = unit.modules.join('+');
  let attempt = ensureAttempt(unit.modules, unit);
  const planOf = (): StepPlan => (config.page === 'followup' ? followUpStep(attempt) : stepFor(attempt, config.moduleId, config.page));
  let step = planOf();

  const scaleIds = () => [...new Set(attempt.modules.flatMap((m) => config.scalesByModule[m] ?? []))];
  const itemIds = () => (step.instrument ? scaleIds().flatMap((s) => config.scaleItems[s] ?? []) : []);
  const knowledgeOf = (m: string) => config.knowledge.find((k) => k.moduleId === m);
  const knowledgeIds = () => step.knowledge.flatMap((m) => knowledgeOf(m)?.ids ?? []);
  // The "then" block looks back on the attitude items this unit asks (none when its scales have none).
  const thenIds = () => (step.thenBlock ? config.thenItems.filter((id) => itemIds().includes(id)) : []);
  const show = (selector: string, visible: boolean) => all(selector).forEach((el) => (el.hidden = !visible));
  const say = (el: HTMLElement, text: string | null) => {
    el.hidden = !text;
    el.textContent = text ?? '';
  };

  /** Each list of knowledge questions in the bank's order, and the seed they were last shuffled with. */
  const bankOrder = all('[data-knowledge-list]').map((list) => [list, [...list.children]] as const);
  let orderSeed: string | null = null;

  function layout(): void {
    const scales = new Set(step.instrument ? scaleIds() : []);
    all('[data-scale-section]').forEach((s) => (s.hidden = !scales.has(s.dataset.scaleSection!)));
    // A scale's items may sit in an earlier scale's section: show a section if it holds an item asked.
    const asked = new Set(itemIds());
    all('[data-scale-section]').forEach((s) => {
      if (s.hidden && [...s.querySelectorAll('input')].some((i) => asked.has(i.name))) s.hidden = false;
    });
    all('[data-knowledge-section]').forEach((s) => (s.hidden = !step.knowledge.includes(s.dataset.knowledgeSection!)));
    // Knowledge questions in an order of their own per person, the same before and after: shuffled from
    // the bank's order, and only when the seed changes (moving a question would take the focus from it).
    const seed = `${attempt.participant ?? loadLearner().participant?.code ?? ''}|${config.moduleId}`;
    if (seed !== orderSeed) {
      orderSeed = seed;
      for (const [list, questions] of bankOrder) list.append(...shuffledOrder(questions, seed));
    }
    const then = new Set(thenIds());
    show('[data-then-section]', then.size > 0);
    all('[data-then-section] fieldset').forEach((f) => (f.hidden = !then.has(f.dataset.question!.slice(5))));
    show('[data-demographics-section]', step.demographics);
    $('[data-instructions]').hidden = !step.instrument;
  }

  /** Answers of the step the page shows, as input name → value. */
  function saved(): Map<string, string> {
    const out = new Map<string, string>();
    const phase = attempt.steps[step.id];
    for (const [id, v] of Object.entries(phase?.responses ?? {})) out.set(id, String(v));
    for (const [id, v] of Object.entries(phase?.knowledge ?? {})) out.set(`k:${id}`, String(v));
    for (const [id, v] of Object.entries(attempt.steps.then?.responses ?? {})) out.set(`then:${id}`, String(v));
    for (const [id, v] of Object.entries(attempt.demographics)) out.set(`demo-${id}`, v);
    return out;
  }

  const askedNames = () => [...itemIds(), ...knowledgeIds().map((id) => `k:${id}`), ...thenIds().map((id) => `then:${id}`)];

  function restore(): void {
    const state = loadLearner();
    const current = state.units[unitId]?.current;
    if (current && current.id !== attempt.id) $('[data-started-again]').hidden = false;
    if (current) attempt = current;
    step = planOf();
    layout();
    const values = saved();
    for (const input of all<HTMLInputElement>('input[type=radio]')) input.checked = values.get(input.name) === input.value;
    const done = !!attempt.steps[step.id]?.completedAt;
    const before = config.page === 'followup' ? null : prerequisiteOf(attempt, step.id);
    const waiting = !done && before !== null && !attempt.steps[before]?.completedAt;
    const early = config.page === 'followup' && !done && followUpStatus(attempt, new Date()) === 'not-yet';
    if (config.page === 'followup') {
      $('[data-followup-elsewhere]').hidden = done || !!attempt.steps.post?.completedAt;
      $('[data-too-early]').hidden = !early;
      if (early) $('[data-due-date]').textContent = followUpDue(attempt)!.toLocaleDateString(undefined, { dateStyle: 'long' });
    }
    $('[data-already-done]').hidden = !done;
    $('[data-needs-code]').hidden = done || !!(attempt.participant ?? state.participant);
    $('[data-needs-previous]').hidden = !waiting;
    if (waiting) {
      // The page that asks the missing step: "pre:m"/"post:m" on module m's pages; "pre"/"post" on the first/last module's.
      const [kind, m] = before!.split(':');
      $<HTMLAnchorElement>('[data-needs-previous-link]').href =
        config.links[m ?? attempt.modules[kind === 'pre' ? 0 : attempt.modules.length - 1]!]![kind as 'pre' | 'post'];
    }
    all<HTMLInputElement>('input').forEach((input) => (input.disabled = done || early));
    $('[data-continue]').setAttribute('href', nextPath());
    submit.hidden = done || early;
    updateProgress();
  }

  /** After a module's own "after" step in a unit of several modules, the next module follows. */
  function nextPath(): string {
    const i = attempt.modules.indexOf(config.moduleId);
    return step.id.startsWith('post:') ? config.links[attempt.modules[i + 1]!]!.overview : config.paths.next;
  }

  function unanswered(): string[] {
    const values = saved();
    return askedNames().filter((name) => !values.has(name));
  }

  function updateProgress(): void {
    const total = askedNames().length;
    $('[data-progress]').textContent = `${total - unanswered().length} of ${total} questions answered`;
  }

  function change(fn: Parameters<typeof updateLearner>[0]): void {
    try {
      updateLearner(fn);
      say(errorBox, null);
    } catch (error) {
      if (error instanceof LockedError || error instanceof StaleAttemptError) say(notice, `Your answer was not saved: ${error.message}.`);
      else say(errorBox, (error as Error).message);
    }
    restore();
  }

  form.addEventListener('change', (event) => {
    const input = event.target as HTMLInputElement;
    if (input.type !== 'radio') return;
    const name = input.name;
    const id = attempt.id;
    if (name.startsWith('demo-')) change((s) => setDemographic(s, unitId, id, name.slice(5), input.value));
    else if (name.startsWith('k:')) change((s) => setKnowledgeAnswer(s, unitId, id, step.id, name.slice(2), Number(input.value), clock));
    else if (name.startsWith('then:')) change((s) => setResponse(s, unitId, id, 'then', name.slice(5), Number(input.value), clock));
    else change((s) => setResponse(s, unitId, id, step.id, name, Number(input.value), clock));
    confirmedUnanswered = false;
    unansweredNotice.hidden = true;
    submit.textContent = 'Submit my answers';
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const missing = unanswered();
    if (missing.length > 0 && !confirmedUnanswered) {
      // First press: say what is missing and go to it; a second press submits as it is.
      confirmedUnanswered = true;
      $('[data-unanswered-count]').textContent = `${missing.length} question${missing.length === 1 ? ' is' : 's are'}`;
      unansweredNotice.hidden = false;
      submit.textContent = `Submit with ${missing.length} unanswered`;
      form.querySelector<HTMLInputElement>(`input[name="${CSS.escape(missing[0]!)}"]`)?.focus();
      return;
    }
    const knowledgeHashes: Record<string, string> = {};
    for (const m of step.knowledge) {
      const hash = knowledgeOf(m)?.hash;
      if (hash) knowledgeHashes[m] = hash;
    }
    const submissions: StepSubmission[] = [{ step, itemIds: itemIds(), knowledgeIds: knowledgeIds(), knowledgeHashes }];
    if (thenIds().length) submissions.push({ step: THEN_STEP, itemIds: thenIds(), knowledgeIds: [], knowledgeHashes: {} });
    submit.disabled = true;
    try {
      await completeSteps({
        unitId,
        attemptId: attempt.id,
        instrument: config.instrument,
        demographicIds: config.demographicIds,
        appVersion: config.appVersion,
        submissions,
      });
      window.location.assign(nextPath());
    } catch (error) {
      say(errorBox, `Your answers are saved, but could not be submitted: ${(error as Error).message}.`);
      submit.disabled = false;
      restore();
    }
  });

  $learner.listen(() => restore());
  restore();
}
