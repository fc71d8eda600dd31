// Trainer page: builds an assignment link from the form, validated by the same rules as the landing page.
import { renderSVG } from 'uqr';
import { assignmentQuery, localDay, validateAssignment, type Assignment } from '../lib/assignment.ts';

export function initTrainer(): void {
  const form = document.querySelector<HTMLFormElement>('[data-assign-form]')!;
  const order = form.querySelector<HTMLOListElement>('[data-module-order]')!;
  const status = form.querySelector<HTMLElement>('[data-order-status]')!;
  const errors = form.querySelector<HTMLElement>('[data-assign-errors]')!;
  const sheet = document.querySelector<HTMLElement>('[data-sheet]')!;
  const known = new Set([...order.querySelectorAll<HTMLElement>('[data-module-id]')].map((li) => li.dataset.moduleId!));
  // A due date in the past is refused; the date picker starts at today.
  form.querySelector<HTMLInputElement>('#due')!.min = localDay(new Date());

  order.addEventListener('click', (event) => {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-move]');
    if (!button) return;
    const item = button.closest('li')!;
    const sibling = button.dataset.move === 'up' ? item.previousElementSibling : item.nextElementSibling;
    if (!sibling) return;
    if (button.dataset.move === 'up') sibling.before(item);
    else sibling.after(item);
    button.focus();
    const position = [...order.children].indexOf(item) + 1;
    status.textContent = `${item.querySelector('label')!.textContent!.trim()}: now number ${position} of ${order.children.length}.`;
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const chosen = new Set(data.getAll('module').map(String));
    const assignment: Assignment = {
      modules: [...order.querySelectorAll<HTMLElement>('[data-module-id]')].map((li) => li.dataset.moduleId!).filter((id) => chosen.has(id)),
      cohort: String(data.get('cohort') ?? '').trim(),
      due: String(data.get('due') ?? '') || null,
      note: String(data.get('note') ?? '').trim() || null,
      then: data.get('then') === 'on',
      followUpDays: followUpDays(String(data.get('followUp') ?? '')),
      followUpKnowledge: data.get('followUpKnowledge') === 'on',
    };
    const problems = validateAssignment(assignment, known, { today: localDay(new Date()) });
    errors.replaceChildren();
    errors.hidden = problems.length === 0;
    if (problems.length) {
      const list = document.createElement('ul');
      for (const p of problems) list.append(Object.assign(document.createElement('li'), { textContent: p }));
      errors.append(list);
      errors.focus();
      return;
    }
    showSheet(assignment);
  });

  /**
   * The site's default (the field's first value) is left out of the link (shorter): learners get the site's
   * default. Anything else is checked by validateAssignment.
   */
  function followUpDays(raw: string): number | null {
    const text = raw.trim();
    if (text === '' || text === form.querySelector<HTMLInputElement>('#follow-up')!.defaultValue) return null;
    return /^\d{1,4}$/.test(text) ? Number(text) : NaN;
  }

  function showSheet(a: Assignment): void {
    const url = `${window.location.origin}/assignment/?${assignmentQuery(a)}`;
    const set = (sel: string, text: string) => (sheet.querySelector<HTMLElement>(sel)!.textContent = text);
    set('[data-sheet-cohort]', a.cohort);
    const link = sheet.querySelector<HTMLAnchorElement>('[data-sheet-link]')!;
    link.href = url;
    link.textContent = url;
    const svg = new DOMParser().parseFromString(renderSVG(url, { border: 2 }), 'image/svg+xml').documentElement;
    svg.setAttribute('aria-hidden', 'true');
    sheet.querySelector('[data-sheet-qr]')!.replaceChildren(svg);
    const titles = new Map(
      [...order.querySelectorAll<HTMLElement>('[data-module-id]')].map((li) => [li.dataset.moduleId!, li.querySelector('label')!.textContent!.trim()]),
    );
    sheet
      .querySelector('[data-sheet-modules]')!
      .replaceChildren(...a.modules.map((id) => Object.assign(document.createElement('li'), { textContent: titles.get(id) ?? id })));
    const due = sheet.querySelector<HTMLElement>('[data-sheet-due]')!;
    due.hidden = !a.due;
    due.textContent = a.due ? `Due: ${a.due}` : '';
    const note = sheet.querySelector<HTMLElement>('[data-sheet-note]')!;
    note.hidden = !a.note;
    note.textContent = a.note ? `Note: ${a.note}` : '';
    sheet.hidden = false;
    sheet.focus();
  }

  sheet.querySelector('[data-copy]')!.addEventListener('click', async () => {
    const link = sheet.querySelector<HTMLAnchorElement>('[data-sheet-link]')!.href;
    const out = sheet.querySelector<HTMLElement>('[data-copy-status]')!;
    try {
      await navigator.clipboard.writeText(link);
      out.textContent = 'Link copied.';
    } catch {
      out.textContent = 'Copying is not allowed here: select the link and copy it yourself.';
    }
  });
  sheet.querySelector('[data-print]')!.addEventListener('click', () => window.print());
}
