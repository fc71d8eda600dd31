// Lighthouse (mobile, offline, Debian Chromium) on one lesson page and one questionnaire page.
// Thresholds from the issue: accessibility 1.0, best practices >= 0.95, SEO >= 0.9, performance >= 0.9.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { CHROMIUM_ARGS, chromiumPath } from '../test/e2e/chromium.ts';

const port = 4400;
const pages = process.argv.slice(2).length
  ? process.argv.slice(2)
  : ['/modules/mutual-support-basics/lessons/01-what-they-are/', '/modules/mutual-support-basics/pre/'];
const thresholds = { performance: 0.9, accessibility: 1, 'best-practices': 0.95, seo: 0.9 };
const chromePath = chromiumPath();

// --ignore-lock: Astro 7 keeps one preview per folder in .astro/preview.json, and Playwright's (port 4399)
// may still be shutting down when this starts.
const server = spawn(process.execPath, ['node_modules/astro/bin/astro.mjs', 'preview', '--ignore-lock', '--host', '127.0.0.1', '--port', String(port)], {
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
});
await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('astro preview did not start in 60 s')), 60_000);
  server.stdout.on('data', (chunk) => {
    if (String(chunk).includes(String(port))) {
      clearTimeout(timer);
      resolve();
    }
  });
  server.on('exit', (code) => reject(new Error(`astro preview exited with ${code}`)));
});

const profile = mkdtempSync(join(tmpdir(), 'lh-profile-'));
const chrome = await chromeLauncher.launch({
  chromePath,
  userDataDir: profile,
  chromeFlags: CHROMIUM_ARGS,
});

let passed = 0;
let failed = 0;
const results = [];
try {
  for (const path of pages) {
    const url = `http://127.0.0.1:${port}${path}`;
    const { lhr } = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: Object.keys(thresholds) });
    const scores = Object.fromEntries(Object.keys(thresholds).map((k) => [k, lhr.categories[k]?.score ?? 0]));
    results.push({ path, scores, runWarnings: lhr.runWarnings });
    for (const [category, min] of Object.entries(thresholds)) {
      const ok = scores[category] >= min;
      ok ? passed++ : failed++;
      console.log(`${ok ? 'ok  ' : 'FAIL'} ${path} ${category} ${scores[category].toFixed(2)} (needs >= ${min})`);
      if (!ok) {
        for (const ref of lhr.categories[category].auditRefs) {
          const audit = lhr.audits[ref.id];
          if (ref.weight > 0 && audit.score !== null && audit.score < 1)
            console.log(`       ${audit.id}: ${audit.title} (${audit.displayValue ?? audit.score})`);
        }
      }
    }
  }
} finally {
  chrome.kill(); // synchronous in chrome-launcher 1.x
  server.kill();
  rmSync(profile, { recursive: true, force: true });
}
mkdirSync('.ci-out', { recursive: true });
writeFileSync('.ci-out/lighthouse.json', JSON.stringify({ passed, failed, results }, null, 2));
console.log(`lighthouse: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
