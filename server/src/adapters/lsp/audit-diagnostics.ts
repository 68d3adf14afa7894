import { Diagnostic, DiagnosticSeverity, Range, uinteger } from 'vscode-languageserver/node';
import type { AuditReport } from '../../../../common/reports/audit';
import { editorAdvice, type InputFix, type InputLocation } from '../../../../common/input-errors';
import type { HeaderCells } from './header';
import { groupsWord, labelCountsText } from '../../../../common/render/set-aside';

export const DIAGNOSTIC_SOURCE = 'parity';

/**
 * The audit's findings as diagnostics on a CSV file: inferred column roles (a hint on each header
 * cell, and one information entry listing them), groups under the minimum size (warning, on the sensitive column; crossed groups
 * counted in one information entry), metrics that
 * cannot be estimated for a group (information, on the label column), and rows left out.
 */
export function auditDiagnostics(report: AuditReport, columns: readonly string[], header: HeaderCells | undefined): Diagnostic[] {
  const at = (column: string | null | undefined): Range => cellRange(columns, header, column);
  const diagnostics: Diagnostic[] = [];
  const add = (range: Range, severity: DiagnosticSeverity, code: string, message: string) =>
    diagnostics.push({ range, severity, code, source: DIAGNOSTIC_SOURCE, message });

  // each inferred role is a hint on its cell (hover says why; Problems does not list hints) and
  // the roles are one information entry together: one per column filled Problems with 6 of Adult's
  const taken = (role: string) => (role === 'sensitive' ? 'a sensitive attribute' : `the ${role}`);
  for (const inference of report.columns.inferred) {
    const why = `"${inference.column}" is taken as ${taken(inference.role)} (${inference.reason}); set the roles with Parity: Configure Columns`;
    add(at(inference.column), DiagnosticSeverity.Hint, 'parity.inferredRole', why);
  }
  const [firstInferred] = report.columns.inferred;
  if (firstInferred) {
    const roles = report.columns.inferred.map((inference) => `${inference.column} (${inference.role})`).join(', ');
    add(
      at(firstInferred.column),
      DiagnosticSeverity.Information,
      'parity.inferredRoles',
      `Column roles inferred from their names: ${roles}; set them with Parity: Configure Columns`,
    );
  }
  // crossed groupings are small by nature (Adult's race × sex × native-country has dozens): one
  // entry counts them per grouping, where one per grouping and kind filled Problems with 20
  const crossed = { small: [] as string[], few: [] as string[] };
  for (const grouping of report.groupings) {
    const column = grouping.by.length === 1 ? grouping.by[0] : undefined;
    // an empty combination of an intersection has no row to judge: not listed as small
    const small = grouping.groups.filter((group) => group.small && group.count > 0);
    const few = grouping.groups.filter((group) => group.fewLabels && group.labels);
    if (column === undefined) {
      if (small.length > 0) crossed.small.push(`${grouping.by.join(' × ')} ${small.length}`);
      if (few.length > 0) crossed.few.push(`${grouping.by.join(' × ')} ${few.length}`);
      continue;
    }
    if (small.length > 0) {
      const list = small.map((group) => `"${Object.values(group.key).join(' & ')}" (${group.count})`).join(', ');
      add(
        at(column ?? grouping.by[0]),
        DiagnosticSeverity.Warning,
        'parity.smallGroup',
        `${grouping.by.join(' × ')}: ${groupsWord(small.length)} under ${report.minGroupSize} rows, too small to judge: ${list}`,
      );
    }
    if (few.length > 0) {
      const list = few.map((group) => `"${Object.values(group.key).join(' & ')}" (${labelCountsText(group.labels!, report.minLabelCount ?? 0)})`).join(', ');
      add(
        at(column ?? grouping.by[0]),
        DiagnosticSeverity.Warning,
        'parity.fewLabels',
        `${grouping.by.join(' × ')}: ${groupsWord(few.length)} with too few rows of a label value to judge their true and false positive rates: ${list}`,
      );
    }
    // one entry per kind of gap, listing its groups: "no score" is the same gap in every group
    const gaps = new Map<string, string[]>();
    // metrics that do not apply to the audit are said once, in the report (notApplicable), not per column here
    const notApplicable = new Set((report.notApplicable ?? []).flatMap((entry) => entry.metrics));
    for (const group of grouping.groups) {
      const notes = Object.entries(group.notes).filter(([metric]) => !notApplicable.has(metric));
      if (notes.length === 0) continue;
      const reasons = [...new Set(notes.map(([, reason]) => reason))].join('; ');
      const gap = `${notes.map(([metric]) => metric).join(', ')} cannot be estimated (${reasons})`;
      gaps.set(gap, [...(gaps.get(gap) ?? []), `"${Object.values(group.key).join(' & ')}"`]);
    }
    for (const [gap, groups] of gaps) {
      add(
        at(report.columns.label ?? column),
        DiagnosticSeverity.Information,
        'parity.notEstimable',
        `${column} = ${groups.length === grouping.groups.length ? 'every group' : groups.join(', ')}: ${gap}`,
      );
    }
  }
  const first = report.groupings.find((g) => g.by.length > 1)?.by[0];
  if (crossed.small.length > 0)
    add(
      at(first),
      DiagnosticSeverity.Information,
      'parity.smallGroup',
      `Crossed groups under ${report.minGroupSize} rows, too small to judge: ${crossed.small.join(', ')}; the report's tables grey them and its aggregates over adequately sized groups leave them out`,
    );
  if (crossed.few.length > 0)
    add(
      at(first),
      DiagnosticSeverity.Information,
      'parity.fewLabels',
      `Crossed groups with too few rows of a label value to judge their true and false positive rates: ${crossed.few.join(', ')}; the report's tables say which`,
    );
  for (const warning of report.warnings) {
    if (warning.code === 'small-group') continue; // already on the sensitive columns above
    const range = warning.line !== undefined ? lineRange(warning.line - 1) : at(warning.column);
    // ambiguous or unsuitable roles are worth fixing (with Configure Columns); the rest is information
    if (warning.code === 'roles')
      add(range, DiagnosticSeverity.Warning, 'parity.roles', warning.message.replace(/; pass --(\w+)$/, '; choose the $1 column with Configure Columns'));
    else add(range, DiagnosticSeverity.Information, `parity.${warning.code}`, warning.message);
  }
  return diagnostics;
}

export const INPUT_ERROR_CODE = 'parity.input';

/**
 * An input error as a diagnostic at its line (whole line) or its column's header cell, in the
 * editor's words; `data.fix` says what its quick fix offers.
 */
export function inputErrorDiagnostic(
  failure: { detail: string; location?: InputLocation; fix?: InputFix },
  columns: readonly string[],
  header: HeaderCells | undefined,
): Diagnostic {
  const { detail, location } = failure;
  const column = typeof location?.column === 'string' ? location.column : undefined;
  const range = location?.line !== undefined ? lineRange(location.line - 1) : cellRange(columns, header, column);
  // Errors without a line are about the columns: the editor's way to set them is Configure Columns.
  const fix: InputFix | undefined = failure.fix ?? (location?.line === undefined ? { kind: 'columns' } : undefined);
  const diagnostic: Diagnostic = {
    range,
    severity: DiagnosticSeverity.Error,
    code: INPUT_ERROR_CODE,
    source: DIAGNOSTIC_SOURCE,
    message: fix ? `${detail}. ${editorAdvice(fix)}` : detail,
  };
  if (fix) diagnostic.data = { fix };
  return diagnostic;
}

function cellRange(columns: readonly string[], header: HeaderCells | undefined, column: string | null | undefined): Range {
  const line = header?.line ?? 0;
  const index = column ? columns.indexOf(column) : -1;
  const cell = index >= 0 ? header?.cells[index] : undefined;
  return cell ? Range.create(line, cell.start, line, cell.end) : lineRange(line);
}

function lineRange(line: number): Range {
  return Range.create(line, 0, line, uinteger.MAX_VALUE); // the whole line, whatever its length
}
