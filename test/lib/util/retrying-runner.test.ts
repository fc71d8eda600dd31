// The send-and-retry loop shared by the LMS session and the organisation LRS: one run at a time, a pause
// that doubles from 5 s to 60 s after a refusal, back to 5 s after a success, nothing after stop().
import { describe, expect, it } from 'vitest';
import { type AttemptOutcome, RETRY_MS, retryingRunner } from '../../../src/lib/util/retrying-runner.ts';

function harness(outcomes: AttemptOutcome[]) {
  const waits: number[] = [];
  const timers: (() => void)[] = [];
  let running = 0;
  let most = 0;
  let runs = 0;
  const runner = retryingRunner(
    async () => {
      runs++;
      most = Math.max(most, ++running);
      await new Promise((resolve) => setTimeout(resolve, 1));
      running--;
      return outcomes.shift() ?? true;
    },
    (run, ms) => {
      waits.push(ms);
      timers.push(run);
    },
  );
  return { runner, waits, timers, runs: () => runs, most: () => most };
}

describe('retrying runner', () => {
  it('waits 5, 10, 20, 40, 60, 60 s after refusals, and starts again at 5 s after a success', async () => {
    const h = harness([false, false, false, false, false, false, true, false]);
    h.runner.schedule();
    await h.runner.idle();
    for (let i = 0; i < 5; i++) {
      h.timers.shift()!();
      await h.runner.idle();
    }
    expect(h.waits).toEqual([5_000, 10_000, 20_000, 40_000, 60_000, 60_000]);
    expect(RETRY_MS).toEqual({ first: 5_000, max: 60_000 });
    h.timers.shift()!(); // the success
    await h.runner.idle();
    expect(h.waits).toHaveLength(6);
    h.runner.schedule(); // refused again: the pause starts over
    await h.runner.idle();
    expect(h.waits.at(-1)).toBe(5_000);
  });

  it('looks again after 5 s when the work was busy elsewhere, without growing the pause of refusals', async () => {
    const h = harness([false, false, 'busy', 'busy', false, true]);
    h.runner.schedule();
    await h.runner.idle();
    for (let i = 0; i < 5; i++) {
      h.timers.shift()!();
      await h.runner.idle();
    }
    expect(h.waits).toEqual([5_000, 10_000, 5_000, 5_000, 20_000]);
    expect(h.runs()).toBe(6);
    expect(h.timers).toHaveLength(0); // the last run succeeded: nothing waits
  });

  it('never runs twice at once: asks during a run give one more run after it', async () => {
    const h = harness([]);
    for (let i = 0; i < 5; i++) h.runner.schedule();
    await h.runner.idle();
    expect(h.most()).toBe(1);
    expect(h.runs()).toBe(2);
  });

  it('keeps one retry waiting however often a refusal happens meanwhile, and runs nothing after stop()', async () => {
    const h = harness([false, false, false]);
    h.runner.schedule();
    await h.runner.idle();
    h.runner.schedule();
    await h.runner.idle();
    expect(h.timers).toHaveLength(1);
    h.runner.stop();
    h.timers.shift()!();
    h.runner.schedule();
    await h.runner.idle();
    expect(h.runs()).toBe(2);
  });
});
