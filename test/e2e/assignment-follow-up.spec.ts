// A trainer's assignment with the then-test and a follow-up: the learner takes both modules from the link,
// sees the then-test in the results, takes the calendar reminder, and weeks later (the page's clock moved
// on) answers the follow-up, which then shows in the results.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { askedGroups, clickOptions, enterCode, expectNoAxeViolations, expectReflow, handScore, instrumentFile } from './helpers.ts';
import { moduleDictionary, moduleState } from '../fixtures/lms/course.ts';

const TZ = 'America/Lima'; // UTC−5 all year: the reminder's day is the learner's, not UTC's.
test.use({ timezoneId: TZ, locale: 'en-US' });

const inst = instrumentFile();
const FIRST = 'mutual-support-basics';
const LAST = 'referrals-that-work';
const DAYS = 30;
const optionValue = (page: Page, name: string, option: number) => page.locator(`input[name="${name}"]`).nth(option).getAttribute('value').then(Number);

/** Puts a learner's state (moduleState) in this site's storage, as the learner pages would have left it. */
async function storeState(page: Page, state: ReturnType<typeof moduleState>): Promise<void> {
  await page.goto('/');
  await page.evaluate((s) => {
    localStorage.setItem('msg-training:learner', JSON.stringify(s.learner));
    localStorage.setItem('msg-training:activity', JSON.stringify(s.activity));
  }, state);
}

/** Answers every visible question of one kind on a questionnaire page, returning the values given. */
async function answer(page: Page, kind: 'item' | 'then' | 'knowledge', option: (i: number) => number): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const names = await askedGroups(page, kind);
  await clickOptions(
    page,
    names.map((name, i) => [name, option(i)] as const),
  );
  for (const [i, name] of names.entries()) out[name.replace(/^(then|k):/, '')] = await optionValue(page, name, option(i));
  return out;
}

async function submit(page: Page, unanswered: boolean): Promise<void> {
  await page.getByRole('button', { name: 'Submit my answers' }).click();
  if (unanswered) await page.getByRole('button', { name: /Submit with/ }).click();
}

const number = (text: string, pattern: RegExp) => Number(pattern.exec(text)?.[1]);
const near = (shown: number, hand: number | null, what: string) => {
  expect(hand, what).not.toBeNull();
  expect(Math.abs(shown - hand!), `${what}: shown ${shown}, hand ${hand}`).toBeLessThanOrEqual(0.05 + 1e-9);
};

test("an assignment with the then-test and a follow-up, from the trainer's link to the follow-up results", async ({ page }) => {
  test.setTimeout(120_000);
  // Trainer: two modules, a cohort, the then-test, a follow-up after 30 days with the knowledge questions.
  await page.goto('/trainer/');
  await page.getByRole('checkbox', { name: /what they are and what the evidence says/ }).check();
  await page.getByRole('checkbox', { name: /From listing to linking/ }).check();
  await page.getByLabel('Cohort code').fill('Evening group');
  await page.getByRole('checkbox', { name: /"thinking back" questions/ }).check();
  await page.getByLabel('Follow-up after (days)').fill(String(DAYS));
  await page.getByRole('checkbox', { name: /knowledge questions again at the follow-up/ }).check();
  await page.getByRole('button', { name: 'Make the link' }).click();
  const link = new URL((await page.locator('[data-sheet-link]').getAttribute('href'))!);
  expect(Object.fromEntries(link.searchParams)).toEqual({ m: `${FIRST},${LAST}`, c: 'Evening group', then: '1', fu: String(DAYS), fk: '1' });

  // Learner: the landing page, then the first module, which says it is one of two.
  await page.goto(link.pathname + link.search);
  await expect(page.locator('[data-module-list] li')).toHaveText([/not started/, /not started/]);
  await page.locator('[data-module-list] a').first().click();
  await expect(page.locator('[data-unit-text]')).toContainText('2 modules in all');
  await expectNoAxeViolations(page, 'overview of a module in an assignment');
  await page.getByRole('link', { name: 'Start the module' }).click();
  await enterCode(page, ['Lia', '28', 'Cusco', '3']);
  await page.getByRole('link', { name: 'Continue to the questionnaire' }).click();

  // Before the first module: the views of both modules' scales (the union), the first module's knowledge questions.
  await expect(page).toHaveURL(`/modules/${FIRST}/pre/`);
  const items = await askedGroups(page, 'item');
  const union = [
    ...new Set(
      ['attitude-twelve-step', 'attitude-psychiatric', 'practice', 'confidence-knowledge', 'interest'].flatMap(
        (s) => inst.scales.find((x) => x.id === s)!.items,
      ),
    ),
  ];
  expect([...items].sort()).toEqual([...union].sort());
  const pre = await answer(page, 'item', (i) => i % 5);
  await submit(page, true);
  await page.waitForURL(/\/lessons\//);
  // After the first module: its knowledge questions only; then on to the second module.
  await page.goto(`/modules/${FIRST}/post/`);
  expect(await askedGroups(page, 'item')).toEqual([]);
  await answer(page, 'knowledge', () => 0);
  await submit(page, false);
  await expect(page).toHaveURL(`/modules/${LAST}/`);
  await page.goto(`/modules/${LAST}/pre/`);
  expect(await askedGroups(page, 'item')).toEqual([]);
  await answer(page, 'knowledge', () => 1);
  await submit(page, false);
  await page.waitForURL(/\/lessons\//);

  // After the last module: the views again, and the same attitude questions "thinking back".
  await page.goto(`/modules/${LAST}/post/`);
  expect(await askedGroups(page, 'item')).toEqual(items);
  const post = await answer(page, 'item', (i) => (i + 2) % 5);
  const then = await answer(page, 'then', (i) => (i + 1) % 5);
  const attitudeItems = inst.scales.filter((s) => s.id.startsWith('attitude-')).flatMap((s) => s.items);
  expect(Object.keys(then).sort()).toEqual([...attitudeItems].sort());
  await submit(page, true);

  // Results: the then-test, per attitude score, from a hand calculation.
  await expect(page).toHaveURL(`/modules/${LAST}/results/`);
  const thenText = page.locator('[data-then-text] p');
  await expect(thenText).toHaveCount(2);
  for (const [i, scale] of ['attitude-twelve-step', 'attitude-psychiatric'].entries()) {
    const text = (await thenText.nth(i).textContent())!;
    near(number(text, /before them at (\d\.\d)/), handScore(inst, scale, then), `${scale} then`);
    near(number(text, /against (\d\.\d)/), handScore(inst, scale, pre), `${scale} pre`);
  }
  // The follow-up reminder: the learner's own day, 30 days after the questionnaire after the lessons.
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('msg-training:learner')!));
  const attempt = stored.units[`${FIRST}+${LAST}`].current;
  expect(attempt.options).toEqual({ thenTest: true, followUpDays: DAYS, followUpKnowledge: true });
  const due = new Date(Date.parse(attempt.steps.post.completedAt) + DAYS * 86_400_000);
  const dayIn = (options: Intl.DateTimeFormatOptions, locale = 'en-US') => new Intl.DateTimeFormat(locale, { timeZone: TZ, ...options }).format(due);
  await expect(page.locator('[data-followup-when]')).toContainText(`ready on ${dayIn({ dateStyle: 'long' })}`);
  await expectNoAxeViolations(page, 'results with then-test and follow-up reminder');
  await expectReflow(page, 'results with then-test and follow-up reminder');
  const [ics] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Add a reminder to my calendar/ }).click()]);
  expect(ics.suggestedFilename()).toBe(`follow-up-${LAST}.ics`);
  const calendar = readFileSync(await ics.path(), 'utf8');
  const lines = calendar.replace(/\r\n[ \t]/g, '').split('\r\n');
  expect(lines[0]).toBe('BEGIN:VCALENDAR');
  expect(lines).toContain('VERSION:2.0');
  expect(lines).toContain('BEGIN:VEVENT');
  expect(lines.filter((l) => l === 'END:VCALENDAR')).toHaveLength(1);
  expect(lines).toContain(`DTSTART;VALUE=DATE:${dayIn({ year: 'numeric', month: '2-digit', day: '2-digit' }, 'en-CA').replace(/-/g, '')}`);
  expect(lines.find((l) => l.startsWith('URL'))).toMatch(/\/assignment\/\?.*go=follow-up/);
  expect(lines.find((l) => l.startsWith('SUMMARY'))).toContain('Follow-up questionnaire: From listing to linking');

  // Not yet: the follow-up page says when it opens and asks nothing.
  await page.goto(`/modules/${LAST}/follow-up/`);
  await expect(page.locator('[data-too-early]')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Submit my answers' })).toBeHidden();

  // 31 days later, the home page says the follow-up is due and leads to it.
  await page.clock.setFixedTime(due.getTime() + 86_400_000);
  await page.goto('/');
  await expect(page.locator('[data-followups]')).toBeVisible();
  await page.locator('[data-followup-list] a').click();
  await expect(page).toHaveURL(`/modules/${LAST}/follow-up/`);
  await expect(page.locator('[data-too-early]')).toBeHidden();
  // Views and practice (not confidence or interest), and both modules' knowledge questions.
  const followItems = await askedGroups(page, 'item');
  const followScales = ['attitude-twelve-step', 'attitude-psychiatric', 'practice'];
  expect([...followItems].sort()).toEqual(followScales.flatMap((s) => inst.scales.find((x) => x.id === s)!.items).sort());
  expect(await askedGroups(page, 'knowledge')).toHaveLength(16);
  await expectNoAxeViolations(page, 'follow-up');
  const followup = await answer(page, 'item', (i) => (i + 3) % 5);
  await submit(page, true);

  // Results: practice before the module and at the follow-up.
  await expect(page).toHaveURL(`/modules/${LAST}/results/`);
  await expect(page.locator('[data-practice-text]')).toContainText('at the follow-up');
  const practice = (await page.locator('[data-practice-text]').textContent())!;
  near(number(practice, /was (\d\.\d) before the module/), handScore(inst, 'practice', pre), 'practice before');
  near(number(practice, /and (\d\.\d) at the follow-up/), handScore(inst, 'practice', followup), 'practice at follow-up');
  await expect(page.locator('[data-followup-offer]')).toBeHidden();
  await expectNoAxeViolations(page, 'results after the follow-up');
  await expectReflow(page, 'results after the follow-up');

  // The result file holds every record of the assignment, each with the cohort.
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download my result file' }).click()]);
  const records = JSON.parse(readFileSync(await file.path(), 'utf8')) as {
    timepoint: string;
    cohort: string;
    modules: string[];
    responses: Record<string, number | null>;
  }[];
  expect(records.map((r) => r.timepoint)).toEqual(['pre', 'post', 'pre', 'post', 'then', 'followup']);
  expect(new Set(records.map((r) => `${r.cohort}|${r.modules.join(',')}`))).toEqual(new Set([`Evening group|${FIRST},${LAST}`]));
  expect(records.find((r) => r.timepoint === 'then')!.responses).toEqual(then);
  expect(records.find((r) => r.timepoint === 'post' && Object.keys(r.responses).length)!.responses).toEqual(post);
});

test('the then-test looks back only on views the assignment asks about: none for a module without them', async ({ page }) => {
  const module = 'referrals-that-work'; // practice, confidence and interest: no attitude scale
  await page.goto(`/assignment/?m=${module}&c=Solo&then=1`);
  await expect(page.locator('[data-module-list] li')).toHaveCount(1);
  await page.getByRole('link', { name: /From listing to linking/ }).click();
  await page.getByRole('link', { name: 'Start the module' }).click();
  await enterCode(page, ['Lia', '28', 'Cusco', '3']);
  await page.getByRole('link', { name: 'Continue to the questionnaire' }).click();
  const items = await askedGroups(page, 'item');
  await submit(page, true);
  await page.waitForURL(/\/lessons\//);
  await page.goto(`/modules/${module}/post/`);
  expect(await askedGroups(page, 'item')).toEqual(items);
  expect(await askedGroups(page, 'then')).toEqual([]);
  await expect(page.locator('[data-then-section]')).toBeHidden();
  await expect(page.locator('[data-progress]')).toHaveText(`0 of ${items.length + 8} questions answered`);
  await submit(page, true);
  await expect(page).toHaveURL(`/modules/${module}/results/`);
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download my result file' }).click()]);
  expect((JSON.parse(readFileSync(await file.path(), 'utf8')) as { timepoint: string }[]).map((r) => r.timepoint)).toEqual(['pre', 'post']);
});

test("a link for another group after a finished attempt: starting again there takes that link's then-test and follow-up", async ({ page }) => {
  // A whole module done without a group, made with the learner pages' own state transitions.
  const state = moduleState(moduleDictionary(FIRST));
  await storeState(page, state);
  await page.goto(`/assignment/?m=${FIRST}&c=ward-b&then=1&fu=45`);
  await expect(page.getByRole('heading', { name: 'You have already started' })).toBeVisible();
  await page.getByRole('button', { name: 'Start again for "ward-b" (your earlier answers are kept)' }).click();
  const learner = JSON.parse((await page.evaluate(() => localStorage.getItem('msg-training:learner')))!);
  expect(learner.units[FIRST].current).toMatchObject({ cohort: 'ward-b', options: { thenTest: true, followUpDays: 45 } });
  expect(learner.units[FIRST].archived).toHaveLength(1);
  await expectNoAxeViolations(page);
});

test('a link for several modules keeps the results and certificate of a module finished on its own, until it is finished there', async ({ page }) => {
  // The first module done on its own, made with the learner pages' own state transitions.
  const state = moduleState(moduleDictionary(FIRST));
  // With a follow-up due in 30 days: it is offered with the attempt's own unit's results, not from here.
  state.learner.units[FIRST]!.current.options.followUpDays = DAYS;
  await storeState(page, state);
  const finished = state.learner.units[FIRST]!.current.steps.post!.record!;
  const finishedOn = new Date(finished.completedAt).toLocaleDateString('en-US', { dateStyle: 'long', timeZone: TZ });
  // Then a trainer's link for it and another module: the module's pages now belong to the assignment.
  await page.goto(`/assignment/?m=${FIRST},${LAST}&c=ward-c`);
  await expect(page.locator('[data-module-list] li')).toHaveCount(2);
  await page.goto(`/modules/${FIRST}/results/`);
  await expect(page.locator('[data-results]')).toBeVisible();
  await expect(page.locator('[data-results-missing]')).toBeHidden();
  await expect(page.locator('[data-results-elsewhere]')).toHaveText(
    `These are your results from the module as you took it on its own, finished on ${finishedOn}. Once you finish the module again, this page shows those results instead; its follow-up is offered there.`,
  );
  await expect(page.locator('[data-followup-offer]')).toBeHidden();
  await expect(page.locator('[data-results-body] tr').first()).toBeVisible();
  await expectNoAxeViolations(page, 'results of a module finished on its own, under a later link');
  await page.goto(`/modules/${FIRST}/certificate/`);
  await expect(page.locator('[data-certificate]')).toBeVisible();
  await expect(page.locator('[data-cert-code]')).toHaveText(finished.participant);
  await expect(page.locator('[data-certificate-missing]')).toBeHidden();
  // The other module of the link was never finished: nothing to show there.
  await page.goto(`/modules/${LAST}/certificate/`);
  await expect(page.locator('[data-certificate-missing]')).toBeVisible();
});

test('a follow-up answered in another browser (from the calendar link) can be downloaded there, from the overview', async ({ page }) => {
  // A fresh browser: nothing of the module was done here.
  await page.goto(`/assignment/?m=${LAST}&c=Team+F&fu=${DAYS}&go=follow-up`);
  await page.getByRole('link', { name: 'Answer the follow-up questionnaire' }).click();
  await expect(page).toHaveURL(`/modules/${LAST}/follow-up/`);
  await page.locator('[data-needs-code] a').click();
  await enterCode(page, ['Ana', '3', 'Lima', '0']);
  await page.getByRole('link', { name: 'Continue to the follow-up questionnaire' }).click();
  await expect(page).toHaveURL(`/modules/${LAST}/follow-up/`);
  await answer(page, 'item', (i) => i % 5);
  await submit(page, false);

  // No results here (the questionnaire after the lessons was answered elsewhere): the page says where the answers are.
  await expect(page).toHaveURL(`/modules/${LAST}/results/`);
  await expect(page.locator('[data-results-missing]')).toContainText('download every questionnaire you have submitted here, a follow-up included');
  await page.locator('[data-results-missing] a').click();
  await expect(page).toHaveURL(`/modules/${LAST}/`);
  await expect(page.locator('[data-submitted]')).toBeVisible();
  await expectNoAxeViolations(page, 'overview with a follow-up only');
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('[data-submitted]').getByRole('button', { name: 'Download my result file' }).click(),
  ]);
  const records = JSON.parse(readFileSync(await file.path(), 'utf8')) as { timepoint: string; cohort: string; participant: string }[];
  expect(records.map((r) => `${r.timepoint} ${r.cohort} ${r.participant}`)).toEqual(['followup Team F AN-03-LI-0']);
});
