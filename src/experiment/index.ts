/**
 * The experiments API (`ketensim/experiment`): what the CLI uses, and what the web app uses in the
 * browser (the pure parts: plans, results, summaries, report).
 */
export { scenariosPlan, sweepPlan, runExperiment, runToPrecision, eventLogs, type Plan, type Progress, type PrecisionTarget, type ExperimentResult } from './experiment.js';
export { loadSweep } from './sweep-load.js';
export { loadSweepFrom, latinHypercube, parsePath, parseShard, shardRuns, SweepError, type Sweep, type SweepSpec, type Shard } from './sweep.js';
export { readResults, mergeResults, ResultsError, parseJournal, JOURNAL, MANIFEST } from './journal.js';
export {
  summarisePoints,
  seriesBands,
  flowSummaries,
  tidyCsv,
  summaryCsv,
  summaryJson,
  timeseriesCsv,
  flowsCsv,
  eventLogCsv,
  resultFiles,
  canonicalRuns,
  Csv,
  type Manifest,
  type RunRecord,
  type PointSummary,
  type CsvDialect,
} from './results.js';
export { reportHtml, PALETTE } from './report.js';
export { summarise, tQuantile, type Summary } from './ci.js';
export { KPI_IDS, KPI_FAMILIES, KPI_LABELS, HEADLINE_KPIS, isKnownKpi } from './kpis.js';
export { loadScenario } from '../scenario/load.js';
