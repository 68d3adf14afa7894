import { performance } from 'node:perf_hooks';
import { csvOptionsFromFlags, integerFlag, numberFlag, SHARED_FLAGS, stringFlag, UsageError } from '../cli/args';
import { InputError } from '../engine/errors';
import { applyBarycenter, BarycenterMap, fitBarycenter } from '../engine/methods/wasserstein/barycenter';
import { OutcomeSummary, summarizeOutcomes } from '../engine/mitigation/outcomes';
import { writeMitigationOutput } from '../engine/mitigation/output';
import { MITIGATION_SCHEMA_VERSION, ModelFile, TradeoffPoint } from '../engine/mitigation/report';
import { binaryColumn, groupColumn, loadTable, numericColumn, Table } from '../engine/table/table';
import { applyToFile, defaultOutDir, MitigationCommand, mitigationOutputFlags } from './command';

const SWEEP = [0, 0.25, 0.5, 0.75, 1];

interface WassersteinModel extends ModelFile {
  method: 'wasserstein';
  /** The column mapped: a regression prediction, or a classifier score then thresholded. */
  column: { name: string; role: 'prediction' | 'score' };
  sensitive: string[];
  strength: number;
  threshold: number | null;
  map: BarycenterMap;
}

export const wasserstein: MitigationCommand = {
  name: 'wasserstein',
  summary: "maps each group's predictions to the Wasserstein barycenter of the groups (Chzhen et al. 2020): demographic parity for regression or scores",
  usage: 'parity mitigate wasserstein --data FILE (--prediction C | --score C) --sensitive C[,C...] [options]',
  kind: 'post-processing',
  input: 'model-output',
  flags: {
    data: SHARED_FLAGS.data,
    calibration: { ...SHARED_FLAGS.calibration, describe: 'CSV the map is fitted on (default --data); its labels are not needed' },
    prediction: { ...SHARED_FLAGS.prediction, describe: 'regression prediction column to make fair' },
    score: { ...SHARED_FLAGS.score, describe: 'classifier score column to make fair (then thresholded)' },
    sensitive: SHARED_FLAGS.sensitive,
    label: { ...SHARED_FLAGS.label, describe: 'true target, for MSE or accuracy before and after (optional for --prediction)' },
    positive: SHARED_FLAGS.positive,
    threshold: { type: 'string', help: 'T', describe: 'with --score: predict positive when the mapped score >= T (default 0.5)' },
    'fairness-strength': { type: 'string', help: 'S', describe: '0 = unchanged, 1 = fully fair (default 1): output S·g + (1−S)·f' },
    seed: SHARED_FLAGS.seed,
    sweep: { ...SHARED_FLAGS.sweep, describe: 'also evaluate strengths 0, 0.25, ..., 1 (parameter "strength")' },
    ...mitigationOutputFlags('data'),
  },

  async run(values, hooks) {
    const started = performance.now();
    const dataFile = stringFlag(values, 'data');
    if (dataFile === undefined) throw new UsageError('--data is required');
    const { column, sensitive } = target(values);
    const csv = csvOptionsFromFlags(values);
    const signal = hooks.signal ? { signal: hooks.signal } : {};
    const data = await loadTable(dataFile, csv, signal);
    const calibrationFile = stringFlag(values, 'calibration');
    const calibration = calibrationFile ? await loadTable(calibrationFile, csv, signal) : data;
    const strength = numberFlag(values, 'fairness-strength', (s) => s >= 0 && s <= 1, 'a number in [0, 1]') ?? 1;
    const threshold = column.role === 'score' ? (numberFlag(values, 'threshold') ?? 0.5) : null;
    const seed = integerFlag(values, 'seed', 0) ?? 0;
    hooks.onProgress?.({ fraction: 0.3, message: 'fitting the map' });
    const map = fitBarycenter(numericColumn(calibration, column.name), groupColumn(calibration, sensitive), seed, calibration.file);
    const original = numericColumn(data, column.name);
    const groups = groupColumn(data, sensitive);
    const at = (s: number) => applyBarycenter(map, original, groups, s, (row) => ({ file: data.file, line: data.lines[row], column: sensitive.join(', ') }));
    const label = stringFlag(values, 'label');
    const warnings: string[] = [];
    const summarize = mode(data, label, stringFlag(values, 'positive'), threshold, groups, original, warnings);
    hooks.onProgress?.({ fraction: 0.6, message: 'mapping' });
    const mapped = at(strength);
    const tradeoff: TradeoffPoint[] =
      values.sweep === true
        ? SWEEP.map((s) => {
            const summary = summarize(at(s));
            return { parameter: 'strength', value: s, ...quality(summary), aggregates: summary.aggregates };
          })
        : [];
    const model: WassersteinModel = { schemaVersion: MITIGATION_SCHEMA_VERSION, method: 'wasserstein', column, sensitive, strength, threshold, map };
    const added =
      threshold === null
        ? [{ name: 'wasserstein_prediction', values: mapped }]
        : [
            { name: 'wasserstein_score', values: mapped },
            { name: 'wasserstein_prediction', values: Uint8Array.from(mapped, (v) => (v >= threshold ? 1 : 0)) },
          ];
    return writeMitigationOutput(stringFlag(values, 'out') ?? defaultOutDir(dataFile, 'wasserstein'), {
      table: data,
      added,
      model,
      report: {
        schemaVersion: MITIGATION_SCHEMA_VERSION,
        method: 'wasserstein',
        kind: 'post-processing',
        task: threshold === null ? 'regression' : 'classification',
        inputs: { data: dataFile, ...(calibrationFile ? { calibration: calibrationFile } : {}) },
        columns: { label: label ?? null, sensitive, prediction: column.role === 'prediction' ? column.name : null, score: column.role === 'score' ? column.name : null },
        parameters: { strength, threshold, jitter: map.jitter, seed, calibrationRows: calibration.rows.length },
        evaluatedOn: 'data',
        before: summarize(original),
        after: summarize(mapped),
        tradeoff,
        seconds: (performance.now() - started) / 1000,
        warnings,
      },
    });
  },

  async apply(model, file, values, hooks) {
    const fitted = model as WassersteinModel;
    if (!fitted.map?.groups || !fitted.column) throw new InputError('model.json of wasserstein lacks its map', { file });
    const { map, column, sensitive, strength, threshold } = fitted;
    return applyToFile('wasserstein', file, values, hooks, (table) => {
      const mapped = applyBarycenter(map, numericColumn(table, column.name), groupColumn(table, sensitive), strength, (row) => ({ file, line: table.lines[row], column: sensitive.join(', ') }));
      return threshold === null
        ? [{ name: 'wasserstein_prediction', values: mapped }]
        : [
            { name: 'wasserstein_score', values: mapped },
            { name: 'wasserstein_prediction', values: Uint8Array.from(mapped, (v) => (v >= threshold ? 1 : 0)) },
          ];
    });
  },
};

function target(values: Record<string, unknown>): { column: WassersteinModel['column']; sensitive: string[] } {
  const prediction = stringFlag(values, 'prediction');
  const score = stringFlag(values, 'score');
  if ((prediction === undefined) === (score === undefined)) throw new UsageError('give one of --prediction (regression) or --score (classifier)');
  const sensitive = (stringFlag(values, 'sensitive') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (sensitive.length === 0) throw new UsageError('--sensitive is required');
  return { column: prediction !== undefined ? { name: prediction, role: 'prediction' } : { name: score!, role: 'score' }, sensitive };
}

/**
 * How a set of outputs is scored: regression against the label (or, without one, against the
 * original predictions: the "MSE" is then the squared change, said in a warning); scores are
 * thresholded and scored against the binary label.
 */
function mode(data: Table, label: string | undefined, positive: string | undefined, threshold: number | null, groups: string[], original: Float64Array, warnings: string[]): (outputs: Float64Array) => OutcomeSummary {
  if (threshold !== null) {
    if (label === undefined) throw new UsageError('--score needs --label to score the thresholded decisions');
    const labels = binaryColumn(data, label, positive).values;
    return (outputs) => summarizeOutcomes({ task: 'classification', labels, predictions: Uint8Array.from(outputs, (v) => (v >= threshold ? 1 : 0)), scores: outputs, groups });
  }
  let targets: Float64Array = original;
  if (label !== undefined) targets = numericColumn(data, label);
  else warnings.push('no --label: "mse" is the mean squared change from the original predictions');
  return (outputs) => summarizeOutcomes({ task: 'regression', targets, predictions: outputs, groups });
}

function quality(summary: OutcomeSummary): { accuracy?: number | null; mse?: number | null } {
  return summary.accuracy !== undefined ? { accuracy: summary.accuracy } : { mse: summary.mse ?? null };
}
