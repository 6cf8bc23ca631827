/** The tab views: which function draws which tab. */
import type { Host } from '../app/host.js';
import type { Tab } from '../state.js';
import type { SweepView } from '../sweep-view.js';
import { viewAssumptions } from './assumptions-view.js';
import { viewHeadline } from './headline-view.js';
import { viewFlow } from './flow-view.js';
import { viewTable } from './table-view.js';
import { viewTime } from './time-view.js';
import { viewWaits } from './waits-view.js';
import { viewYears } from './years-view.js';

/** Draw a tab into `el`; returns the flow animation when one plays. */
export function drawView(host: Host, tab: Tab, el: HTMLElement, width: number, sweep: SweepView): { stop(): void; framesPerSecond(): number } | null {
  switch (tab) {
    case 'compare':
      viewHeadline(host, el, width);
      return null;
    case 'flow':
      return viewFlow(host, el, width);
    case 'time':
      viewTime(host, el, width);
      return null;
    case 'years':
      viewYears(host, el, width);
      return null;
    case 'waits':
      viewWaits(host, el, width);
      return null;
    case 'table':
      viewTable(host, el);
      return null;
    case 'sweep':
      sweep.render(el, width);
      return null;
    case 'assumptions':
      viewAssumptions(host, el);
      return null;
  }
}
