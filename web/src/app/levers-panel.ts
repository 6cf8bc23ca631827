/**
 * The levers panel: the scenarios side by side (slot 0 is the baseline), undo/redo/replay/reset,
 * the levers of the scenario being edited in groups, and the experiment settings.
 */
import { EQUAL_MODES } from '../../../src/experiment/fair.js';
import { PALETTE } from '../charts/common.js';
import { clear, h } from '../dom.js';
import { exactDecimals, unitLabel } from '../i18n/index.js';
import { leverStates, type LeverGroup, type LeverState } from '../levers.js';
import { catalogue, scenarioDataOf } from '../scenarios.js';
import type { Settings } from '../state.js';
import type { Host } from './host.js';
import { scenarioTitle, shortName } from './names.js';
import { sourceLong, sourceShort } from '../sources.js';
import { infoButton } from '../views/info.js';
import { leverValue } from './changes.js';
import { numberInput } from './number-input.js';

/** What the panel needs of the app beyond the Host: the history and lever changes. */
export interface PanelHost extends Host {
  readonly canUndo: boolean;
  readonly canRedo: boolean;
  readonly canReplay: boolean;
  undo(): void;
  redo(): void;
  replay(): void;
  setLever(path: string, value: number | string | boolean): void;
  /** A slider moves, not yet released: estimate at this value. */
  previewLever(path: string, value: number): void;
  /** A slider is taken hold of. */
  preparePreview(): void;
  resetLevers(): void;
}

const GROUPS: LeverGroup[] = ['inflow', 'routing', 'capacity', 'process', 'dynamics', 'money'];

export class LeversPanel {
  /** Lever groups the user has open (kept across redraws). */
  private readonly openGroups = new Set<string>(['capacity', 'dynamics']);

  constructor(private readonly host: PanelHost) {}

  render(el: HTMLElement): void {
    clear(el);
    el.append(this.editing(), this.slots(), this.equalSwitch(), this.historyButtons());
    const st = this.host.state;
    const slot = st.slots[st.active]!;
    const states = leverStates(scenarioDataOf(slot.file, slot.overrides), scenarioDataOf(slot.file));
    for (const g of GROUPS) {
      const mine = states.filter((s) => s.def.group === g);
      if (mine.length === 0) continue;
      el.append(this.group(g, this.host.i18n.t(`group.${g}`), mine.map((s) => this.leverControl(s))));
    }
    el.append(this.group('experiment', this.host.i18n.t('group.experiment'), this.experimentFields()));
    // Swatch colours are set through CSSOM (the CSP allows no inline style attributes).
    el.querySelectorAll<HTMLElement>('.swatch').forEach((s) => (s.style.background = s.dataset.color ?? ''));
  }

  /** Which scenario the levers act on, always in view at the top of the panel. */
  private editing(): HTMLElement {
    const p = this.host;
    const v = p.views[p.viewOf(p.state.active)];
    const box = h('div', { class: 'editing', id: 'editing', role: 'status' }, h('strong', {}, p.i18n.t('levers.editing', { name: v?.label ?? '' })));
    if (p.state.active === 0) box.append(h('p', { class: 'note' }, p.i18n.t('levers.editing.reference')));
    const sw = h('span', { class: 'swatch', 'data-color': v?.style.color ?? '' });
    box.prepend(sw, ' ');
    return box;
  }

  /** Open the group of a lever, scroll it into view and mark it (after undo, redo or replay). */
  reveal(el: HTMLElement, path: string): void {
    const row = el.querySelector<HTMLElement>(`.lever[data-path="${CSS.escape(path)}"]`);
    if (!row) return;
    const details = row.closest('details');
    if (details) {
      details.open = true;
      this.openGroups.add(details.dataset.group ?? '');
    }
    row.classList.add('flash');
    row.scrollIntoView({ block: 'nearest' });
  }

  private group(key: string, title: string, children: HTMLElement[]): HTMLElement {
    const details = h('details', { class: 'group', 'data-group': key, open: this.openGroups.has(key) }, h('summary', {}, title), ...children);
    details.addEventListener('toggle', () => (details.open ? this.openGroups.add(key) : this.openGroups.delete(key)));
    return details;
  }

  private slots(): HTMLElement {
    const { state: st, i18n } = this.host;
    const t = i18n.t;
    const entries = catalogue();
    const box = h('fieldset', { class: 'slots' }, h('legend', {}, t('scen.choose')));
    st.slots.forEach((slot, i) => {
      const id = `slot-${i}`;
      const slotName = i === 0 ? t('scen.baseline') : t('scen.slot', { n: i });
      const select = h(
        'select',
        {
          id,
          'aria-label': slotName,
          onchange: (e: Event) => {
            const v = (e.target as HTMLSelectElement).value;
            const slots = [...st.slots];
            if (v === '') slots.splice(i, 1);
            else slots[i] = { file: v, overrides: {} };
            this.host.set({ slots, active: Math.min(st.active, slots.length - 1) });
          },
        },
        ...(i > 0 ? [h('option', { value: '' }, t('scen.none'))] : []),
        ...entries.map((e) => h('option', { value: e.file, selected: e.file === slot.file, title: scenarioTitle(e.name, e.title, i18n) }, shortName(e.name, e.title, i18n))),
      );
      const radio = h('input', { type: 'radio', name: 'active-slot', id: `${id}-active`, 'aria-label': `${t('levers.title')}: ${slotName}`, checked: i === st.active, onchange: () => this.host.set({ active: i }, false) });
      box.append(
        h(
          'div',
          { class: `slot${i === st.active ? ' active' : ''}` },
          h('span', { class: 'swatch', 'data-color': PALETTE[i % PALETTE.length]! }),
          h('label', { for: id }, slotName),
          select,
          h('label', { class: 'edit', title: t('scen.edit') }, radio, ' ', t('levers.title')),
        ),
      );
    });
    if (st.slots.length < 4) {
      const add = h(
        'select',
        {
          id: 'slot-add',
          'aria-label': t('scen.slot', { n: st.slots.length }),
          onchange: (e: Event) => {
            const v = (e.target as HTMLSelectElement).value;
            if (v) this.host.set({ slots: [...st.slots, { file: v, overrides: {} }] });
          },
        },
        h('option', { value: '' }, `+ ${t('scen.slot', { n: st.slots.length })}`),
        ...entries.map((e) => h('option', { value: e.file, title: scenarioTitle(e.name, e.title, i18n) }, shortName(e.name, e.title, i18n))),
      );
      box.append(h('div', { class: 'slot add' }, add));
    }
    return box;
  }

  /** What the comparison holds equal (BRIEF 2a): as designed, equal budget, equal staff. */
  private equalSwitch(): HTMLElement {
    const p = this.host;
    const t = p.i18n.t;
    const s = p.state.settings;
    const box = h('fieldset', { class: 'equal', id: 'equal' }, h('legend', {}, t('equal.title')));
    for (const mode of EQUAL_MODES) {
      box.append(
        h(
          'label',
          { title: t(`equal.${mode}.title`) },
          h('input', { type: 'radio', name: 'equal', id: `equal-${mode}`, value: mode, checked: s.equal === mode, onchange: () => p.set({ settings: { ...s, equal: mode } }) }),
          ' ',
          t(`equal.${mode}`),
        ),
      );
    }
    return box;
  }

  private historyButtons(): HTMLElement {
    const p = this.host;
    const t = p.i18n.t;
    return h(
      'div',
      { class: 'history', role: 'group', 'aria-label': t('levers.title') },
      h('button', { type: 'button', id: 'btn-undo', disabled: !p.canUndo, onclick: () => p.undo(), title: 'Ctrl+Z' }, t('levers.undo')),
      h('button', { type: 'button', id: 'btn-redo', disabled: !p.canRedo, onclick: () => p.redo(), title: 'Ctrl+Y' }, t('levers.redo')),
      h('button', { type: 'button', id: 'btn-replay', disabled: !p.canReplay, onclick: () => p.replay(), title: t('levers.replay.title') }, t('levers.replay')),
      h('button', { type: 'button', id: 'btn-reset', onclick: () => p.resetLevers(), title: t('levers.reset.title') }, t('levers.reset')),
    );
  }

  private leverControl(s: LeverState): HTMLElement {
    const p = this.host;
    const t = p.i18n;
    const id = `lever-${s.def.path.replace(/[^a-z0-9]/gi, '-')}`;
    const label = t.t(`lever.${s.def.path}`);
    const changed = s.value !== s.fileValue;
    const short = sourceShort(s.source, t);
    const info = infoButton(t, label, [t.t('info.lever'), t.t('info.lever.file', { value: leverValue(s, s.fileValue, t) }), s.source ? t.t('info.lever.source', { source: sourceLong(s.source, t) }) : '']);
    const src = short === '' ? null : h('span', { class: `source${s.aanname ? ' aanname' : ''}`, title: t.t('levers.source', { source: sourceLong(s.source, t) }) }, short);
    const row = h('div', { class: `lever${changed ? ' changed' : ''}`, 'data-path': s.def.path });
    const commit = (value: number | string | boolean) => p.setLever(s.def.path, value);
    if (s.def.kind === 'switch') {
      row.append(h('label', { for: id }, h('input', { type: 'checkbox', id, checked: s.value === true, onchange: (e: Event) => commit((e.target as HTMLInputElement).checked) }), ' ', label), ' ', info, ...(src ? [src] : []));
      return row;
    }
    if (s.def.kind === 'choice') {
      row.append(
        h('label', { for: id }, label),
        ' ',
        info,
        h('select', { id, onchange: (e: Event) => commit((e.target as HTMLSelectElement).value) }, ...s.def.choices!.map((c) => h('option', { value: c.value, selected: c.value === s.value }, t.t(`lever.${s.def.path}.${c.value}`)))),
        ...(src ? [src] : []),
      );
      return row;
    }
    const v = s.value as number;
    const min = Math.min(s.def.min!, v);
    const max = Math.max(s.def.max!, v);
    // Decimals that write the step and the value exactly (a step of 0.25 needs two, not one).
    const digits = exactDecimals([s.def.step!, v]);
    const unit = unitLabel(t, s.unit);
    const out = h('output', { for: id }, `${t.fmt(v, digits)} ${unit}`);
    const num = numberInput(t, { id: `${id}-num`, value: v, min, max, step: s.def.step!, digits, label: `${label} (${unit})` }, commit, (m) => p.message(m));
    const range = h('input', {
      type: 'range',
      id,
      min,
      max,
      step: s.def.step!,
      value: v,
      'aria-valuetext': `${t.fmt(v, digits)} ${unit}`,
      oninput: (e: Event) => {
        const x = Number((e.target as HTMLInputElement).value);
        out.textContent = `${t.fmt(x, digits)} ${unit}`;
        num.value = t.fmtInput(x, digits);
        // While dragging the numbers follow (estimates); on release the full comparison runs.
        p.previewLever(s.def.path, x);
      },
      onpointerdown: () => p.preparePreview(),
      onchange: (e: Event) => commit(Number((e.target as HTMLInputElement).value)),
    });
    row.append(h('label', { for: id }, label, ' ', info), h('div', { class: 'ctl' }, range, num, h('span', { class: 'unit' }, unit)), h('div', { class: 'meta' }, out, ...(src ? [src] : [])));
    return row;
  }

  private experimentFields(): HTMLElement[] {
    const p = this.host;
    const t = p.i18n.t;
    const s = p.state.settings;
    const field = (key: keyof Pick<Settings, 'reps' | 'seed' | 'horizonYears' | 'warmupYears'>, label: string, min: number, max: number, step: number, unit = '') =>
      h(
        'div',
        { class: 'lever' },
        h('label', { for: `exp-${key}` }, label),
        h(
          'div',
          { class: 'ctl' },
          numberInput(p.i18n, { id: `exp-${key}`, value: s[key], min, max, step, digits: exactDecimals([step, s[key]]), integer: key === 'reps' || key === 'seed', label }, (x) => p.set({ settings: { ...s, [key]: x } }), (m) => p.message(m)),
          h('span', { class: 'unit' }, unit),
        ),
      );
    return [
      field('reps', t('exp.reps'), 2, 200, 1),
      field('seed', t('exp.seed'), 0, 2 ** 31, 1),
      field('horizonYears', t('exp.horizon'), 0.25, 20, 0.25, t('unit.years')),
      field('warmupYears', t('exp.warmup'), 0, 10, 0.25, t('unit.years')),
    ];
  }
}
