/**
 * End-to-end tests of the web app in real headless Chromium (Debian's /usr/bin/chromium, driven
 * by playwright-core): the production build is served by `vite preview` and used as a user would.
 * Screenshots of the main views go to test-artifacts/ (look at them).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, preview, type PreviewServer } from 'vite';
import { chromium, type Browser, type Page } from 'playwright-core';
import { main } from '../../src/cli/main.js';
import { defaultState, encodeLink } from '../../web/src/state.js';
import { DESIGN_FILES } from '../../web/src/scenarios.js';
import { targetsFor } from '../../web/src/targets.js';
import { calibrationTable } from '../../src/experiment/calibration.js';
import { DUTCH_WORDS, ENGLISH_WORDS, foreignWords } from '../web/language.js';

const ROOT = resolve(__dirname, '../..');
const ARTIFACTS = join(ROOT, 'test-artifacts');
const CHROMIUM = process.env.KETENSIM_CHROMIUM ?? '/usr/bin/chromium';
const skip = process.env.KETENSIM_SKIP_E2E === '1';

// A quicker experiment than the app's default, so the suite stays short; the CLI gets the same.
const settings = { reps: 6, seed: 1, horizonYears: 2, warmupYears: 1, equal: 'designed' as const };
const JAREN = ['scenarios/jaren/nijmegen-2026-2030.yaml', 'scenarios/jaren/overgang-brede-basisteams-2027.yaml', 'scenarios/jaren/overgang-geoptimaliseerd-2027.yaml'];
const link = (extra: Partial<ReturnType<typeof defaultState>> = {}) => encodeLink({ ...defaultState(DESIGN_FILES), settings, ...extra });

let server: PreviewServer;
let browser: Browser;
let base: string;

async function open(hash = link(), viewport = { width: 1400, height: 1000 }): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport, acceptDownloads: true });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('request', (r) => {
    if (!r.url().startsWith(base) && !/^(blob|data):/.test(r.url())) problems.push(`request to another origin: ${r.url()}`);
  });
  // As a returning user: the first-visit tour (tested on its own below) is done.
  await page.addInitScript(() => localStorage.setItem('ketensim.tour', 'done'));
  await page.goto(`${base}${hash}`);
  return { page, problems };
}

async function waitDone(page: Page, reps = settings.reps): Promise<void> {
  await page.waitForSelector(`#status[data-reps="${reps}"]`, { timeout: 240_000 });
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

describe.skipIf(skip)('web app in Chromium', () => {
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set KETENSIM_SKIP_E2E=1 to skip the browser tests)`);
    mkdirSync(ARTIFACTS, { recursive: true });
    // Without the default comparison computed at build time (test/web/precompute.test.ts covers
    // it; every test here uses settings of its own, and computing it would add half a minute).
    process.env.KETENSIM_PRECOMPUTE = '0';
    await build({ configFile: join(ROOT, 'web/vite.config.ts'), logLevel: 'warn' });
    server = await preview({ configFile: join(ROOT, 'web/vite.config.ts'), preview: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' });
    base = server.resolvedUrls!.local[0]!.replace(/\/$/, '/');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((r) => server?.httpServer.close(() => r()));
  });

  it('the built app loads with its CSP, makes no requests elsewhere, and shows the four designs', async () => {
    const { page, problems } = await open();
    expect(await page.locator('h1').textContent()).toMatch(/ketensim/);
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toMatch(/default-src 'self'/);
    // First numbers come from a first estimate, then refine to the full count.
    await page.waitForSelector('#status:not([data-reps="0"])', { timeout: 120_000 });
    await waitDone(page);
    const names = await page.locator('.card[data-kpi="wait_intake_weeks"] li').evaluateAll((els) => els.map((e) => e.getAttribute('data-scenario')));
    expect(names).toEqual(['nijmegen-2019-indicatiemodel', 'geoptimaliseerd-indicatiemodel', 'brede-basisteams', 'one-stop-shop']);
    // The headline view comes first: one sentence per design against the baseline, and the main chart.
    expect(await page.locator('#tab-compare').getAttribute('aria-selected')).toBe('true');
    const sentences = await page.locator('#headline li').allTextContents();
    expect(sentences).toHaveLength(3);
    for (const s of sentences) expect(s).toMatch(/^ ?Met (Geoptimaliseerd|Brede basisteams|One-stop-shop) .* (korter|langer) op een eerste gesprek \(95%-BI \d+,\d+ tot \d+,\d+\)|geen aantoonbaar verschil/);
    expect(await page.locator('svg.kpi-chart g.kpi-row').count()).toBe(4);
    await page.selectOption('#main-kpi', 'cost_total_meur');
    expect(await page.locator('svg.kpi-chart').getAttribute('aria-label')).toBe('Kosten per jaar (M€)');
    expect(await page.locator('#headline li').first().textContent()).toMatch(/de kosten|kosten per jaar/);
    await shot(page, 'app-vergelijken');
    await page.click('#tab-flow');
    await shot(page, 'app-stroom');
    // The flow chart is one tab stop; the arrow keys move between its bands.
    expect(await page.locator('figure[data-chart^="stroom"] svg [tabindex="0"]').count()).toBe(1);
    await page.locator('figure[data-chart^="stroom"] svg [tabindex="0"]').focus();
    const first = await page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).not.toBe(first);
    expect(problems).toEqual([]);
    await page.close();
  }, 300_000);

  it('the KPI table equals what the CLI prints for the same scenarios and seed', async () => {
    const { page } = await open(link({ tab: 'table' }));
    await waitDone(page);
    const cells = await page.locator('#kpi-table td[data-mean]').evaluateAll((els) => els.map((e) => ({ kpi: e.parentElement!.getAttribute('data-kpi')!, scenario: e.getAttribute('data-scenario')!, mean: e.getAttribute('data-mean')! })));
    const out: string[] = [];
    const code = await main(['compare', '--reps', '6', '--seed', '1', '--horizon-years', '2', '--warmup-years', '1', '--workers', '1', '--json'], { out: (s) => out.push(s), err: () => undefined });
    expect(code).toBe(0);
    const cli = JSON.parse(out.join('\n')) as { scenarios: Record<string, Record<string, { mean: number }>> };
    expect(cells.length).toBeGreaterThanOrEqual(3 * 15);
    // The same model code and random numbers; Chromium's and Node's JS engines may differ in the
    // last bit of a floating-point result, so the check allows a relative 1e-12.
    for (const c of cells.filter((x) => x.mean !== '')) {
      const want = cli.scenarios[c.scenario]![c.kpi]!.mean;
      expect(Math.abs(Number(c.mean) - want), `${c.scenario} ${c.kpi}: ${c.mean} vs ${want}`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want)));
    }
    await shot(page, 'app-tabel');
    await page.close();
  }, 300_000);

  it('equal terms: staff, money and utilisation next to the KPIs; the switch gives the numbers of compare --equal budget and staff', async () => {
    const two = { ...defaultState(DESIGN_FILES), settings, tab: 'table' as const };
    two.slots = [two.slots[0]!, two.slots[2]!];
    const { page, problems } = await open(encodeLink(two));
    await waitDone(page);
    // As designed: FTE, cost by post and utilisation in the table, a staff card, the policies that
    // differ, and the warning that the basisteams have slack the baseline does not (in Dutch).
    for (const k of ['fte_access_total', 'fte.basisteam', 'cost_by_type.access.basisteam', 'cost_by_type.care.begeleiding', 'utilisation.basisteam', 'utilisation.swt']) expect(await page.locator(`#staff-table tr[data-kpi="${k}"]`).count(), k).toBe(1);
    expect(await page.locator('#staff-table tr[data-kpi="cost_by_type.care.begeleiding"] th').textContent()).toMatch(/^Kosten begeleiding \(M€\)( i)?$/);
    expect(await page.locator('.card.staff li').count()).toBe(2);
    expect(await page.locator('#policy-table tr[data-policy="placement"]').textContent()).toMatch(/Plaatsing.*getrapt \(wijkteam\).*passend \(basisteam\)/);
    expect(await page.locator('#fairness').textContent()).toMatch(/Let op, Brede basisteams: de toegang \(basisteam\) is \d+% bezet/);
    const cells = () => page.locator('#kpi-table td[data-mean], #staff-table td[data-mean]').evaluateAll((els) => els.map((e) => ({ kpi: e.parentElement!.getAttribute('data-kpi')!, scenario: e.getAttribute('data-scenario')!, mean: e.getAttribute('data-mean')! })));
    const cli = async (equal: string) => {
      const out: string[] = [];
      const code = await main(['compare', ...two.slots.map((x) => join(ROOT, x.file)), '--equal', equal, '--reps', '6', '--seed', '1', '--horizon-years', '2', '--warmup-years', '1', '--workers', '1', '--json'], { out: (x) => out.push(x), err: () => undefined });
      expect(code).toBe(0);
      return JSON.parse(out.join('\n')) as { equal: { designs: { factor: number }[] }; scenarios: Record<string, Record<string, { mean: number }>> };
    };
    const same = (shown: Awaited<ReturnType<typeof cells>>, want: Awaited<ReturnType<typeof cli>>) => {
      for (const c of shown.filter((x) => x.mean !== '')) {
        const w = want.scenarios[c.scenario]![c.kpi]?.mean ?? null;
        // A KPI a design does not have: NaN here, null in the CLI's JSON.
        if (w === null && c.mean === 'NaN') continue;
        expect(Math.abs(Number(c.mean) - w), `${c.scenario} ${c.kpi}: ${c.mean} vs ${w}`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(w)));
      }
    };
    // Equal budget: a quick search first (provisional), then the CLI's search with all replications.
    await page.check('#equal-budget');
    await page.waitForSelector('#status[data-done="true"]', { timeout: 240_000 });
    expect(await page.locator('#fairness').textContent()).toMatch(/^Gelijk budget: elk ontwerp kost per jaar wat Basis 2019 kost \(\d+,\d\d M€\); .*Brede basisteams ×0,\d+ →/);
    const budget = await cli('budget');
    expect(budget.equal.designs[1]!.factor).toBeLessThan(1);
    const shownBudget = await cells();
    expect(shownBudget.length).toBeGreaterThan(2 * 25);
    same(shownBudget, budget);
    await shot(page, 'app-gelijk-budget');
    // The report records how the designs were compared, and shows staff, money and utilisation.
    const [rep] = await Promise.all([page.waitForEvent('download'), page.click('#btn-report')]);
    const html = readFileSync((await rep.path())!, 'utf8');
    expect(html).toMatch(/Hoe de ontwerpen zijn vergeleken/);
    expect(html).toMatch(/Gelijk budget: elk ontwerp kost per jaar/);
    expect(html).toMatch(/FTE in toegang en eerste lijn \(FTE\)/);
    expect(html).toMatch(/Kosten begeleiding \(M€\)/);
    expect(html).toMatch(/Bezetting basisteam \(%\)/);
    // Equal staff: exact, so the FTE in access and first line are the baseline's.
    await page.check('#equal-staff');
    await page.waitForSelector('#status[data-done="true"]', { timeout: 240_000 });
    same(await cells(), await cli('staff'));
    const fte = await page.locator('#staff-table tr[data-kpi="fte_access_total"] td').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-mean'))));
    expect(fte[1]).toBeCloseTo(fte[0]!, 9);
    expect(page.url()).toContain('#s=');
    expect(problems).toEqual([]);
    await page.close();
  }, 300_000);

  it('a slider move updates the numbers of that scenario only; undo brings them back', async () => {
    const { page } = await open(link({ active: 2 }));
    await waitDone(page);
    const read = () => page.locator('.card[data-kpi="wait_intake_weeks"] li .value').evaluateAll((els) => els.map((e) => e.getAttribute('data-mean')));
    const before = await read();
    // Slot 2 (brede basisteams) is active: lower the basisteam staff with the keyboard.
    const slider = page.locator('#lever-basisteam-staff-fte');
    const start = Number(await slider.inputValue());
    // While the slider is dragged (input events, not yet released), the scenario's cards show estimates.
    await slider.dispatchEvent('pointerdown');
    await slider.evaluate((el, v) => {
      (el as HTMLInputElement).value = String(v);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, start - 40);
    await page.waitForSelector(`#cards[data-preview="${start - 40}"]`, { timeout: 120_000 });
    expect(await page.locator('.card[data-kpi="wait_intake_weeks"] li').nth(2).locator('.value.preview').count()).toBe(1);
    expect(await page.locator('.card[data-kpi="wait_intake_weeks"] li .value.preview').count()).toBe(1);
    await slider.evaluate((el, v) => {
      (el as HTMLInputElement).value = String(v);
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    }, start);
    await slider.focus();
    // Each arrow key is a change (and an undo step); the focus stays on the slider.
    for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowLeft');
    expect(await slider.inputValue()).toBe(String(start - 6));
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('lever-basisteam-staff-fte');
    // Then far fewer staff by typing, so the wait surely grows: 7 undo steps in all.
    await page.locator('#lever-basisteam-staff-fte-num').fill('30');
    await page.locator('#lever-basisteam-staff-fte-num').press('Enter');
    await page.waitForFunction((b) => {
      const v = [...document.querySelectorAll('.card[data-kpi="wait_intake_weeks"] li .value')].map((e) => e.getAttribute('data-mean'));
      return v[2] !== '' && v[2] !== b[2] && document.getElementById('status')!.dataset.reps === '6';
    }, before, { timeout: 240_000 });
    const after = await read();
    expect(after[0]).toBe(before[0]);
    expect(after[1]).toBe(before[1]);
    expect(Number(after[2])).toBeGreaterThan(Number(before[2]));
    expect(after[3]).toBe(before[3]);
    expect(page.url()).toContain('#s=');
    await shot(page, 'app-hefboom');
    for (let i = 0; i < 7; i++) await page.click('#btn-undo');
    await page.waitForFunction((b) => document.querySelectorAll('.card[data-kpi="wait_intake_weeks"] li .value')[2]?.getAttribute('data-mean') === b[2], before, { timeout: 60_000 });
    await page.close();
  }, 300_000);

  it('changes show as changes: an untouched reference, before → after, "U past aan", undo keeps the lever in view, exports list the change, import asks', async () => {
    const { page, problems } = await open();
    await waitDone(page);
    const values = () => page.locator('.card[data-kpi="wait_intake_weeks"] li').evaluateAll((els) => els.map((e) => ({ name: e.getAttribute('data-scenario'), mean: e.querySelector('.value')?.getAttribute('data-mean'), before: e.querySelector('.before')?.getAttribute('data-before') ?? null, diff: e.querySelector('.diff')?.textContent ?? null })));
    const start = await values();
    // The levers act on the baseline at start, and the panel says so.
    expect(await page.locator('#editing').textContent()).toMatch(/U past aan: Basis 2019/);
    await page.locator('details[data-group="capacity"] > summary').isVisible();
    const field = page.locator('#lever-swt-staff-fte-num');
    const from = await field.inputValue();
    await field.fill(String(Number(from) + 10));
    await field.press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('.card[data-kpi="wait_intake_weeks"] li').length === 5 && document.getElementById('status')!.dataset.done === 'true', undefined, { timeout: 240_000 });
    const after = await values();
    // The reference stays as loaded; the changed baseline is a scenario of its own, shown as before → after.
    expect(after[0]).toEqual(start[0]);
    expect(after[1]!.before).toBe(start[0]!.mean);
    expect(after[1]!.mean).not.toBe(start[0]!.mean);
    // The other designs are still compared with the untouched reference: same numbers, same differences.
    expect(after.slice(2)).toEqual(start.slice(1));
    expect(await page.locator('#editing').textContent()).toMatch(/U past aan: Basis 2019 \(aangepast\)/);
    await shot(page, 'app-wijziging');
    // The report lists the change and names the changed scenario.
    const [rep] = await Promise.all([page.waitForEvent('download'), page.click('#btn-report')]);
    expect(rep.suggestedFilename()).toBe('ketensim-rapport-aangepast.html');
    const html = readFileSync((await rep.path())!, 'utf8');
    expect(html).toMatch(/<h1>ketensim-vergelijking: Basis 2019 · Basis 2019 \(aangepast\) · /);
    expect(html).toMatch(new RegExp(`Wijkteam: FTE \\(jeugd en Wmo\\)</td><td>${from} fte</td><td>${Number(from) + 10} fte</td>`));
    // Undo from another scenario's panel comes back to the baseline and its lever.
    await page.check('#slot-2-active');
    expect(await page.locator('#editing').textContent()).toMatch(/U past aan: Brede basisteams/);
    await page.click('#btn-undo');
    expect(await page.locator('#editing').textContent()).toMatch(/U past aan: Basis 2019/);
    expect(await page.locator('.lever.flash[data-path="swt.staff.fte"]').count()).toBe(1);
    expect(await page.locator('#lever-swt-staff-fte-num').inputValue()).toBe(from);
    // Importing a valid file asks whether to add it or replace the scenario being edited.
    await page.setInputFiles('#file-yaml', { name: 'meer.yaml', mimeType: 'text/yaml', buffer: Buffer.from('extends: nijmegen-2019-indicatiemodel.yaml\nname: meer\ntitle: Meer wijkteam\ndesign: indicatiemodel\n') });
    await page.waitForSelector('#import-dialog');
    await expect.poll(() => page.locator('#import-add').count()).toBe(0);
    expect(await page.locator('#import-replace').textContent()).toMatch(/Vervang Basis 2019/);
    await page.click('#import-cancel');
    // A dialog's close event is queued as a task: wait for the removal it triggers.
    await page.waitForSelector('#import-dialog', { state: 'detached', timeout: 10_000 });
    expect(await page.locator('.card[data-kpi="wait_intake_weeks"] li').count()).toBe(4);
    expect(problems).toEqual([]);
    await page.close();
  }, 300_000);

  it('a number field reads Dutch input (1,5 is one and a half) and refuses what is not a number', async () => {
    const { page } = await open();
    await page.locator('details[data-group="process"] > summary').click();
    const row = page.locator('.lever[data-path="dynamics.step_up_delay.mean"]');
    await row.locator('input.num').fill('1,5');
    await row.locator('input.num').press('Enter');
    await page.waitForFunction(() => (document.getElementById('lever-dynamics-step-up-delay-mean') as HTMLInputElement | null)?.value === '1.5');
    expect(await row.locator('input.num').inputValue()).toBe('1,5');
    expect(await row.locator('output').textContent()).toMatch(/^1,5 /);
    // Arrow keys step from the value in force, and the field keeps the focus across the redraw.
    await row.locator('input.num').press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await page.waitForFunction(() => (document.getElementById('lever-dynamics-step-up-delay-mean') as HTMLInputElement | null)?.value === '2.5');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('lever-dynamics-step-up-delay-mean-num');
    await row.locator('input.num').fill('anderhalf');
    await row.locator('input.num').press('Enter');
    await expect.poll(() => page.locator('#message').textContent()).toMatch(/verwacht een getal van 0 tot en met 16, gevonden "anderhalf"/);
    expect(await row.locator('input.num').inputValue()).toBe('2,5');
    await page.close();
  }, 120_000);

  it('the flow chart keeps every label inside the drawing on a 1024-pixel screen', async () => {
    const { page } = await open(link({ tab: 'flow' }), { width: 1024, height: 768 });
    await waitDone(page);
    await page.waitForSelector('svg.flow-chart text');
    const outside = await page.locator('svg.flow-chart').evaluate((svg) => {
      const w = (svg as SVGSVGElement).viewBox.baseVal.width;
      return [...svg.querySelectorAll('text')]
        .map((t) => ({ text: t.textContent ?? '', box: (t as SVGTextElement).getBBox() }))
        .filter(({ text, box }) => text.trim() !== '' && (box.x < -0.5 || box.x + box.width > w + 0.5))
        .map(({ text }) => text);
    });
    expect(outside).toEqual([]);
    await page.close();
  }, 300_000);

  it('CSV export downloads the data the table shows', async () => {
    const { page } = await open(link({ tab: 'table' }));
    await waitDone(page);
    const shown = await page.locator('#kpi-table tr[data-kpi="time_to_care_weeks"] td').evaluateAll((els) => els.map((e) => e.getAttribute('data-mean')));
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#table-csv')]);
    expect(download.suggestedFilename()).toBe('kpi-tabel.csv');
    const text = readFileSync((await download.path())!, 'utf8');
    // Dutch Excel: semicolons, decimal commas, Dutch column names, the KPI's name next to its id.
    expect(text.startsWith('\uFEFFindicator;omschrijving;scenario;gemiddelde;bi_laag;bi_hoog;n;verschil')).toBe(true);
    const rows = text.split('\r\n').filter((r) => r.startsWith('time_to_care_weeks;'));
    expect(rows[0]).toMatch(/^time_to_care_weeks;Tijd tot passende hulp;nijmegen-2019-indicatiemodel;/);
    expect(rows.map((r) => Number(r.split(';')[3]!.replace(',', '.')))).toEqual(shown.map(Number));
    await page.close();
  }, 300_000);

  it('the language toggle switches to English and back', async () => {
    const { page } = await open();
    expect(await page.locator('#tab-time').textContent()).toBe('Door de tijd');
    await page.click('#btn-lang');
    expect(await page.locator('#tab-time').textContent()).toBe('Over time');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await waitDone(page);
    expect(await page.locator('.card[data-kpi="time_to_care_weeks"] h3').textContent()).toMatch(/Time to the right help/);
    await page.click('#btn-lang');
    expect(await page.locator('#tab-time').textContent()).toBe('Door de tijd');
    await page.close();
  }, 300_000);

  it('one language at a time: every tab, the levers, tooltips, a slide and the validator\'s errors speak Dutch in Dutch and English in English', async () => {
    const { page, problems } = await open(link({ active: 1 }));
    await waitDone(page);
    // What a user can read: the page, tooltips and accessible names, options, chart texts.
    const texts = () =>
      page.evaluate(() => {
        for (const d of document.querySelectorAll('details')) d.open = true;
        const parts = [document.body.innerText];
        // The language toggle speaks the other language on purpose.
        for (const el of document.querySelectorAll('[title],[aria-label]')) if (el.id !== 'btn-lang') parts.push(el.getAttribute('title') ?? '', el.getAttribute('aria-label') ?? '');
        for (const o of document.querySelectorAll('option')) parts.push(o.textContent ?? '');
        for (const t of document.querySelectorAll('svg text, svg title, svg desc')) parts.push(t.textContent ?? '');
        return parts.join('\n');
      });
    const tabs = ['compare', 'flow', 'time', 'years', 'waits', 'table', 'sweep', 'assumptions'];
    for (const lang of ['nl', 'en'] as const) {
      if (lang === 'en') await page.click('#btn-lang');
      let all = '';
      for (const tab of tabs) {
        await page.click(`#tab-${tab}`);
        await page.waitForFunction(() => !document.querySelector('#view .wait'));
        all += await texts();
      }
      await page.keyboard.press('p');
      await page.waitForSelector('#present-chart svg');
      all += await texts();
      await page.keyboard.press('Escape');
      // A file the validator refuses: its message in the app's language.
      await page.setInputFiles('#file-yaml', { name: 'fout.yaml', mimeType: 'text/yaml', buffer: Buffer.from('extends: nijmegen-2019-indicatiemodel.yaml\nname: fout\ntitle: Fout\ndesign: indicatiemodel\nswt:\n  youth_share: { value: -3, unit: share, source: aanname }\n') });
      await expect.poll(() => page.locator('#message').textContent()).toMatch(lang === 'nl' ? /fout\.yaml:6: swt\.youth_share\.value: verwacht een getal van 0 tot en met 1 aandeel, gevonden -3 aandeel/ : /fout\.yaml:6: swt\.youth_share\.value: expected a number in \[0, 1\] share, found -3 share/);
      all += await texts();
      const foreign = foreignWords(all, lang === 'nl' ? ENGLISH_WORDS : DUTCH_WORDS);
      // Where each one stands, for the message.
      const where = foreign.map((w) => `${w}: …${all.slice(Math.max(0, all.toLowerCase().search(new RegExp(`(^|[^\\p{L}])${w}([^\\p{L}]|$)`, 'u')) - 40), all.toLowerCase().search(new RegExp(`(^|[^\\p{L}])${w}([^\\p{L}]|$)`, 'u')) + 40)}…`);
      expect(where, lang).toEqual([]);
    }
    expect(problems).toEqual([]);
    await page.close();
  }, 300_000);

  it('the other views draw: time series, waiting times, sweep, assumptions', async () => {
    const { page, problems } = await open();
    await waitDone(page);
    await page.click('#tab-time');
    await page.waitForSelector('figure.chart svg path');
    await shot(page, 'app-door-de-tijd');
    // Tabs follow the WAI-ARIA pattern: End and Home go to the last and the first tab.
    await page.locator('#tab-time').press('End');
    expect(await page.locator('#tab-assumptions').getAttribute('aria-selected')).toBe('true');
    await page.locator('#tab-assumptions').press('Home');
    expect(await page.locator('#tab-compare').getAttribute('aria-selected')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-compare');
    await page.click('#tab-waits');
    await page.waitForSelector('figure[data-chart="wachttijden-wait_intake"] svg');
    expect(await page.locator('figure[data-chart="wachttijden-wait_intake"] svg').textContent()).toMatch(/norm 14 dagen/);
    await shot(page, 'app-wachttijden');
    await page.click('#tab-assumptions');
    await page.check('#only-aanname');
    expect(await page.locator('#assumptions-table tbody tr').count()).toBeGreaterThan(20);
    expect(await page.locator('#assumptions-table tbody tr:not(.aanname)').count()).toBe(0);
    await shot(page, 'app-aannames');
    await page.click('#tab-sweep');
    await page.fill('#sweep-reps', '2');
    await page.fill('#sweep-steps', '2');
    await page.click('#sweep-start');
    await page.waitForSelector('figure[data-chart="sweep-heatmap"] svg g.cell', { timeout: 240_000 });
    await page.waitForFunction(() => /4 van 8|8 van 8/.test(document.getElementById('sweep-progress')?.textContent ?? ''), undefined, { timeout: 240_000 });
    await shot(page, 'app-sweep');
    // A colour legend, and axis values that can be told apart.
    expect(await page.locator('figure[data-chart="sweep-heatmap"] svg rect.legend').count()).toBe(1);
    // The sweep's texts follow the language.
    await page.click('#btn-lang');
    await page.waitForFunction(() => /\d+ of \d+ runs/.test(document.getElementById('sweep-progress')?.textContent ?? ''));
    expect(await page.locator('figure[data-chart="sweep-heatmap"] svg').textContent()).not.toMatch(/Verergering|kans per week/);
    await page.click('#btn-lang');
    expect(problems).toEqual([]);
    await page.close();
  }, 300_000);

  it('presentation reads from the back: at 1024x768, 1366x768 and 1920x1080 each slide fills the screen, its text is at least 24 px, no label is cut off or overlaps another, nothing lies under the controls; the beamer mirrors the slide', async () => {
    const { page, problems } = await open(link({ active: 2 }), { width: 1366, height: 768 });
    await waitDone(page);
    await page.keyboard.press('p');
    await page.waitForSelector('#present-chart svg');
    // Everything a slide shows, measured where it is drawn.
    const measure = () =>
      page.evaluate(() => {
        const out: string[] = [];
        const area = document.getElementById('present-chart')!;
        const bar = document.querySelector('#present .present-bar')!.getBoundingClientRect();
        const svg = area.querySelector('svg')!;
        const sr = svg.getBoundingClientRect();
        if (sr.height < 0.6 * innerHeight) out.push(`chart ${Math.round(sr.height)} px high of ${innerHeight}`);
        if (sr.bottom > bar.top + 0.5) out.push('chart runs under the controls');
        const scale = svg.getScreenCTM()!.a;
        const boxes: { text: string; r: DOMRect }[] = [];
        for (const t of svg.querySelectorAll('text')) {
          const text = (t.textContent ?? '').trim();
          if (text === '' || t.closest('[visibility="hidden"]') || getComputedStyle(t).visibility === 'hidden') continue;
          const size = parseFloat(getComputedStyle(t).fontSize) * scale;
          if (size < 23.5) out.push(`"${text}" at ${size.toFixed(1)} px`);
          const r = t.getBoundingClientRect();
          if (r.left < sr.left - 0.5 || r.right > sr.right + 0.5 || r.top < sr.top - 0.5 || r.bottom > sr.bottom + 0.5) out.push(`"${text}" cut off by the chart's edge`);
          boxes.push({ text, r });
        }
        for (const el of document.querySelectorAll<HTMLElement>('#present .present-bar *, #present .caption')) {
          if (el.children.length > 0 || (el.textContent ?? '').trim() === '') continue;
          const size = parseFloat(getComputedStyle(el).fontSize);
          if (size < 23.5) out.push(`"${el.textContent}" at ${size} px`);
          if (el.scrollWidth > el.clientWidth + 1) out.push(`"${el.textContent}" cut off`);
        }
        // Labels may not overlap (a pixel of anti-aliasing allowed).
        for (let i = 0; i < boxes.length; i++)
          for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i]!.r;
            const b = boxes[j]!.r;
            if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) out.push(`"${boxes[i]!.text}" overlaps "${boxes[j]!.text}"`);
          }
        return { slide: area.dataset.chart!, out, texts: boxes.length };
      });
    const seen: string[] = [];
    for (const size of [{ width: 1024, height: 768 }, { width: 1366, height: 768 }, { width: 1920, height: 1080 }]) {
      await page.setViewportSize(size);
      for (let i = 0; i < 8; i++) {
        await page.waitForFunction(() => document.querySelector('#present-chart svg') !== null);
        const m = await measure();
        expect(m.out, `${size.width}x${size.height} ${m.slide}`).toEqual([]);
        expect(m.texts, m.slide).toBeGreaterThan(4);
        seen.push(m.slide);
        if (i === 0 && size.width === 1024) await shot(page, 'app-presentatie-1024');
        if (m.slide === 'flow' && size.width === 1024) await shot(page, 'app-presentatie-stroom-1024');
        await page.keyboard.press('ArrowRight');
      }
    }
    expect(new Set(seen)).toEqual(new Set(['kpi:wait_intake_weeks', 'kpi:time_to_care_weeks', 'kpi:handoffs_per_casus', 'kpi:cost_total_meur', 'flow', 'in_system', 'wait_intake', 'time_to_care']));
    // The beamer window shows the facilitator's slide and follows the levers.
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('#present').count()).toBe(0);
    const [beamer] = await Promise.all([page.waitForEvent('popup'), page.click('#btn-beamer')]);
    await beamer.waitForSelector('#present-chart svg', { timeout: 60_000 });
    await page.keyboard.press('p');
    await page.keyboard.press('ArrowRight');
    await beamer.waitForFunction(() => document.getElementById('present-chart')?.dataset.chart === 'kpi:time_to_care_weeks');
    const value = () => beamer.locator('svg.kpi-chart g.kpi-row').nth(2).locator('text.value').textContent();
    const before = await value();
    await page.keyboard.press('Escape');
    await page.locator('#lever-basisteam-staff-fte-num').fill('30');
    await page.locator('#lever-basisteam-staff-fte-num').press('Enter');
    await beamer.waitForFunction((b) => document.querySelectorAll('svg.kpi-chart g.kpi-row')[2]?.querySelector('text.value')?.textContent !== b, before, { timeout: 120_000 });
    await beamer.screenshot({ path: join(ARTIFACTS, 'app-beamer.png') });
    await beamer.close();
    expect(problems).toEqual([]);
    await page.close();
  }, 300_000);

  it('year by year: the three jaren scenarios per calendar year with their 95% CI, the switch marked, the numbers of ketensim compare; without a calendar the view says how to get one', async () => {
    // The default designs have no calendar: the view says what to choose and offers the jaren scenarios.
    const none = await open(link({ tab: 'years' }));
    expect(await none.page.locator('#years-empty').textContent()).toMatch(/geen .*kalender.*startjaar/is);
    await none.page.click('#years-load');
    await none.page.waitForFunction(() => document.querySelectorAll('.card[data-kpi="wait_intake_weeks"] li').length === 3);
    expect(await none.page.locator('.card[data-kpi="wait_intake_weeks"] li').evaluateAll((els) => els.map((e) => e.getAttribute('data-scenario')))).toEqual(JAREN.map((f) => f.replace(/^.*\/|\.yaml$/g, '')));
    await none.page.close();
    const yearSettings = { ...settings, reps: 3, horizonYears: 5 };
    const { page, problems } = await open(encodeLink({ ...defaultState(JAREN), settings: yearSettings, tab: 'years' }));
    await waitDone(page, 3);
    await page.waitForSelector('svg.years-chart g.year-point');
    // 5 years x 3 scenarios, each a mean with its 95% CI bar (a bar and two caps).
    const points = await page.locator('svg.years-chart g.year-point').evaluateAll((els) => els.map((e) => ({ scenario: e.getAttribute('data-scenario')!, year: e.getAttribute('data-year')!, lines: e.querySelectorAll('line').length })));
    expect(points).toHaveLength(15);
    expect([...new Set(points.map((p) => p.year))].sort()).toEqual(['2026', '2027', '2028', '2029', '2030']);
    expect(new Set(points.map((p) => p.scenario)).size).toBe(3);
    expect(points.every((p) => p.lines === 3)).toBe(true);
    expect(await page.locator('svg.years-chart g.x-axis .tick text').allTextContents()).toEqual(['2026', '2027', '2028', '2029', '2030']);
    // The switch: one line on 1 January 2027, a label per scenario that switches.
    expect(await page.locator('svg.years-chart line.switch').evaluateAll((els) => els.map((e) => e.getAttribute('data-year')))).toEqual(['2027']);
    expect(await page.locator('svg.years-chart text.switch-label').allTextContents()).toEqual(['overgang naar brede basisteams, 2027', 'overgang naar het geoptimaliseerd indicatiemodel, 2027']);
    await shot(page, 'app-jaren');
    // The table has the chart's numbers, and they are those of ketensim compare for the same files and seed.
    const cells = await page.locator('#years-table td[data-mean]').evaluateAll((els) => els.map((e) => ({ year: e.parentElement!.getAttribute('data-year')!, scenario: e.getAttribute('data-scenario')!, mean: e.getAttribute('data-mean')! })));
    expect(cells).toHaveLength(15);
    const out: string[] = [];
    const code = await main(['compare', ...JAREN.map((f) => join(ROOT, f)), '--reps', '3', '--seed', '1', '--horizon-years', '5', '--warmup-years', '1', '--workers', '1', '--json'], { out: (s) => out.push(s), err: () => undefined });
    expect(code).toBe(0);
    const cli = JSON.parse(out.join('\n')) as { scenarios: Record<string, Record<string, { mean: number }>> };
    for (const c of cells) {
      const want = cli.scenarios[c.scenario]![`year.${c.year}.wait_intake_weeks`]!.mean;
      expect(Math.abs(Number(c.mean) - want), `${c.scenario} ${c.year}`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want)));
      expect(points.some((p) => p.scenario === c.scenario && p.year === c.year)).toBe(true);
    }
    // Another KPI, and its CSV: one row per scenario and year.
    await page.selectOption('#year-kpi-select', 'cost_meur');
    await page.waitForSelector('figure[data-chart="jaren-cost_meur"] svg');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('figure[data-chart="jaren-cost_meur"] [data-export="csv"]')]);
    const csv = readFileSync((await download.path())!, 'utf8').trim().split('\r\n');
    expect(csv[0]).toMatch(/^scenario;jaar;indicator;gemiddelde;/);
    expect(csv.filter((r) => /;cost_meur;/.test(r))).toHaveLength(15);
    // Over time: the axis in calendar years, the switches on 1 January 2027.
    await page.click('#tab-time');
    await page.waitForSelector('svg.series-chart');
    expect(await page.locator('svg.series-chart g.x-axis .tick text').allTextContents()).toEqual(expect.arrayContaining(['2026', '2027', '2030']));
    expect(await page.locator('svg.series-chart text.switch-label').count()).toBe(2);
    await shot(page, 'app-door-de-tijd-jaren');
    // In English.
    await page.click('#btn-lang');
    await page.click('#tab-years');
    await page.waitForSelector('svg.years-chart text.switch-label');
    expect(await page.locator('svg.years-chart text.switch-label').first().textContent()).toBe('switch to broad basisteams, 2027');
    expect(problems).toEqual([]);
    await page.close();
  }, 600_000);

  it('the assumptions tab shows the calibration targets of the default baseline: band, mean with CI and inside, as calibrate computes them for the same runs', async () => {
    const { page, problems } = await open(link({ tab: 'assumptions' }));
    await waitDone(page);
    await page.waitForSelector('#targets-table tbody tr');
    const targets = targetsFor(DESIGN_FILES[0]!)!;
    expect(await page.locator('#targets-panel').getAttribute('data-targets')).toBe('scenarios/nijmegen-2019-doelen.yaml');
    expect(await page.locator('#targets-panel h2').textContent()).toBe('Kalibratiedoelen van de basis: Nijmegen 2019');
    const rows = await page.locator('#targets-table tbody tr').evaluateAll((els) => els.map((e) => ({ kpi: e.getAttribute('data-kpi')!, mean: e.getAttribute('data-mean')!, inside: e.getAttribute('data-inside')! })));
    expect(rows.map((r) => r.kpi)).toEqual(targets.targets.map((t) => t.kpi));
    // This experiment is shorter than the file's: the panel says calibrate would run the file's.
    expect(await page.locator('#targets-settings').count()).toBe(1);
    const out: string[] = [];
    const code = await main(['compare', join(ROOT, DESIGN_FILES[0]!), '--reps', '6', '--seed', '1', '--horizon-years', '2', '--warmup-years', '1', '--workers', '1', '--json'], { out: (s) => out.push(s), err: () => undefined });
    expect(code).toBe(0);
    const cli = JSON.parse(out.join('\n')) as { scenarios: Record<string, Record<string, { mean: number; ciLow: number; ciHigh: number; n: number; sd: number }>> };
    const want = calibrationTable(cli.scenarios['nijmegen-2019-indicatiemodel']!, targets.targets);
    rows.forEach((r, i) => {
      const w = want[i]!;
      expect(r.inside, r.kpi).toBe(String(w.inside));
      if (typeof w.mean !== 'number' || !Number.isFinite(w.mean)) expect(r.mean, r.kpi).toBe('NaN');
      else expect(Math.abs(Number(r.mean) - w.mean), r.kpi).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(w.mean)));
    });
    expect(await page.locator('#targets-summary').textContent()).toMatch(/van de \d+ vereiste doelen|Alle \d+ vereiste doelen/);
    await page.locator('#targets-panel').screenshot({ path: join(ARTIFACTS, 'app-doelen.png') });
    expect(problems).toEqual([]);
    await page.close();
  }, 300_000);

  // Two kinds of uncertainty (issue 22.3): the shipped bands hold at the files' horizon, so this
  // test runs the default designs at 5 + 5 years, with 2 replications to stay short.
  it('two kinds of uncertainty: at the default horizon each card and the table show the 95% CI (simulation noise) and the range over the assumptions, labelled and drawn apart', async () => {
    const shipped = JSON.parse(readFileSync(join(ROOT, 'web/src/data/assumption-bands.json'), 'utf8')) as { designs: { name: string }[]; bands: Record<string, Record<string, { p10: number; p90: number }>> };
    const { page, problems } = await open(encodeLink({ ...defaultState(DESIGN_FILES), settings: { ...settings, reps: 2, horizonYears: 5, warmupYears: 5 } }));
    await waitDone(page, 2);
    const rows = page.locator('.card[data-kpi="wait_intake_weeks"] li');
    expect(await rows.count()).toBe(4);
    for (const [i, d] of shipped.designs.entries()) {
      const li = rows.nth(i);
      expect(await li.getAttribute('data-scenario')).toBe(d.name);
      expect(await li.locator('.ci').textContent()).toMatch(/^95%-BI −?\d+,\d+ – −?\d+,\d+$/);
      expect(await li.locator('.ci').getAttribute('title')).toMatch(/^Ruis van de simulatie/);
      expect(await li.locator('.band').textContent()).toMatch(/^aannames −?\d+,\d+ – −?\d+,\d+$/);
      expect(await li.locator('.band').getAttribute('title')).toMatch(/^Onzekerheid in aannames, p10–p90/);
      expect(Number(await li.locator('.band').getAttribute('data-p10'))).toBe(shipped.bands[d.name]!.wait_intake_weeks!.p10);
      expect(Number(await li.locator('.band').getAttribute('data-p90'))).toBe(shipped.bands[d.name]!.wait_intake_weeks!.p90);
    }
    // Told apart by colour and border, not only by their words.
    const look = (sel: string) => page.locator(sel).first().evaluate((e) => { const c = getComputedStyle(e); return `${c.backgroundColor} ${c.borderStyle} ${c.color}`; });
    expect(await look('.card li .band')).not.toBe(await look('.card li .ci'));
    const legend = await page.locator('#cards .bands-note').textContent();
    expect(legend).toMatch(/ruis van de simulatie/);
    expect(legend).toMatch(/onzekerheid in aannames, p10–p90/);
    await page.locator('.card[data-kpi="wait_intake_weeks"] button.info').click();
    expect(await page.locator('.popover').textContent()).toMatch(/onzekerheid in aannames, iets anders dan de ruis van de simulatie/);
    await page.keyboard.press('Escape');
    await page.locator('#cards').screenshot({ path: join(ARTIFACTS, 'app-twee-onzekerheden.png') });
    await page.click('#tab-table');
    expect(await page.locator('#kpi-table td[data-scenario="brede-basisteams"] .band').count()).toBeGreaterThanOrEqual(4);
    expect(await page.locator('#kpi-table tr[data-kpi="time_to_care_weeks"] td .band').count()).toBe(4);
    expect(await page.locator('#view .bands-note').textContent()).toMatch(/ruis van de simulatie/);
    // The Tabel's CSV and the report carry the ranges too, labelled apart.
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#table-csv')]);
    const lines = readFileSync((await csv.path())!, 'utf8').split('\r\n').filter(Boolean);
    expect(lines[0]!.split(';').slice(-2)).toEqual(['aannames_p10', 'aannames_p90']);
    const wait = lines.find((l) => l.startsWith('wait_intake_weeks;') && l.includes(';brede-basisteams;'))!;
    expect(wait.split(';').slice(-2).map((x) => Number(x.replace(',', '.')))).toEqual([shipped.bands['brede-basisteams']!.wait_intake_weeks!.p10, shipped.bands['brede-basisteams']!.wait_intake_weeks!.p90]);
    const [rep] = await Promise.all([page.waitForEvent('download'), page.click('#btn-report')]);
    const html = readFileSync((await rep.path())!, 'utf8');
    expect(html).toMatch(/95%-betrouwbaarheidsinterval, de ruis van de simulatie\. Aannames p10–p90: .*vooraf berekend als ketensim sensitivity/);
    expect((html.match(/<div class="band">aannames /g) ?? []).length).toBeGreaterThanOrEqual(4 * 4);
    expect(problems).toEqual([]);
    await page.close();
  }, 300_000);

  it('"Waarom dit verschil?" for the brede basisteams: the waterfall adds up to its total, with intervals, at a projector\'s size; the tornado shows bars; both export', async () => {
    const { page, problems } = await open();
    await waitDone(page);
    await page.click('#headline li[data-scenario="brede-basisteams"] button[data-explain]');
    expect(await page.locator('#explain-panel').getAttribute('data-design')).toBe('brede-basisteams');
    await page.waitForSelector('#explain-panel svg.waterfall', { timeout: 240_000 });
    // Labelled with its replications, provisional: fewer than the comparison's 6.
    const reps = Number(await page.locator('#explain-settings').getAttribute('data-reps'));
    expect(reps).toBeGreaterThanOrEqual(2);
    expect(reps).toBeLessThan(settings.reps);
    expect(await page.locator('#explain-settings').textContent()).toMatch(new RegExp(`^${reps} replicaties per scenario, seed 1`));
    expect(await page.locator('#explain-provisional').textContent()).toMatch(/voorlopig.*de vergelijking gebruikt 6 replicaties/i);
    const w = await page.locator('#explain-panel svg.waterfall').evaluate((svg) => ({
      groups: [...svg.querySelectorAll('g.wf-row')].map((g) => g.getAttribute('data-group')),
      means: [...svg.querySelectorAll('g.wf-row')].map((g) => Number(g.getAttribute('data-mean'))),
      total: Number(svg.querySelector('g.wf-total')!.getAttribute('data-mean')),
      shown: [...svg.querySelectorAll('g.wf-row tspan.mean')].map((t) => t.textContent!),
      shownTotal: svg.querySelector('g.wf-total tspan.mean')!.textContent!,
      whiskers: svg.querySelectorAll('line.whisker').length,
      // Every text at the rendered size (the chart is drawn at its pixel size).
      small: [...svg.querySelectorAll('text')].filter((t) => (t.textContent ?? '').trim() !== '' && parseFloat(getComputedStyle(t).fontSize) * (svg as SVGSVGElement).getScreenCTM()!.a < 23.5).map((t) => t.textContent),
    }));
    // The design differs in its structure, its placement policy and its toegang's staff (explain.ts groups).
    expect(w.groups).toEqual(expect.arrayContaining(['design (structure)', 'placement policy', 'toegang staff']));
    expect(w.whiskers).toBeGreaterThanOrEqual(w.groups.length);
    expect(w.small).toEqual([]);
    // The contributions add up to the total: exactly in the data, within rounding as shown.
    expect(Math.abs(w.means.reduce((a, b) => a + b, 0) - w.total)).toBeLessThan(1e-9 * Math.max(1, Math.abs(w.total)));
    const num = (x: string) => Number(x.replace('\u2212', '-').replace('+', '').replace(',', '.'));
    const digits = (w.shownTotal.split(',')[1] ?? '').length;
    expect(Math.abs(w.shown.map(num).reduce((a, b) => a + b, 0) - num(w.shownTotal))).toBeLessThanOrEqual(((w.shown.length + 1) / 2) * 10 ** -digits + 1e-9);
    // CSV of the waterfall: the rows shown, in Dutch Excel's dialect.
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('figure[data-chart="waterfall-wait_intake_weeks"] button[data-export="csv"]')]);
    expect(csv.suggestedFilename()).toBe('waterval-brede-basisteams-wait_intake_weeks.csv');
    const lines = readFileSync((await csv.path())!, 'utf8').split('\r\n').filter(Boolean);
    expect(lines[0]).toMatch(/^\uFEFFindicator;scenario;referentie;groep;omschrijving;gemiddelde;bi_laag;bi_hoog;alleen;/);
    expect(lines).toHaveLength(w.groups.length + 2);
    const [svgFile] = await Promise.all([page.waitForEvent('download'), page.click('figure[data-chart="waterfall-wait_intake_weeks"] button[data-export="svg"]')]);
    expect(readFileSync((await svgFile.path())!, 'utf8')).toMatch(/<svg[^>]*class="waterfall"/);
    // The tornado: a screening, then each assumption at its low and high end; bars for the difference.
    await page.waitForSelector('#explain-panel svg.tornado rect.bar, #tornado-none', { timeout: 240_000 });
    const rows = await page.locator('#explain-panel svg.tornado g.tornado-row').count();
    expect(rows).toBeGreaterThan(0);
    expect(rows).toBeLessThanOrEqual(8);
    expect(await page.locator('#explain-panel svg.tornado rect.bar').count()).toBeGreaterThan(0);
    expect(await page.locator('#tornado-settings').textContent()).toMatch(/^Screening met \d+ punten; replicaties per punt: 1; seed 1; \d+ aannames, waarvan \d+ met de standaardbandbreedte/);
    await shot(page, 'app-waarom-dit-verschil');
    // The series switch redraws from the same runs; the KPI picker changes the waterfall at once.
    await page.selectOption('#tornado-series', 'design');
    await page.waitForSelector('#explain-panel svg.tornado, #tornado-none');
    await shot(page, 'app-waarom-tornado-ontwerp');
    await page.selectOption('#main-kpi', 'time_to_care_weeks');
    await page.waitForSelector('figure[data-chart="waterfall-time_to_care_weeks"] svg.waterfall');
    // With the comparison's replications: the first answer's runs are reused, and it is no longer provisional.
    await page.click('#explain-provisional-refine');
    await page.waitForSelector(`#explain-settings[data-reps="${settings.reps}"]`, { timeout: 240_000 });
    await expect.poll(() => page.locator('#explain-provisional').count()).toBe(0);
    // In English the panel speaks English; closed, it is gone.
    await page.click('#btn-lang');
    expect(await page.locator('#explain-title').textContent()).toBe('Why this difference? Broad basisteams against Baseline 2019');
    const english = await page.locator('#explain-panel').evaluate((el) => [el.textContent ?? '', ...[...el.querySelectorAll('svg text')].map((t) => t.textContent ?? '')].join('\n'));
    expect(foreignWords(english, DUTCH_WORDS)).toEqual([]);
    await page.click('#explain-close');
    // The close schedules a render on the next animation frame: wait for it, do not race it.
    await page.waitForSelector('#explain-panel', { state: 'detached', timeout: 10_000 });
    await page.click('#btn-lang');
    expect(problems).toEqual([]);
    await page.close();
  }, 480_000);
  it('first visit: a tour of six steps beside what it explains, inside the window at 1024x768; done is remembered, the button starts it again; not from a share link, in presentation mode or the beamer window', async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.goto(base);
    await page.waitForSelector('#tour');
    expect(await page.locator('#tour .tour-count').textContent()).toBe('Stap 1 van 6');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('tour-next');
    // Each step: the box inside the window, apart from the ring around what it points at, which is in view.
    const measure = () =>
      page.evaluate(() => {
        const out: string[] = [];
        const b = document.getElementById('tour')!.getBoundingClientRect();
        const r = document.getElementById('tour-ring')!.getBoundingClientRect();
        const W = document.documentElement.clientWidth;
        if (b.left < 0 || b.top < 0 || b.right > W || b.bottom > innerHeight) out.push(`box off-screen: ${JSON.stringify(b)}`);
        if (b.left < r.right && r.left < b.right && b.top < r.bottom && r.top < b.bottom) out.push('box over its target');
        if (r.bottom < 0 || r.top > innerHeight || r.width === 0) out.push('target not in view');
        if (parseFloat(getComputedStyle(document.getElementById('tour-text')!).fontSize) < 18) out.push('text under 18 px');
        return out;
      });
    const steps: string[] = [];
    for (let i = 0; i < 6; i++) {
      await expect.poll(measure, { timeout: 10_000 }).toEqual([]);
      steps.push((await page.locator('#tour').getAttribute('data-step'))!);
      if (i === 0) await shot(page, 'app-rondleiding-1024');
      if (i === 1) {
        // Back and forth by keyboard: Vorige, then Volgende again.
        await page.locator('#tour-prev').focus();
        await page.keyboard.press('Enter');
        expect(await page.locator('#tour .tour-count').textContent()).toBe('Stap 1 van 6');
        expect(await page.evaluate(() => document.activeElement?.id)).toBe('tour-next');
        await page.keyboard.press('Enter');
      }
      expect(await page.locator('#tour .tour-count').textContent()).toBe(`Stap ${i + 1} van 6`);
      await page.locator('#tour-next').focus();
      await page.keyboard.press('Enter');
    }
    expect(steps).toEqual(['headline', 'cards', 'levers', 'equal', 'tabs', 'present']);
    await expect.poll(() => page.locator('#tour').count()).toBe(0);
    expect(await page.evaluate(() => localStorage.getItem('ketensim.tour'))).toBe('done');
    // Done: a reload shows none; the button starts it again, Escape ends it and gives the focus back.
    await page.reload();
    await page.waitForSelector('#tabs [role="tab"]');
    await page.waitForTimeout(500);
    await expect.poll(() => page.locator('#tour').count()).toBe(0);
    await page.click('#btn-tour');
    expect(await page.locator('#tour .tour-count').textContent()).toBe('Stap 1 van 6');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('#tour').count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('btn-tour');
    // Escape in the shortcuts dialog (?) closes that dialog only.
    await page.click('#btn-tour');
    await page.keyboard.press('?');
    await page.waitForSelector('#help');
    await page.keyboard.press('Escape');
    // The dialog leaves the page on its close event, which comes a moment later.
    await expect.poll(() => page.locator('#help').count()).toBe(0);
    expect(await page.locator('#tour').count()).toBe(1);
    // In English after the language key; presentation mode (P) ends it.
    await page.locator('#tour-next').focus();
    await page.keyboard.press('l');
    expect(await page.locator('#tour-title').textContent()).toBe('One sentence and one chart');
    expect(await page.locator('#tour-next').textContent()).toBe('Next');
    await page.keyboard.press('p');
    await page.waitForSelector('#present');
    await expect.poll(() => page.locator('#tour, #tour-ring').count()).toBe(0);
    await page.keyboard.press('Escape');
    await page.click('#btn-tour');
    await page.click('#tour-skip');
    await expect.poll(() => page.locator('#tour').count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
    // A first visit through a share link opens on what was shared; the beamer window never shows the tour.
    const shared = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    await shared.goto(`${base}${link()}`);
    await shared.waitForSelector('#tabs [role="tab"]');
    await shared.waitForTimeout(500);
    await expect.poll(() => shared.locator('#tour').count()).toBe(0);
    await shared.close();
    const fresh = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    await fresh.goto(base);
    await fresh.waitForSelector('#tour');
    const [beamer] = await Promise.all([fresh.waitForEvent('popup'), fresh.click('#btn-beamer')]);
    await beamer.waitForFunction(() => document.body.classList.contains('beamer'));
    await beamer.waitForTimeout(500);
    await expect.poll(() => beamer.locator('#tour, #tour-ring').count()).toBe(0);
    await beamer.close();
    await fresh.close();
  }, 300_000);

  it('importing a scenario with the table it reads: alone it is refused with a hint; chosen or dropped together with its table it is added, a municipality\'s designs as a comparison', async () => {
    const two = { ...defaultState(DESIGN_FILES), settings };
    two.slots = two.slots.slice(0, 2);
    const { page, problems } = await open(encodeLink(two));
    const text = (name: string) => readFileSync(join(ROOT, 'scenarios/rivierstad', name), 'utf8');
    const riv = (name: string) => ({ name, mimeType: name.endsWith('.csv') ? 'text/csv' : 'text/yaml', buffer: Buffer.from(text(name)) });
    await page.setInputFiles('#file-yaml', [riv('basis.yaml')]);
    await expect.poll(() => page.locator('#message').textContent()).toMatch(/basis\.yaml:23: population\.wijken\.table: verwacht een bestaande CSV-tabel, gevonden geen bestand [\s\S]*wijken\.csv[\s\S]*samen met het scenario/);
    await expect.poll(() => page.locator('#import-dialog').count()).toBe(0);
    await page.setInputFiles('#file-yaml', [riv('basis.yaml'), riv('wijken.csv')]);
    await page.waitForSelector('#import-dialog');
    await page.click('#import-add');
    const names = () => page.locator('.card[data-kpi="wait_intake_weeks"] li').evaluateAll((els) => els.map((e) => e.getAttribute('data-scenario')));
    await expect.poll(names).toEqual(['nijmegen-2019-indicatiemodel', 'geoptimaliseerd-indicatiemodel', 'rivierstad-basis']);
    // Dropped on the page: the four designs with their table replace the comparison, the baseline first.
    const files = ['brede-basisteams.yaml', 'basis.yaml', 'one-stop-shop.yaml', 'geoptimaliseerd-indicatiemodel.yaml', 'wijken.csv'].map((name) => ({ name, text: text(name) }));
    await page.evaluate((fs) => {
      const dt = new DataTransfer();
      for (const f of fs) dt.items.add(new File([f.text], f.name));
      document.getElementById('view')!.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, files);
    await page.waitForSelector('#import-dialog');
    expect(await page.locator('#import-title').textContent()).toBe('4 scenario’s importeren');
    // Each by its title, with the file it came from, the baseline first.
    expect(await page.locator('#import-names li').allTextContents()).toEqual([
      'Rivierstad (fictief) – indicatiemodel (basis) (basis.yaml)',
      'Rivierstad (fictief) – Brede basisteams Jeugd & Gezin (brede-basisteams.yaml)',
      'Rivierstad (fictief) – One-stop-shop (hoofdaannemer) (one-stop-shop.yaml)',
      'Rivierstad (fictief) – Geoptimaliseerd indicatiemodel (geoptimaliseerd-indicatiemodel.yaml)',
    ]);
    await expect.poll(() => page.locator('#import-add').count()).toBe(0);
    await page.click('#import-replace');
    await expect.poll(names).toEqual(['rivierstad-basis', 'rivierstad-brede-basisteams', 'rivierstad-one-stop-shop', 'rivierstad-geoptimaliseerd-indicatiemodel']);
    expect(problems).toEqual([]);
    await page.close();
  }, 300_000);

  it('a share link restores scenarios, levers and view; a damaged link is refused with a message', async () => {
    const s = { ...defaultState(DESIGN_FILES), settings, tab: 'table' as const, active: 2 };
    s.slots[2]!.overrides = { 'basisteam.staff.fte': 30 };
    const { page } = await open(encodeLink(s));
    expect(await page.locator('#tab-table').getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('#lever-basisteam-staff-fte').inputValue()).toBe('30');
    await page.close();
    // A link pasted into an open tab is applied whole (here: two scenarios, seed 7).
    const other = { ...s, slots: s.slots.slice(0, 2), settings: { ...settings, seed: 7 } };
    const tab = await open();
    await tab.page.evaluate((hash) => (location.hash = hash), encodeLink(other));
    await tab.page.waitForFunction(() => document.querySelectorAll('.card[data-kpi="wait_intake_weeks"] li').length === 2);
    expect(await tab.page.locator('#exp-seed').inputValue()).toBe('7');
    // A lever in a closed-by-default group keeps its group open and the keyboard focus.
    await tab.page.click('details[data-group="inflow"] summary');
    await tab.page.locator('#lever-inflow-growth-per-year').focus();
    await tab.page.keyboard.press('ArrowRight');
    await tab.page.keyboard.press('ArrowRight');
    expect(await tab.page.locator('#lever-inflow-growth-per-year').inputValue()).toBe('0.01');
    expect(await tab.page.locator('details[data-group="inflow"]').getAttribute('open')).not.toBeNull();
    await tab.page.close();
    const bad = await open('#s=eyJ2IjoiMC4xLjAiLCJzIjp7InNsb3RzIjpbeyJmaWxlIjoiL2V0Yy9wYXNzd2QifV19fQ');
    expect(await bad.page.locator('#message').textContent()).toMatch(/Deze link kon niet worden gelezen: scenario 1: onbekend scenariobestand/);
    await bad.page.close();
  });
});
