import type { ComparisonView, ComparisonViewPoint } from '../../common/protocol';

const point = (
  method: string,
  parameter: string,
  value: number,
  fairness: number,
  accuracy: number,
  intervals?: ComparisonViewPoint['intervals'],
): ComparisonViewPoint => ({
  method,
  parameter,
  value,
  accuracy,
  fairness,
  pareto: intervals !== undefined,
  ...(intervals ? { intervals } : {}),
});

/**
 * Cold try 11's Compare Methods on bank.csv (its comparison.json, figures to 5 significant digits):
 * the Pareto-optimal points and the unmitigated model have 95% intervals wider than the spread of
 * the points (accuracy ±0.005 around 0.9031); exponentiated-gradient's epsilon 0.02, 0.05 and 0.1
 * lie at one place (ids 13 to 15), its epsilon 0.2 (id 16) 0.00007 below them, the unmitigated
 * model 0.000003 to their right.
 */
export const BANK_COMPARISON: ComparisonView = {
  title: 'Methods on bank.csv',
  fairnessMetric: 'demographic_parity_difference',
  reference: { accuracy: 0.90114, fairness: 0.030362, intervals: { accuracy: [0.89659, 0.90576], fairness: [0.020671, 0.039901] } },
  points: [
    point('reweighing', 'strength', 0, 0.030362, 0.90114),
    point('reweighing', 'strength', 0.25, 0.029806, 0.90128),
    point('reweighing', 'strength', 0.5, 0.028956, 0.90143),
    point('reweighing', 'strength', 0.75, 0.028385, 0.9015),
    point('reweighing', 'strength', 1, 0.027535, 0.90158),
    point('threshold', 'tolerance', 0, 0.0059688, 0.90314, { accuracy: [0.89792, 0.90722], fairness: [0.0031955, 0.018805] }),
    point('threshold', 'tolerance', 0.01, 0.0057764, 0.90299, { accuracy: [0.8974, 0.90701], fairness: [0.0041004, 0.020895] }),
    point('threshold', 'tolerance', 0.02, 0.015106, 0.90296),
    point('threshold', 'tolerance', 0.05, 0.042199, 0.90232),
    point('threshold', 'tolerance', 0.1, 0.048748, 0.90217),
    point('threshold', 'tolerance', 0.2, 0.048748, 0.90217),
    point('exponentiated-gradient', 'epsilon', 0.005, 0.0084116, 0.90013),
    point('exponentiated-gradient', 'epsilon', 0.01, 0.016312, 0.90166),
    point('exponentiated-gradient', 'epsilon', 0.02, 0.030359, 0.90335, { accuracy: [0.89877, 0.90825], fairness: [0.022137, 0.043453] }),
    point('exponentiated-gradient', 'epsilon', 0.05, 0.030359, 0.90335, { accuracy: [0.89877, 0.90825], fairness: [0.022137, 0.043453] }),
    point('exponentiated-gradient', 'epsilon', 0.1, 0.030359, 0.90335, { accuracy: [0.89877, 0.90825], fairness: [0.022137, 0.043453] }),
    point('exponentiated-gradient', 'epsilon', 0.2, 0.030359, 0.90327),
  ],
  bootstrap: { resamples: 200, seed: 0, level: 0.95, method: 'poisson-statistics' },
};
