import { performance } from 'node:perf_hooks';
import { InputError } from '../../engine/errors';
import { seededRandom } from '../../engine/numerics/random';
import { fitThresholds, GroupRule, positiveProbability, rankGroups, type ThresholdFairness } from './optimizer';
import { GroupRanking } from './roc';
import { releaseLinearProgramSolver } from '../../engine/numerics/linear-program';
import { outcomeChange } from '../../engine/audit/change';
import { ClassificationOutcomes, OutcomeEvaluation, outcomeSummaries, summarizeDraw } from '../../engine/audit/outcomes';
import { outcomeEvaluation } from '../../params/fragments';
import { writeMitigationOutput } from '../../io/output';
import { MITIGATION_REPORT_SCHEMA_VERSION, MITIGATION_SCHEMA_VERSION, MitigationHooks, ModelFile, TradeoffPoint } from '../../../../common/reports/mitigation';
import { sensitiveGroupCodes, type SensitiveBins } from '../../engine/audit/sensitive-bins';
import { numericColumn, type GroupCodes } from '../../engine/table/table';
import { applyToFile, defaultOutDir, defineMitigation, outputFolder } from '../command';
import { loadScoredOrFitted, scoredReportColumns, type ScoredData } from '../framework/scored-data';
import { baseScores, type BaseLogistic } from '../framework/base-logistic';
import { THRESHOLD_PARAMS, TOLERANCE_SWEEP } from './params';
import { THRESHOLD_MODEL } from './model-file';
import { sweepPoint } from '../framework/split-report';
import { withoutScoreDistances } from '../framework/decision-only';
import { CONSTRAINED_GAP, directBound, onFittingRows } from '../framework/fitting-rows';
import { AUDIT_DEFAULTS } from '../../engine/audit/options';
import { smallRuleWarning } from '../../../../common/render/threshold-rules';

interface ThresholdModel extends ModelFile {
  method: 'threshold';
  /** The score column, or null beside the base model whose scores the rules cut. */
  score: string | null;
  base?: BaseLogistic;
  sensitive: string[];
  bins?: SensitiveBins;
  seed: number;
  rules: GroupRule[];
}

export const threshold = defineMitigation({
  name: 'threshold',
  title: 'Threshold optimizer',
  summary: 'group-specific, possibly randomized thresholds on a score that maximize accuracy under a fairness constraint (Hardt et al. 2016)',
  description: 'A decision threshold per group on the score',
  kind: 'post-processing',
  tasks: ['classification'],
  input: 'model-output',
  baseModel: { task: 'classification', description: 'fits a logistic regression on this file’s columns' },
  params: THRESHOLD_PARAMS,
  modelSchema: THRESHOLD_MODEL,

  async run(params, hooks) {
    const started = performance.now();
    const { data: dataFile, calibration: calibrationFile, score: scoreColumn, sensitive, fairness, tolerance, seed, threshold: givenThreshold } = params;
    // Rules are fitted on the calibration rows, else the data rows not held out; every figure is computed on the held-out rows, else the data rows.
    // Without a score, so is the logistic regression whose scores they cut.
    const { fitting, bins, evaluation: measured, measuredOn, inputs, base } = await loadScoredOrFitted(params, hooks);
    const { data, scores, labels, groups } = measured;
    const { common: mostAccurate, rules, sweepRules } = await fitRules(params, fitting, hooks);
    // a given threshold takes every score at it (≥), as the audit's decision with that threshold does
    const common = givenThreshold === undefined ? mostAccurate : { threshold: givenThreshold, tieProbability: 1 };
    const beforeRule = `${scoreColumn ?? 'logistic score'} ${common.tieProbability === 1 ? '≥' : '>'} ${Number(common.threshold.toPrecision(6))}`;
    const summarize = outcomeSummaries({ labels: labels.values, scores, groups });
    const evaluation = outcomeEvaluation(params);
    const minGroupSize = evaluation.minGroupSize ?? AUDIT_DEFAULTS.minGroupSize;
    // a rule set's decision: its figures in expectation (each row's probability), its seeded draw's beside them
    const decide = (rules: GroupRule[]) => {
      const probability = probabilityOf(rules, scores, groups, data.file);
      const predictions = draw(probability, scores.length, seed);
      const outcomes: ClassificationOutcomes = { task: 'classification', labels: labels.values, predictions, probability, scores, groups };
      return {
        probability,
        predictions,
        outcomes,
        summarize: (e: OutcomeEvaluation) => summarize(predictions, e, probability),
        draw: () => ({ ...summarizeDraw(outcomes, evaluation, summarize.kept), seed }),
      };
    };
    hooks.onProgress?.({ fraction: 0.3, message: 'summarizing the decisions before' });
    const beforeDecisions = cutDecisions(scores, common);
    const before = summarize(beforeDecisions, evaluation);
    hooks.onProgress?.({ fraction: 0.45, message: 'summarizing the fitted decisions' });
    const after = decide(rules);
    const afterSummary = after.summarize(evaluation);
    const beforeOutcomes: ClassificationOutcomes = { task: 'classification', labels: labels.values, predictions: beforeDecisions, scores, groups };
    const beforeFigures = { outcomes: beforeOutcomes, summary: before, evaluation, segments: summarize.kept };
    const tradeoff: TradeoffPoint[] = sweepRules.map((sweepRule, i) => {
      hooks.onProgress?.({ fraction: 0.55 + (0.3 * i) / sweepRules.length, message: `sweep: evaluating tolerance ${TOLERANCE_SWEEP[i]}` });
      return sweepPoint('tolerance', TOLERANCE_SWEEP[i]!, decide(sweepRule), beforeFigures);
    });
    // the decision on its own fitting rows, when the figures are measured on others: where its tolerance is met
    const onFitting =
      fitting !== measured
        ? onFittingRows(
            {
              scores: fitting.scores,
              labels: fitting.labels.values,
              groups: fitting.groups,
              probability: probabilityOf(rules, fitting.scores, fitting.groups, fitting.data.file),
            },
            directBound(CONSTRAINED_GAP[fairness], 'tolerance', tolerance, 'the rules were fitted on'),
          )
        : undefined;
    hooks.onProgress?.({ fraction: 0.85, message: 'comparing before and after' });
    const change = outcomeChange({ before: beforeOutcomes, after: after.outcomes }, { before, after: afterSummary }, evaluation, summarize.kept);
    const model: ThresholdModel = {
      schemaVersion: MITIGATION_SCHEMA_VERSION,
      method: 'threshold',
      score: scoreColumn ?? null,
      ...(base ? { base: base.base } : {}),
      sensitive,
      bins,
      seed,
      rules,
    };
    hooks.onProgress?.({ fraction: 0.9, message: 'writing' });
    return writeMitigationOutput(outputFolder(params, defaultOutDir(dataFile, 'threshold')), {
      table: data,
      added: [
        // the base model's scores, which the rules cut
        ...(base ? [{ name: 'threshold_score', values: scores }] : []),
        { name: 'threshold_probability', values: after.probability },
        { name: 'threshold_prediction', values: after.predictions },
      ],
      model,
      // the rule reads the input's scores unchanged: its decision has no scores of its own to compare
      report: withoutScoreDistances({
        schemaVersion: MITIGATION_REPORT_SCHEMA_VERSION,
        method: 'threshold',
        kind: 'post-processing',
        task: 'classification',
        inputs,
        columns: scoredReportColumns(params, labels.positive, bins),
        ...(base ? { features: base.features.features } : {}),
        parameters: {
          ...(base ? { model: 'logistic regression', trainingRows: fitting.data.rowCount } : {}),
          fairness,
          tolerance,
          seed,
          fittedOn: calibrationFile ? 'calibration' : 'data',
          // read, not recomputed: 6 significant digits (a probability cut such as 0.495963394715023 reads 0.495963)
          beforeRule,
          rules,
          minGroupSize,
        },
        evaluatedOn: measuredOn.kind,
        measuredOn,
        baseline:
          (base ? 'a logistic regression fitted on the training rows; ' : '') +
          (givenThreshold === undefined
            ? `one threshold for everyone, the most accurate: ${beforeRule}`
            : `the score's own cut, ${beforeRule}, as the audit applies it`),
        before,
        after: afterSummary,
        draw: after.draw(),
        ...(onFitting ? { onFittingRows: onFitting } : {}),
        change,
        tradeoff,
        seconds: (performance.now() - started) / 1000,
        warnings: [
          ...(base?.features.featureWarnings ?? []),
          ...rules.flatMap((rule) => {
            const warning = smallRuleWarning(rule, minGroupSize);
            return warning ? [`${rule.group}: ${warning}`] : [];
          }),
        ],
      }),
    });
  },

  async apply(model, file, options, hooks) {
    const fitted = model as ThresholdModel;
    if (!Array.isArray(fitted.rules)) throw new InputError('model.json of threshold lacks its rules', { file });
    return applyToFile('threshold', file, options, hooks, (table) => {
      if (!fitted.base && !fitted.score) throw new InputError('model.json of threshold names no score column and has no base model', { file });
      const scores = fitted.base ? baseScores(fitted.base, table) : numericColumn(table, fitted.score!);
      const probability = probabilityOf(fitted.rules, scores, sensitiveGroupCodes(table, fitted.sensitive, fitted.bins ?? {}), file, table.lines);
      return [
        ...(fitted.base ? [{ name: 'threshold_score', values: scores }] : []),
        { name: 'threshold_probability', values: probability },
        { name: 'threshold_prediction', values: draw(probability, scores.length, fitted.seed) },
      ];
    });
  },
});

/**
 * The fitted rules (and the sweep's) and the "before" rule, the single threshold for everyone that
 * maximizes accuracy (report.json parameters.beforeRule, e.g. "score > 5"), from the fitting rows
 * ranked once per group. They are fitted before the decisions are summarized: the rankings and the
 * solver's memory are no longer held then.
 */
async function fitRules(
  params: { fairness: ThresholdFairness; tolerance: number; sweep?: boolean | undefined },
  fitting: ScoredData,
  hooks: MitigationHooks,
): Promise<{ common: { threshold: number; tieProbability: number }; rules: GroupRule[]; sweepRules: GroupRule[][] }> {
  const ranked = rankGroups(fitting.scores, fitting.labels.values, fitting.groups);
  const common = GroupRanking.bestCommonCut(ranked.rankings);
  const fit = (t: number) => fitThresholds(ranked, params.fairness, t, fitting.data.file);
  hooks.onProgress?.({ fraction: 0.1, message: `optimizing (${params.fairness})` });
  const rules = await fit(params.tolerance);
  const sweepRules: GroupRule[][] = [];
  if (params.sweep) {
    for (const [i, t] of TOLERANCE_SWEEP.entries()) {
      hooks.onProgress?.({ fraction: 0.1 + (0.2 * i) / TOLERANCE_SWEEP.length, message: `sweep: tolerance ${t}` });
      sweepRules.push(await fit(t));
    }
  }
  await releaseLinearProgramSolver();
  return { common, rules, sweepRules };
}

/**
 * Each row's P(ŷ = 1) under its group's rule, computed when asked (a column of probabilities is
 * not held). A group without a rule is an error at its first row.
 */
function probabilityOf(
  rules: GroupRule[],
  scores: Float64Array,
  groups: GroupCodes,
  file: string,
  lines?: { at(row: number): number | undefined },
): (row: number) => number {
  const byName = new Map(rules.map((rule) => [rule.group, rule]));
  const ruleOf = groups.names.map((name) => byName.get(name));
  const { codes } = groups;
  const missing = codes.findIndex((code) => ruleOf[code] === undefined);
  if (missing >= 0)
    throw new InputError(`group "${groups.names[codes[missing]!]}" was not in the data the thresholds were fitted on`, {
      file,
      ...(lines ? { line: lines.at(missing) } : {}),
    });
  return (row) => positiveProbability(ruleOf[codes[row]!]!, scores[row]!);
}

/** Seeded decisions: row i is positive when its uniform draw falls under its probability. */
function draw(probability: (row: number) => number, rows: number, seed: number): Uint8Array {
  const random = seededRandom(seed);
  const decisions = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) decisions[i] = random() < probability(i) ? 1 : 0;
  return decisions;
}

/** The decisions of a cut without randomization: above the threshold, or at it when ties are all positive. */
function cutDecisions(scores: Float64Array, cut: { threshold: number; tieProbability: number }): Uint8Array {
  const decisions = new Uint8Array(scores.length);
  for (let i = 0; i < scores.length; i++) {
    const score = scores[i]!;
    decisions[i] = score > cut.threshold || (score === cut.threshold && cut.tieProbability === 1) ? 1 : 0;
  }
  return decisions;
}
