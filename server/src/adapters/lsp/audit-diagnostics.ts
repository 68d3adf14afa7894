import { Diagnostic, DiagnosticSeverity, Range, uinteger } from 'vscode-languageserver/node';
import type { AuditReport } from '../../../../common/reports/audit';
import type { InputLocation } from '../../engine/errors';
import type { HeaderCells } from './header';

export const DIAGNOSTIC_SOURCE = 'parity';

/**
 * The audit's findings as diagnostics on a CSV file: inferred column roles (information, on the
 * header cell), groups under the minimum size (warning, on the sensitive column), metrics that
 * cannot be estimated for a group (information, on the label column), and rows left out.
 */
export function auditDiagnostics(report: AuditReport, columns: readonly string[], header: HeaderCells | undefined): Diagnostic[] {
  const at = (column: string | null | undefined): Range => cellRange(columns, header, column);
  const diagnostics: Diagnostic[] = [];
  const add = (range: Range, severity: DiagnosticSeverity, code: string, message: string) =>
    diagnostics.push({ range, severity, code, source: DIAGNOSTIC_SOURCE, message });

  for (const inference of report.columns.inferred) {
    add(at(inference.column), DiagnosticSeverity.Information, 'parity.inferredRole', `"${inference.column}" is taken as the ${inference.role} (${inference.reason}); set the roles with Parity: Configure Columns`);
  }
  for (const grouping of report.groupings) {
    const column = grouping.by.length === 1 ? grouping.by[0] : undefined;
    const small = grouping.groups.filter((group) => group.small);
    if (small.length > 0) {
      const list = small.map((group) => `"${Object.values(group.key).join(' & ')}" (${group.count})`).join(', ');
      add(at(column ?? grouping.by[0]), DiagnosticSeverity.Warning, 'parity.smallGroup', `${grouping.by.join(' × ')}: ${small.length} group(s) under ${report.minGroupSize} rows, too small to judge: ${list}`);
    }
    if (column === undefined) continue;
    for (const group of grouping.groups) {
      const notes = Object.entries(group.notes);
      if (notes.length === 0) continue;
      const reasons = [...new Set(notes.map(([, reason]) => reason))].join('; ');
      const names = notes.map(([metric]) => metric).join(', ');
      add(at(report.columns.label ?? column), DiagnosticSeverity.Information, 'parity.notEstimable', `${column} = "${Object.values(group.key).join(' & ')}": ${names} cannot be estimated (${reasons})`);
    }
  }
  for (const warning of report.warnings) {
    if (warning.code === 'small-group') continue; // already on the sensitive columns above
    const range = warning.line !== undefined ? lineRange(warning.line - 1) : at(warning.column);
    // ambiguous or unsuitable roles are worth fixing; the rest is information
    add(range, warning.code === 'roles' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information, `parity.${warning.code}`, warning.message);
  }
  return diagnostics;
}

/** An input error as a diagnostic at its line (whole line) or its column's header cell. */
export function inputErrorDiagnostic(message: string, location: InputLocation | undefined, columns: readonly string[], header: HeaderCells | undefined): Diagnostic {
  const column = typeof location?.column === 'string' ? location.column : undefined;
  const range = location?.line !== undefined ? lineRange(location.line - 1) : cellRange(columns, header, column);
  // Errors without a line are about the columns: the editor's way to set them is Configure Columns.
  const hint = location?.line === undefined ? ' (set the columns with Parity: Configure Columns)' : '';
  return { range, severity: DiagnosticSeverity.Error, code: 'parity.input', source: DIAGNOSTIC_SOURCE, message: message + hint };
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
