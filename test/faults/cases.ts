/**
 * Hostile and absurd inputs, by command. Each case runs the CLI in this process and must end
 * with a clear error (exit code 2, the patterns in the message: the file, field or option, what
 * was expected, what was found) or, where `expect` is 'ok', correctly. Folders named in
 * `unchanged` must be byte-identical afterwards, and no case may print a stack trace, an internal
 * error or anything of a file that is not a scenario.
 *
 * A new command gets its cases here: commands.test.ts fails for a command of the CLI without any.
 */
import { BASELINE, FIELDS, SHORT, type Sandbox } from './harness.js';

const RATE = FIELDS.rate.path;

export interface FaultCase {
  name: string;
  argv: (s: Sandbox) => string[];
  /** 'ok': exit code 0; otherwise what the error message must contain. */
  expect: 'ok' | readonly (string | RegExp)[];
  /** Folders (or files) that must be exactly as they were. */
  unchanged?: (s: Sandbox) => string[];
  /** Extra checks after the command. */
  after?: (s: Sandbox) => void;
}

const FILE = /expected .*found/;

/** Cases every command that reads scenario files shares: `argv(file)` runs the command on one. */
function scenarioFileCases(argv: (file: string) => string[]): FaultCase[] {
  const on = (name: string, file: string, expect: FaultCase['expect']): FaultCase => ({ name, argv: (s) => argv(s.at(file)), expect });
  return [
    on('a missing file', 'nowhere.yaml', ['nowhere.yaml']),
    on('a folder instead of a file', 'folder.yaml', ['folder.yaml', 'found a folder']),
    on('an alias bomb', 'bomb.yaml', ['bomb.yaml', 'alias bomb']),
    on('nesting 20,000 lists deep', 'deep-flow.yaml', ['deep-flow.yaml', 'nested too deeply']),
    on('mappings 400 deep', 'deep-map.yaml', ['deep-map.yaml', "unknown key 'k0'"]),
    on('binary junk', 'junk.yaml', ['junk.yaml', 'binary data']),
    on('a PNG named .yaml', 'png.yaml', ['png.yaml', 'binary data']),
    on('UTF-16 text', 'utf16.yaml', ['utf16.yaml', 'not in UTF-8']),
    on('a file of 1.5 MB', 'huge.yaml', ['huge.yaml', 'more than the 1.0 MB']),
    on('duplicate keys', 'dup.yaml', ['dup.yaml:3', 'unique']),
    on('an empty file', 'empty.yaml', ['empty.yaml', 'an empty file']),
    on('a list', 'list.yaml', ['list.yaml', 'a list of 2 items']),
    on('a single number', 'scalar.yaml', ['scalar.yaml', 'a single value']),
    on('a tab in the indentation', 'tabs.yaml', ['tabs.yaml', 'not valid YAML']),
    on('an unterminated string', 'unterminated.yaml', ['unterminated.yaml', 'not valid YAML']),
    on('a NUL byte', 'nul.yaml', ['nul.yaml', 'binary data']),
    on('extends a text file with secrets', 'extends-secret.yaml', ['secret.txt', 'extended by', 'a text of']),
    on('extends a mapping that is no scenario', 'extends-secret-map.yaml', ['secret-map.yaml', 'none of them a scenario field']),
    on('extends /etc/passwd', 'extends-passwd.yaml', ['etc/passwd', FILE]),
    on('extends a folder', 'extends-folder.yaml', ['extends-folder.yaml: extends: no scenario file at']),
    on('extends a missing file', 'extends-missing.yaml', ['extends-missing.yaml: extends: no scenario file at', 'nowhere.yaml']),
    on('extends a number', 'extends-number.yaml', ['extends-number.yaml:1', 'extends: expected a path to another scenario file, found 42']),
    on('extends /dev/zero', 'extends-dev-zero.yaml', ['no scenario file at', 'dev/zero']),
    on('an extends cycle', 'cycle-a.yaml', ['extends: cycle through']),
    on('extends itself', 'self.yaml', ['extends: cycle through', 'self.yaml']),
    on('extends a loop of symbolic links', 'extends-loop.yaml', ['loop-1.yaml', 'a loop of symbolic links']),
    on('a loop of symbolic links', 'loop-1.yaml', ['loop-1.yaml', 'a loop of symbolic links']),
    on('a key with a long secret', 'secret-long-key.yaml', ["unknown key 'xxxxxxxx", 'characters)']),
    on('a rate of .nan', 'rate-nan.yaml', ['rate-nan.yaml:', `${RATE}.value`, 'expected a number, found NaN']),
    on('a rate of .inf', 'rate-inf.yaml', ['rate.value', 'expected a number, found Infinity']),
    on('a negative rate', 'rate-negative.yaml', ['rate.value', '>= 0', '-5 per_year']),
    on('a horizon of 0', 'horizon-zero.yaml', ['simulation.horizon.value', '> 0']),
  ];
}

/** Cases for a command that runs scenarios (run, compare, calibrate): absurd runs are refused before they start. */
function runLimitCases(argv: (file: string) => string[]): FaultCase[] {
  return [
    { name: 'a rate of 1e308 (refused, not hung)', argv: (s) => argv(s.at('rate-huge.yaml')), expect: ['rate-huge.yaml:', `${RATE}.value: expected a number of at most 1000000000000000`, 'found 1e+308 per_year'] },
    { name: 'a rate of 1e12 a year (refused, not hung)', argv: (s) => argv(s.at('rate-1e12.yaml')), expect: ['rate-1e12.yaml', 'casussen arrive in one run', `the largest rate is ${RATE}, 1000000000000 per_year`, 'the limit is 1,000,000'] },
    { name: 'a rate of 1e7 a year (refused, not out of memory)', argv: (s) => argv(s.at('rate-big.yaml')), expect: [/about [\d,]+ casussen arrive in one run/, 'the limit is'] },
    { name: 'a horizon of 1e308 years', argv: (s) => argv(s.at('horizon-huge.yaml')), expect: ['horizon-huge.yaml:', 'simulation.horizon.value: expected a number of at most', 'found 1e+308 years'] },
    { name: 'a horizon of 1e6 years', argv: (s) => argv(s.at('horizon-1e6.yaml')), expect: ['horizon-1e6.yaml', 'a run of 1,000,005 years (simulation.warmup + simulation.horizon', 'the limit is 1,000 years per run'] },
  ];
}

/** Options of run and compare that take numbers: every kind of wrong value. */
function numberOptionCases(cmd: 'run' | 'compare', files: (s: Sandbox) => string[]): FaultCase[] {
  const bad = (opt: string, value: string, expect: string[]): FaultCase => ({ name: `${opt} ${value || "''"}`, argv: (s) => [cmd, ...files(s), ...SHORT, opt, value], expect });
  const min = cmd === 'run' ? 1 : 2;
  return [
    bad('--reps', '0', [`option --reps: expected an integer >= ${min}, found '0'`]),
    bad('--reps', '-3', [`option --reps: expected an integer >= ${min}, found '-3'`]),
    bad('--reps', '2.5', ["found '2.5'"]),
    bad('--reps', 'NaN', ["found 'NaN'"]),
    bad('--reps', '.inf', ["found '.inf'"]),
    bad('--reps', '1e400', ["found '1e400'"]),
    bad('--reps', '1000000000', ['1,000,000,000 replications', 'runs; the limit is 50,000 runs']),
    bad('--reps', '', ["found ''"]),
    bad('--seed', '9007199254740993', ['option --seed: expected an integer from 0 to 9007199254740991', "found '9007199254740993'"]),
    bad('--seed', '1e300', ['option --seed', "found '1e300'"]),
    bad('--seed', '-1', ["option --seed: expected an integer >= 0, found '-1'"]),
    bad('--seed', '0x10', ["found '0x10'"]),
    bad('--horizon-years', '1e308', ['years per run']),
    bad('--horizon-years', '0', ["option --horizon-years: expected a number > 0, found '0'"]),
    bad('--horizon-years', '-1', ["found '-1'"]),
    bad('--horizon-years', 'NaN', ["found 'NaN'"]),
    bad('--horizon-years', 'Infinity', ["found 'Infinity'"]),
    bad('--warmup-years', '-0.5', ["option --warmup-years: expected a number >= 0, found '-0.5'"]),
    bad('--warmup-years', '1e308', ['years per run']),
    bad('--workers', '0', ["option --workers: expected an integer >= 1, found '0'"]),
    bad('--workers', '100000', ["option --workers: expected an integer from 1 to 256, found '100000'"]),
    bad('--csv', 'excel', ["option --csv: expected nl (';' and decimal comma, for Dutch Excel) or intl"]),
    bad('--precision', '0', ["option --precision: expected a number > 0, found '0'"]),
    bad('--precision', 'NaN', ["option --precision: expected a number > 0, found 'NaN'"]),
    bad('--precision-kpis', 'nope', ['go with --precision']),
    { name: '--precision with --max-reps 1000000000', argv: (s) => [cmd, ...files(s), ...SHORT, '--precision', '0.05', '--max-reps', '1000000000'], expect: ['1,000,000,000 replications (--max-reps)', 'the limit is 50,000'] },
    { name: '--precision-kpis of no KPI', argv: (s) => [cmd, ...files(s), ...SHORT, '--precision', '0.05', '--precision-kpis', 'nope'], expect: ["option --precision-kpis: expected KPI ids (no families), found 'nope'"] },
    { name: 'an unknown option', argv: (s) => [cmd, ...files(s), '--repz', '2'], expect: ['unknown option --repz'] },
    { name: 'an option without its value', argv: (s) => [cmd, ...files(s), '--reps'], expect: ['option --reps needs a value'] },
    { name: 'a flag with a value', argv: (s) => [cmd, ...files(s), '--json=yes'], expect: ['option --json takes no value'] },
  ];
}

/** Output options of run and compare: outputs never overwrite an input or a result. */
function outputCases(cmd: 'run' | 'compare', files: (s: Sandbox) => string[]): FaultCase[] {
  return [
    {
      name: '--event-log naming the scenario file it reads',
      argv: (s) => [cmd, ...files(s), ...SHORT, '--event-log', s.at('ok.yaml')],
      expect: ['option --event-log', 'ok.yaml', "found one of them"],
      unchanged: (s) => [s.at('ok.yaml')],
    },
    {
      name: '--event-log naming the baseline it extends',
      argv: (s) => [cmd, ...files(s), ...SHORT, '--event-log', BASELINE],
      expect: ['option --event-log', 'found one of them'],
      unchanged: () => [BASELINE],
    },
    { name: '--event-log that is a folder', argv: (s) => [cmd, ...files(s), ...SHORT, '--event-log', s.at('empty-folder')], expect: ['option --event-log: expected a file, found a folder'] },
    { name: '--event-log in a missing folder', argv: (s) => [cmd, ...files(s), ...SHORT, '--event-log', s.at('nowhere/log.csv')], expect: ['option --event-log: expected a file in an existing folder'] },
    {
      name: '--event-log inside the --out folder',
      argv: (s) => [cmd, ...files(s), ...SHORT, '--out', s.at('results'), '--event-log', s.at('results/runs.jsonl')],
      expect: ['option --event-log', 'expected a file outside the --out folder'],
      unchanged: (s) => [s.at('results')],
    },
    { name: '--out that is a file', argv: (s) => [cmd, ...files(s), ...SHORT, '--out', s.at('ok2.yaml')], expect: [/expected a folder, found a file|expected a file outside the --out folder/], unchanged: (s) => [s.at('ok2.yaml')] },
    { name: '--out a folder with other files', argv: (s) => [cmd, ...files(s), ...SHORT, '--out', s.at('busy-folder')], expect: ['expected a new or empty folder'], unchanged: (s) => [s.at('busy-folder')] },
    { name: '--out the results of another experiment', argv: (s) => [cmd, ...files(s), ...SHORT, '--out', s.at('results')], expect: ['holds results of another experiment'], unchanged: (s) => [s.at('results')] },
    { name: '--out whose runs.jsonl is a folder', argv: (s) => [cmd, ...files(s), ...SHORT, '--out', s.at('res-journal-folder')], expect: [/holds results of another experiment|runs\.jsonl: expected the journal file/], unchanged: (s) => [s.at('res-journal-folder')] },
    { name: '--out whose manifest.json is a folder', argv: (s) => [cmd, ...files(s), ...SHORT, '--out', s.at('res-manifest-folder')], expect: ['manifest.json: expected a file, found a folder'], unchanged: (s) => [s.at('res-manifest-folder')] },
    { name: '--out whose manifest.json is secret text', argv: (s) => [cmd, ...files(s), ...SHORT, '--out', s.at('res-manifest-secret')], expect: ['manifest.json: expected JSON'], unchanged: (s) => [s.at('res-manifest-secret')] },
    { name: '--out the folder of the scenario', argv: (s) => [cmd, ...files(s), ...SHORT, '--out', s.dir], expect: [/expected a file outside the --out folder|expected a new or empty folder/], unchanged: (s) => [s.at('ok.yaml')] },
  ];
}

export const FAULT_CASES: Record<string, FaultCase[]> = {
  validate: [
    { name: 'no files', argv: () => ['validate'], expect: ['validate needs at least one scenario file'] },
    ...scenarioFileCases((f) => ['validate', f]),
    { name: 'a file with a byte-order mark', argv: (s) => ['validate', s.at('bom.yaml')], expect: 'ok' },
    { name: 'CRLF line ends', argv: (s) => ['validate', s.at('crlf.yaml')], expect: 'ok' },
    { name: 'a scenario written as JSON', argv: (s) => ['validate', s.at('json.yaml')], expect: 'ok' },
    { name: '/etc/passwd itself', argv: () => ['validate', '/etc/passwd'], expect: ['etc/passwd', 'a text of'] },
    { name: 'a scenario whose rate is 1e308', argv: (s) => ['validate', s.at('rate-huge.yaml')], expect: ['rate-huge.yaml', 'expected a number of at most'] },
    { name: 'a scenario whose rate is 1e12 a year', argv: (s) => ['validate', s.at('rate-1e12.yaml')], expect: ['rate-1e12.yaml', 'casussen arrive in one run'] },
    { name: 'a sweep with an alias bomb', argv: (s) => ['validate', s.at('sweep-bomb.yaml')], expect: ['sweep-bomb.yaml', 'alias bomb'] },
    { name: 'a sweep grid of 10^7 steps (refused, not out of memory)', argv: (s) => ['validate', s.at('sweep-grid-1e7.yaml')], expect: ['10,000,000 points', 'the limit is 10,000 points'] },
    { name: 'a sweep grid of 10^8 combinations', argv: (s) => ['validate', s.at('sweep-grid-product.yaml')], expect: ['100,000,000 points', 'the limit is 10,000 points'] },
    { name: 'a Latin hypercube of 10^9 samples', argv: (s) => ['validate', s.at('sweep-lhs-1e9.yaml')], expect: ['1,000,000,000 points'] },
    { name: 'a sweep of 10^9 replications', argv: (s) => ['validate', s.at('sweep-reps-1e9.yaml')], expect: ['2 points x 1,000,000,000 replications = 2,000,000,000 runs', 'the limit is 1,000,000 runs'] },
    { name: 'a sweep seed beyond 2^53', argv: (s) => ['validate', s.at('sweep-seed-2p53.yaml')], expect: ['sweep-seed-2p53.yaml:4: seed', 'expected an integer in [0, 9007199254740991]'] },
    { name: 'a negative sweep seed', argv: (s) => ['validate', s.at('sweep-seed-negative.yaml')], expect: ['seed', 'found -1'] },
    { name: 'a sweep range from .nan', argv: (s) => ['validate', s.at('sweep-nan.yaml')], expect: ['parameters[0].from', 'found NaN'] },
    { name: 'a sweep range to .inf', argv: (s) => ['validate', s.at('sweep-inf.yaml')], expect: ['parameters[0].to', 'found Infinity'] },
    { name: 'a sweep point with a rate of 1e308', argv: (s) => ['validate', s.at('sweep-rate-huge.yaml')], expect: [`point 1 (${RATE} = 1e+308) makes an invalid scenario`, 'expected a number of at most'] },
    { name: 'a sweep point with a rate of 1e12 a year', argv: (s) => ['validate', s.at('sweep-rate-1e12.yaml')], expect: [`point 1 (${RATE} = 1000000000000)`, 'casussen arrive'] },
    { name: 'a sweep whose base is a text file with secrets', argv: (s) => ['validate', s.at('sweep-base-secret.yaml')], expect: ['secret.txt', 'a text of'] },
    { name: 'a sweep whose base is a loop of links', argv: (s) => ['validate', s.at('sweep-base-loop.yaml')], expect: ['base: expected a scenario file, found a loop of symbolic links'] },
    { name: 'a sweep whose base is a folder', argv: (s) => ['validate', s.at('sweep-base-folder.yaml')], expect: ['base: expected a scenario file, found no file'] },
    { name: 'a sweep whose base is an alias bomb', argv: (s) => ['validate', s.at('sweep-base-bomb.yaml')], expect: ['the scenario is invalid', 'alias bomb'] },
    { name: 'the shipped scenarios still validate', argv: () => ['validate', BASELINE], expect: 'ok' },
  ],
  run: [
    { name: 'no file', argv: () => ['run'], expect: ['run takes one scenario file, found none'] },
    { name: 'two files', argv: (s) => ['run', s.at('ok.yaml'), s.at('ok2.yaml')], expect: ['run takes one scenario file'] },
    ...scenarioFileCases((f) => ['run', f, ...SHORT]),
    ...runLimitCases((f) => ['run', f, '--reps', '2', '--workers', '1']),
    ...numberOptionCases('run', (s) => [s.at('ok.yaml')]),
    ...outputCases('run', (s) => [s.at('ok.yaml')]),
    { name: 'a sweep file', argv: (s) => ['run', s.at('sweep.yaml'), ...SHORT], expect: ['sweep.yaml', "unknown key 'base'"] },
    { name: 'a file with a byte-order mark runs', argv: (s) => ['run', s.at('bom.yaml'), ...SHORT, '--json'], expect: 'ok' },
  ],
  compare: [
    ...scenarioFileCases((f) => ['compare', f, BASELINE, ...SHORT]),
    ...runLimitCases((f) => ['compare', BASELINE, f, '--reps', '2', '--workers', '1']),
    ...numberOptionCases('compare', (s) => [s.at('ok.yaml'), s.at('ok2.yaml')]),
    ...outputCases('compare', (s) => [s.at('ok.yaml'), s.at('ok2.yaml')]),
    { name: 'the same scenario twice', argv: (s) => ['compare', s.at('ok.yaml'), s.at('ok.yaml'), ...SHORT], expect: ['the scenarios must have different names, found ok, ok'] },
    { name: 'a reference that is not compared', argv: (s) => ['compare', s.at('ok.yaml'), s.at('ok2.yaml'), ...SHORT, '--reference', 'nope'], expect: ["option --reference: expected one of ok, ok2, found 'nope'"] },
    { name: 'a reference with a secret-looking text', argv: (s) => ['compare', s.at('ok.yaml'), s.at('ok2.yaml'), ...SHORT, '--reference', ''], expect: ["option --reference: expected one of ok, ok2, found ''"] },
  ],
  explain: [
    ...scenarioFileCases((f) => ['explain', f, BASELINE, ...SHORT]),
    ...runLimitCases((f) => ['explain', BASELINE, f, '--reps', '2', '--workers', '1']),
    { name: 'one file', argv: (s) => ['explain', s.at('ok.yaml'), ...SHORT], expect: ['explain takes two scenario files, A and B (it explains B - A), found 1'] },
    { name: 'three files', argv: (s) => ['explain', s.at('ok.yaml'), s.at('ok2.yaml'), BASELINE, ...SHORT], expect: ['explain takes two scenario files', 'found 3'] },
    { name: 'two files that differ in nothing', argv: (s) => ['explain', s.at('ok.yaml'), s.at('ok.yaml'), ...SHORT], expect: ['differ in no parameter: there is nothing to explain'] },
    { name: '--group without a name', argv: (s) => ['explain', s.at('ok.yaml'), s.at('ok2.yaml'), ...SHORT, '--group', 'care.1'], expect: ["option --group: expected path=name", "found 'care.1'"] },
    { name: '--group at the end', argv: (s) => ['explain', s.at('ok.yaml'), s.at('ok2.yaml'), ...SHORT, '--group'], expect: ["option --group: expected path=name", "found ''"] },
    { name: '--kpis of no KPI', argv: (s) => ['explain', s.at('ok.yaml'), s.at('ok2.yaml'), ...SHORT, '--kpis', 'time_to_car_weeks'], expect: ["option --kpis: expected KPI ids, found 'time_to_car_weeks'", "did you mean 'time_to_care_weeks'"] },
    { name: '--orders 1', argv: (s) => ['explain', s.at('ok.yaml'), s.at('ok2.yaml'), ...SHORT, '--orders', '1'], expect: ["option --orders: expected an integer >= 2, found '1'"] },
    { name: '--precision', argv: (s) => ['explain', s.at('ok.yaml'), s.at('ok2.yaml'), ...SHORT, '--precision', '0.05'], expect: ['explain takes no --precision'] },
    { name: '--reps 1000000000', argv: (s) => ['explain', s.at('ok.yaml'), s.at('ok2.yaml'), '--reps', '1000000000', '--workers', '1'], expect: ['runs; the limit is 50,000 runs'] },
    { name: '--out naming a file', argv: (s) => ['explain', s.at('ok.yaml'), s.at('ok2.yaml'), ...SHORT, '--out', s.at('ok.yaml')], expect: [/option --out|--out/] },
  ],
  sensitivity: [
    ...scenarioFileCases((f) => ['sensitivity', f, BASELINE, ...SHORT, '--samples', '4', '--top', '1']),
    ...runLimitCases((f) => ['sensitivity', BASELINE, f, '--reps', '1', '--samples', '4', '--workers', '1']),
    { name: 'the same scenario twice', argv: (s) => ['sensitivity', s.at('ok.yaml'), s.at('ok.yaml'), ...SHORT], expect: ['the scenarios must have different names, found ok, ok'] },
    { name: '--samples 3', argv: (s) => ['sensitivity', s.at('ok.yaml'), ...SHORT, '--samples', '3'], expect: ["option --samples: expected an integer >= 4, found '3'"] },
    { name: '--samples 1e9', argv: (s) => ['sensitivity', s.at('ok.yaml'), ...SHORT, '--samples', '1000000000'], expect: ["option --samples: expected an integer from 4 to 10000, found '1000000000'"] },
    { name: '--params that vary nothing', argv: (s) => ['sensitivity', s.at('ok.yaml'), ...SHORT, '--params', 'no.such.path'], expect: ['no assumption to vary among the paths no.such.path'] },
    { name: '--kpis of no KPI', argv: (s) => ['sensitivity', s.at('ok.yaml'), ...SHORT, '--kpis', 'cost_totl_meur'], expect: ["option --kpis: expected KPI ids, found 'cost_totl_meur'", "did you mean 'cost_total_meur'"] },
    { name: '--precision', argv: (s) => ['sensitivity', s.at('ok.yaml'), ...SHORT, '--precision', '0.05'], expect: ['sensitivity takes no --precision'] },
    { name: '--reps 1000000000', argv: (s) => ['sensitivity', s.at('ok.yaml'), '--reps', '1000000000', '--workers', '1'], expect: ['the limit is 50,000 runs'] },
  ],
  sweep: [
    { name: 'no file', argv: () => ['sweep'], expect: ['sweep takes one sweep file, found none'] },
    { name: 'a missing file', argv: (s) => ['sweep', s.at('nowhere.yaml')], expect: ['nowhere.yaml: no sweep file there'] },
    { name: 'a folder', argv: (s) => ['sweep', s.at('folder.yaml')], expect: ['folder.yaml: expected a sweep file, found a folder'] },
    { name: 'an alias bomb', argv: (s) => ['sweep', s.at('sweep-bomb.yaml'), '--dry-run'], expect: ['alias bomb'] },
    { name: 'binary junk', argv: (s) => ['sweep', s.at('junk.yaml'), '--dry-run'], expect: ['junk.yaml', 'binary data'] },
    { name: 'a file of 1.5 MB', argv: (s) => ['sweep', s.at('huge.yaml'), '--dry-run'], expect: ['more than the 1.0 MB'] },
    { name: '/etc/passwd', argv: () => ['sweep', '/etc/passwd', '--dry-run'], expect: ['expected a sweep file', 'a text of'] },
    { name: 'a text with secrets', argv: (s) => ['sweep', s.at('secret.txt'), '--dry-run'], expect: ['expected a sweep file', 'a text of'] },
    { name: 'a mapping that is no sweep', argv: (s) => ['sweep', s.at('secret-map.yaml'), '--dry-run'], expect: ['none of them a sweep field'] },
    { name: 'a loop of symbolic links', argv: (s) => ['sweep', s.at('loop-1.yaml'), '--dry-run'], expect: ['loop-1.yaml', 'a loop of symbolic links'] },
    { name: 'a scenario file', argv: (s) => ['sweep', s.at('ok.yaml'), '--dry-run'], expect: ["unknown key 'extends'"] },
    { name: 'a grid of 10^7 steps (refused, not out of memory)', argv: (s) => ['sweep', s.at('sweep-grid-1e7.yaml'), '--dry-run'], expect: ['10,000,000 points; the limit is 10,000 points per sweep'] },
    { name: 'a Latin hypercube of 10^9 samples', argv: (s) => ['sweep', s.at('sweep-lhs-1e9.yaml'), '--dry-run'], expect: ['1,000,000,000 points'] },
    { name: '10^9 replications', argv: (s) => ['sweep', s.at('sweep-reps-1e9.yaml'), '--dry-run'], expect: ['2,000,000,000 runs; the limit is 1,000,000 runs per command'] },
    { name: 'a seed beyond 2^53', argv: (s) => ['sweep', s.at('sweep-seed-2p53.yaml'), '--dry-run'], expect: ['seed: expected an integer in [0, 9007199254740991]'] },
    { name: 'a point with a rate of 1e308', argv: (s) => ['sweep', s.at('sweep-rate-huge.yaml'), '--out', s.at('never')], expect: ['point 1', 'expected a number of at most'] },
    { name: 'a point with a rate of 1e12 a year', argv: (s) => ['sweep', s.at('sweep-rate-1e12.yaml'), '--out', s.at('never')], expect: ['point 1', 'casussen arrive'] },
    { name: 'a base with secrets', argv: (s) => ['sweep', s.at('sweep-base-secret.yaml'), '--dry-run'], expect: ['secret.txt', 'a text of'] },
    { name: '--shard 5/4', argv: (s) => ['sweep', s.at('sweep.yaml'), '--shard', '5/4', '--dry-run'], expect: ["option --shard: expected i/n with 0 <= i < n (e.g. 0/4), found '5/4'"] },
    { name: '--shard a/b', argv: (s) => ['sweep', s.at('sweep.yaml'), '--shard', 'a/b', '--dry-run'], expect: ["found 'a/b'"] },
    { name: '--shard 0/0', argv: (s) => ['sweep', s.at('sweep.yaml'), '--shard', '0/0', '--dry-run'], expect: ["found '0/0'"] },
    { name: '--shards 0', argv: (s) => ['sweep', s.at('sweep.yaml'), '--shards', '0', '--dry-run'], expect: ["option --shards: expected an integer >= 1, found '0'"] },
    { name: '--shard and --shards', argv: (s) => ['sweep', s.at('sweep.yaml'), '--shard', '0/2', '--shards', '2', '--dry-run'], expect: ['give either --shard i/n or --shards n, not both'] },
    { name: '--workers 0', argv: (s) => ['sweep', s.at('sweep.yaml'), '--workers', '0', '--out', s.at('never')], expect: ["option --workers: expected an integer >= 1, found '0'"] },
    { name: '--csv excel', argv: (s) => ['sweep', s.at('sweep.yaml'), '--csv', 'excel'], expect: ['option --csv'] },
    { name: '--out a file', argv: (s) => ['sweep', s.at('sweep.yaml'), '--out', s.at('ok.yaml')], expect: ['expected a folder, found a file'], unchanged: (s) => [s.at('ok.yaml')] },
    { name: '--out a folder with other files', argv: (s) => ['sweep', s.at('sweep.yaml'), '--out', s.at('busy-folder')], expect: ['expected a new or empty folder'], unchanged: (s) => [s.at('busy-folder')] },
    { name: '--out the folder of its own sweep file', argv: (s) => ['sweep', s.at('sweep.yaml'), '--out', s.dir], expect: ['expected a new or empty folder'], unchanged: (s) => [s.at('sweep.yaml')] },
    { name: '--out the results of another sweep', argv: (s) => ['sweep', s.at('sweep.yaml'), '--out', s.at('other'), '--workers', '1'], expect: ['holds results of another experiment (sweep other)'], unchanged: (s) => [s.at('other')] },
    { name: '--out a shard of this sweep', argv: (s) => ['sweep', s.at('sweep.yaml'), '--out', s.at('s0'), '--workers', '1'], expect: ['holds results of another experiment (sweep faults, shard 0/2)'], unchanged: (s) => [s.at('s0')] },
    { name: '--out whose runs.jsonl is a folder', argv: (s) => ['sweep', s.at('sweep.yaml'), '--out', s.at('res-journal-folder'), '--workers', '1'], expect: ['runs.jsonl: expected the journal file of the runs, found a folder'], unchanged: (s) => [s.at('res-journal-folder')] },
    { name: '--out whose manifest.json is a folder', argv: (s) => ['sweep', s.at('sweep.yaml'), '--out', s.at('res-manifest-folder'), '--workers', '1'], expect: ['manifest.json: expected a file, found a folder'], unchanged: (s) => [s.at('res-manifest-folder')] },
    { name: '--out whose manifest.json is junk', argv: (s) => ['sweep', s.at('sweep.yaml'), '--out', s.at('res-manifest-junk'), '--workers', '1'], expect: ['manifest.json: expected JSON'], unchanged: (s) => [s.at('res-manifest-junk')] },
    { name: 'rerun on its finished folder changes nothing', argv: (s) => ['sweep', s.at('sweep.yaml'), '--out', s.at('results'), '--workers', '1'], expect: 'ok', unchanged: (s) => [s.at('results')] },
  ],
  merge: [
    { name: 'no folders', argv: (s) => ['merge', '--out', s.at('never')], expect: ['merge needs the results folders of the shards'] },
    { name: 'no --out', argv: (s) => ['merge', s.at('s0'), s.at('s1')], expect: ['merge needs --out DIR'] },
    { name: '--out equal to an input', argv: (s) => ['merge', s.at('s0'), s.at('s1'), '--out', s.at('s0')], expect: ['--out', 'expected a folder apart from the folders merged, found one of them'], unchanged: (s) => [s.at('s0'), s.at('s1')] },
    { name: '--out equal to an input, written otherwise', argv: (s) => ['merge', s.at('s0'), s.at('s1'), '--out', `${s.at('s1')}/../s1/`], expect: ['found one of them'], unchanged: (s) => [s.at('s0'), s.at('s1')] },
    { name: '--out inside an input', argv: (s) => ['merge', s.at('s0'), s.at('s1'), '--out', s.at('s0/merged')], expect: ['found a folder inside'], unchanged: (s) => [s.at('s0'), s.at('s1')] },
    { name: '--out holding an input', argv: (s) => ['merge', s.at('s0'), s.at('s1'), '--out', s.dir], expect: ['found a folder that holds'], unchanged: (s) => [s.at('s0'), s.at('s1')] },
    { name: '--out a file', argv: (s) => ['merge', s.at('s0'), s.at('s1'), '--out', s.at('ok.yaml')], expect: ['expected a folder, found a file'], unchanged: (s) => [s.at('ok.yaml')] },
    { name: 'a missing folder', argv: (s) => ['merge', s.at('s0'), s.at('nowhere'), '--out', s.at('never')], expect: ['nowhere: expected a results folder, found nothing'] },
    { name: 'a file as input', argv: (s) => ['merge', s.at('s0'), s.at('ok.yaml'), '--out', s.at('never')], expect: ['ok.yaml: expected a results folder, found a file'] },
    { name: 'an empty folder', argv: (s) => ['merge', s.at('s0'), s.at('empty-folder'), '--out', s.at('never')], expect: ['no manifest.json'] },
    { name: 'a folder whose runs.jsonl is a folder', argv: (s) => ['merge', s.at('res-journal-folder'), '--out', s.at('never')], expect: ['runs.jsonl: expected the journal file of the runs, found a folder'] },
    { name: 'a manifest of secret text', argv: (s) => ['merge', s.at('res-manifest-secret'), '--out', s.at('never')], expect: ['manifest.json: expected JSON, found text that does not parse'] },
    { name: 'a journal of junk', argv: (s) => ['merge', s.at('res-journal-junk'), '--out', s.at('never')], expect: ['damaged line(s) in runs.jsonl'] },
    { name: 'a missing shard', argv: (s) => ['merge', s.at('s0'), '--out', s.at('never')], expect: ['runs are missing', 'missing or unfinished: shard 1/2'] },
    { name: 'shards of another sweep', argv: (s) => ['merge', s.at('s0'), s.at('other'), '--out', s.at('never')], expect: ['belongs to another experiment'] },
    { name: '--out holding another experiment', argv: (s) => ['merge', s.at('s0'), s.at('s1'), '--out', s.at('other')], expect: ['holds results of another experiment'], unchanged: (s) => [s.at('other')] },
    { name: 'the shards merge', argv: (s) => ['merge', s.at('s0'), s.at('s1'), '--out', s.at('merged')], expect: 'ok', unchanged: (s) => [s.at('s0'), s.at('s1')] },
  ],
  report: [
    { name: 'no folder', argv: () => ['report'], expect: ['report takes one results folder'] },
    { name: 'a missing folder', argv: (s) => ['report', s.at('nowhere')], expect: ['nowhere: expected a results folder, found nothing'] },
    { name: 'a file', argv: (s) => ['report', s.at('ok.yaml')], expect: ['expected a results folder, found a file'] },
    { name: 'an empty folder', argv: (s) => ['report', s.at('empty-folder')], expect: ['no manifest.json'], unchanged: (s) => [s.at('empty-folder')] },
    { name: 'runs.jsonl a folder', argv: (s) => ['report', s.at('res-journal-folder')], expect: ['runs.jsonl: expected the journal file'], unchanged: (s) => [s.at('res-journal-folder')] },
    { name: 'manifest.json a folder', argv: (s) => ['report', s.at('res-manifest-folder')], expect: ['manifest.json: expected a file, found a folder'], unchanged: (s) => [s.at('res-manifest-folder')] },
    { name: 'manifest.json of secret text', argv: (s) => ['report', s.at('res-manifest-secret')], expect: ['manifest.json: expected JSON'], unchanged: (s) => [s.at('res-manifest-secret')] },
    { name: 'manifest.json of junk', argv: (s) => ['report', s.at('res-manifest-junk')], expect: ['manifest.json: expected JSON'], unchanged: (s) => [s.at('res-manifest-junk')] },
    { name: 'a torn journal', argv: (s) => ['report', s.at('res-torn')], expect: ['the experiment was interrupted'], unchanged: (s) => [s.at('res-torn')] },
    { name: 'a shard', argv: (s) => ['report', s.at('s0')], expect: ['holds shard 0/2 only; merge the shards first'], unchanged: (s) => [s.at('s0')] },
    { name: '--out the journal it reads', argv: (s) => ['report', s.at('results'), '--out', s.at('results/runs.jsonl')], expect: ['option --out', 'found one of the results'], unchanged: (s) => [s.at('results')] },
    { name: '--out the manifest it reads', argv: (s) => ['report', s.at('results'), '--out', s.at('results/manifest.json')], expect: ['found one of the results'], unchanged: (s) => [s.at('results')] },
    { name: '--out a folder', argv: (s) => ['report', s.at('results'), '--out', s.at('empty-folder')], expect: ['option --out: expected a file, found a folder'], unchanged: (s) => [s.at('results')] },
    { name: '--out in a missing folder', argv: (s) => ['report', s.at('results'), '--out', s.at('nowhere/r.html')], expect: ['option --out: expected a file in an existing folder'] },
    { name: '--lang xx', argv: (s) => ['report', s.at('results'), '--lang', 'xx'], expect: ["option --lang: expected nl or en, found 'xx'"] },
    { name: 'a report next to the results', argv: (s) => ['report', s.at('s1/..'), '--out', s.at('report.html')], expect: ['no manifest.json'] },
    { name: 'a report of a finished sweep', argv: (s) => ['report', s.at('results'), '--out', s.at('report.html'), '--lang', 'en'], expect: 'ok', unchanged: (s) => [s.at('results')] },
  ],
  calibrate: [
    { name: 'two files', argv: (s) => ['calibrate', s.at('ok.yaml'), s.at('ok2.yaml')], expect: ['calibrate takes at most one scenario file'] },
    ...scenarioFileCases((f) => ['calibrate', f, '--reps', '2', '--workers', '1']),
    ...runLimitCases((f) => ['calibrate', f, '--reps', '2', '--workers', '1']),
    { name: '--reps 1', argv: () => ['calibrate', '--reps', '1'], expect: ["option --reps: expected an integer >= 2, found '1'"] },
    { name: '--reps 1000000000', argv: () => ['calibrate', '--reps', '1000000000'], expect: ['1,000,000,000 replications', 'the limit is 50,000'] },
    { name: '--seed beyond 2^53', argv: () => ['calibrate', '--seed', '9007199254740993'], expect: ['option --seed: expected an integer from 0 to 9007199254740991'] },
    { name: '--workers 0', argv: () => ['calibrate', '--workers', '0'], expect: ["option --workers: expected an integer >= 1, found '0'"] },
    { name: 'an unknown option', argv: () => ['calibrate', '--horizon-years', '1'], expect: ['unknown option --horizon-years'] },
    { name: 'targets: an unknown KPI', argv: (s) => ['calibrate', '--targets', s.at('t-unknown-kpi.yaml')], expect: ['t-unknown-kpi.yaml:5', 'targets[0].kpi: expected a KPI of the model', "did you mean 'trajectories_per_year'"] },
    { name: 'targets: a value without band', argv: (s) => ['calibrate', '--targets', s.at('t-no-band.yaml')], expect: ['targets[0]: expected a band: low and high, or value and band', 'found a value without band'] },
    { name: 'targets: low above high', argv: (s) => ['calibrate', '--targets', s.at('t-low-high.yaml')], expect: ['targets[0].low: expected at most high (3000), found 3500'] },
    { name: 'targets: a source not declared', argv: (s) => ['calibrate', '--targets', s.at('t-source.yaml')], expect: ['targets[0].source', "declared under sources: (none is declared), found 'gemeente: jaarverslag'"] },
    { name: 'targets: a missing baseline', argv: (s) => ['calibrate', '--targets', s.at('t-baseline-missing.yaml')], expect: ['nowhere.yaml'] },
    { name: 'targets: a baseline that is a text with secrets', argv: (s) => ['calibrate', '--targets', s.at('t-baseline-secret.yaml')], expect: ['secret.txt'] },
    { name: 'targets: a missing table', argv: (s) => ['calibrate', '--targets', s.at('t-table-missing.yaml')], expect: ['targets.table: expected an existing CSV table, found no file at', 'nowhere.csv'] },
    { name: 'targets: a Dutch table with a decimal point', argv: (s) => ['calibrate', '--targets', s.at('t-table.yaml')], expect: ["t-table.csv:2: column 'marge': expected a number with a decimal comma", "found '0.1'"] },
    { name: 'targets: a table that is a text with secrets', argv: (s) => ['calibrate', '--targets', s.at('t-table-secret.yaml')], expect: ["expected a table of targets with a column 'kpi'"] },
    { name: 'targets: an unknown key', argv: (s) => ['calibrate', '--targets', s.at('t-unknown-key.yaml')], expect: ["baseine: expected one of the keys", "did you mean 'baseline'"] },
    { name: 'targets: a folder', argv: (s) => ['calibrate', '--targets', s.at('folder.yaml')], expect: ['folder.yaml', 'found a folder'] },
    { name: 'wijken: a table with a gap in the ages', argv: (s) => ['calibrate', s.at('w-gap.yaml'), '--reps', '2', '--workers', '1'], expect: ["w-gap.csv:1: column '5-9'", 'no column for the ages 4 up to 5', 'population.wijken.table of'] },
    { name: 'wijken: a table that is a text with secrets', argv: (s) => ['calibrate', s.at('w-secret.yaml'), '--reps', '2', '--workers', '1'], expect: ['expected a table of the wijken'] },
    { name: 'wijken: a table without source', argv: (s) => ['calibrate', s.at('w-no-source.yaml'), '--reps', '2', '--workers', '1'], expect: ['population.wijken.source', "expected the source of the table's numbers"] },
  ],
  fit: [
    { name: 'no --free', argv: (s) => ['fit', '--targets', s.at('t-ok.yaml')], expect: ['option --free: expected the assumptions to fit'] },
    { name: 'a file argument', argv: (s) => ['fit', s.at('ok.yaml'), '--free', 'swt.staff.fte'], expect: ["fit takes no files but options"] },
    { name: 'a path that is no parameter', argv: (s) => ['fit', '--targets', s.at('t-ok.yaml'), '--free', 'swt.staf.fte'], expect: ['--free swt.staf.fte: expected a parameter of the baseline, found none at that path', "did you mean 'swt.staff.fte'"] },
    { name: 'a parameter from a seed line', argv: (s) => ['fit', '--targets', s.at('t-ok.yaml'), '--free', 'ivh.mdo_slots'], expect: ['--free ivh.mdo_slots: expected an assumption', "found the source '000:L1666'", 'data, not fitted'] },
    { name: 'a parameter twice', argv: (s) => ['fit', '--targets', s.at('t-ok.yaml'), '--free', 'swt.staff.fte,swt.staff.fte'], expect: ["expected each parameter once, found 'swt.staff.fte' twice"] },
    { name: 'a parameter inside the wijken', argv: (s) => ['fit', '--targets', s.at('t-ok.yaml'), '--free', 'population.wijken[0].share'], expect: ['expected a parameter outside the lists (wijken)'] },
    { name: '--step 2', argv: (s) => ['fit', '--targets', s.at('t-ok.yaml'), '--free', 'swt.staff.fte', '--step', '2'], expect: ["option --step: expected a share of each range from 0.000001 to 0.5, found '2'"] },
    { name: '--reps 1', argv: (s) => ['fit', '--targets', s.at('t-ok.yaml'), '--free', 'swt.staff.fte', '--reps', '1'], expect: ["option --reps: expected an integer >= 2, found '1'"] },
    { name: 'targets with an unknown KPI', argv: (s) => ['fit', '--targets', s.at('t-unknown-kpi.yaml'), '--free', 'swt.staff.fte'], expect: ['t-unknown-kpi.yaml:5', 'targets[0].kpi: expected a KPI of the model', "did you mean 'trajectories_per_year'"] },
    { name: '--out a file', argv: (s) => ['fit', '--targets', s.at('t-ok.yaml'), '--free', 'swt.staff.fte', '--out', s.at('ok.yaml'), ...SHORT], expect: ['--out', 'ok.yaml'], unchanged: (s) => [s.at('ok.yaml')] },
  ],
  init: [
    { name: 'no name', argv: () => ['init'], expect: ['init takes the name of the new folder, found none'] },
    { name: 'two names', argv: () => ['init', 'a', 'b'], expect: ['init takes the name of the new folder, found a b'] },
    { name: 'a folder that exists', argv: (s) => ['init', s.at('init-exists')], expect: ['expected a new folder, found one that exists'], unchanged: (s) => [s.at('init-exists')] },
    { name: 'an empty name (the current folder)', argv: () => ['init', ''], expect: ['init takes the name of the new folder, found an empty name'] },
    { name: "'.', the current folder", argv: () => ['init', '.'], expect: ['init .: expected a new folder, found one that exists'] },
    { name: 'a name without letters', argv: (s) => ['init', s.at('---')], expect: ['expected a name with letters or digits'] },
    { name: '--wijken a missing table', argv: (s) => ['init', s.at('init-a'), '--wijken', s.at('nowhere.csv')], expect: ['nowhere.csv'] },
    { name: '--wijken with a gap in the ages', argv: (s) => ['init', s.at('init-b'), '--wijken', s.at('w-gap.csv')], expect: ["no column for the ages 4 up to 5, before '5-9'"] },
    { name: '--wijken a file with secrets', argv: (s) => ['init', s.at('init-c'), '--wijken', s.at('secret.txt')], expect: ['expected a table of the wijken'] },
    { name: 'a new folder', argv: (s) => ['init', s.at('init-ok')], expect: 'ok' },
  ],
  selfcheck: [
    { name: 'an argument', argv: () => ['selfcheck', 'now'], expect: ["selfcheck takes no arguments, found 'now'"] },
    { name: '--reps 1', argv: () => ['selfcheck', '--reps', '1'], expect: ["option --reps: expected an integer >= 2, found '1'"] },
    { name: '--reps 1000000000 (refused, not hours)', argv: () => ['selfcheck', '--reps', '1000000000'], expect: ['5,000,000,000 runs; the limit is 1,000,000'] },
    { name: '--reps 1e400', argv: () => ['selfcheck', '--reps', '1e400'], expect: ["found '1e400'"] },
    { name: '--seed beyond 2^53', argv: () => ['selfcheck', '--seed', '18446744073709551616'], expect: ['option --seed: expected an integer from 0 to 9007199254740991'] },
    { name: '--seed NaN', argv: () => ['selfcheck', '--seed', 'NaN'], expect: ["found 'NaN'"] },
    { name: '--json=1', argv: () => ['selfcheck', '--json=1'], expect: ['option --json takes no value'] },
  ],
};
