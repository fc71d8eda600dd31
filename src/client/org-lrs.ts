// The results page's offer to send the learner's result records to their organisation's LRS (only on a
// site built with ORG_LRS_*). Nothing is sent before the learner's yes; after it, what is not yet sent
// waits in this browser and is sent, and tried again with a growing pause (the LMS session's retry loop),
// while a results page is open, so going offline or a failing LRS loses nothing. Inside an LMS package the
// LMS reports the results, so nothing is offered or sent there. The words are in the page (OrgLrsConsent.astro).
import {
  choiceFor,
  choose,
  emptyOrgState,
  markSent,
  mergeOrgStates,
  orgRecordStatement,
  readOrgState,
  sendStatement,
  statusKind,
  unitRecords,
  waiting,
  type OrgLrsState,
  type SendProblem,
  type StatementTemplate,
} from '../lib/learner/org-lrs.ts';
import { retryingRunner } from '../lib/util/retrying-runner.ts';
import { shownAttempt } from '../stores/shown-attempt.ts';
import { loadLearner } from '../stores/learner.ts';
import { $storageProblem, KEY_PREFIX } from '../stores/storage.ts';
import { syncedStore } from '../stores/synced.ts';

/** Where the learner's answers and what the LRS accepted are kept; also the Web Lock that lets one tab send at a time. */
export const ORG_LRS_KEY = `${KEY_PREFIX}org-lrs`;

export function initOrgLrs(): void {
  const section = document.querySelector<HTMLElement>('[data-org-lrs]');
  // The LMS wrapper shows the pages in its own frame: there the LMS reports, and this stays off.
  if (!section || window.frameElement?.hasAttribute('data-lms-frame')) return;
  const page = JSON.parse(document.getElementById('org-lrs-data')!.textContent!) as {
    moduleId: string;
    endpoint: string;
    authorization: string;
    template: StatementTemplate;
  };
  const { endpoint } = page;
  const store = syncedStore<OrgLrsState>(ORG_LRS_KEY, {
    empty: emptyOrgState,
    read: readOrgState,
    merge: (a, b) => ({ state: mergeOrgStates(a, b), conflicts: [] }),
  });
  // The records of the attempt the results page shows (finished.ts): the page's unit's, or another's that finished the module.
  const shown = shownAttempt(page.moduleId);
  const unitId = shown.found?.unitId ?? shown.pageUnitId;
  const status = section.querySelector<HTMLElement>('[data-org-status]')!;
  let problem: SendProblem = null;

  const render = (): void => {
    const choice = choiceFor(store.$state.get(), loadLearner(), unitId, endpoint);
    const records = unitRecords(store.$state.get(), loadLearner(), unitId, endpoint);
    const sent = records.filter((r) => r.sent).length;
    const total = records.length;
    const kind = statusKind(choice, sent, total, problem);
    const storage = $storageProblem.get()?.kind;
    const words = (name: string) => status.dataset[name]!.replace(/\{(\w+)\}/g, (_, field: string) => String({ sent, total, detail: problem?.detail }[field]));
    section.hidden = !records.length;
    section.dataset.choice = choice === null ? '' : choice ? 'yes' : 'no';
    section.dataset.sent = String(sent);
    // A wait also says where the records are meanwhile.
    status.textContent = kind
      ? `${words(kind)}${kind === problem?.kind ? ` ${words(storage === 'unavailable' || storage === 'full' ? 'memory' : 'kept')}` : ''}`
      : '';
  };

  /** Sends what waits, each read afresh (another tab may have sent it, or the learner said no); false at a refusal. */
  async function sendWaiting(): Promise<boolean> {
    problem = null;
    for (let next: ReturnType<typeof waiting>[number] | undefined; !problem && (next = waiting(store.load(), loadLearner(), endpoint)[0]); ) {
      const { id } = next;
      problem = await sendStatement(
        endpoint,
        page.authorization,
        orgRecordStatement(next.record, page.template, `${location.origin}/`),
        fetch,
        navigator.onLine,
      );
      if (!problem) store.update((s) => markSent(s, id, endpoint));
    }
    render();
    return !problem;
  }
  /** Another tab is sending: this one shows that tab's progress (it arrives through storage) and looks again later. */
  function busyElsewhere(): 'busy' {
    problem = null;
    render();
    return 'busy';
  }
  // One tab sends at a time. A tab that finds another sending does not wait for its turn: what the other
  // marks sent can reach this tab's storage after the lock does, and it would send the same records again.
  // That makes a repeat rare, not impossible (the lock may come free just before the marks arrive); a
  // repeat is harmless, as the LRS keeps one statement per id.
  const runner = retryingRunner(() =>
    navigator.locks ? navigator.locks.request(ORG_LRS_KEY, { ifAvailable: true }, (lock) => (lock ? sendWaiting() : busyElsewhere())) : sendWaiting(),
  );

  section.addEventListener('click', (event) => {
    const answer = (event.target as HTMLElement).closest<HTMLElement>('[data-send]')?.dataset.send;
    if (!answer) return;
    store.update((s) => choose(s, loadLearner(), unitId, answer === 'yes', endpoint, new Date()));
    problem = null;
    render();
    status.focus();
    runner.schedule();
  });
  store.$state.listen(render);
  $storageProblem.listen(render);
  addEventListener('online', runner.schedule);
  render();
  runner.schedule();
}
