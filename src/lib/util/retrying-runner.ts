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
 * Runs `attempt` one at a time: when it returns false (something was refused), it runs again after a
 * pause that doubles from 5 s up to 60 s; a run that succeeds resets the pause. Shared by the LMS session
 * (session-sync.ts) and the standalone site's sending to an organisation's LRS (src/client/org-lrs.ts).
 */
export function retryingRunner(
  attempt: () => Promise<boolean>,
  later: (run: () => void, ms: number) => unknown = (run, ms) => setTimeout(run, ms),
): RetryingRunner {
  let stopped = false;
  let retryMs: number = RETRY_MS.first;
  let retryPending = false;
  let running: Promise<void> | null = null;
  let again = false;

  const retry = () => {
    if (retryPending || stopped) return;
    retryPending = true;
    later(() => {
      retryPending = false;
      schedule();
    }, retryMs);
    retryMs = Math.min(retryMs * 2, RETRY_MS.max);
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
        if (await attempt()) retryMs = RETRY_MS.first;
        else retry();
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
