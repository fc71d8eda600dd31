// Sending with retries: runs never overlap, and what was refused is tried again with a growing pause.
// No DOM (the caller gives the timer in tests).
export const RETRY_MS = { first: 5_000, max: 60_000 } as const;

export interface RetryingRunner {
  /** Asks for a run; runs never overlap, and a request during one runs once it ends. */
  schedule(): void;
  /** Resolves when no run is going or waiting to start. */
  idle(): Promise<void>;
  /** No run starts after this (a run already going ends normally). */
  stop(): void;
}

/**
 * What one attempt came to: true (done), false (something was refused: try again after a growing pause),
 * or 'busy' (someone else is at it, e.g. another tab: look again after the first pause, which does not grow).
 */
export type AttemptOutcome = boolean | 'busy';

/**
 * Runs `attempt` one at a time: when it returns false (something was refused), it runs again after a
 * pause that doubles from 5 s up to 60 s; a run that succeeds resets the pause; a run that found the work
 * busy elsewhere runs again after 5 s, the pause unchanged. Shared by the LMS session (session-sync.ts) and
 * the standalone site's sending to an organisation's LRS (src/client/org-lrs.ts).
 */
export function retryingRunner(
  attempt: () => Promise<AttemptOutcome>,
  later: (run: () => void, ms: number) => unknown = (run, ms) => setTimeout(run, ms),
): RetryingRunner {
  let stopped = false;
  let retryMs: number = RETRY_MS.first;
  let retryPending = false;
  let running: Promise<void> | null = null;
  let again = false;

  const retry = (grow: boolean) => {
    if (retryPending || stopped) return;
    retryPending = true;
    later(
      () => {
        retryPending = false;
        schedule();
      },
      grow ? retryMs : RETRY_MS.first,
    );
    if (grow) retryMs = Math.min(retryMs * 2, RETRY_MS.max);
  };

  function schedule(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        const outcome = await attempt();
        if (outcome === true) retryMs = RETRY_MS.first;
        else retry(outcome === false);
      } while (again && !stopped);
    })().finally(() => (running = null));
  }

  return {
    schedule,
    async idle() {
      while (running) await running;
    },
    stop() {
      stopped = true;
    },
  };
}
