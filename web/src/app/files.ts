/** Share links, YAML import and export, and the one-click report. */
import { stringify } from 'yaml';
import { MODEL_VERSION } from '../../../src/model/model.js';
import { policyDifferences } from '../../../src/experiment/fair.js';
import { reportHtml, type ReportSection } from '../../../src/experiment/report.js';
import { fairNotes, policyWords } from '../views/fair-view.js';
import type { FairState, SearchProgress } from './runs.js';
import { changedSuffix, changeLines } from './changes.js';
import { issueText } from './issues.js';
import { download } from '../charts/export.js';
import { h } from '../dom.js';
import { unitLabel } from '../i18n/index.js';
import { paramLabel } from '../i18n/params.js';
import { sourceLong } from '../sources.js';
import { bandsFor } from '../bands.js';
import { catalogue, importFiles, saveImports, scenarioDataOf, type ChosenFile } from '../scenarios.js';
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

/** Import the files chosen in the file dialog (see importFiles). */
export async function importYaml(host: Host, e: Event): Promise<void> {
  const input = e.target as HTMLInputElement;
  const files = [...(input.files ?? [])];
  input.value = '';
  await importChosen(host, files);
}

/** Files dropped on the page are imported as if chosen together in the file dialog. */
export function acceptDrops(host: Host): void {
  const withFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false;
  document.addEventListener('dragover', (e) => {
    if (!withFiles(e)) return;
    e.preventDefault();
    e.dataTransfer!.dropEffect = 'copy';
  });
  document.addEventListener('drop', (e) => {
    if (!withFiles(e)) return;
    e.preventDefault();
    void importChosen(host, [...e.dataTransfer!.files]);
  });
}

/**
 * Import scenario files (YAML) with the tables (CSV) they read, chosen or dropped together:
 * validated like the CLI (a table read next to its scenario), then added or replacing, as the
 * user chooses. Nothing is added when any file has an error.
 */
export async function importChosen(host: Host, chosen: readonly File[]): Promise<void> {
  if (chosen.length === 0) return;
  const t = host.i18n.t;
  // A file too large is not read at all (importFiles says so from its size).
  const files: ChosenFile[] = await Promise.all(chosen.map(async (f) => ({ name: f.name, size: f.size, text: f.size > 1_000_000 ? '' : await f.text() })));
  const r = importFiles(files);
  if ('errors' in r) {
    const missingTable = r.issues.some((i) => i.expected === 'an existing CSV table');
    host.message([t(files.length > 1 ? 'import.invalidMany' : 'yaml.invalid'), ...r.issues.map((i) => issueText(i, host.i18n)), ...(missingTable ? [t('import.tablesHint')] : [])].join('\n'));
    return;
  }
  saveImports(files);
  // As the room knows them: the scenario's title, with the file it came from.
  const entries = catalogue();
  const names = r.scenarios.map((f) => {
    const file = f.replace('scenarios/import/', '');
    const title = entries.find((e) => e.file === f)?.title;
    return title ? `${title} (${file})` : file;
  });
  const choice = await askImport(host, names);
  if (choice === null) return;
  const st = host.state;
  let slots = [...st.slots];
  const fresh = r.scenarios.map((file) => ({ file, overrides: {} }));
  if (choice === 'all') slots = fresh.slice(0, 4);
  else if (choice === 'add') slots.push(...fresh);
  else slots[choice] = fresh[0]!;
  host.set({ slots, active: choice === 'add' ? st.slots.length : choice === 'all' ? 0 : choice });
  host.message(names.length > 1 ? t('import.doneMany', { names: names.join(', ') }) : t('yaml.imported', { name: names[0]! }));
}

/**
 * Ask whether imported scenarios are added or replace: one replaces the scenario being edited,
 * several replace the comparison. 'add', 'all', a slot, or null (cancel).
 */
function askImport(host: Host, names: readonly string[]): Promise<'add' | 'all' | number | null> {
  const t = host.i18n.t;
  const st = host.state;
  const active = st.active;
  const many = names.length > 1;
  return new Promise((resolve) => {
    let answer: 'add' | 'all' | number | null = null;
    const button = (id: string, text: string, value: 'add' | 'all' | number | null) => h('button', { type: 'button', id, onclick: () => ((answer = value), dlg.close()) }, text);
    const full = st.slots.length + names.length > 4;
    const dlg = h(
      'dialog',
      { class: 'help', id: 'import-dialog', 'aria-labelledby': 'import-title' },
      h('h2', { id: 'import-title' }, many ? t('import.titleMany', { n: names.length }) : t('import.title', { name: names[0]! })),
      many ? h('ul', { id: 'import-names' }, ...names.map((n) => h('li', {}, n))) : null,
      full ? h('p', {}, many ? t('import.fullMany', { n: st.slots.length }) : t('import.full')) : null,
      h(
        'p',
        { class: 'buttons' },
        full ? null : button('import-add', t(many ? 'import.addMany' : 'import.add'), 'add'),
        ' ',
        many ? button('import-replace', t('import.replaceAll', { n: Math.min(4, names.length) }), 'all') : button('import-replace', t('import.replace', { name: host.views[host.viewOf(active)]?.label ?? '' }), active),
        ' ',
        button('import-cancel', t('import.cancel'), null),
      ),
    );
    dlg.addEventListener('close', () => {
      dlg.remove();
      resolve(answer);
    });
    document.body.append(dlg);
    dlg.showModal();
  });
}

/** The active scenario as a YAML file: the scenario file with the levers' values written in. */
export function exportYaml(host: Host): void {
  const st = host.state;
  const slot = st.slots[st.active]!;
  const data = scenarioDataOf(slot.file, slot.overrides);
  delete data.extends;
  const v = host.views[host.viewOf(st.active)]!;
  const t = host.i18n;
  const mine = host.changes.filter((c) => c.slot === st.active);
  // The file names the changes in its comments, in the app's language (YAML comments are for people).
  const head = [`# ${v.label}`, `# ${t.t('yaml.exported', { version: MODEL_VERSION, file: slot.file })}`, ...changeLines(mine).map((l) => `# ${t.t('changes.one')}: ${l}`)].join('\n') + '\n';
  download(`${v.scenario.name}${changedSuffix(mine, t)}.yaml`, new Blob([head + stringify(data, { lineWidth: 0 })], { type: 'text/yaml' }));
}

/** The comparison as a self-contained HTML report (the CLI's report, staff and money included), with how the designs were compared. */
export function report(host: Host & { readonly fair: FairState | null }, progress: SearchProgress | null = null): void {
  const c = host.comparison;
  if (!c) return;
  const t = host.i18n;
  const sections: ReportSection[] = [{ title: t.t('report.compared'), paragraphs: [t.t(`equal.${host.state.settings.equal}.title`), ...fairNotes(host, c, host.fair, progress)] }];
  // What the room changed: every lever, from the file's value to the value shown.
  sections.push(
    host.changes.length > 0
      ? { title: t.t('changes.title'), table: { head: [t.t('changes.scenario'), t.t('changes.lever'), t.t('changes.from'), t.t('changes.to')], rows: host.changes.map((x) => [x.scenario, x.lever, x.from, x.to]) } }
      : { title: t.t('changes.title'), paragraphs: [t.t('changes.none')] },
  );
  const policies = policyDifferences(host.views.map((v) => v.scenario), policyWords(t));
  if (policies.length > 0) sections.push({ title: t.t('policy.title'), paragraphs: [t.t('policy.note')], table: { head: [t.t('policy.column'), ...host.views.map((v) => v.label)], rows: policies.map((p) => [p.policy, ...p.values]) } });
  const title = t.t('report.title', { names: host.views.map((v) => v.label).join(' · ') });
  const words = { param: (p: string) => paramLabel(p, host.state.lang), unit: (u: string) => unitLabel(t, u), source: (s: string) => sourceLong(s, t) };
  // The uncertainty in the assumptions where the cards show it, by the report's (unique) scenario names.
  const shown = bandsFor(host.state, host.views);
  const ranges = c.manifest.points.flatMap((p, i) => (shown.bands[i] ? [[p.scenario, shown.bands[i]!] as const] : []));
  const assumptions = ranges.length > 0 ? { source: t.t('bands.report.source', { kept: shown.file.kept, assumptions: shown.file.assumptions }), bands: Object.fromEntries(ranges) } : undefined;
  const html = reportHtml(c.manifest, c.runs, host.state.lang, { title, sections, words, ...(assumptions ? { assumptions } : {}) });
  download(`${t.t('file.report')}${changedSuffix(host.changes, t)}.html`, new Blob([html], { type: 'text/html' }));
}
