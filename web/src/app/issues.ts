/**
 * Problems with a scenario file or a share link, in the app's language. The validator (the CLI's
 * code) describes a problem as data: where (file, line, field), what was expected and what was
 * found, in English phrases; the Dutch app says them in Dutch, phrase by phrase, and where a
 * phrase is not known (a message of the YAML reader) it says what kind of problem it is and where.
 */
import { formatPath } from '../../../src/scenario/schema.js';
import type { FormattedIssue } from '../../../src/scenario/parse.js';
import type { I18n } from '../i18n/index.js';
import { LinkError } from '../state.js';

type Rule = [RegExp, string];

/** Phrases of the validator (src/scenario) in Dutch; $1.. are the captured parts. */
const NL: Rule[] = [
  [/^a whole number in \[(.+), (.+)\]$/, 'een geheel getal van $1 tot en met $2'],
  [/^a number in \[(.+), (.+)\]$/, 'een getal van $1 tot en met $2'],
  [/^a whole number >= (.+)$/, 'een geheel getal van ten minste $1'],
  [/^a number >= (.+)$/, 'een getal van ten minste $1'],
  [/^a number <= (.+)$/, 'een getal van ten hoogste $1'],
  [/^a whole number$/, 'een geheel getal'],
  [/^a number$/, 'een getal'],
  [/^a non-empty text$/, 'een tekst die niet leeg is'],
  [/^true or false$/, 'true of false (ja of nee)'],
  [/^one of the keys (.+)$/, 'een van de velden $1'],
  [/^one of (.+)$/, 'een van $1'],
  [/^an object with keys among (.+)$/, 'een lijst van velden uit $1'],
  [/^an object with keys (.+)$/, 'een lijst van velden met $1'],
  [/^a value \(this field is required\)$/, 'een waarde (dit veld is verplicht)'],
  [/^valid YAML$/, 'geldige YAML'],
  [/^YAML whose aliases \(\*name\) expand to a reasonable size \(at most (\d+) uses\)$/, 'YAML waarvan de verwijzingen (*naam) binnen de perken blijven (ten hoogste $1 keer gebruikt)'],
  [/^aliases that expand to an excessive size \(an alias bomb\)$/, 'verwijzingen die uitdijen tot een buitensporige omvang (een "alias-bom")'],
  [/^lists or mappings nested too deeply$/, 'te diep geneste lijsten of velden'],
  [/^binary data \(or text not in UTF-8\)$/, 'binaire gegevens (of tekst die geen UTF-8 is)'],
  [/^a (\w[\w ]*) file: YAML text \(UTF-8\) with fields such as (.+)$/, 'een bestand met YAML-tekst (UTF-8) met velden als $2'],
  [/^an empty file$/, 'een leeg bestand'],
  [/^a scenario file under 1 MB$/, 'een scenariobestand kleiner dan 1 MB'],
  [/^a scenario file$/, 'een scenariobestand'],
  [/^(\d+) MB$/, '$1 MB'],
  [/^a list of (\d+)(?: items)?$/, 'een lijst van $1'],
  [/^a text of (\d+) characters, not a mapping of fields$/, 'een tekst van $1 tekens, geen lijst van velden'],
  [/^a mapping of (\d+) key\(s\), none of them a (\w+) field; is this a \w+ file\?$/, 'een lijst van $1 velden, geen ervan een veld van een scenario; is dit wel een scenariobestand?'],
  [/^shares that sum to 1 \(100%\)$/, 'aandelen die samen 1 (100%) zijn'],
  [/^a sum of (.+)$/, 'een som van $1'],
  [/^capacity above the long-run demand \(utilisation < 1\)$/, 'capaciteit boven de vraag op lange termijn (bezetting onder 1)'],
  [/^MDO slots above the long-run demand$/, 'MDO-plekken boven de vraag op lange termijn'],
  [/^an existing scenario file$/, 'een bestaand scenariobestand'],
  [/^a path to another scenario file$/, 'een pad naar een ander scenariobestand'],
  [/^a chain of extends without cycles$/, 'een keten van extends zonder kringloop'],
  [/^a cycle through (.+)$/, 'een kringloop via $1'],
  [/^a wijk name not used before$/, 'een wijknaam die nog niet gebruikt is'],
  [/^an? (\w+) section \(design (.+)\)$/, 'een onderdeel $1 (ontwerp $2)'],
  [/^unknown key (.+)$/, 'onbekend veld $1'],
  [/^no file at (.+)$/, 'geen bestand $1'],
  [/^no file$/, 'geen bestand'],
  [/^nothing$/, 'niets'],
  [/^unknown$/, 'onbekend'],
  [/^did you mean '(.+)'\?$/, "bedoelt u '$1'?"],
  // Importing several files: a scenario with the tables (CSV) it reads.
  [/^an existing CSV table$/, 'een bestaande CSV-tabel'],
  [/^a table under 1 MB$/, 'een tabel kleiner dan 1 MB'],
  [/^at most (\d+) files at once$/, 'ten hoogste $1 bestanden tegelijk'],
  [/^(\d+) files$/, '$1 bestanden'],
  [/^a scenario file \(\.yaml\) among the files chosen, with the tables it reads$/, 'een scenariobestand (.yaml) bij de gekozen bestanden, met de tabellen die het leest'],
  [/^only tables$/, 'alleen tabellen'],
  [/^an empty cell$/, 'een lege cel'],
  [/^the name of the wijk$/, 'de naam van de wijk'],
  [/^a number of youths \(a number with a decimal comma \(1234 or 1\.234 or 12,5\), at least 0\)$/, 'een aantal jeugdigen (een getal met een decimale komma: 1234, 1.234 of 12,5; ten minste 0)'],
  [/^a number of youths \(a number with a decimal point \(1234 or 12\.5\), at least 0\)$/, 'een aantal jeugdigen (een getal met een decimale punt: 1234 of 12.5; ten minste 0)'],
  [/^(\d+) cells \(as the header\), separated by '(.)'$/, "$1 cellen (zoals de kopregel), gescheiden door '$2'"],
  [/^(\d+) cells$/, '$1 cellen'],
];

/**
 * A phrase in Dutch, or null when it is not one of the validator's known phrases. A parameter's
 * unit follows its phrase ("a number in [0, 1] share", "-3 share"): said in the app's words.
 */
function phrase(s: string, t: I18n): string | null {
  for (const [re, to] of NL) if (re.test(s)) return s.replace(re, to);
  // Values as the validator describes them (numbers, quoted texts) need no words.
  if (/^-?[\d.,e+]+$|^"[^"]*"(\.\.\. \(\d+ characters\))?$|^'[^']*'$|^(true|false|null)$/.test(s)) return s;
  const m = /^(.*) ([a-z_]+)$/.exec(s);
  const unit = m ? t.tOr(`unit.${m[2]}`, '') : '';
  if (m && unit) {
    const head = phrase(m[1]!, t);
    return head === null ? null : `${head} ${unit}`;
  }
  return null;
}

/** One problem of a scenario file, in the app's language. */
export function issueText(i: FormattedIssue, t: I18n): string {
  if (t.lang === 'en') return i.text;
  const where = `${i.file}${i.line ? `:${i.line}` : ''}`;
  const field = i.path.length > 0 ? `${formatPath(i.path)}: ` : '';
  const expected = phrase(i.expected, t);
  const found = phrase(i.found, t);
  const hint = i.hint ? phrase(i.hint, t) : null;
  // A message of the YAML reader itself has no Dutch words: say where and what kind of problem.
  if (expected === null || found === null) return t.t(/\.csv$/i.test(i.file) ? 'issue.table' : 'issue.unknown', { where, field });
  // A table's problem names its column in the text only ("wijken.csv:3: column '0-4': expected ...").
  const column = / column '([^']*)': expected /.exec(i.text)?.[1];
  return `${where}: ${field}${column !== undefined ? t.t('issue.column', { column }) : ''}${t.t('issue.text', { expected, found })}${hint ? ` (${hint})` : ''}`;
}

/** A problem with a share link or an imported file, in the app's language. */
export function problemText(e: unknown, t: I18n): string {
  if (e instanceof LinkError) return t.lang === 'en' ? e.message : t.t(`link.${e.code}`, e.vars);
  if (e && typeof e === 'object' && 'issues' in e && Array.isArray((e as { issues: unknown }).issues)) return (e as { issues: FormattedIssue[] }).issues.map((i) => issueText(i, t)).join('\n');
  return e instanceof Error ? e.message : String(e);
}
