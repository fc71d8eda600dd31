// SCORM 2004 4th edition runtime (window.API_1484_11). Given the API object; see src/client/lms-find-api.ts.
import { scormInteractions, type LikertInteraction } from './events.ts';
import type { ResultRecord } from '../records/result-record.ts';
import { isoDuration, LmsError, masteryFrom, scorm2004Time, type LmsAdapter, type LmsSession } from './adapter.ts';

export interface Scorm2004Api {
  Initialize(arg: ''): string;
  Terminate(arg: ''): string;
  GetValue(element: string): string;
  SetValue(element: string, value: string): string;
  Commit(arg: ''): string;
  GetLastError(): string | number;
  GetErrorString(code: string): string;
}

export const SCORM2004_SUSPEND_LIMIT = 64000;

export function scorm2004Adapter(api: Scorm2004Api, now: () => number = Date.now): LmsAdapter {
  let started = 0;
  let finished = false;
  const fail = (what: string) => {
    const code = String(api.GetLastError());
    return new LmsError(`${what} failed (SCORM 2004 error ${code}: ${api.GetErrorString(code)})`);
  };
  const set = (element: string, value: string) => {
    if (String(api.SetValue(element, value)) !== 'true') throw fail(`SetValue(${element})`);
  };

  return {
    runtime: 'scorm2004',
    maxSuspendLength: SCORM2004_SUSPEND_LIMIT,
    async initialize(): Promise<LmsSession> {
      if (String(api.Initialize('')) !== 'true') throw fail('Initialize');
      started = now();
      const suspend = api.GetValue('cmi.suspend_data');
      const mode = api.GetValue('cmi.mode');
      const completion = api.GetValue('cmi.completion_status');
      const success = api.GetValue('cmi.success_status');
      const mastery = masteryFrom(api.GetValue('cmi.scaled_passing_score'), 1);
      if (completion === 'unknown' || completion === 'not attempted' || completion === '') set('cmi.completion_status', 'incomplete');
      return {
        suspendData: suspend ? suspend : null,
        learnerId: api.GetValue('cmi.learner_id') || null,
        launchData: {
          mode: mode === 'browse' || mode === 'review' ? mode : 'normal',
          masteryScore: mastery,
          moveOn: null,
          alreadyCompleted: completion === 'completed' || success === 'passed' || success === 'failed',
          returnUrl: null,
        },
      };
    },
    async commitState(suspendData) {
      set('cmi.suspend_data', suspendData);
      if (String(api.Commit('')) !== 'true') throw fail('Commit');
    },
    // Each record whole (events.ts), so the LMS's interactions are enough to rebuild it.
    async reportInteractions(interactions: readonly LikertInteraction[], submitted: readonly ResultRecord[]) {
      let n = Number(api.GetValue('cmi.interactions._count')) || 0;
      for (const i of scormInteractions(interactions, submitted)) {
        const at = `cmi.interactions.${n}`;
        set(`${at}.id`, i.id);
        set(`${at}.type`, i.type);
        // An unanswered knowledge question: the id alone says it was asked (empty responses are not valid everywhere).
        if (i.response !== '') set(`${at}.learner_response`, i.response);
        set(`${at}.result`, 'neutral');
        set(`${at}.description`, i.description);
        const time = scorm2004Time(i.at);
        if (time) set(`${at}.timestamp`, time);
        n++;
      }
    },
    async reportProgress(progress) {
      set('cmi.progress_measure', String(progress.measure));
      if (progress.location !== null && progress.location.length <= 1000) set('cmi.location', progress.location);
    },
    async complete(completion) {
      // A later attempt's pass (completion.again) sets the same: completion stays, success becomes "passed".
      set('cmi.progress_measure', '1');
      set('cmi.completion_status', 'completed');
      if (completion.passes !== null && completion.scoreScaled !== null) {
        set('cmi.score.scaled', String(completion.scoreScaled));
        set('cmi.score.min', '0');
        set('cmi.score.max', '100');
        set('cmi.score.raw', String(Math.round(completion.scoreScaled * 100)));
        set('cmi.success_status', completion.passes ? 'passed' : 'failed');
      } else {
        set('cmi.success_status', 'unknown');
      }
    },
    async terminate(suspendData) {
      if (finished) return;
      finished = true;
      if (suspendData !== undefined) api.SetValue('cmi.suspend_data', suspendData);
      api.SetValue('cmi.session_time', isoDuration(now() - started));
      // "suspend" keeps the attempt (and its suspend data) open, so results stay reachable later.
      api.SetValue('cmi.exit', 'suspend');
      api.Commit('');
      if (String(api.Terminate('')) !== 'true') throw fail('Terminate');
    },
  };
}
