import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { parse } from 'yaml';
import {
  askedGroups,
  builtPages,
  checkedValues,
  chooseRadio,
  clickOptions,
  correctIndex,
  enterCode,
  expectNoAxeViolations,
  expectReflow,
  expectScoreText,
  handScore,
  instrumentFile,
  knowledgeFile,
  tabTo,
} from './helpers.ts';

const inst = instrumentFile();
const pointsOf = (itemId: string) => inst.responseScales.find((r) => r.id === inst.items.find((i) => i.id === itemId)!.responseScale)!.points;
/** Option index per item: mostly spread over the scale, with some "not familiar" / "no opportunity" answers. */
const preChoice = (i: number, itemId: string) => (pointsOf(itemId).length === 6 && i % 8 === 5 ? 5 : (i * 3) % 5);
const postChoice = (i: number, itemId: string) => (pointsOf(itemId).length === 6 && i % 9 === 1 ? 5 : (i * 2 + 1) % 5);
const SKIPPED_PRE_ITEM = 2;

async function reloadAndExpectSame(page: Page) {
  const before = await checkedValues(page);
  await page.reload();
  await expect.poll(() => checkedValues(page)).toEqual(before);
}

const modules = readdirSync('content/modules')
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => ({
    id: f.replace(/\.yaml$/, ''),
    ...(parse(readFileSync(`content/modules/${f}`, 'utf8')) as { title: string; order: number; scales: string[] }),
  }))
  .sort((a, b) => a.order - b.order);

for (const { id: MODULE, title, scales } of modules) {
  // Every module is taken end to end and its results checked against the hand calculation. The first one
  // with the keyboard alone, with axe on every step and the checks that do not depend on a module's content
  // (reloads half-way, the locked questionnaire, print, starting again); the others with clicks, scanning
  // only their results (every page as it loads is scanned by a11y.spec.ts).
  const first = MODULE === modules[0]!.id;
  test(
    first
      ? `a newcomer completes "${MODULE}" with the keyboard alone, losing nothing on reload`
      : `a newcomer completes "${MODULE}" and sees results equal to a hand calculation`,
    async ({ page }) => {
      test.setTimeout(180_000);
      /** Follows a link or presses a button: Tab and Enter in the keyboard journey, a click in the others. */
      const activate = async (target: Locator) => {
        if (!first) return target.click();
        await tabTo(page, target);
        await page.keyboard.press('Enter');
      };
      // Clicks in the other journeys are made in the page, many at a time: each is the same click event on
      // the same radio button, without a round trip per answer.
      const pending: [string, number][] = [];
      const choose = async (name: string, index: number) => (first ? chooseRadio(page, name, index) : void pending.push([name, index]));
      const clickChosen = () => clickOptions(page, pending.splice(0));
      const scan = (context: string) => (first ? expectNoAxeViolations(page, context) : Promise.resolve());
      const lessons = builtPages().filter((p) => p.startsWith(`/modules/${MODULE}/lessons/`));
      expect(lessons.length).toBeGreaterThanOrEqual(4);
      const bank = knowledgeFile(MODULE);
      const expectedItems = [...new Set(scales.flatMap((s) => inst.scales.find((x) => x.id === s)!.items))];

      // Home → module overview
      await page.goto('/');
      await activate(page.getByRole('link', { name: title, exact: true }));
      await expect(page).toHaveURL(`/modules/${MODULE}/`);
      await expect(page.getByRole('heading', { name: 'What is stored, and where' })).toBeVisible();
      await scan('overview');
      await activate(page.getByRole('link', { name: 'Start the module' }));

      // Participant code
      await expect(page).toHaveURL(`/modules/${MODULE}/code/`);
      if (first) {
        await page.waitForLoadState();
        await tabTo(page, page.getByLabel(/mother's/));
        await page.keyboard.type('María');
        await page.keyboard.press('Tab');
        await page.keyboard.type('7');
        await page.keyboard.press('Tab');
        await page.keyboard.type(' são paulo');
        await page.keyboard.press('Tab');
        await page.keyboard.type('2');
        await tabTo(page, page.getByRole('button', { name: 'Make my code' }));
        await page.keyboard.press('Enter');
      } else {
        await enterCode(page, ['María', '7', ' são paulo', '2']);
      }
      await expect(page.locator('[data-code-value]')).toHaveText('MA-07-SA-2');
      await page.reload();
      await expect(page.locator('[data-code-value]')).toHaveText('MA-07-SA-2');
      await scan('code');
      await activate(page.getByRole('link', { name: 'Continue to the questionnaire' }));

      // Pre-questionnaire: the module's scales, its knowledge questions and the questions about you.
      await expect(page).toHaveURL(`/modules/${MODULE}/pre/`);
      await expect(page.locator('[data-progress]')).toHaveText(`0 of ${expectedItems.length + bank.length} questions answered`);
      await scan('pre');
      const names = await askedGroups(page, 'item');
      expect([...names].sort()).toEqual([...expectedItems].sort());
      const knowledgeNames = await askedGroups(page, 'knowledge');
      expect(knowledgeNames.map((n) => n.slice(2)).sort()).toEqual(bank.map((q) => q.id).sort());
      // Every page group in page order, so Tab only ever goes forward.
      const groups = await askedGroups(page);
      const pre: Record<string, number | null> = {};
      const preKnowledge: Record<string, number> = {};
      for (const name of groups) {
        const i = names.indexOf(name);
        if (i === SKIPPED_PRE_ITEM) {
          pre[name] = null;
          continue;
        }
        if (i >= 0) {
          const choice = preChoice(i, name);
          await choose(name, choice);
          pre[name] = pointsOf(name)[choice]!.value;
          // Half-way, a reload; Tab then starts again from the top of the page.
          if (first && i === Math.floor(names.length / 2)) await reloadAndExpectSame(page);
        } else if (name.startsWith('k:')) {
          // Before the lessons: the first option of every question.
          await choose(name, 0);
          preKnowledge[name.slice(2)] = 0;
        } else if (name === 'demo-discipline') await choose(name, 1);
        else if (name === 'demo-years-setting') await choose(name, 2);
      }
      await clickChosen();
      expect(Object.values(pre).filter((v) => v === 8 || v === 9).length, 'some non-substantive answers').toBeGreaterThan(0);
      await reloadAndExpectSame(page);
      // The knowledge questions keep their order (per person) across a reload.
      expect(await askedGroups(page, 'knowledge')).toEqual(knowledgeNames);
      const total = names.length + bank.length;
      await expect(page.locator('[data-progress]')).toHaveText(`${total - 1} of ${total} questions answered`);
      await activate(page.getByRole('button', { name: 'Submit my answers' }));
      await expect(page.locator('[data-unanswered-notice]')).toContainText('1 question is not answered');
      // Focus went to the unanswered question; Enter submits as it is.
      await expect(page.locator(`input[name="${names[SKIPPED_PRE_ITEM]}"]`).first()).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(page).toHaveURL(lessons[0]!);

      // Back on the pre page, the submitted answers are shown, locked.
      if (first) {
        await page.goto(`/modules/${MODULE}/pre/`);
        await expect(page.locator('[data-already-done]')).toBeVisible();
        const shown = await checkedValues(page);
        expect(Object.keys(shown).filter((k) => !k.startsWith('demo-') && !k.startsWith('k:'))).toHaveLength(names.length - 1);
        await expect(page.locator(`input[name="${names[0]}"]`).first()).toBeDisabled();
        await page.goto(lessons[0]!);
      }

      // Lessons: visit each, answer its knowledge checks; the answers survive a reload
      let reloaded = false;
      for (const [n, path] of lessons.entries()) {
        await expect(page).toHaveURL(path);
        await page.waitForLoadState(); // the URL changes before the page is parsed: count its checks after
        await scan(path);
        const checks = page.locator('form[data-check]');
        for (let c = 0; c < (await checks.count()); c++) {
          const id = await checks.nth(c).getAttribute('data-check');
          // A press before the page's script is ready does nothing (as for a learner on a slow link).
          await expect(checks.nth(c)).toHaveAttribute('data-ready', '');
          await choose(`kc-${id}`, 0);
          await clickChosen();
          await activate(checks.nth(c).getByRole('button', { name: 'Check my answer' }));
          await expect(checks.nth(c).locator('[data-feedback="0"]')).toBeVisible();
        }
        if ((await checks.count()) > 0 && !reloaded) {
          await reloadAndExpectSame(page);
          await expect(checks.first().locator('[data-feedback="0"]')).toBeVisible();
          reloaded = true;
        }
        await activate(page.locator('a[data-next]'));
        await expect(page).toHaveURL(lessons[n + 1] ?? `/modules/${MODULE}/post/`);
      }

      // Post-questionnaire: the same items and knowledge questions, no questions about you the second time.
      await expect(page).toHaveURL(`/modules/${MODULE}/post/`);
      await expect(page.locator('[data-demographics-section]')).toHaveCount(0);
      expect(await askedGroups(page, 'item')).toEqual(names);
      expect(await askedGroups(page, 'knowledge'), 'the same order as before the lessons').toEqual(knowledgeNames);
      const post: Record<string, number | null> = {};
      const postKnowledge: Record<string, number> = {};
      for (const name of await askedGroups(page)) {
        const i = names.indexOf(name);
        if (i >= 0) {
          const choice = postChoice(i, name);
          await choose(name, choice);
          post[name] = pointsOf(name)[choice]!.value;
        } else {
          // After the lessons: the right answer, except for the first question in the page's order.
          const q = bank.find((x) => `k:${x.id}` === name)!;
          const choice = name === knowledgeNames[0] ? (correctIndex(q) + 1) % q.options.length : correctIndex(q);
          await choose(name, choice);
          postKnowledge[q.id] = choice;
        }
      }
      await clickChosen();
      if (first) await reloadAndExpectSame(page);
      await activate(page.getByRole('button', { name: 'Submit my answers' }));

      // Results equal a hand calculation from the answers given
      await expect(page).toHaveURL(`/modules/${MODULE}/results/`);
      await expect(page.locator('[data-results]')).toBeVisible();
      await expectNoAxeViolations(page, 'results');
      if (first) await expectReflow(page, 'results');
      for (const id of scales) {
        const practice = inst.scales.find((s) => s.id === id)!.items.every((item) => inst.items.find((i) => i.id === item)!.construct === 'practice');
        if (practice) {
          // Practice asks about the past 3 months: shown as a starting point until the follow-up.
          const start = handScore(inst, id, pre);
          if (start !== null) await expect(page.locator('[data-practice-text]')).toContainText(`Your starting point: `);
          if (start !== null) expectScoreText((await page.locator('[data-practice-text]').textContent())!.replace(/^Your starting point: /, ''), start, id);
          continue;
        }
        const row = page.locator(`tr[data-scale="${id}"]`);
        expectScoreText((await row.locator('td').nth(0).textContent())!, handScore(inst, id, pre), `${id} before`);
        expectScoreText((await row.locator('td').nth(1).textContent())!, handScore(inst, id, post), `${id} after`);
      }
      if (scales.includes('attitude-twelve-step') && scales.includes('attitude-psychiatric')) {
        const gap = (answers: Record<string, number | null>) => {
          const [a, b] = [handScore(inst, 'attitude-twelve-step', answers), handScore(inst, 'attitude-psychiatric', answers)];
          if (a === null || b === null) return 'there were not enough answers to compare';
          if (Math.abs(a - b) < 0.05) return 'you rated both kinds of group about the same';
          return `you rated 12-step groups ${Math.abs(a - b).toFixed(1)} points ${a > b ? 'more' : 'less'} favourably than psychiatric mutual support groups`;
        };
        await expect(page.locator('[data-comparison]')).toHaveText(`Before the lessons, ${gap(pre)}. After the lessons, ${gap(post)}.`);
        // "Not familiar enough to say" is counted apart, per kind of group, out of the questions asked.
        const familiarity = (prefix: string, kind: string) => {
          const count = (answers: Record<string, number | null>) => Object.entries(answers).filter(([k, v]) => k.startsWith(prefix) && v === 8).length;
          const asked = (answers: Record<string, number | null>) => Object.keys(answers).filter((k) => k.startsWith(prefix)).length;
          return `Questions about ${kind} you answered "Not familiar enough to say": ${count(pre)} of ${asked(pre)} before, ${count(post)} of ${asked(post)} after.`;
        };
        await expect(page.locator('[data-familiarity-text] p')).toContainText([
          familiarity('att-12-', '12-step groups'),
          familiarity('att-psy-', 'psychiatric mutual support groups'),
        ]);
      }
      const correct = (answers: Record<string, number>) => bank.filter((q) => answers[q.id] === correctIndex(q)).length;
      await expect(page.locator('[data-knowledge-summary]')).toHaveText(
        `Before the lessons you answered ${correct(preKnowledge)} of ${bank.length} correctly; after them, ${correct(postKnowledge)} of ${bank.length}.`,
      );
      expect(correct(postKnowledge)).toBe(bank.length - 1);

      // Download the result file: two signed records, matching what was answered
      const [download] = await Promise.all([page.waitForEvent('download'), activate(page.getByRole('button', { name: 'Download my result file' }))]);
      expect(download.suggestedFilename()).toBe(`result-${MODULE}-MA-07-SA-2-${todayUtc()}.json`);
      const records = JSON.parse(readFileSync(await download.path(), 'utf8'));
      expect(records.map((r: { timepoint: string }) => r.timepoint)).toEqual(['pre', 'post']);
      expect(records[0].responses).toEqual(pre);
      expect(records[1].responses).toEqual(post);
      expect(records[0].knowledge).toEqual(preKnowledge);
      expect(records[1].knowledge).toEqual(postKnowledge);
      expect(records[0].demographics).toMatchObject({ discipline: 'rehabilitation-worker', 'years-setting': '3-5', degree: null });
      expect(records[0].instrument.version).toBe(inst.version);
      expect(JSON.stringify(records)).not.toMatch(/María|Maria/);

      // Certificate: verification code derived from the records
      await activate(page.getByRole('link', { name: 'See my certificate' }));
      await expect(page).toHaveURL(`/modules/${MODULE}/certificate/`);
      await scan('certificate');
      if (first) await expectReflow(page, 'certificate');
      // From the record after the lessons alone: a follow-up or another module later does not change it.
      const digest = createHash('sha256')
        .update(records.find((r: { timepoint: string }) => r.timepoint === 'post').checksum)
        .digest('hex');
      const value = parseInt(digest.slice(0, 10), 16);
      const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
      let code = '';
      for (let i = 7; i >= 0; i--) code += alphabet[Math.floor(value / 32 ** i) % 32];
      await expect(page.locator('[data-cert-verification]')).toHaveText(`${code.slice(0, 4)}-${code.slice(4)}`);
      await expect(page.locator('[data-cert-code]')).toHaveText('MA-07-SA-2');
      if (!first) return;
      await page.emulateMedia({ media: 'print' });
      await expect(page.locator('.site-header')).toBeHidden();
      await expect(page.locator('[data-print]')).toBeHidden();
      await expect(page.locator('.certificate')).toBeVisible();
      await page.screenshot({ path: '.ci-out/certificate-print.png', fullPage: true });
      await page.emulateMedia({ media: 'screen' });

      // Starting again keeps the finished attempt downloadable
      await page.goto(`/modules/${MODULE}/`);
      await expect(page.getByRole('link', { name: 'Continue where you left off' })).toBeVisible();
      await tabTo(page, page.getByRole('button', { name: 'Start this module again' }));
      await page.keyboard.press('Enter');
      // Asked first, and saying what happens; "Keep" changes nothing.
      await expect(page.locator('[data-restart-confirm-text]')).toBeFocused();
      await expect(page.locator('[data-restart-confirm-text]')).toContainText('Questionnaires you submitted stay downloadable');
      await tabTo(page, page.getByRole('button', { name: 'Keep my answers as they are' }));
      await page.keyboard.press('Enter');
      await expect(page.getByRole('button', { name: 'Start this module again' })).toBeFocused();
      await expect(page.getByRole('button', { name: 'Yes, start again' })).toBeHidden();
      // Escape closes it too, back on the button.
      await page.keyboard.press('Enter');
      await expect(page.locator('[data-restart-confirm-text]')).toBeFocused();
      await page.keyboard.press('Escape');
      await expect(page.getByRole('button', { name: 'Start this module again' })).toBeFocused();
      await expect(page.getByRole('button', { name: 'Yes, start again' })).toBeHidden();
      await page.keyboard.press('Enter');
      await tabTo(page, page.getByRole('button', { name: 'Yes, start again' }));
      await page.keyboard.press('Enter');
      await expect(page.getByRole('heading', { name: 'Earlier attempts' })).toBeVisible();
      // The new attempt has the site's follow-up, as a first attempt does (not none).
      const restarted = JSON.parse((await page.evaluate(() => localStorage.getItem('msg-training:learner')))!);
      expect(restarted.units[MODULE].current.options.followUpDays).toBe(restarted.units[MODULE].archived[0].options.followUpDays);
      expect(restarted.units[MODULE].current.options.followUpDays).toBeGreaterThan(0);
      await expect(page.locator('[data-archive-list] li')).toContainText('2 questionnaires submitted');
      await expectReflow(page, 'overview with an earlier attempt');
      await tabTo(page, page.getByRole('button', { name: 'Download attempt 1' }));
      const [again] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
      expect(JSON.parse(readFileSync(await again.path(), 'utf8'))).toEqual(records);
    },
  );
}

function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}
