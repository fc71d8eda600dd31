// JavaScript budget per built page (gzip), the project's quality bar (docs/development.md). Counts every
// script the page loads, including shared chunks they import, and fails when a page is over its budget.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative, dirname, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = resolve(process.argv[2] ?? 'dist');
const KB = 1024;
const budgets = [
  { match: /^evaluate\//, limit: 150 * KB, kind: 'evaluator dashboard' },
  // The roster reuses the evaluator's import (CSV parser, schema validation): held to the same budget.
  { match: /^trainer\/roster\//, limit: 150 * KB, kind: 'trainer roster' },
  { match: /^(trainer|lms)\//, limit: 30 * KB, kind: 'trainer / LMS tool' },
  { match: /^modules\/[^/]+\/(pre|post|follow-up)\//, limit: 10 * KB, kind: 'questionnaire' },
  { match: /^modules\/[^/]+\/lessons\//, limit: 3 * KB, kind: 'lesson' },
  // Pages that read the learner's whole stored state (check, upgrade and merge it) and show it: the
  // results page also scores and charts it. Held to 14 KB; questionnaires and lessons keep their own.
  // A site built with an organisation LRS (docs/organisation-lrs.md) adds the consent and sending script
  // (about 2.2 KB) to the results page only: the results page is held to 15 KB in every build, so the
  // budget that passes without an LRS also passes with one.
  { match: /^modules\/[^/]+\/results\/$/, limit: 15 * KB, kind: 'results page' },
  { match: /^(modules\/[^/]+\/(certificate|code)?\/?|assignment\/)$/, limit: 14 * KB, kind: 'learner page' },
  { match: /.*/, limit: 10 * KB, kind: 'other page' },
];

function htmlFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? htmlFiles(path) : name.endsWith('.html') ? [path] : [];
  });
}

// Static imports load with the page; dynamic import() chunks load only when needed (e.g. the storage
// error banner) and are reported separately.
const STATIC_IMPORT = /(?:^|[;}\s])(?:import|export)\s*(?:[^'"()]*?from\s*)?["']([^"']+\.js)["']/g;
const DYNAMIC_IMPORT = /import\(\s*["']([^"']+\.js)["']\s*\)/g;

function scriptClosure(file, seen, lazy) {
  if (seen.has(file) || !existsSync(file)) return;
  seen.add(file);
  const code = readFileSync(file, 'utf8');
  const target = (spec) => (spec.startsWith('/') ? join(dist, spec) : resolve(dirname(file), spec));
  for (const m of code.matchAll(STATIC_IMPORT)) scriptClosure(target(m[1]), seen, lazy);
  for (const m of code.matchAll(DYNAMIC_IMPORT)) lazy.add(target(m[1]));
}

/** The name under which storage.ts keeps the tab's copy; in the bundle as it is in the source. */
const TAB_MEMORY_MARK = 'msg-training-memory';
/**
 * Pages that ship no JavaScript at all, by design (test/e2e/content-pages.spec.ts): the trainer's guides, the
 * Spanish handout, the continuing-education page. A learner whose browser keeps nothing, who went Back to one
 * of them and on by a link, loses the tab's copy held by the pages after it (docs/learners.md).
 */
const NO_SCRIPT = /^(trainer\/guide\/|es\/|about\/)/;

let failed = 0;
const rows = [];
for (const page of htmlFiles(dist).sort()) {
  const html = readFileSync(page, 'utf8');
  const route = relative(dist, dirname(page)).replaceAll('\\', '/') + '/';
  const files = new Set();
  const lazy = new Set();
  let inline = 0;
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    const attrs = m[1];
    if (/type=["']application\/(ld\+)?json["']/.test(attrs)) continue;
    const src = /src=["']([^"']+)["']/.exec(attrs)?.[1];
    if (src) {
      if (/^https?:/.test(src)) {
        console.error(`${route}: script from another host: ${src}`);
        failed++;
        continue;
      }
      scriptClosure(join(dist, src), files, lazy);
    } else inline += gzipSync(m[2]).length;
  }
  const gz = (f) => gzipSync(readFileSync(f)).length;
  const bytes = [...files].reduce((n, f) => n + gz(f), inline);
  const lazyBytes = [...lazy].filter((f) => !files.has(f)).reduce((n, f) => n + gz(f), 0);
  const budget = budgets.find((b) => b.match.test(route === '/' ? '' : route));
  const ok = bytes <= budget.limit;
  if (!ok) failed++;
  rows.push(
    `${ok ? 'ok  ' : 'OVER'} ${(bytes / KB).toFixed(2).padStart(7)} KB / ${(budget.limit / KB).toFixed(0).padStart(3)} KB  ${budget.kind.padEnd(20)} /${route === './' ? '' : route}${lazyBytes ? `  (+${(lazyBytes / KB).toFixed(2)} KB only on demand)` : ''}`,
  );
  // Every page carries the tab's copy of the answers a browser that keeps nothing holds (src/stores/storage.ts,
  // TabMemory.astro): a page without it, reached by a link, drops the history entries that hold the copy
  // when the learner goes Back and on.
  if (!NO_SCRIPT.test(route) && ![...files].some((f) => readFileSync(f, 'utf8').includes(TAB_MEMORY_MARK))) {
    console.error(`/${route}: does not load src/stores/storage.ts (the tab's copy of the answers): render <TabMemory /> or pass relayTabMemory to Base`);
    failed++;
  }
  for (const m of html.matchAll(/<(?:link|img|script|iframe|source)\b[^>]*(?:href|src)=["'](https?:\/\/[^"']+)["']/g)) {
    if (!/^https?:\/\/(localhost|127\.0\.0\.1)/.test(m[1])) {
      console.error(`/${route}: loads from another host: ${m[1]}`);
      failed++;
    }
  }
}
console.log('JavaScript per page (gzip):');
console.log(rows.join('\n'));
if (failed) {
  console.error(`${failed} budget problem(s)`);
  process.exit(1);
}
console.log(`all ${rows.length} pages within budget`);
