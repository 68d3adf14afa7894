import type { MitigationReport } from '../../common/reports/mitigation';

/**
 * The report as written before sweep points were bootstrapped (or with --bootstrap 0 for the
 * sweep): every point without its intervals, its paired change and its expected figures.
 */
export function withUnbootstrappedSweep(report: MitigationReport): MitigationReport {
  return {
    ...report,
    tradeoff: report.tradeoff.map(
      ({ change: _change, expected: _expected, intervals: _intervals, aggregateIntervals: _aggregates, bootstrap: _bootstrap, ...point }) => ({
        ...point,
        ...(point.largeGroups ? { largeGroups: { ...point.largeGroups, intervals: undefined } } : {}),
        groups: point.groups.map(({ intervals: _groupIntervals, ...group }) => group),
      }),
    ),
  };
}
