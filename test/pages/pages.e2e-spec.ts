import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestApp, TestApp } from '../support/test-app';
import { launchChromium } from './browser';
import { AREA, COHORT, cohortStory, CORRECTED_ARREST_ID, PERSON_1, PERSON_2 } from './cohort-story';

/**
 * The README's screenshots: refreshed in docs/screenshots with UPDATE_SCREENSHOTS=1 (npm run
 * screenshots); otherwise taken all the same, into a temporary directory, so a test run leaves
 * the working tree as it found it.
 */
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS
  ? path.join(__dirname, '..', '..', 'docs', 'screenshots')
  : fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-screenshots-'));

/** The pages in a real browser against the real app and a fresh database (figures from cohort-story.ts). */
describe('pages', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  const tokens: Record<string, string> = {};
  const downloads = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-pages-'));

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    tokens.recorder = await t.token('recorder', AREA);
    tokens.iom = await t.token('iom-lead', AREA);
    tokens.mappa = await t.token('mappa-coordinator', AREA);
    tokens.auditor = await t.token('auditor');
    await t.http().post('/api/events').set('Authorization', `Bearer ${tokens.recorder}`).send(cohortStory()).expect(201);
    browser = await launchChromium();
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    fs.rmSync(downloads, { recursive: true, force: true });
    // A plain test run keeps no screenshots (each run used to leave its eight pictures behind).
    if (!process.env.UPDATE_SCREENSHOTS) fs.rmSync(SCREENSHOTS, { recursive: true, force: true });
  });

  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1200, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
    problems = [];
    // A CSP violation or a script error shows up here; the pages must have none.
    page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
    page.on('pageerror', (error) => problems.push(error.message));
  });

  afterEach(async () => {
    await context.close();
    expect(problems).toEqual([]);
  });

  const api = async (token: string, url: string, purpose?: string) => {
    const request = t.http().get(url).set('Authorization', `Bearer ${token}`);
    if (purpose) request.set('X-Purpose', purpose);
    return (await request.expect(200)).body;
  };

  async function signIn(token: string) {
    await page.goto(`${base}/`);
    await page.getByLabel('Access token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#session').waitFor();
  }

  const text = (selector: string) => page.locator(selector).first().innerText();
  const cohortFigure = (measure: string, window: string) => text(`#cohort-table [data-measure="${measure}"][data-window="${window}"]`);
  const shoot = (name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });

  it('signs in with a token and shows who is signed in, with their role and area, and a sign-out link', async () => {
    const response = await page.goto(`${base}/`);
    expect(response?.headers()['content-security-policy']).toContain("default-src 'self'");
    expect(await page.locator('h1').count()).toBe(1);
    await shoot('sign-in');
    await signIn(tokens.iom);
    expect(await text('#session')).toContain(`Signed in as test-iom-lead, role iom-lead, area ${AREA}`);
    await expect(page.getByRole('link', { name: 'IOM cohorts' }).first().isVisible()).resolves.toBe(true);
    // An IOM lead is not offered MAPPA.
    await expect(page.locator('#main-nav').getByRole('link', { name: 'MAPPA' }).isVisible()).resolves.toBe(false);
    await shoot('home-iom-lead');
    await page.getByRole('link', { name: 'Sign out' }).click();
    await page.getByLabel('Access token').waitFor();
    // The token is gone from the tab (the test runs in Node, whose lib has no DOM types).
    expect(await page.evaluate('window.sessionStorage.length')).toBe(0);
  });

  it('opens a cohort, reads its reduction, and shows new figures when the date changes', async () => {
    await signIn(tokens.iom);
    await page.goto(`${base}/iom`);
    await page.getByRole('link', { name: COHORT }).click();
    await page.getByLabel('Evaluate at').fill('2024-07-15');
    await page.getByRole('button', { name: 'Show figures' }).click();
    await page.waitForURL(/at=2024-07-15/);
    await page.locator('#cohort-table').waitFor();

    // Arrests PRE: P-1's 2023-08-01, 2023-11-20, 2024-01-10 = 3 (both members' windows);
    // POST: P-1's corrected 2024-02-20 and P-2's 2024-05-10 = 2; reduction (3 - 2) / 3 = 33.3%.
    expect([await cohortFigure('arrests', 'pre'), await cohortFigure('arrests', 'post'), await cohortFigure('arrests', 'reduction')]).toEqual(['3', '2', '33.3%']);
    // Proven: the 2024-01-09 offence (convicted 2024-04-01) is PRE = 1, none POST: 100.0%.
    expect([await cohortFigure('proven', 'pre'), await cohortFigure('proven', 'post'), await cohortFigure('proven', 'reduction')]).toEqual(['1', '0', '100.0%']);

    // The page shows what the API answers.
    const progress = await api(tokens.iom, `/api/iom/cohorts/${COHORT}/progress?at=2024-07-15`);
    expect(progress.cohort.arrests).toEqual({ pre: 3, post: 2 });
    expect(progress.cohort.reductionPercent).toEqual({ arrests: 33.3, provenOffences: 100 });
    expect(await page.locator('#members-table tbody tr').count()).toBe(progress.members.length);

    // P-2 was adopted by the automatic MAPPA rule, with its recorded reason.
    const adoption = page.locator('#adoptions-table tbody tr', { hasText: PERSON_2 });
    expect(await adoption.innerText()).toContain('Automatically, by rule');
    expect(await adoption.innerText()).toContain('Automatic: MAPPA category 2 managed at level 2');
    expect(await page.locator('#adoptions-table tbody tr', { hasText: PERSON_1 }).innerText()).toContain('By decision');

    // The chart's bars add up to the PRE and POST arrests: 3 + 2 = 5.
    // The figures sit in a closed <details>: their text is there even though it is not rendered.
    const monthlyArrests = await page.locator('#chart-table tbody tr td:nth-child(2)').allTextContents();
    expect(monthlyArrests.map(Number).reduce((a, b) => a + b, 0)).toBe(5);
    expect(await page.locator('#chart svg[role="img"] rect').count()).toBe(2 * monthlyArrests.length);
    await shoot('iom-cohort');

    // At 2024-02-15 P-2 (adopted 2024-04-01) is not yet a member; P-1's window is 31 days:
    // PRE [2023-12-15, 2024-01-15) holds the 2024-01-10 arrest, POST [2024-01-15, 2024-02-15) none: 100.0%.
    // The 2024-01-09 offence was not proven until 2024-04-01, so proven PRE = 0 and no reduction applies.
    await page.getByLabel('Evaluate at').fill('2024-02-15');
    await page.getByRole('button', { name: 'Show figures' }).click();
    await page.waitForURL(/at=2024-02-15/);
    await page.locator('#cohort-table').waitFor();
    expect([await cohortFigure('arrests', 'pre'), await cohortFigure('arrests', 'post'), await cohortFigure('arrests', 'reduction')]).toEqual(['1', '0', '100.0%']);
    expect(await cohortFigure('proven', 'reduction')).toBe('n/a (none before)');
    expect(await page.locator('#members-table tbody tr').count()).toBe(1);
  });

  it("opens a person's record as known before and after a correction, and marks what was learned later", async () => {
    await signIn(tokens.iom);
    const arrest = page.locator(`#timeline li[data-event-id="${CORRECTED_ARREST_ID}"]`);
    const open = async (knownAt: string, compare = false) => {
      await page.getByLabel('Why are you opening this record?').fill('IOM case review');
      await page.getByLabel('As known at').fill(knownAt);
      await page.getByLabel(/Compare with now/).setChecked(compare);
      await page.getByRole('button', { name: 'Open record' }).click();
      await page.locator('#timeline-count', { hasText: knownAt }).waitFor();
    };
    await page.goto(`${base}/persons/${PERSON_1}`);

    // Without a purpose nothing is read.
    await page.getByRole('button', { name: 'Open record' }).click();
    expect(await text('#purpose-error')).toBe('Say why you are opening this record.');

    // 1 May 2024: the arrest was on record with its wrong date, not yet corrected (1 June).
    await open('2024-05-01');
    expect(await arrest.locator('time').innerText()).toBe('2024-03-01');
    expect(await arrest.locator('.badge').count()).toBe(0);

    // 15 June 2024: the correction is known: the arrest moves to 20 February and says why.
    await open('2024-06-15');
    expect(await arrest.locator('time').innerText()).toBe('2024-02-20');
    expect(await arrest.locator('.badge').innerText()).toBe('Corrected');
    expect(await arrest.innerText()).toContain('Wrong date keyed');
    expect(await arrest.innerText()).toContain('Originally recorded: 2024-03-01');
    await shoot('person-timeline');

    // Comparing 15 March with now: the arrest was corrected later, the conviction recorded later (2 April).
    await open('2024-03-15', true);
    expect(await arrest.locator('.badge.later').innerText()).toBe('Corrected later');
    const conviction = page.locator('#timeline li[data-type="conviction.recorded"]');
    expect(await conviction.locator('.badge.later').innerText()).toBe('Recorded later');
    // 4 arrests, the registration, the adoption and the conviction, as known now.
    expect(await page.locator('#timeline > li').count()).toBe(7);
    await page.getByLabel('Event type').selectOption('conviction.recorded');
    expect(await page.locator('#timeline > li').count()).toBe(1);
    await page.getByLabel('Agency (source system)').selectOption('ndelius');
    expect(await page.locator('#timeline > li').count()).toBe(0);
    await shoot('person-compare');

    // Every read went to the access log with the stated purpose.
    const access = await api(tokens.auditor, `/api/audit/access?personId=${PERSON_1}`);
    expect(access.entries.length).toBeGreaterThanOrEqual(6); // 3 opens x (summary + timeline), + the "now" timeline
    expect(access.entries.every((entry: { purpose: string }) => entry.purpose === 'IOM case review')).toBe(true);
  });

  it('prepares the review chronology pack and downloads it as a PDF with the same entries', async () => {
    await signIn(tokens.iom);
    await page.goto(`${base}/persons/${PERSON_1}/chronology?from=2024-01-01&to=2024-12-31&knownAt=2024-03-15`);
    await page.getByLabel('Why are you opening this record?').fill('Serious further offence review');
    await page.getByRole('button', { name: 'Show chronology' }).click();
    await page.locator('#pack-entries').waitFor();
    // 2024 holds: 2024-01-10 arrest, 2024-01-15 adoption, 2024-02-20 arrest (corrected), 2024-04-01 conviction.
    const pack = await api(tokens.iom, `/api/persons/${PERSON_1}/chronology?from=2024-01-01&to=2024-12-31&knownAt=2024-03-15`, 'test');
    expect(pack.entries.map((entry: { occurredOn: string }) => entry.occurredOn)).toEqual(['2024-01-10', '2024-01-15', '2024-02-20', '2024-04-01']);
    expect(await page.locator('#pack-entries > li time').allInnerTexts()).toEqual(['2024-01-10', '2024-01-15', '2024-02-20', '2024-04-01']);
    expect(await page.locator(`#pack-entries li[data-event-id="${CORRECTED_ARREST_ID}"] [data-known-at="2024-03-15"]`).innerText()).toBe('on record, corrected since');
    await shoot('chronology-pack');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download PDF' }).click()]);
    const file = path.join(downloads, download.suggestedFilename());
    await download.saveAs(file);
    expect(download.suggestedFilename()).toBe(`chronology-${PERSON_1}-2024-01-01-2024-12-31.pdf`);
    const pdfText = execFileSync('pdftotext', ['-layout', file, '-']).toString('utf8').replace(/\s+/g, ' ');
    expect(pdfText).toContain(`Review chronology: ${PERSON_1}`);
    expect(pdfText).toContain('Period: 2024-01-01 to 2024-12-31');
    expect(pdfText).toContain('for test-iom-lead (iom-lead). Stated purpose: Serious further offence review');
    expect(pdfText).toContain('2024-02-20 Arrested: Burglary dwelling');
    expect(pdfText).toContain('Originally recorded as: 2024-03-01');
    expect(pdfText).toContain('by pnc.feed: Wrong date keyed');
    expect(pdfText).toContain('Known at: 2024-03-15 on record, corrected since');
    // The conviction was recorded on 2 April, after the known-at date.
    expect(pdfText).toContain('2024-04-01 Convicted: Burglary dwelling');
    expect(pdfText).toContain('Known at: 2024-03-15 NOT yet recorded');
    expect(pdfText).toContain('Source system: pnc');
  });

  it('shows the MAPPA snapshot, reviews and period figures as the API does, and downloads them as CSV', async () => {
    await signIn(tokens.mappa);
    await page.goto(`${base}/mappa?at=2024-07-15&from=2024-04-01&to=2025-03-31`);
    await page.locator('#snapshot-table').waitFor();
    await page.locator('#reviews-table').waitFor();
    await page.locator('#period-levels-table').waitFor();
    const snapshot = await api(tokens.mappa, '/api/mappa/snapshot?at=2024-07-15');
    // P-2: category 2, level 2 since 2024-03-20: one person in the whole table.
    expect(snapshot.table['2']['2']).toBe(1);
    expect(await text('#snapshot-table [data-category="2"][data-level="2"]')).toBe(String(snapshot.table['2']['2']));
    expect(await text('#snapshot-table [data-category="all"][data-level="all"]')).toBe(String(snapshot.totals.all));
    // Next review due 2024-03-20 + 16 weeks = 2024-07-10, before 2024-07-15: overdue.
    const review = page.locator('#reviews-table tbody tr', { hasText: PERSON_2 });
    expect(await review.innerText()).toContain('2024-07-10');
    expect(await review.innerText()).toContain('Overdue');
    expect(await text('#period-levels-table [data-category="2"][data-level="2"]')).toBe('1');
    await shoot('mappa');

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('button[data-csv^="mappa-snapshot"]').click()]);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')).toContain('Category 2: violent and other sexual offenders,0,1,0,1');
  });

  it('shows auditors the verification, the global log and who read a record', async () => {
    await signIn(tokens.auditor);
    await page.goto(`${base}/audit`);
    // 12 events in the story, in 2 streams.
    await page.locator('#verify-status', { hasText: 'Intact' }).waitFor();
    expect(await text('#verify-status')).toContain('Intact: 12 events in 2 streams');
    await page.locator('#log-table').waitFor();
    expect(await page.locator('#log-table tbody tr').count()).toBe(12);
    await page.getByLabel('Person id').fill(PERSON_1);
    await page.getByRole('button', { name: 'Show access log' }).click();
    await page.locator('#access-table').waitFor();
    expect(await text('#access-table')).toContain('IOM case review');
    await shoot('audit');
  });
});
