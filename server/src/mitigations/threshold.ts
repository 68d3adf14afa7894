import { performance } from 'node:perf_hooks';
import { choiceFlag, integerFlag, numberFlag, SHARED_FLAGS, stringFlag } from '../cli/args';
import { InputError } from '../engine/errors';
import { seededRandom } from '../engine/leakage/random';
import { GroupRule, optimizeThresholds, positiveProbability, ThresholdFairness } from '../engine/methods/threshold/optimizer';
import { GroupRanking } from '../engine/methods/threshold/roc';
import { summarizeOutcomes } from '../engine/mitigation/outcomes';
import { writeMitigationOutput } from '../engine/mitigation/output';
import { MITIGATION_SCHEMA_VERSION, ModelFile, TradeoffPoint } from '../engine/mitigation/report';
import { groupColumn, numericColumn } from '../engine/table/table';
import { applyToFile, defaultOutDir, MitigationCommand, mitigationOutputFlags, SCORED_DATA_FLAGS } from './command';
import { loadScoredData, scoredDataFlags } from './scored-data';

const FAIRNESS: readonly ThresholdFairness[] = ['demographic-parity', 'equal-opportunity', 'equalized-odds'];
/** The sweep loosens the constraint: tolerances from strict to loose. */
const SWEEP = [0, 0.01, 0.02, 0.05, 0.1, 0.2];

interface ThresholdModel extends ModelFile {
  method: 'threshold';
  score: string;
  sensitive: string[];
  seed: number;
  rules: GroupRule[];
}

export const threshold: MitigationCommand = {
  name: 'threshold',
  summary: 'group-specific, possibly randomized thresholds on a score that maximize accuracy under a fairness constraint (Hardt et al. 2016)',
  usage: 'parity mitigate threshold --data FILE --score C --label C --sensitive C[,C...] [options]',
  kind: 'post-processing',
  input: 'model-output',
  flags: {
    ...SCORED_DATA_FLAGS,
    fairness: { type: 'string', help: FAIRNESS.join('|'), describe: 'the constraint (default demographic-parity)' },
    tolerance: { type: 'string', help: 'T', describe: 'largest allowed gap between groups for demographic parity and equal opportunity (default 0.01)' },
    seed: SHARED_FLAGS.seed,
    sweep: { ...SHARED_FLAGS.sweep, describe: `also fit with tolerances ${SWEEP.join(', ')} (parameter "tolerance")` },
    ...mitigationOutputFlags('data'),
  },

  async run(values, hooks) {
    const started = performance.now();
    const flags = scoredDataFlags(values);
    const { dataFile, scoreColumn, label, sensitive } = flags;
    const fairness = choiceFlag(values, 'fairness', FAIRNESS, 'demographic-parity');
    const tolerance = numberFlag(values, 'tolerance', (t) => t >= 0 && t <= 1, 'a number in [0, 1]') ?? 0.01;
    const seed = integerFlag(values, 'seed', 0) ?? 0;
    const { data, scores, labels, groups } = await loadScoredData(flags, values, hooks);
    const evaluate = (rules: GroupRule[]) => {
      const probabilities = probabilitiesOf(rules, scores, groups, data.file);
      const predictions = draw(probabilities, seed);
      return { probabilities, predictions, summary: summarizeOutcomes({ task: 'classification', labels: labels.values, predictions, scores, groups }) };
    };
    // Before: the single threshold for everyone that maximizes accuracy.
    const common = bestCommonCut([...scores], [...labels.values]);
    const beforePredictions = Uint8Array.from(scores, (s) => (s > common.threshold || (s === common.threshold && common.tieProbability === 1) ? 1 : 0));
    hooks.onProgress?.({ fraction: 0.3, message: `optimizing (${fairness})` });
    const rules = await optimizeThresholds(scores, labels.values, groups, fairness, tolerance, data.file);
    const after = evaluate(rules);
    const tradeoff: TradeoffPoint[] = [];
    if (values.sweep === true) {
      for (const [i, t] of SWEEP.entries()) {
        hooks.onProgress?.({ fraction: 0.4 + (0.5 * i) / SWEEP.length, message: `sweep: tolerance ${t}` });
        const { summary } = evaluate(await optimizeThresholds(scores, labels.values, groups, fairness, t, data.file));
        tradeoff.push({ parameter: 'tolerance', value: t, accuracy: summary.accuracy ?? null, aggregates: summary.aggregates });
      }
    }
    const model: ThresholdModel = { schemaVersion: MITIGATION_SCHEMA_VERSION, method: 'threshold', score: scoreColumn, sensitive, seed, rules };
    return writeMitigationOutput(stringFlag(values, 'out') ?? defaultOutDir(dataFile, 'threshold'), {
      table: data,
      added: [
        { name: 'threshold_probability', values: after.probabilities },
        { name: 'threshold_prediction', values: after.predictions },
      ],
      model,
      report: {
        schemaVersion: MITIGATION_SCHEMA_VERSION,
        method: 'threshold',
        kind: 'post-processing',
        task: 'classification',
        inputs: { data: dataFile },
        columns: { label, sensitive, prediction: null, score: scoreColumn },
        parameters: { fairness, tolerance, seed, commonThresholdBefore: common.threshold, rules },
        evaluatedOn: 'data',
        before: summarizeOutcomes({ task: 'classification', labels: labels.values, predictions: beforePredictions, scores, groups }),
        after: after.summary,
        tradeoff,
        seconds: (performance.now() - started) / 1000,
        warnings: [],
      },
    });
  },

  async apply(model, file, values, hooks) {
    const fitted = model as ThresholdModel;
    if (!Array.isArray(fitted.rules)) throw new InputError('model.json of threshold lacks its rules', { file });
    return applyToFile('threshold', file, values, hooks, (table) => {
      const probabilities = probabilitiesOf(fitted.rules, numericColumn(table, fitted.score), groupColumn(table, fitted.sensitive), file, table.lines);
      return [
        { name: 'threshold_probability', values: probabilities },
        { name: 'threshold_prediction', values: draw(probabilities, fitted.seed) },
      ];
    });
  },
};

function probabilitiesOf(rules: GroupRule[], scores: Float64Array, groups: string[], file: string, lines?: readonly number[]): Float64Array {
  const byGroup = new Map(rules.map((rule) => [rule.group, rule]));
  return Float64Array.from(scores, (score, i) => {
    const rule = byGroup.get(groups[i]!);
    if (!rule) throw new InputError(`group "${groups[i]}" was not in the data the thresholds were fitted on`, { file, ...(lines ? { line: lines[i] } : {}) });
    return positiveProbability(rule, score);
  });
}

/** Seeded decisions: row i is positive when its uniform draw falls under its probability. */
function draw(probabilities: Float64Array, seed: number): Uint8Array {
  const random = seededRandom(seed);
  return Uint8Array.from(probabilities, (p) => (random() < p ? 1 : 0));
}

/** The accuracy-maximizing cut for all rows together, at a score boundary (no randomization). */
function bestCommonCut(scores: number[], labels: number[]): { threshold: number; tieProbability: number } {
  const ranking = new GroupRanking(scores, labels);
  let best = 0;
  for (let k = 0; k <= ranking.n; k++) {
    const cut = ranking.cut(k);
    if (cut.tieProbability === 0 && ranking.correct(k) > ranking.correct(best)) best = k;
  }
  return ranking.cut(best);
}
