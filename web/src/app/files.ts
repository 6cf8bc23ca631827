/** Share links, YAML import and export, and the one-click report. */
import { stringify } from 'yaml';
import { MODEL_VERSION } from '../../../src/model/model.js';
import { policyDifferences } from '../../../src/experiment/fair.js';
import { reportHtml, type ReportSection } from '../../../src/experiment/report.js';
import { fairNotes, policyWords } from '../views/fair-view.js';
import type { FairState, SearchProgress } from './runs.js';
import { download } from '../charts/export.js';
import { importScenario, saveImport, scenarioDataOf } from '../scenarios.js';
import { encodeLink } from '../state.js';
import type { Host } from './host.js';

const imported = (host: Host) => host.state.slots.some((s) => s.file.startsWith('scenarios/import/'));

/** Copy a link to the current state (it is also put in the address bar). */
export async function share(host: Host): Promise<void> {
  if (imported(host)) host.message(host.i18n.t('share.imported'));
  const url = location.href.split('#')[0] + encodeLink(host.state);
  history.replaceState(null, '', encodeLink(host.state));
  try {
    await navigator.clipboard.writeText(url);
    if (!imported(host)) host.message(host.i18n.t('share.copied'));
  } catch {
    host.message(url);
  }
}

/** Import a YAML scenario file chosen by the user: validated like the CLI, added as a scenario. */
export async function importYaml(host: Host, e: Event): Promise<void> {
  const input = e.target as HTMLInputElement;
  const file = input.files?.[0];
  input.value = '';
  if (!file) return;
  const text = await file.text();
  const r = importScenario(file.name, text);
  if ('errors' in r) {
    host.message(`${host.i18n.t('yaml.invalid')}\n${r.errors.join('\n')}`);
    return;
  }
  saveImport(r.file, text);
  const st = host.state;
  const slots = [...st.slots];
  const at = Math.max(1, Math.min(st.active, slots.length - 1));
  if (slots.length < 4 && st.active === 0) slots.push({ file: r.file, overrides: {} });
  else slots[at] = { file: r.file, overrides: {} };
  host.set({ slots, active: slots.findIndex((s) => s.file === r.file) });
  host.message(host.i18n.t('yaml.imported', { name: file.name }));
}

/** The active scenario as a YAML file: the scenario file with the levers' values written in. */
export function exportYaml(host: Host): void {
  const st = host.state;
  const slot = st.slots[st.active]!;
  const data = scenarioDataOf(slot.file, slot.overrides);
  delete data.extends;
  const s = host.views[st.active]!.scenario;
  const head = `# ${s.title}\n# exported from ketensim ${MODEL_VERSION} (${slot.file}${Object.keys(slot.overrides).length ? ', with lever changes' : ''})\n`;
  download(`${s.name}.yaml`, new Blob([head + stringify(data, { lineWidth: 0 })], { type: 'text/yaml' }));
}

/** The comparison as a self-contained HTML report (the CLI's report, staff and money included), with how the designs were compared. */
export function report(host: Host & { readonly fair: FairState | null }, progress: SearchProgress | null = null): void {
  const c = host.comparison;
  if (!c) return;
  const t = host.i18n;
  const sections: ReportSection[] = [{ title: t.t('report.compared'), paragraphs: [t.t(`equal.${host.state.settings.equal}.title`), ...fairNotes(host, c, host.fair, progress)] }];
  const policies = policyDifferences(host.views.map((v) => v.scenario), policyWords(t));
  if (policies.length > 0) sections.push({ title: t.t('policy.title'), paragraphs: [t.t('policy.note')], table: { head: [t.t('policy.column'), ...host.views.map((v) => v.label)], rows: policies.map((p) => [p.policy, ...p.values]) } });
  const html = reportHtml(c.manifest, c.runs, host.state.lang, { sections });
  download('ketensim-rapport.html', new Blob([html], { type: 'text/html' }));
}
