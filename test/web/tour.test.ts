/** The first-visit tour (web/src/app/tour.ts): when it starts, where its box goes, its strings. */
import { describe, expect, it } from 'vitest';
import { GAP, placeBox, tourOnStart, TOUR_KEY, TOUR_STEPS, type Rect } from '../../web/src/app/tour.js';
import { tourStrings } from '../../web/src/app/tour-strings.js';

const store = (items: Record<string, string>) => ({ getItem: (k: string) => items[k] ?? null });

describe('tour', () => {
  it('starts on a first visit only: not once done, not from a share link, not when storage cannot be read', () => {
    expect(tourOnStart(store({}), '')).toBe(true);
    expect(tourOnStart(store({}), '#tabel')).toBe(true);
    expect(tourOnStart(store({ [TOUR_KEY]: 'done' }), '')).toBe(false);
    expect(tourOnStart(store({}), '#s=eyJ2Ijo')).toBe(false);
    expect(tourOnStart(null, '')).toBe(false);
    expect(tourOnStart({ getItem: () => { throw new Error('denied'); } }, '')).toBe(false);
  });

  it('puts the box beside its target, inside the window and never over it', () => {
    const views = [
      { width: 1024, height: 768 },
      { width: 1366, height: 768 },
      { width: 1920, height: 1080 },
    ];
    // Targets as the app lays them out: a header button, the tabs, a card, the levers' top, the main view, a wide one.
    const targets: Rect[] = [
      { left: 576, top: 62, right: 828, bottom: 94 },
      { left: 378, top: 149, right: 1006, bottom: 221 },
      { left: 378, top: 230, right: 690, bottom: 540 },
      { left: 12, top: 104, right: 347, bottom: 440 },
      { left: 385, top: 272, right: 999, bottom: 760 },
      { left: 8, top: 8, right: 1000, bottom: 300 },
    ];
    // A box of 120 000 square pixels of text, and its buttons.
    const height = (w: number) => 90 + 120_000 / w;
    for (const view of views) {
      for (const t of targets) {
        if (t.right > view.width) continue;
        const p = placeBox(t, view, 400, height);
        const box = { left: p.left, top: p.top, right: p.left + p.width, bottom: p.top + height(p.width) };
        const where = `${view.width}x${view.height} ${JSON.stringify(t)} ${p.side}`;
        expect(box.left, where).toBeGreaterThanOrEqual(0);
        expect(box.top, where).toBeGreaterThanOrEqual(0);
        expect(box.right, where).toBeLessThanOrEqual(view.width);
        expect(box.bottom, where).toBeLessThanOrEqual(view.height);
        expect(p.side, where).not.toBe('edge');
        // Apart by the gap at least (the ring around the target lies in it).
        const apart = box.left >= t.right + GAP - 0.01 || box.right <= t.left - GAP + 0.01 || box.top >= t.bottom + GAP - 0.01 || box.bottom <= t.top - GAP + 0.01;
        expect(apart, where).toBe(true);
      }
    }
  });

  it('a target larger than the window: the box covers as little of it as it can', () => {
    const p = placeBox({ left: 0, top: 100, right: 800, bottom: 2000 }, { width: 800, height: 600 }, 400, () => 150);
    expect(p.side).toBe('edge');
    expect(p.top).toBe(8);
  });

  it('has six steps, each with a title and a text in both languages', () => {
    expect(TOUR_STEPS.length).toBeGreaterThanOrEqual(4);
    expect(TOUR_STEPS.length).toBeLessThanOrEqual(6);
    for (const lang of ['nl', 'en'] as const) {
      const s: Record<string, string> = tourStrings[lang];
      for (const step of TOUR_STEPS) for (const k of [`tour.${step.id}.title`, `tour.${step.id}.text`]) expect(s[k], `${lang} ${k}`).toBeTruthy();
      expect(Object.keys(s).sort()).toEqual(Object.keys(tourStrings.nl).sort());
    }
  });
});
