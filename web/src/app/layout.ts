/** The page's frame: the header with its actions, the levers aside, the main column, the tab bar. */
import { MODEL_VERSION } from '../../../src/model/model.js';
import { clear, h } from '../dom.js';
import type { I18n } from '../i18n/index.js';
import { TABS, type Tab } from '../state.js';

export interface Elements {
  header: HTMLElement;
  levers: HTMLElement;
  status: HTMLElement;
  stability: HTMLElement;
  /** How the designs are compared: the equal-terms summary, the search, slack warnings. */
  fairness: HTMLElement;
  cards: HTMLElement;
  tabs: HTMLElement;
  view: HTMLElement;
  message: HTMLElement;
}

export interface HeaderActions {
  toggleLang(): void;
  share(): void;
  importYaml(e: Event): void;
  exportYaml(): void;
  report(): void;
  present(): void;
  beamer(): void;
  help(): void;
  /** Start the first-visit tour again (app/tour.ts). */
  tour(): void;
}

/** Build the page into `root` (emptied first) and return the elements the app fills. */
export function layout(root: HTMLElement, t: I18n, a: HeaderActions): Elements {
  const tt = t.t;
  clear(root);
  const header = h(
    'header',
    { class: 'top' },
    h('div', { class: 'brand' }, h('h1', {}, tt('app.title')), h('p', { class: 'sub' }, tt('app.subtitle'))),
    h(
      'div',
      { class: 'actions', role: 'toolbar', 'aria-label': 'ketensim' },
      h('button', { type: 'button', id: 'btn-lang', title: tt('lang.toggle.title'), onclick: () => a.toggleLang() }, tt('lang.toggle')),
      h('button', { type: 'button', id: 'btn-share', onclick: () => a.share() }, tt('share.link')),
      // Several files at once: a scenario with the tables (CSV) it reads (app/files.ts).
      h('label', { class: 'button', for: 'file-yaml', title: tt('import.choose.title') }, tt('yaml.import')),
      h('input', { type: 'file', id: 'file-yaml', multiple: true, accept: '.yaml,.yml,.csv,text/yaml,text/csv', class: 'visually-hidden', onchange: (e: Event) => a.importYaml(e) }),
      h('button', { type: 'button', id: 'btn-export-yaml', onclick: () => a.exportYaml() }, tt('yaml.export')),
      h('button', { type: 'button', id: 'btn-report', onclick: () => a.report() }, tt('report.button')),
      h('button', { type: 'button', id: 'btn-present', title: tt('present.title'), onclick: () => a.present() }, tt('present.button')),
      h('button', { type: 'button', id: 'btn-beamer', title: tt('present.beamer.title'), onclick: () => a.beamer() }, tt('present.beamer')),
      h('button', { type: 'button', id: 'btn-help', 'aria-label': tt('help.title'), title: tt('help.title'), onclick: () => a.help() }, '?'),
      h('button', { type: 'button', id: 'btn-tour', title: tt('tour.button.title'), onclick: () => a.tour() }, tt('tour.button')),
    ),
  );
  const levers = h('aside', { class: 'levers', id: 'levers', 'aria-label': tt('levers.title') });
  const status = h('p', { class: 'status', id: 'status', role: 'status', 'aria-live': 'polite' });
  const message = h('p', { class: 'message', id: 'message', role: 'alert', hidden: true });
  const stability = h('div', { class: 'stability', id: 'stability', hidden: true });
  const fairness = h('div', { class: 'fairness', id: 'fairness', hidden: true });
  const cards = h('section', { class: 'cards', id: 'cards', 'aria-label': 'KPI' });
  const tabs = h('nav', { class: 'tabs', role: 'tablist', id: 'tabs' });
  const view = h('section', { class: 'view', id: 'view', role: 'tabpanel' });
  const main = h('main', {}, message, status, tabs, view, cards, fairness, stability, h('p', { class: 'note' }, tt('proposal'), ' ', h('span', { class: 'version' }, tt('app.modelVersion', { version: MODEL_VERSION }))));
  // Past the header and the levers in one step (some 45 Tab presses otherwise).
  root.append(h('a', { class: 'skip', href: '#tabs' }, tt('skip')), header, h('div', { class: 'layout' }, levers, main));
  return { header, levers, status, stability, fairness, cards, tabs, view, message };
}

/** The tab bar (the WAI-ARIA tabs pattern: arrows move to the neighbour, Home and End to the ends). */
export function renderTabs(el: HTMLElement, view: HTMLElement, current: Tab, t: I18n, select: (tab: Tab) => void): void {
  clear(el);
  view.setAttribute('aria-labelledby', `tab-${current}`);
  for (const tab of TABS) {
    const selected = tab === current;
    el.append(
      h(
        'button',
        {
          type: 'button',
          role: 'tab',
          id: `tab-${tab}`,
          'aria-controls': 'view',
          'aria-selected': selected ? 'true' : 'false',
          tabindex: selected ? 0 : -1,
          onclick: () => select(tab),
          onkeydown: (e: Event) => {
            const k = (e as KeyboardEvent).key;
            if (k !== 'ArrowRight' && k !== 'ArrowLeft' && k !== 'Home' && k !== 'End') return;
            e.stopPropagation();
            e.preventDefault();
            const i = TABS.indexOf(current);
            const next = k === 'Home' ? TABS[0]! : k === 'End' ? TABS[TABS.length - 1]! : TABS[(i + (k === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length]!;
            select(next);
            document.getElementById(`tab-${next}`)?.focus();
          },
        },
        t.t(`nav.${tab}`),
      ),
    );
  }
}
