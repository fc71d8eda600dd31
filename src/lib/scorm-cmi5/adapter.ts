// The one interface between the launch wrapper and an LMS runtime (SCORM 1.2, SCORM 2004, cmi5, or
// none). Implementations: scorm12.ts, scorm2004.ts, standalone.ts (here, pure apart from the API object
// they are given) and src/client/lms-cmi5.ts (browser only: @xapi/cmi5).
import type { CompletionReport, LikertInteraction, ProgressReport } from './events.ts';
import type { ResultRecord } from '../records/result-record.ts';

export type Runtime = 'scorm12' | 'scorm2004' | 'cmi5' | 'standalone';

export interface LaunchData {
  /** normal, or browse/review: then nothing is reported (answers are still saved). */
  mode: 'normal' | 'browse' | 'review';
  /** Mastery score (0–1) set by the trainer in the package or the LMS, else null. */
  masteryScore: number | null;
  /** cmi5 moveOn (SCORM: null). */
  moveOn: 'Passed' | 'Completed' | 'CompletedAndPassed' | 'CompletedOrPassed' | 'NotApplicable' | null;
  /** The LMS already holds a completion for this learner (nothing to send again). */
  alreadyCompleted: boolean;
  /** cmi5: where to go after exit. */
  returnUrl: string | null;
}

export interface LmsSession {
  /** The stored state, or null when the LMS holds none. */
  suspendData: string | null;
  /** The LMS's learner id: used only with the package option includeLmsLearnerId. */
  learnerId: string | null;
  launchData: LaunchData;
}

export interface LmsAdapter {
  readonly runtime: Runtime;
  /** Longest suspend data the runtime accepts. */
  readonly maxSuspendLength: number;
  initialize(): Promise<LmsSession>;
  /** Stores the suspend data and commits everything set since the last commit. */
  commitState(suspendData: string): Promise<void>;
  /** Every answer of the newly submitted records, and the records themselves (SCORM has no place for them). */
  reportInteractions(interactions: readonly LikertInteraction[], submitted: readonly ResultRecord[]): Promise<void>;
  reportProgress(progress: ProgressReport): Promise<void>;
  /** Completion; passed or failed as completion.passes says (events.ts), when it says (not null). */
  complete(completion: CompletionReport): Promise<void>;
  /**
   * Ends the session (with a last suspend data if given). Must do its work synchronously where the
   * runtime allows (SCORM), because it runs in `pagehide`.
   */
  terminate(suspendData?: string): Promise<void>;
}

export class LmsError extends Error {}

export const normalLaunch = (): LaunchData => ({ mode: 'normal', masteryScore: null, moveOn: null, alreadyCompleted: false, returnUrl: null });

/** Whole seconds and hundredths: SCORM 1.2 CMITimespan "HHHH:MM:SS.SS". */
export function scorm12Duration(ms: number): string {
  const cs = Math.max(0, Math.round(ms / 10));
  const h = Math.floor(cs / 360000);
  const m = Math.floor((cs % 360000) / 6000);
  const s = (cs % 6000) / 100;
  return `${String(h).padStart(4, '0')}:${String(m).padStart(2, '0')}:${s.toFixed(2).padStart(5, '0')}`;
}

/** ISO 8601 duration as SCORM 2004 and xAPI want it: "PT1H2M3.45S". */
export function isoDuration(ms: number): string {
  const cs = Math.max(0, Math.round(ms / 10));
  const h = Math.floor(cs / 360000);
  const m = Math.floor((cs % 360000) / 6000);
  const s = (cs % 6000) / 100;
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${Number(s.toFixed(2))}S`;
}

/** SCORM 2004 time(second,10,0): "2026-11-26T10:08:00.5Z" (the fraction is required before the zone). */
export function scorm2004Time(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : `${d.toISOString().slice(0, 19)}.${Math.floor(d.getUTCMilliseconds() / 100)}Z`;
}

/** SCORM 1.2 CMITime, time of day "HH:MM:SS" (UTC: the data model has no zone). */
export function scorm12Time(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(11, 19);
}

/** A mastery score from the LMS as a number in [0, 1], or null. */
export function masteryFrom(raw: string | number | null | undefined, scale: 1 | 100): number | null {
  if (raw === null || raw === undefined || raw === '') return null;
  const n = Number(raw) / scale;
  return Number.isFinite(n) && n >= 0 && n <= 1 ? n : null;
}
