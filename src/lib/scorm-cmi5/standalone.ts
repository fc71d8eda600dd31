// No LMS: the learner pages keep everything in localStorage as usual; nothing is reported.
import { normalLaunch, type LmsAdapter } from './adapter.ts';

export function standaloneAdapter(): LmsAdapter {
  return {
    runtime: 'standalone',
    maxSuspendLength: Number.POSITIVE_INFINITY,
    initialize: async () => ({ suspendData: null, learnerId: null, launchData: normalLaunch() }),
    commitState: async () => {},
    reportInteractions: async () => {},
    reportProgress: async () => {},
    complete: async () => {},
    terminate: async () => {},
  };
}
