// The LMS launch wrapper (src/pages/lms/launch.astro). The learner pages carry no LMS code: this page
// connects to the LMS, puts the stored state into the localStorage keys the pages use, shows the module
// in a same-origin iframe, and reports to the LMS whenever the pages write (the `storage` event).
import { allowedOrigins, cmi5LaunchProblem, dictionaryFor, urlAllowed, type LmsConfig, type ModuleDictionary } from '../lib/scorm-cmi5/config.ts';
import {
  ACTIVITY_KEY,
  ASSIGNMENTS_KEY,
  LEARNER_KEY,
  RESCUE_PREFIX,
  mergeSnapshot,
  moduleRelativePath,
  parseActivity,
  parseLearner,
  takeSnapshot,
  withCohort,
} from '../lib/scorm-cmi5/state.ts';
import { decodeSuspendData, emptyLog, type ReportLog } from '../lib/scorm-cmi5/suspend-data.ts';
import { lmsSync } from '../lib/scorm-cmi5/session-sync.ts';
import { LmsError, type LmsAdapter, type LmsSession, type Runtime } from '../lib/scorm-cmi5/adapter.ts';
import { standaloneAdapter } from '../lib/scorm-cmi5/standalone.ts';
import { scorm12Adapter, type Scorm12Api } from '../lib/scorm-cmi5/scorm12.ts';
import { scorm2004Adapter, type Scorm2004Api } from '../lib/scorm-cmi5/scorm2004.ts';
import { findApi } from './lms-find-api.ts';
import { CODE_DRAFT_KEY } from '../lib/learner/participant.ts';
import { heldState, ownerTag, ownership, OWNER_KEY, takeOwnership } from '../lib/scorm-cmi5/learner-slots.ts';
import type { LearnerState } from '../lib/learner/learner-state.ts';
import type { ActivityState } from '../lib/learner/activity.ts';
import { validateAssignment } from '../lib/assignment.ts';
import { pageTitle } from '../lib/site.ts';

const RUNTIME_NAMES: Record<Runtime, string> = { scorm12: 'SCORM 1.2', scorm2004: 'SCORM 2004', cmi5: 'cmi5', standalone: 'no LMS' };

interface Launch {
  runtime: Runtime;
  moduleId: string | null;
  cohort: string | null;
  includeLearnerId: boolean;
}

export function parseLaunch(search: string): Launch {
  const q = new URLSearchParams(search);
  const lms = q.get('lms');
  const runtime: Runtime = lms === 'scorm12' || lms === 'scorm2004' || lms === 'cmi5' ? lms : 'standalone';
  return { runtime, moduleId: q.get('module'), cohort: q.get('cohort')?.trim() || null, includeLearnerId: q.get('lid') === '1' };
}

interface Local {
  learner: LearnerState;
  activity: ActivityState;
  corruptLearner: string | null;
  corruptActivity: string | null;
}

function readLocal(): Local {
  const learner = parseLearner(localStorage.getItem(LEARNER_KEY));
  const activity = parseActivity(localStorage.getItem(ACTIVITY_KEY));
  return {
    learner: learner.state,
    activity: activity.state,
    corruptLearner: learner.ok ? null : learner.raw,
    corruptActivity: activity.ok ? null : activity.raw,
  };
}

function writeLocal(local: Local, learner: LearnerState, activity: ActivityState): void {
  // Damaged text is kept under its own key (as the pages do) before the LMS copy replaces it.
  for (const raw of [local.corruptLearner, local.corruptActivity]) {
    if (raw) localStorage.setItem(`${RESCUE_PREFIX}${new Date().toISOString()}`, raw);
  }
  localStorage.setItem(LEARNER_KEY, JSON.stringify(learner));
  localStorage.setItem(ACTIVITY_KEY, JSON.stringify(activity));
}

async function adapterFor(runtime: Runtime, origins: readonly string[]): Promise<LmsAdapter> {
  if (runtime === 'scorm12') {
    const api = findApi<Scorm12Api>('API');
    if (!api) throw new LmsError('no SCORM 1.2 LMS was found around this window');
    return scorm12Adapter(api);
  }
  if (runtime === 'scorm2004') {
    const api = findApi<Scorm2004Api>('API_1484_11');
    if (!api) throw new LmsError('no SCORM 2004 LMS was found around this window');
    return scorm2004Adapter(api);
  }
  if (runtime === 'cmi5') {
    // Checked before anything is fetched: a crafted link must not make this page send answers elsewhere.
    const problem = cmi5LaunchProblem(location.search, origins);
    if (problem) throw new LmsError(problem);
    return (await import('./lms-cmi5.ts')).cmi5Adapter();
  }
  return standaloneAdapter();
}

export async function launch(): Promise<void> {
  // Inside an LMS package the bundler's preload hints may point at the wrong folder; the modules
  // themselves load by relative URL, so a failed hint must not stop them (the packager also fixes it).
  window.addEventListener('vite:preloadError', (event) => event.preventDefault());
  const q = <T extends HTMLElement>(selector: string) => document.querySelector<T>(selector)!;
  const statusEl = q('[data-lms-status]');
  const frame = q<HTMLIFrameElement>('[data-lms-frame]');
  const exit = q<HTMLButtonElement>('[data-lms-exit]');
  const config = JSON.parse(q('#lms-config').textContent!) as LmsConfig;
  const params = parseLaunch(location.search);
  const status = (text: string, problem = false) => {
    statusEl.textContent = text;
    statusEl.classList.toggle('lms-problem', problem);
  };

  const dict: ModuleDictionary | null = params.moduleId ? dictionaryFor(config, params.moduleId) : null;
  if (!dict) {
    if (params.moduleId) status(`This link names a module that does not exist ("${params.moduleId.slice(0, 60)}").`, true);
    else status('No module was named in the link.');
    q('[data-lms-help]').hidden = false;
    return;
  }
  const moduleId = dict.module.id;
  q('[data-lms-title]').textContent = dict.module.title;
  document.title = pageTitle(dict.module.title);
  const moduleBase = new URL(`../../modules/${moduleId}/`, location.href).pathname;
  const origins = allowedOrigins(config, location.origin);

  try {
    localStorage.getItem(LEARNER_KEY);
  } catch {
    status(
      'This browser does not allow this site to save data, so your progress cannot be kept or sent to your LMS. Please allow site data for this site, or ask your trainer.',
      true,
    );
    frame.src = `${moduleBase}index.html`;
    frame.hidden = false;
    return;
  }

  status('Connecting to your learning platform…');
  let adapter: LmsAdapter;
  let session: LmsSession;
  const notes: string[] = [];
  try {
    adapter = await adapterFor(params.runtime, origins);
    session = await adapter.initialize();
  } catch (error) {
    notes.push(`Not connected to your LMS: ${(error as Error).message}. Your answers are saved in this browser only.`);
    adapter = standaloneAdapter();
    session = await adapter.initialize();
  }

  const decoded = session.suspendData ? decodeSuspendData(session.suspendData, moduleId) : null;
  // 0. Whose answers the browser holds: one LMS learner's at a time (learner-slots.ts). On a shared
  //    computer another learner's are set aside before anything is read, shown, sent or signed.
  if (adapter.runtime !== 'standalone' && session.learnerId) {
    const local = readLocal();
    const tag = ownerTag(adapter.runtime, session.learnerId);
    const owner = localStorage.getItem(OWNER_KEY);
    const held = heldState(local.learner, local.activity, !!(local.corruptLearner || local.corruptActivity));
    // A draft of the code page's four answers is the tab's, not a learner's: never shown to the next one.
    if (owner !== tag) {
      try {
        sessionStorage.removeItem(CODE_DRAFT_KEY);
      } catch {
        /* nothing kept */
      }
    }
    try {
      takeOwnership(localStorage, ownership(owner, tag, held, decoded?.ok ? decoded.payload.snapshot.participant : null), owner, tag, new Date());
    } catch {
      status(
        "This browser holds another learner's answers for this course and has no room left to set them aside, so the module cannot open for you here. Please use another browser, or ask your trainer.",
        true,
      );
      return;
    }
  }

  // 1. The LMS's copy of the state goes where the pages read it, before any page loads.
  let log: ReportLog = emptyLog();
  /** True when the LMS's copy could not be written where the pages read it: nothing is sent then. */
  let behindLms = false;
  if (decoded) {
    const local = readLocal();
    const merged = decoded.ok ? mergeSnapshot(local.learner, local.activity, decoded.payload.snapshot, moduleBase) : decoded;
    if (decoded.ok && merged.ok) {
      log = decoded.payload.log;
      try {
        writeLocal(local, merged.learner, merged.activity);
      } catch {
        // Storage full: sending this browser's copy now would replace the LMS's fuller one.
        behindLms = true;
        notes.push(
          "This browser's storage for this site is full, so your progress saved in the LMS cannot be shown here, and nothing is sent to your LMS from this browser. Please free some space (or use another browser) and open the module again.",
        );
      }
      if (merged.conflicts.length) {
        notes.push('Your LMS and this browser held two different submitted versions of the same questionnaire; both are kept (see the module overview).');
      }
    } else if (!merged.ok) {
      notes.push(`Your saved progress could not be read from the LMS (${merged.reason}); this browser's copy is used.`);
    }
  }
  if (session.launchData.alreadyCompleted) log = { ...log, completed: true };
  applyCohort(moduleId, params.cohort, notes);

  const learnerId = params.includeLearnerId ? session.learnerId : null;
  const mode = session.launchData.mode;
  let warned = false;
  const sync = lmsSync({
    adapter,
    session,
    dict,
    log,
    status,
    beforeSync: learnerId ? () => stampLearnerId(moduleId, learnerId) : undefined,
    // The module's state as the pages stored it; while the stored text is damaged, nothing is sent.
    read: () => {
      if (behindLms) return null;
      const local = readLocal();
      if (local.corruptLearner || local.corruptActivity) {
        if (!warned) status('The answers saved in this browser are damaged; the copy in your LMS is left as it was.', true);
        warned = true;
        return null;
      }
      return takeSnapshot(local.learner, local.activity, moduleId);
    },
  });
  const schedule = sync.schedule;
  const finish = sync.finish;

  window.addEventListener('storage', (event) => {
    if (event.key === null || event.key === LEARNER_KEY || event.key === ACTIVITY_KEY) schedule();
  });
  window.addEventListener('pagehide', () => void finish().catch(() => {}));

  status(
    notes.length
      ? notes.join(' ')
      : adapter.runtime === 'standalone'
        ? 'Not connected to an LMS: your answers are saved in this browser only.'
        : mode !== 'normal'
          ? `Connected to your LMS (${RUNTIME_NAMES[adapter.runtime]}) in ${mode} mode: nothing is recorded as a result.`
          : `Connected to your LMS (${RUNTIME_NAMES[adapter.runtime]}). Your progress is saved there as you go.`,
    notes.length > 0,
  );
  schedule();

  // 2. The module, where the learner left off.
  const suffix = moduleRelativePath(readLocal().activity.modules[moduleId]?.lastPath ?? null, moduleId);
  frame.title = `Training module: ${dict.module.title}`;
  frame.src = `${moduleBase}${suffix && suffix.endsWith('/') ? suffix : ''}index.html`;
  frame.hidden = false;

  if (adapter.runtime !== 'standalone') {
    exit.hidden = false;
    exit.addEventListener('click', async () => {
      exit.disabled = true;
      await sync.idle();
      try {
        await finish();
        frame.remove();
        exit.hidden = true;
        status('Your progress is saved in your LMS. You can close this window.');
        const back = session.launchData.returnUrl;
        // Only back to the LMS itself: a returnURL elsewhere would send the learner to whoever made the link.
        if (back && urlAllowed(back, origins, location.href)) location.assign(new URL(back, location.href).href);
      } catch (error) {
        status(`The LMS did not confirm the end of the session: ${(error as Error).message}`, true);
      }
    });
  }
}

function applyCohort(moduleId: string, cohort: string | null, notes: string[]): void {
  if (!cohort) return;
  const assignment = { modules: [moduleId], cohort, due: null, note: null, then: false, followUpDays: null, followUpKnowledge: false };
  const errors = validateAssignment(assignment, new Set([moduleId]));
  if (errors.length) {
    notes.push(`The cohort in the launch link was ignored: ${errors.join(' ')}`);
    return;
  }
  const local = readLocal();
  const next = withCohort(localStorage.getItem(ASSIGNMENTS_KEY), local.learner, moduleId, cohort, new Date());
  try {
    localStorage.setItem(ASSIGNMENTS_KEY, JSON.stringify(next.assignments));
  } catch {
    notes.push(`The cohort in the launch link (${cohort}) could not be recorded: this browser's storage for this site is full.`);
    return;
  }
  if (next.keptCohort) {
    const was = next.keptCohort.cohort ? `cohort ${next.keptCohort.cohort}` : 'no cohort';
    notes.push(`Your answers under way stay recorded for ${was}; to answer for cohort ${cohort}, choose "Start again" on the module page.`);
  }
}

async function stampLearnerId(moduleId: string, learnerId: string): Promise<void> {
  const attempt = readLocal().learner.units[moduleId]?.current;
  if (!attempt || !Object.values(attempt.steps).some((p) => p.record)) return;
  const { stampLearnerId: stamp } = await import('../lib/scorm-cmi5/learner-id.ts');
  // Read, stamp and write with no await in between: the module's pages (same origin, same thread) cannot
  // write in the middle, so nothing they saved is overwritten.
  const local = readLocal();
  const next = stamp(local.learner, moduleId, learnerId);
  if (next === local.learner) return;
  try {
    localStorage.setItem(LEARNER_KEY, JSON.stringify(next));
  } catch {
    // Storage full: the records go to the LMS without the id this time; the next sync tries again.
  }
}
