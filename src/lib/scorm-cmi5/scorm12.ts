// SCORM 1.2 runtime (the API object an LMS provides as window.API). Given the API object, so it is
// testable without a browser; finding it is src/client/lms-find-api.ts.
import { scormInteractions, type LikertInteraction } from './events.ts';
import type { ResultRecord } from '../records/result-record.ts';
import { LmsError, masteryFrom, scorm12Duration, scorm12Time, type LmsAdapter, type LmsSession } from './adapter.ts';

export interface Scorm12Api {
  LMSInitialize(arg: ''): string;
  LMSFinish(arg: ''): string;
  LMSGetValue(element: string): string;
  LMSSetValue(element: string, value: string): string;
  LMSCommit(arg: ''): string;
  LMSGetLastError(): string | number;
  LMSGetErrorString(code: string): string;
}

export const SCORM12_SUSPEND_LIMIT = 4096;

export function scorm12Adapter(api: Scorm12Api, now: () => number = Date.now): LmsAdapter {
  let started = 0;
  let finished = false;
  const fail = (what: string) => {
    const code = String(api.LMSGetLastError());
    return new LmsError(`${what} failed (SCORM 1.2 error ${code}: ${api.LMSGetErrorString(code)})`);
  };
  const set = (element: string, value: string) => {
    if (String(api.LMSSetValue(element, value)) !== 'true') throw fail(`LMSSetValue(${element})`);
  };
  const commit = () => {
    if (String(api.LMSCommit('')) !== 'true') throw fail('LMSCommit');
  };
  const status = () => api.LMSGetValue('cmi.core.lesson_status');

  return {
    runtime: 'scorm12',
    maxSuspendLength: SCORM12_SUSPEND_LIMIT,
    async initialize(): Promise<LmsSession> {
      if (String(api.LMSInitialize('')) !== 'true') throw fail('LMSInitialize');
      started = now();
      const suspend = api.LMSGetValue('cmi.suspend_data');
      const mode = api.LMSGetValue('cmi.core.lesson_mode');
      const lessonStatus = status();
      if (lessonStatus === 'not attempted' || lessonStatus === '') set('cmi.core.lesson_status', 'incomplete');
      return {
        suspendData: suspend ? suspend : null,
        learnerId: api.LMSGetValue('cmi.core.student_id') || null,
        launchData: {
          mode: mode === 'browse' || mode === 'review' ? mode : 'normal',
          masteryScore: masteryFrom(api.LMSGetValue('cmi.student_data.mastery_score'), 100),
          moveOn: null,
          alreadyCompleted: ['completed', 'passed', 'failed'].includes(lessonStatus),
          returnUrl: null,
        },
      };
    },
    async commitState(suspendData) {
      set('cmi.suspend_data', suspendData);
      commit();
    },
    // Each record whole (what it is, its answers, knowledge and background answers: events.ts), so the
    // LMS's interactions report is enough to rebuild it (src/lib/import/lms-interactions.ts).
    async reportInteractions(interactions: readonly LikertInteraction[], submitted: readonly ResultRecord[]) {
      let n = Number(api.LMSGetValue('cmi.interactions._count')) || 0;
      for (const i of scormInteractions(interactions, submitted)) {
        const at = `cmi.interactions.${n}`;
        set(`${at}.id`, i.id);
        set(`${at}.type`, i.type);
        // An unanswered knowledge question: the id alone says it was asked (empty responses are not valid everywhere).
        if (i.response !== '') set(`${at}.student_response`, i.response);
        set(`${at}.result`, 'neutral');
        const time = scorm12Time(i.at);
        if (time) set(`${at}.time`, time);
        n++;
      }
    },
    async reportProgress(progress) {
      if (progress.location !== null && progress.location.length <= 255) set('cmi.core.lesson_location', progress.location);
    },
    async complete(completion) {
      if (completion.passes !== null && completion.scoreScaled !== null) {
        // A later attempt's pass (completion.again) replaces "failed" the same way.
        set('cmi.core.score.min', '0');
        set('cmi.core.score.max', '100');
        set('cmi.core.score.raw', String(Math.round(completion.scoreScaled * 100)));
        set('cmi.core.lesson_status', completion.passes ? 'passed' : 'failed');
      } else {
        set('cmi.core.lesson_status', 'completed');
      }
    },
    async terminate(suspendData) {
      if (finished) return;
      finished = true;
      if (suspendData !== undefined) api.LMSSetValue('cmi.suspend_data', suspendData);
      api.LMSSetValue('cmi.core.session_time', scorm12Duration(now() - started));
      // Always "suspend": the LMS keeps the suspend data, so learners can come back to results and certificate.
      api.LMSSetValue('cmi.core.exit', 'suspend');
      api.LMSCommit('');
      if (String(api.LMSFinish('')) !== 'true') throw fail('LMSFinish');
    },
  };
}
