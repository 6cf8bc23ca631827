/**
 * Web app benchmark (`npm run bench:web`): in headless Chromium (Debian's /usr/bin/chromium),
 * the time from page load to the first comparison of the three designs and to the full-precision
 * result (20 replications each, the app's default settings), and the frame rate of the flow
 * animation. Targets on a 2-core machine: first numbers within 2 s, full precision within 10 s,
 * animation at least 30 frames per second. Runs the production build, served by vite preview.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';
import { build, preview } from 'vite';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const config = join(root, 'web', 'vite.config.ts');
await build({ configFile: config, logLevel: 'warn' });
const server = await preview({ configFile: config, preview: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' });
const url = server.resolvedUrls!.local[0]!;
const browser = await chromium.launch({ executablePath: process.env.KETENSIM_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'] });
const rows: { run: number; firstS: number; fullS: number; fps: number }[] = [];
for (let run = 1; run <= 3; run++) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { ketensim?: { timings: { full?: number } } }).ketensim?.timings.full !== undefined, undefined, { timeout: 300_000 });
  const t = await page.evaluate(() => (window as unknown as { ketensim: { timings: { first: number; full: number } } }).ketensim.timings);
  // The flow view animates one run; sample the frame rate for a few seconds.
  await page.waitForTimeout(1500);
  const fps: number[] = [];
  for (let i = 0; i < 4; i++) {
    await page.waitForTimeout(1000);
    fps.push(await page.evaluate(() => (window as unknown as { ketensim: { animationFps: number } }).ketensim.animationFps));
  }
  rows.push({ run, firstS: t.first / 1000, fullS: t.full / 1000, fps: fps.reduce((a, b) => a + b, 0) / fps.length });
  await page.close();
}
await browser.close();
await new Promise<void>((r) => server.httpServer.close(() => r()));
const f = (x: number, d = 2) => x.toFixed(d);
console.log(`web bench: headless Chromium, ${availableParallelism()} cores, three designs, 20 replications each (app defaults), 3 page loads`);
for (const r of rows) console.log(`  load ${r.run}: first comparison ${f(r.firstS)} s (target <= 2), full precision ${f(r.fullS)} s (target <= 10), animation ${f(r.fps, 1)} fps (target >= 30)`);
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`  median: first ${f(med(rows.map((r) => r.firstS)))} s, full ${f(med(rows.map((r) => r.fullS)))} s, animation ${f(med(rows.map((r) => r.fps)), 1)} fps`);
