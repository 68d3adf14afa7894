// A small mitigation report written by hand: a threshold run on two groups whose tolerance 0.01
// is the second of three swept tolerances (its figures are that point's), for the tests of the
// report's header in the panel, the HTML and the Markdown.
import type { MitigationReport, OutcomeSummary } from '../../common/reports/mitigation';

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
      leftOut: [
        { column: 'sex', reason: 'sex left out: marked not to learn from: every sensitive attribute of the file in the editor, --not-features in the CLI' },
      ],
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
