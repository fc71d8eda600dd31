// cmi5 runtime: @xapi/cmi5 reads the launch parameters, fetches the auth token, reads LMS.LaunchData and
// sends initialized, completed, passed/failed and progressed. The questionnaire answers go as one batch
// of "answered" statements; the suspend data is an xAPI State document; "terminated" and the last state
// write use fetch keepalive so they survive the page unloading. Browser only (@xapi/cmi5 is).
import Cmi5 from '@xapi/cmi5';
import { LmsError, masteryFrom, type LaunchData, type LmsAdapter, type LmsSession } from '../lib/scorm-cmi5/adapter.ts';
import { likertStatement, recordStatement, terminatedStatement, type Cmi5Context } from '../lib/scorm-cmi5/cmi5-statements.ts';

/** State API document holding the suspend data (per actor, AU activity id and registration). */
export const STATE_ID = 'urn:mutual-support-training:state:suspend-data';

const uuid = () => crypto.randomUUID();

/** xAPI statement as @xapi/cmi5's client takes it (its types come from @xapi/xapi, a dependency of its own). */
type Statement = Parameters<NonNullable<Cmi5['xapi']>['sendStatements']>[0]['statements'][number];

export function cmi5Adapter(): LmsAdapter {
  let cmi5: Cmi5 | null = null;
  let ctx: Cmi5Context | null = null;
  let launch: LaunchData | null = null;
  let started = 0;
  let finished = false;
  let lastPercent = -1;
  let committed: string | null = null;
  let writes: Promise<unknown> = Promise.resolve();

  const lrs = () => {
    if (!cmi5?.xapi || !ctx) throw new LmsError('cmi5 session not initialized');
    return cmi5.xapi;
  };
  const stateParams = () => ({ agent: ctx!.actor as never, activityId: ctx!.activityId, registration: ctx!.registration, stateId: STATE_ID });
  const endpoint = () => {
    const e = cmi5!.getLaunchParameters().endpoint;
    return e.endsWith('/') ? e : `${e}/`;
  };
  const headers = () => ({
    Authorization: `Basic ${cmi5!.getAuthToken()}`,
    'X-Experience-API-Version': '1.0.3',
    'Content-Type': 'application/json',
  });
  const normal = () => launch?.mode === 'normal';

  return {
    runtime: 'cmi5',
    maxSuspendLength: 1_000_000,
    async initialize(): Promise<LmsSession> {
      if (!Cmi5.isCmiAvailable) throw new LmsError('the cmi5 launch parameters (endpoint, fetch, actor, registration, activityId) are missing');
      cmi5 = new Cmi5();
      try {
        await cmi5.initialize();
      } catch (error) {
        throw new LmsError(`the LMS did not accept this launch (${(error as Error).message}); please start the module again from your LMS`);
      }
      const params = cmi5.getLaunchParameters();
      const data = cmi5.getLaunchData();
      ctx = {
        actor: params.actor as unknown as Record<string, unknown>,
        activityId: params.activityId,
        registration: params.registration,
        contextTemplate: (data.contextTemplate ?? {}) as Record<string, unknown>,
      };
      started = cmi5.getInitializedDate().getTime();
      let suspendData: string | null = null;
      try {
        const doc = (await lrs().getState(stateParams())).data as unknown;
        const text = typeof doc === 'string' ? JSON.parse(doc) : doc;
        if (text && typeof (text as { suspendData?: unknown }).suspendData === 'string') suspendData = (text as { suspendData: string }).suspendData;
      } catch {
        /* no state document yet (404) */
      }
      const mode = data.launchMode === 'Browse' ? 'browse' : data.launchMode === 'Review' ? 'review' : 'normal';
      launch = {
        mode,
        masteryScore: masteryFrom(data.masteryScore, 1),
        moveOn: data.moveOn ?? null,
        alreadyCompleted: false,
        returnUrl: data.returnURL ?? null,
      };
      const actor = params.actor as { account?: { name?: string }; mbox?: string };
      return { suspendData, learnerId: actor.account?.name ?? actor.mbox ?? null, launchData: launch };
    },
    async commitState(suspendData) {
      const write = writes.then(() => lrs().setState({ ...stateParams(), state: { suspendData }, contentType: 'application/json' }));
      writes = write.catch(() => {});
      await write;
      committed = suspendData;
    },
    async reportInteractions(interactions, submitted) {
      if ((!interactions.length && !submitted.length) || !normal()) return;
      const statements = [...interactions.map((i) => likertStatement(ctx!, i, uuid())), ...submitted.map((r) => recordStatement(ctx!, r, uuid()))];
      await lrs().sendStatements({ statements: statements as unknown as Statement[] });
    },
    async reportProgress(progress) {
      // Up to 99%: "completed" says the rest (and no progress is sent after it).
      if (!normal() || progress.percent === lastPercent || progress.percent >= 100) return;
      lastPercent = progress.percent;
      await cmi5!.progress(progress.percent);
    },
    async complete(completion) {
      if (!normal()) return;
      // moveOn Completed / CompletedOrPassed / NotApplicable are satisfied by this; Passed and
      // CompletedAndPassed also need "passed", which is sent only against a trainer-set mastery score.
      // One "completed" per registration; a later attempt's pass (completion.again) follows the fail.
      if (!completion.again) await cmi5!.complete();
      if (completion.passes !== null && completion.scoreScaled !== null) {
        if (completion.passes) await cmi5!.pass(completion.scoreScaled);
        else await cmi5!.fail(completion.scoreScaled);
      }
    },
    async terminate(suspendData) {
      if (finished || !cmi5 || !ctx) return;
      finished = true;
      const base = endpoint();
      const requests: Promise<unknown>[] = [];
      if (suspendData !== undefined && suspendData !== committed) {
        const query = new URLSearchParams({ activityId: ctx.activityId, agent: JSON.stringify(ctx.actor), registration: ctx.registration, stateId: STATE_ID });
        requests.push(fetch(`${base}activities/state?${query}`, { method: 'PUT', keepalive: true, headers: headers(), body: JSON.stringify({ suspendData }) }));
      }
      const statement = terminatedStatement(ctx, Date.now() - started, new Date(), uuid());
      requests.push(fetch(`${base}statements`, { method: 'POST', keepalive: true, headers: headers(), body: JSON.stringify(statement) }));
      await Promise.all(requests);
    },
  };
}
