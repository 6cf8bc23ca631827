/**
 * `ketensim init <naam>`: a starter folder for a municipality of one's own (docs/eigen-gemeente.md).
 * It holds a baseline that extends the generic model (model/generiek.yaml), the three other
 * designs on that baseline, a targets file, two tables to fill in (the youths per wijk and age
 * band, and the targets) and a short README in Dutch. Every number starts as an `aanname` taken
 * from Nijmegen 2019, per 1000 youths or scaled to the youths of the table, until the user gives
 * it a source. Everything in it validates as written. The folder is written whole or not at all.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { DEFAULT_DESIGN_FILES } from '../experiment/defaults.js';
import { AGE_BANDS, VINDPLAATSEN, type AgeBand, type Scenario } from '../scenario/types.js';
import { WEEKS_PER_YEAR } from '../scenario/param.js';
import { UserError } from './errors.js';
import { expectFile } from './files.js';
import { CsvError, parseCsv } from '../scenario/csv.js';
import { wijkenFromTable } from '../scenario/tables.js';
import { load, scenariosDir, BASELINE } from './model-commands.js';
import { parseOptions, type Io } from './options.js';

/**
 * The starter table: four wijken of a town of about 12,000 youths aged 0-18 (example numbers, to be
 * replaced). Its 18-23 column keeps Nijmegen's ratio of youths aged 0-23 to 0-18 (45,000 / 29,008),
 * so the starter targets, Nijmegen's shares of youths 0-23 in care, can be met before the table is
 * filled; with fewer young adults the same inflow is a larger share of them.
 */
const STARTER_WIJKEN = [
  { name: 'Centrum', youth: [520, 390, 650, 810, 2650] },
  { name: 'Noord', youth: [880, 660, 1100, 1320, 1640] },
  { name: 'Oost', youth: [760, 570, 950, 1140, 1420] },
  { name: 'Zuid', youth: [600, 450, 750, 900, 1140] },
];
const TABLE_BANDS = ['0-4', '4-7', '7-12', '12-18', '18-23'];

/** The years of each model band: Nijmegen's youths per band are not in the seeds (evenly over the ages, aanname). */
const BAND_YEARS: Record<AgeBand, number> = { '0-4': 4, '4-7': 3, '7-12': 5, '12-18': 6 };

const fmtNl = (x: number) => String(x).replace('.', ',');
const round1 = (x: number) => Math.round(x * 10) / 10;
const round2 = (x: number) => Math.round(x * 100) / 100;

export function initCommand(args: string[], io: Io): number {
  const { opts, rest } = parseOptions(args, { wijken: 'string' });
  if (rest.length !== 1) throw new UserError(`init takes the name of the new folder, found ${rest.length === 0 ? 'none' : rest.join(' ')}`);
  const folder = rest[0]!;
  if (folder.trim() === '') throw new UserError(`init takes the name of the new folder, found an empty name`);
  const name = basename(resolve(folder))
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (!/^[a-z0-9]/.test(name)) throw new UserError(`init ${folder}: expected a name with letters or digits (the folder and the scenarios are named after it), found '${folder}'`);
  // Resolved: '.' or a path to the current folder exists too (a rename would replace an empty one).
  const exists = () => existsSync(resolve(folder));
  if (exists()) throw new UserError(`init ${folder}: expected a new folder, found one that exists; choose another name or remove it`);
  const title = basename(resolve(folder)).replace(/^./, (c) => c.toUpperCase());

  const nijmegen = load(join(scenariosDir(), BASELINE)).scenario;
  // A wijken table of one's own (checked as a scenario would read it) instead of the example one.
  let table: { text: string; youths: number } | undefined;
  if (typeof opts.wijken === 'string') {
    expectFile(opts.wijken, 'a CSV table of the wijken (docs/tables.md)');
    const text = readFileSync(opts.wijken, 'utf8');
    let r;
    try {
      r = wijkenFromTable(parseCsv(text), 'aanname');
    } catch (e) {
      if (e instanceof CsvError) r = { problems: e.problems };
      else throw e;
    }
    if ('problems' in r) throw new UserError(`init: option --wijken ${opts.wijken}:\n${r.problems.map((p) => `  ${p.line ? `line ${p.line}: ` : ''}${p.column ? `column '${p.column}': ` : ''}expected ${p.expected}, found ${p.found}`).join('\n')}`);
    const youths = r.wijken.reduce((a, w) => a + AGE_BANDS.reduce((x, b) => x + ((w.youth as Record<string, { value: number }>)[b]?.value ?? 0), 0), 0);
    if (!(youths > 0)) throw new UserError(`init: option --wijken ${opts.wijken}: expected youths aged 0-18, found none`);
    table = { text, youths };
  }
  const files = starterFiles(name, title, nijmegen, table);
  // Written in a temporary folder next to it, then renamed: whole or not at all.
  const tmp = `${resolve(folder)}.ketensim-init-${process.pid}`;
  try {
    mkdirSync(dirname(tmp), { recursive: true });
    mkdirSync(tmp);
    for (const [f, text] of Object.entries(files)) writeFileSync(join(tmp, f), text);
    // Made meanwhile by someone else: keep theirs (rename would replace an empty folder).
    if (exists()) throw new UserError(`init ${folder}: expected a new folder, found one that exists; choose another name or remove it`);
    renameSync(tmp, resolve(folder));
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  io.out(`Map ${folder}/ gemaakt voor ${title}:`);
  for (const f of Object.keys(files)) io.out(`  ${folder}/${f}`);
  io.out(`\nVul de twee tabellen in (${folder}/wijken.csv en ${folder}/doelen.csv) en lees ${folder}/LEESMIJ.md.`);
  io.out(`Daarna: npx ketensim validate ${folder}  ->  npx ketensim fit --targets ${folder}/doelen.yaml --free swt.staff.fte_per_1000,swt.youth_share  ->  npx ketensim compare ${folder}/basis.yaml ${folder}/geoptimaliseerd-indicatiemodel.yaml ${folder}/brede-basisteams.yaml ${folder}/one-stop-shop.yaml --equal budget`);
  return 0;
}

/** The files of a starter folder, by name. */
export function starterFiles(name: string, title: string, nijmegen: Scenario, table?: { text: string; youths: number }): Record<string, string> {
  const youths = table ? Math.round(table.youths) : STARTER_WIJKEN.reduce((a, w) => a + w.youth.slice(0, 4).reduce((x, y) => x + y, 0), 0);
  const ratio = youths / nijmegen.population.youth.value;
  const ratioText = `${youths.toLocaleString('en')} / ${Math.round(nijmegen.population.youth.value).toLocaleString('en')}`;
  const files: Record<string, string> = {};

  files['wijken.csv'] = table?.text ?? [`wijk;${TABLE_BANDS.join(';')}`, ...STARTER_WIJKEN.map((w) => `${w.name};${w.youth.join(';')}`)].join('\r\n') + '\r\n';

  // The inflow per 1000 youths of each vindplaats's ages, from Nijmegen 2019.
  const nYouthBand = (b: AgeBand) => (nijmegen.population.youth.value * BAND_YEARS[b]) / 18;
  const perThousand = VINDPLAATSEN.map((v) => {
    const vp = nijmegen.inflow.vindplaatsen[v]!;
    const n = AGE_BANDS.filter((b) => (vp.age[b]?.value ?? 0) > 0).reduce((a, b) => a + nYouthBand(b), 0);
    return { v, value: round2(((vp.rate.value * WEEKS_PER_YEAR) / n) * 1000), bands: AGE_BANDS.filter((b) => (vp.age[b]?.value ?? 0) > 0).join(', ') };
  });
  // Staff per 1000 youths aged 0-18, so the teams follow the table once it is filled in.
  const per1000 = (fte: number) => +((fte / nijmegen.population.youth.value) * 1000).toPrecision(4);
  const staff = (fte: number, what: string) => `fte_per_1000: { value: ${per1000(fte)}, unit: fte, source: "aanname: ${what} of Nijmegen 2019 (${fte} FTE) per 1000 youths aged 0-18; replace by your own FTE (fte: ...)" }`;
  const care = (['1', '2', '3', '4'] as const).map((l) => `  "${l}":\n    staff:\n      ${staff(nijmegen.care[l]!.staff.fte.value, `the providers' staff for level ${l}`)}`).join('\n');

  files['basis.yaml'] = `# ${title}: the baseline (indicatiemodel), written by \`ketensim init\`.
# The working of the chain is the generic model's (model/generiek.yaml in ketensim); this file adds
# what is the municipality's own. Every number starts as an assumption (aanname) taken from
# Nijmegen 2019, mostly per 1000 youths so it follows wijken.csv, until you give it a source:
# declare the document under sources: and cite its code (source: cbs). LEESMIJ.md says what to fill.
extends: ketensim:model/generiek.yaml
name: ${name}-basis
title: ${title} – indicatiemodel (basis)
design: indicatiemodel
description: >
  The baseline of ${title}: the access model of today (wijkteam, beschikking, providers).

# The documents your numbers come from: a code and what it is. Cite a code as source: cbs.
sources:
  gemeente: "Vul in: the municipality's own registration (for example the jaarverslag of the wijkteams)"

population:
  # The youths per wijk and age band (0-4 is 0 up to 4 years). Replace the example numbers by
  # CBS's and write its code as the source (declare it under sources: above).
  wijken: { table: wijken.csv, source: "${table ? 'aanname: the table given to ketensim init; cite its source' : 'aanname: example numbers of ketensim init; replace them'}" }

inflow:
  # New casussen a year per 1000 youths of the ages each vindplaats sees: Nijmegen 2019's (its
  # rate divided by its youths of those ages, spread evenly over the ages, aanname).
  vindplaatsen:
${perThousand.map((p) => `    ${p.v}:\n      per_1000: { value: ${p.value}, unit: per_1000_per_year, source: "aanname: Nijmegen 2019's rate per 1000 youths aged ${p.bands}" }`).join('\n')}
  # The Wmo aanmeldingen at the wijkteam, per 1000 youths aged 0-18 as in Nijmegen 2019 until you
  # write your own count a year (wmo_rate: { value: ..., unit: per_year, source: ... }).
  wmo_per_1000: { value: ${+((nijmegen.inflow.wmo_rate.value * WEEKS_PER_YEAR * 1000) / nijmegen.population.youth.value).toPrecision(4)}, unit: per_1000_per_year, source: "aanname: Nijmegen 2019's Wmo aanmeldingen (${Math.round(nijmegen.inflow.wmo_rate.value * WEEKS_PER_YEAR)} a year) per 1000 youths aged 0-18; replace by your own count" }

poh_jeugd:
  staff:
    ${staff(nijmegen.poh_jeugd.staff.fte.value, 'the POH-jeugd')}

eerste_lijn:
  staff:
    ${staff(nijmegen.eerste_lijn.staff.fte.value, 'the first line')}

swt:
  staff:
    ${staff(nijmegen.swt.staff.fte.value, 'the wijkteams (youth and Wmo)')}
  youth_share: { value: ${nijmegen.swt.youth_share.value}, unit: share, source: "aanname: Nijmegen 2019's share of the wijkteam staff that works for youth" }

ivh:
  staff:
    ${staff(nijmegen.ivh.staff.fte.value, 'the IVH-casemanagers')}

care:
${care}
`;

  // The other designs on this baseline: the shipped ones with their staff and lump sum scaled.
  for (const f of DEFAULT_DESIGN_FILES.slice(1)) {
    const text = readFileSync(join(scenariosDir(), f), 'utf8');
    const design = f.replace(/\.yaml$/, '');
    const scaled = text
      .replace(/^extends: .*$/m, 'extends: basis.yaml')
      .replace(/^name: .*$/m, `name: ${name}-${design}`)
      .replace(/^title: (.*)$/m, (_, t: string) => `title: ${title} – ${t}`)
      // A team's FTE per 1000 youths (it follows the table); the lump sum scaled to the youths of the table now.
      .replace(/\bfte: \{ value: ([\d.]+), unit: fte, source: ("(?:[^"\\]|\\.)*"|[^,}]+) \}/g, (_m, v: string) => `fte_per_1000: { value: ${per1000(Number(v))}, unit: fte, source: "aanname: Nijmegen's design (${v} FTE) per 1000 youths aged 0-18; compare with --equal budget or staff" }`)
      .replace(/\{ value: ([\d.]+), unit: meur, source: ("(?:[^"\\]|\\.)*"|[^,}]+)(?:, low: ([\d.]+), high: ([\d.]+), range_source: ("(?:[^"\\]|\\.)*"))? \}/g, (_m, v: string, _s: string, low?: string, high?: string) => {
        const x = (n: string) => round1(Number(n) * ratio);
        const range = low !== undefined && high !== undefined ? `, low: ${x(low)}, high: ${x(high)}, range_source: "aanname: Nijmegen's design range ${low}-${high} x ${ratioText} youths"` : '';
        return `{ value: ${x(v)}, unit: meur, source: "aanname: Nijmegen's design (${v} meur) x ${ratioText} youths; compare with --equal budget or staff"${range} }`;
      });
    files[f] = `# Written by \`ketensim init\` from ketensim's scenarios/${f}: the design on the baseline of
# ${title}, its staff per 1000 youths as Nijmegen's design (so they follow wijken.csv) and any lump
# sum scaled to the youths of wijken.csv when it was written (${ratioText} of Nijmegen 2019's).
# Compare the designs on the baseline's budget or staff (compare --equal budget|staff) so that their
# size is not what decides. The text below is the shipped design's.
${scaled}`;
  }

  files['doelen.yaml'] = `# The calibration targets of ${title}: what the baseline must reproduce. One target per row of
# doelen.csv: the KPI, its value and band (or lower and upper bound), and its source.
# \`ketensim calibrate --targets doelen.yaml\` checks them; \`ketensim fit --targets doelen.yaml\` fits
# the baseline's assumptions to them. Reference: docs/targets.md in ketensim.
title: ${title}
baseline: basis.yaml
replications: 10
sources:
  gemeente: "Vul in: the municipality's own registration (for example the jaarverslag of the wijkteams)"
targets: { table: doelen.csv }
`;

  const targetRows: [string, string, number | '', number | '', number | '', number | '', string][] = [
    ['wait_intake_q3_weeks', 'Wachttijd wijkteam tot keukentafelgesprek, jeugd, juli-september (weken)', 7.2, 0.2, '', '', "aanname: Nijmegen 2019's figure (003:L665-666); replace by your own"],
    ['wait_intake_wmo_q3_weeks', 'Wachttijd wijkteam tot keukentafelgesprek, Wmo, juli-september (weken)', 10.45, 0.25, '', '', "aanname: Nijmegen 2019's figure (003:L665-666); replace by your own"],
    ['assessment_weeks', 'Doorlooptijd indicatiestelling jeugd (weken)', 9.9, 0.2, '', '', "aanname: Nijmegen 2019's figure (003:L667-669); replace by your own"],
    ['trajectories_per_year', 'Jeugdhulptrajecten per jaar', Math.round(3150 * ratio), 0.15, '', '', `aanname: Nijmegen 2019's 3,150 (001:L205-239) x ${ratioText} youths; replace by CBS's figure`],
    ['pct_youth_ambulant', 'Jongeren 0-23 met ambulante jeugdhulp (%)', 6.5, 0.2, '', '', "aanname: Nijmegen 2019's figure (003:L808-809); replace by CBS's"],
    ['pct_youth_verblijf', 'Jongeren 0-23 met verblijf (%)', 0.9, 0.25, '', '', "aanname: Nijmegen 2019's figure (003:L808-809); replace by CBS's"],
    ['referrer_share.huisarts', 'Verwijzer huisarts (%)', '', '', 31, 42, "aanname: the national range (004:L107-130); replace by CBS's figure"],
    ['referrer_share.toegang', 'Verwijzer gemeentelijke toegang (%)', '', '', 28, 42, "aanname: the national range (004:L107-130); replace by CBS's figure"],
  ];
  const cell = (x: string | number) => (typeof x === 'number' ? fmtNl(x) : /[;"\n]/.test(x) ? `"${x.replace(/"/g, '""')}"` : x);
  files['doelen.csv'] = ['kpi;omschrijving;waarde;marge;ondergrens;bovengrens;bron', ...targetRows.map((r) => r.map(cell).join(';'))].join('\r\n') + '\r\n';

  files['LEESMIJ.md'] = readme(title, name);
  return files;
}

function readme(title: string, name: string): string {
  return `# ${title} in ketensim

Deze map is gemaakt met \`ketensim init\`. Ze beschrijft de jeugdhulpketen van ${title} zoals die nu
werkt (het indicatiemodel) en drie andere ontwerpen, zodat u ze met ketensim kunt vergelijken. Alle
getallen beginnen als **aanname**, overgenomen van Nijmegen 2019, tot u ze vervangt door uw eigen
cijfers met een bron. De handleiding staat in ketensim onder \`docs/eigen-gemeente.md\`.

## Wat staat hier

| bestand | wat |
| --- | --- |
| \`wijken.csv\` | **invullen**: de jeugdigen per wijk en leeftijdsgroep |
| \`doelen.csv\` | **invullen**: de cijfers van uw gemeente waaraan het model moet voldoen |
| \`basis.yaml\` | het huidige model van uw gemeente (breidt het generieke model uit) |
| \`doelen.yaml\` | hoort bij \`doelen.csv\`: noemt de basis en de bronnen |
| \`geoptimaliseerd-indicatiemodel.yaml\`, \`brede-basisteams.yaml\`, \`one-stop-shop.yaml\` | de andere ontwerpen, op uw basis |

## 1. De twee tabellen invullen

Beide tabellen openen in Excel; sla op als *CSV (puntkomma-gescheiden)* of *CSV UTF-8*. Decimalen
met een komma (12,5).

**wijken.csv**: een rij per wijk. Kolom \`wijk\` is de naam; de leeftijdskolommen geven het aantal
jeugdigen. \`0-4\` betekent *van 0 tot 4 jaar* (0, 1, 2 en 3 jaar), zoals CBS "0 tot 5 jaar" schrijft;
de kolommen sluiten op elkaar aan. U mag ook de indeling van CBS gebruiken (\`0 tot 5 jaar;5 tot 10
jaar;...\`); ketensim verdeelt die over zijn eigen groepen. Neem jongeren tot 23 jaar mee (kolom
\`18-23\`). Een kolom \`personeel\` (optioneel) geeft per wijk een gewicht voor het deel van de teams
dat daar werkt, bijvoorbeeld de FTE van nu. Zet in \`basis.yaml\` bij \`wijken\` de bron (zie 3).

**doelen.csv**: een rij per doel. \`kpi\` is de maat (de lijst staat in \`docs/model.md\`, 1.2),
\`waarde\` met \`marge\` (0,2 is 20% eronder tot 20% erboven) of \`ondergrens\` en \`bovengrens\`, en
\`bron\`. Het model "haalt" een doel als het gemiddelde binnen de band ligt.

## 2. Controleren

    npx ketensim validate ${name}

Een fout noemt het bestand, de regel en kolom, wat verwacht werd en wat er stond.

## 3. Bronnen

Elk getal heeft een bron. Zet uw documenten onder \`sources:\` in \`basis.yaml\` (en \`doelen.yaml\`),
bijvoorbeeld \`cbs: "CBS StatLine 03759ned, 1 januari 2024"\`, en schrijf bij het getal
\`source: cbs\`. Wat u niet weet, blijft \`aanname\`.

## 4. Het model op uw cijfers afstemmen

    npx ketensim calibrate --targets ${name}/doelen.yaml
    npx ketensim fit --targets ${name}/doelen.yaml --free swt.staff.fte_per_1000,swt.youth_share

\`fit\` zoekt waarden van de genoemde aannames waarmee de doelen gehaald worden, schrijft ze in
\`basis.yaml\` met als bron "fitted to doelen.yaml, <datum>" en zegt welke doelen buiten blijven en
waarom (bijvoorbeeld doelen die elkaar tegenspreken). Afbreken mag: hetzelfde commando gaat verder.

## 5. Ontwerpen vergelijken

    npx ketensim compare ${name}/basis.yaml ${name}/geoptimaliseerd-indicatiemodel.yaml ${name}/brede-basisteams.yaml ${name}/one-stop-shop.yaml --equal budget

\`--equal budget\` geeft elk ontwerp het budget van de basis (\`--equal staff\`: dezelfde FTE), zodat
de omvang van een ontwerp niet de uitkomst bepaalt.
`;
}
