// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';

const LESSON_CORE = /\/(src\/stores\/(storage|synced|activity)|src\/lib\/learner\/activity|src\/client\/(module-page|download)|node_modules\/nanostores\/)/;
const LEARNER_CORE =
  /\/src\/(stores\/(learner|assignment|submit)|lib\/learner\/(learner-state|progress|steps|submit|assignments)|lib\/records\/result-record|lib\/util\/(canonical-json|random)|lib\/knowledge\/order|client\/sign)\.ts$/;

export default defineConfig({
  output: 'static',
  site: 'http://localhost:4321',
  trailingSlash: 'always',
  integrations: [mdx()],
  server: { host: '127.0.0.1', port: 4321 },
  // External script files (not inlined) so the Content-Security-Policy can forbid inline scripts. The
  // learner pages' code in two chunks instead of a dozen small ones (what every module page needs; the
  // learner's state and its changes): each file is compressed on its own, so fewer, larger files keep
  // lesson pages under 3 KB and questionnaires under 10 KB.
  vite: {
    // URLs that scripts load (workers, chunks imported on demand) are written relative to the script,
    // so they also resolve when an LMS serves the site from a sub-folder, where root-relative URLs
    // would point at the LMS's own root. Server-side code keeps the default.
    experimental: {
      renderBuiltUrl: (_filename, { hostType, ssr }) => (hostType === 'js' && !ssr ? { relative: true } : undefined),
    },
    build: {
      assetsInlineLimit: 0,
      modulePreload: false,
      rolldownOptions: {
        output: {
          codeSplitting: {
            groups: [
              { name: 'lesson-core', test: LESSON_CORE, priority: 2 },
              { name: 'learner-core', test: LEARNER_CORE, priority: 1 },
            ],
          },
        },
      },
    },
  },
  build: { inlineStylesheets: 'always' },
});
