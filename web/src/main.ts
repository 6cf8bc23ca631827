/**
 * The ketensim web app: compare designs of the youth-care chain with levers, charts and a
 * presentation mode for round tables. The entry point only: the app is in app/, its views in
 * views/, the charts in charts/; the model runs in Web Workers (runner.ts, worker.ts).
 * `?beamer=1` opens the beamer window, which draws what the main window broadcasts.
 */
import './style.css';
import { startApp } from './app/start.js';
import { precomputedRecords } from './app/precomputed.js';

if (new URLSearchParams(location.search).get('beamer') === '1') {
  void import('./beamer.js').then((m) => m.startBeamer());
} else {
  // For the bench and the browser tests: timings, the animation's frame rate, the state.
  (window as unknown as { ketensim: unknown }).ketensim = startApp(precomputedRecords());
}
