/**
 * A number field in the app's language: a text field (a browser's number field follows the
 * browser's locale, not the page's, and turned a Dutch '1,5' into 15), shown with the locale's
 * decimal separator, read with `parseNumber`, stepped with the arrow keys. A value that is not a
 * number, out of range, or not a whole number where one is needed is refused with a message
 * saying what was expected, and the field shows the current value again.
 */
import { h } from '../dom.js';
import { exactDecimals, type I18n } from '../i18n/index.js';

export interface NumberField {
  id: string;
  value: number;
  min: number;
  max: number;
  step: number;
  digits: number;
  integer?: boolean;
  label: string;
}

export function numberInput(t: I18n, o: NumberField, commit: (x: number) => void, message: (text: string) => void): HTMLInputElement {
  // What the user typed is shown as read (up to 6 decimals); the value itself with `digits`.
  const show = (x: number) => t.fmtInput(x, Math.max(o.digits, exactDecimals([x])));
  const accept = (x: number) => Number.isFinite(x) && x >= o.min && x <= o.max && (!o.integer || Number.isInteger(x));
  const input = h('input', {
    type: 'text',
    inputmode: o.integer ? 'numeric' : 'decimal',
    id: o.id,
    class: 'num',
    value: show(o.value),
    'aria-label': o.label,
    onchange: () => {
      const x = t.parse(input.value);
      if (accept(x)) return commit(x);
      message(t.t(o.integer ? 'input.integer' : 'input.number', { label: o.label, min: show(o.min), max: show(o.max), found: input.value }));
      input.value = show(o.value);
    },
    onkeydown: (e: Event) => {
      const k = (e as KeyboardEvent).key;
      if (k !== 'ArrowUp' && k !== 'ArrowDown') return;
      e.preventDefault();
      // From the value in force (a redraw after each step brings the focus back by id).
      const x = Math.min(o.max, Math.max(o.min, o.value + (k === 'ArrowUp' ? o.step : -o.step)));
      input.value = show(Number(x.toFixed(10)));
      input.dispatchEvent(new Event('change'));
    },
  });
  return input;
}
