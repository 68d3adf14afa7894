// A small mitigation report written by hand: a threshold run on two groups whose tolerance 0.01
// is the second of three swept tolerances (its figures are that point's), for the tests of the
// report's header in the panel, the HTML and the Markdown.
import type { MitigationReport, OutcomeSummary, ThresholdGroupRule } from '../../common/reports/mitigation';

/** Two groups of 600 and 400 rows with selection rates `a` and `b`; the gap is a − b. */
function summary(accuracy: number, a: number, b: number): OutcomeSummary {
  return {
    rows: 1000,
    accuracy,
    aggregates: { demographic_parity_difference: a - b },
    groups: [
      { group: 'a', count: 600, metrics: { selection_rate: a } },
      { group: 'b', count: 400, metrics: { selection_rate: b } },
    ],
  };
}

export function sweptReport(): MitigationReport {
  return {
    schemaVersion: 1,
    method: 'threshold',
    kind: 'post-processing',
    task: 'classification',
    files: {
      inputs: { train: '/data/train.csv', test: '/data/test.csv' },
      predictions: '/out/predictions.csv',
      model: '/out/model.json',
      report: '/out/report.json',
    },
    columns: { label: 'outcome', sensitive: ['group'], prediction: null, score: 'score', added: [], positive: '1', positiveMeans: 'benefit' },
    features: {
      used: ['age', 'priors'],
      leftOut: [{ column: 'sex', reason: 'sex left out: a sensitive attribute of the file, or listed not to learn from' }],
    },
    parameters: { constraint: 'demographic-parity', tolerance: 0.01, objective: 'accuracy' },
    evaluatedOn: 'test',
    measuredOn: { kind: 'test', file: '/data/test.csv', rows: 1000 },
    before: summary(0.7, 0.5, 0.3),
    after: summary(0.68, 0.45, 0.4),
    tradeoff: [
      { parameter: 'tolerance', value: 0.001, ...summary(0.67, 0.43, 0.42) },
      { parameter: 'tolerance', value: 0.01, ...summary(0.68, 0.45, 0.4) },
      { parameter: 'tolerance', value: 0.1, ...summary(0.69, 0.48, 0.35) },
    ],
    seconds: 1.5,
    warnings: [],
  };
}

/**
 * sweptReport as a randomized decision's report of schema version 2: "after" and the sweep points in
 * expectation, each with its seeded draw (accuracy 0.6712 and gap 0.0951 for the run's own; point i
 * 0.66 + i/100 and 0.2 + i/10).
 */
export function randomizedReport(): MitigationReport {
  const report: MitigationReport = { ...sweptReport(), schemaVersion: 2 };
  const draw = (accuracy: number, gap: number) => ({ ...report.after, accuracy, aggregates: { demographic_parity_difference: gap }, seed: 0 });
  report.draw = draw(0.6712, 0.0951);
  report.tradeoff = report.tradeoff.map((point, i) => ({ ...point, draw: draw(0.66 + i / 100, 0.2 + i / 10) }));
  return report;
}

/** The header line of randomizedReport for its own result and for its third sweep point. */
export const RANDOMIZED_LINES = {
  own: '“After” is the randomized decision in expectation (each row counted as positive with its probability): the figures to quote. predictions.csv holds one seeded draw of it (seed 0), whose figures vary with the seed: its accuracy 0.671, demographic parity difference 0.095.',
  third:
    "“After” is this setting's randomized decision in expectation (each row counted as positive with its probability): the figures to quote. One seeded draw of it (seed 0, as predictions.csv holds for the run's own result) varies with the seed: it has accuracy 0.680, demographic parity difference 0.400.",
};

/**
 * randomizedReport with its fitted rules (written by hand): group a's cut fitted on 18 rows, fewer
 * than the minimum group size 30; b's on 400. Its warnings are the server's words for a.
 */
export function rulesReport(): MitigationReport {
  const rules: ThresholdGroupRule[] = [
    { group: 'a', rows: 18, positives: 5, negatives: 13, components: [{ weight: 1, threshold: 0.6, tieProbability: 1 }] },
    { group: 'b', rows: 400, positives: 150, negatives: 250, components: [{ weight: 1, threshold: 0.4, tieProbability: 0 }] },
  ];
  const report = randomizedReport();
  return {
    ...report,
    parameters: { ...report.parameters, rules, minGroupSize: 30 },
    warnings: [RULE_WARNING],
  };
}

/** Group a's rule in rulesReport, and the warning beside it. */
export const RULE_WARNING = "a: fitted on 18 rows (5 positive, 13 negative), fewer than 30: this group's cut is unreliable";
export const SMALL_RULE_LINE = "a: score ≥ 0.6 — fitted on 18 rows (5 positive, 13 negative), fewer than 30: this group's cut is unreliable";
