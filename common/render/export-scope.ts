import type { AuditReport, Warning } from '../reports/audit';
import { groupingName } from './audit-model';
import { shownGroupingIndex } from './default-grouping';

/** An audit as an HTML or Markdown export renders it: the report, the chosen reference by grouping index, and a line saying what was left out. */
export interface AuditExport {
  report: AuditReport;
  references: Record<number, string>;
  scopeLine?: string;
}

/**
 * What an audit's HTML or Markdown export holds, following the panel: the reference chosen for the
 * grouping shown, and with `exportGroupings: 'shown'` that grouping only (Adult's 12 groupings made
 * a 1.6 MB page about 109,000 px long) with its own warnings, saying how many the report holds.
 */
export function auditExport(report: AuditReport, view: { grouping?: number; reference?: string; exportGroupings?: 'all' | 'shown' }): AuditExport {
  const shown = shownGroupingIndex(report, view.grouping);
  if (view.exportGroupings !== 'shown' || report.groupings.length < 2)
    return { report, references: view.reference !== undefined ? { [shown]: view.reference } : {} };
  const grouping = report.groupings[shown]!;
  // the warnings of the other groupings go with them (cold try 16: "only race" listed race × sex's small groups)
  const own = (warning: Warning) => warning.grouping === undefined || warning.grouping.join('\u0000') === grouping.by.join('\u0000');
  return {
    report: { ...report, groupings: [grouping], warnings: report.warnings.filter(own) },
    references: view.reference !== undefined ? { 0: view.reference } : {},
    scopeLine: `Only the grouping by ${groupingName(grouping)}, of the ${report.groupings.length} in the audit (its JSON export holds them all)`,
  };
}
