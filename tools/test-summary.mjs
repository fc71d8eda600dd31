// Prints one closing "N passed, N failed" line counting every runner: vitest tests, Playwright tests,
// Lighthouse checks, and each other stage (check, Biome, build, budget, …) as one check. Exits non-zero on any
// failure, and when a runner that should have run reported no tests.
import { existsSync, readFileSync } from 'node:fs';

const read = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null);
let passed = 0;
let failed = 0;
const lines = [];
const stages = Object.fromEntries(process.argv.slice(2).map((s) => s.split(/:(?=[^:]+$)/)));

const vitest = read('.ci-out/vitest.json');
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests + (vitest.numTotalTests === 0 ? 1 : 0);
  lines.push(`vitest: ${vitest.numPassedTests}/${vitest.numTotalTests} tests passed`);
} else if (stages.vitest) {
  failed++;
  lines.push('vitest: no report');
}

const pw = read('.ci-out/playwright.json');
if (pw && stages.playwright) {
  const s = pw.stats;
  passed += s.expected;
  failed += s.unexpected + s.flaky + (s.expected + s.unexpected === 0 ? 1 : 0);
  lines.push(`playwright: ${s.expected}/${s.expected + s.unexpected + s.flaky + s.skipped} tests passed${s.skipped ? `, ${s.skipped} skipped` : ''}`);
  if (s.skipped) {
    failed += s.skipped;
    lines.push('playwright: skipped browser tests count as failures');
  }
} else if (stages.playwright) {
  failed++;
  lines.push('playwright: did not run');
}

const lh = read('.ci-out/lighthouse.json');
if (lh && stages.lighthouse) {
  passed += lh.passed;
  failed += lh.failed;
  lines.push(`lighthouse: ${lh.passed}/${lh.passed + lh.failed} thresholds met`);
} else if (stages.lighthouse) {
  failed++;
  lines.push('lighthouse: did not run');
}

// Every other stage (chromium, astro check, biome, build, budget, and any added later) is one check.
const RUNNERS = ['vitest', 'playwright', 'lighthouse'];
for (const [name, status] of Object.entries(stages)) {
  if (RUNNERS.includes(name)) continue;
  status === 'pass' ? passed++ : failed++;
  lines.push(`${name}: ${status}`);
}
for (const [name, status] of Object.entries(stages)) {
  if (status === 'fail' && RUNNERS.includes(name) && !lines.some((l) => l.startsWith(name) && l.includes('did not'))) {
    // A runner that exited non-zero although its report shows no failure (e.g. a crash) still fails.
    const counted = { vitest: vitest?.numFailedTests, playwright: pw?.stats.unexpected, lighthouse: lh?.failed }[name];
    if (!counted) {
      failed++;
      lines.push(`${name}: exited with an error`);
    }
  }
}
console.log(lines.join('\n'));
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
