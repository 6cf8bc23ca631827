/**
 * A progress bar with ETA for long runs, on stderr when it is a terminal; silent otherwise (CI,
 * pipes, files), so logs stay clean.
 */
import type { Progress } from '../experiment/experiment.js';

export interface ProgressSink {
  update(p: Progress): void;
  end(): void;
}

const clock = (s: number) => {
  if (!Number.isFinite(s)) return '--:--';
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = Math.floor(s % 60);
  return `${h > 0 ? `${h}:${String(m).padStart(2, '0')}` : String(m)}:${String(sec).padStart(2, '0')}`;
};

/** The text of the bar: done/total, percent, elapsed and the estimated time left. */
export function progressLine(p: Progress, elapsedS: number, width = 30): string {
  const frac = p.total === 0 ? 1 : p.done / p.total;
  const fill = Math.round(frac * width);
  const ranNow = p.done - p.resumed;
  const rate = ranNow > 0 ? ranNow / elapsedS : 0;
  const eta = rate > 0 ? (p.total - p.done) / rate : Infinity;
  return `[${'#'.repeat(fill)}${'-'.repeat(width - fill)}] ${p.done}/${p.total} runs ${(100 * frac).toFixed(0).padStart(3)}%  ${clock(elapsedS)} elapsed, ETA ${p.done === p.total ? '0:00' : clock(eta)}`;
}

export function progressBar(stream: NodeJS.WriteStream = process.stderr, label = ''): ProgressSink {
  if (!stream.isTTY) return { update: () => {}, end: () => {} };
  const start = Date.now();
  let last = 0;
  let shown = false;
  return {
    update(p) {
      const now = Date.now();
      if (now - last < 100 && p.done < p.total) return;
      last = now;
      shown = true;
      stream.write(`\r${label}${progressLine(p, (now - start) / 1000)}\x1b[K`);
    },
    end() {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}
