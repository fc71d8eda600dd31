// Keeping the LMS up to date during a session: after every change the pages make, report what is new
// (answers, records, progress, completion) and store the suspend data; what the LMS refused is tried
// again later (with a growing pause) and never marked as sent, so nothing is lost or sent twice.
// No DOM: the launch page gives it the adapter, a way to read the module's state, and a status line.
import type { LmsAdapter, LmsSession } from './adapter.ts';
import type { ModuleDictionary } from './config.ts';
import { diffReport, logAfter } from './events.ts';
import type { ModuleSnapshot } from './state.ts';
import { retryingRunner } from '../util/retrying-runner.ts';
import { encodeSuspendData, type ReportLog } from './suspend-data.ts';

export interface SyncOptions {
  adapter: LmsAdapter;
  session: LmsSession;
  dict: ModuleDictionary;
  /** What was reported before this session (from the suspend data). */
  log: ReportLog;
  /** The module's state as the pages stored it, or null while it is damaged (nothing is sent then). */
  read(): ModuleSnapshot | null;
  /** Runs before each update (the package option that stamps the LMS learner id on records). */
  beforeSync?(): Promise<void>;
  status(text: string, problem?: boolean): void;
  /** Timer for retries (tests pass a fake). */
  later?(run: () => void, ms: number): unknown;
}

export interface LmsSync {
  /** Asks for an update; updates never overlap, and a request during one runs once it ends. */
  schedule(): void;
  /** Resolves when no update is running or waiting. */
  idle(): Promise<void>;
  /** Ends the session with the last state (once); nothing is sent after it. */
  finish(): Promise<void>;
  readonly log: ReportLog;
}

// The send-and-retry loop is its own small module, shared with the standalone site's sending to an
// organisation's LRS, so that page does not load the LMS code around it.
export { RETRY_MS, retryingRunner, type RetryingRunner } from '../util/retrying-runner.ts';

export function lmsSync(o: SyncOptions): LmsSync {
  const { adapter, session, dict } = o;
  const mode = session.launchData.mode;
  const reporting = adapter.runtime !== 'standalone' && mode === 'normal';
  // In review mode the LMS keeps nothing; in browse mode it keeps the state but records no result.
  const saving = adapter.runtime !== 'standalone' && mode !== 'review';
  let log = o.log;
  let previous: ModuleSnapshot | null = null;
  let committed: string | null = null;
  let ended = false;
  let tooLargeSaid = false;

  const encode = (snapshot: ModuleSnapshot): string => {
    const encoded = encodeSuspendData({ snapshot, log }, adapter.maxSuspendLength);
    if (!encoded.fits && !tooLargeSaid) {
      tooLargeSaid = true;
      o.status('Your progress is too large for this LMS to store in full; everything is kept in this browser.', true);
    }
    return encoded.text;
  };

  /** One update; true when everything new was accepted. */
  async function sync(): Promise<boolean> {
    if (ended) return true;
    if (o.beforeSync) await o.beforeSync();
    const next = o.read();
    if (!next) return true;
    let ok = true;
    if (reporting) {
      const report = diffReport(previous, next, log, dict, session.launchData.masteryScore);
      const sent = { interactions: false, progress: false, completion: false };
      try {
        if (report.interactions.length || report.submitted.length) await adapter.reportInteractions(report.interactions, report.submitted);
        sent.interactions = true;
        if (report.progress) {
          await adapter.reportProgress(report.progress);
          sent.progress = true;
        }
        if (report.completion) {
          await adapter.complete(report.completion);
          sent.completion = true;
          const needsPass = session.launchData.moveOn === 'Passed' || session.launchData.moveOn === 'CompletedAndPassed';
          o.status(
            needsPass && session.launchData.masteryScore === null
              ? 'Completion sent to your LMS. Your LMS also asks for a pass, which needs a pass mark set by your trainer.'
              : 'You have completed this module. Your LMS has been told.',
          );
        }
      } catch (error) {
        ok = false;
        o.status(`Your answers are saved in this browser, but the LMS did not accept an update (it will be tried again): ${(error as Error).message}`, true);
      }
      log = logAfter(log, report, sent);
    }
    const text = encode(next);
    previous = next;
    if (saving && text !== committed) {
      try {
        await adapter.commitState(text);
        committed = text;
      } catch (error) {
        ok = false;
        o.status(`Your answers are saved in this browser, but the LMS could not store them (it will be tried again): ${(error as Error).message}`, true);
      }
    }
    return ok;
  }

  const runner = retryingRunner(sync, o.later);

  return {
    schedule: runner.schedule,
    idle: runner.idle,
    async finish() {
      if (ended) return;
      ended = true;
      runner.stop();
      const last = saving ? o.read() : null;
      await adapter.terminate(last ? encode(last) : undefined);
    },
    get log() {
      return log;
    },
  };
}
