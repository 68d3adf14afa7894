import { Diagnostic, DiagnosticSeverity, Range } from 'vscode-languageserver';
import type { ProxyFindings } from '../../../../common/protocol';
import type { ColumnLeakage, LeakageResult } from '../../../../common/reports/leakage';
import { contributionsText, measuredRows } from '../../../../common/render/proxies';
import { proxySeverity } from '../../engine/leakage/thresholds';
import { splitCells } from './header';
import { isIgnored, type LeakageSettings } from '../../../../common/leakage-settings';

export const LEAKAGE_SOURCE = 'parity';
export const PROXY_CODE = 'parity.proxy';
export const JOINT_LEAKAGE_CODE = 'parity.jointLeakage';

/** What a proxy diagnostic carries for its quick fixes. */
export interface ProxyDiagnosticData {
  uri: string;
  column: string;
  sensitive: string;
  /** Every sensitive attribute the check used (configured or inferred): "Mark as sensitive" keeps them. */
  sensitiveColumns: string[];
  severity: 'strong' | 'moderate';
  auc: number;
  cramersV: number;
}

export interface JointLeakageDiagnosticData {
  uri: string;
  sensitive: string;
  auc: number;
}

const two = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : 'n/a');

/**
 * Diagnostics on a CSV file's header: a warning on the cell of each strong proxy, an information
 * on each moderate one (severity from the settings' thresholds, so changing them needs no new
 * analysis), none for ignored ones; and a warning on the header line for each sensitive attribute
 * the columns predict jointly. `headerLine` is 0-based; `headerText` is that line's text, split
 * into the columns' cells unless `knownCells` gives them (a JSON Lines file's keys); a file
 * without a header (Parquet, Arrow) gets them at the start of its first line.
 */
export function csvLeakageDiagnostics(
  uri: string,
  headerLine: number,
  headerText: string,
  result: LeakageResult,
  settings: LeakageSettings,
  knownCells?: readonly { start: number; end: number }[],
): Diagnostic[] {
  if (!settings.enabled) return [];
  const cells = knownCells?.length === result.columnNames.length ? knownCells : headerCells(headerText, result.columnNames);
  const lineRange = Range.create(headerLine, 0, headerLine, headerText.length);
  const diagnostics: Diagnostic[] = [];
  const findings = proxyFindings(result, settings);
  for (const column of findings.proxies) {
    const { severity } = column;
    const cell = cells[result.columnNames.indexOf(column.column)];
    const data: ProxyDiagnosticData = {
      uri,
      column: column.column,
      sensitive: column.sensitive,
      sensitiveColumns: result.sensitive,
      severity,
      auc: column.auc,
      cramersV: column.cramersV,
    };
    diagnostics.push({
      range: cell ? Range.create(headerLine, cell.start, headerLine, cell.end) : lineRange,
      severity: severity === 'strong' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information,
      code: PROXY_CODE,
      source: LEAKAGE_SOURCE,
      message: `\`${column.column}\` predicts \`${column.sensitive}\`: AUC ${two(column.auc)}, Cramér's V ${two(column.cramersV)} (${severity} proxy${sampleNote(result)})`,
      data,
    });
  }
  for (const joint of findings.joint) {
    const contributions = contributionsText(joint.contributions, 3, (column) => column);
    const data: JointLeakageDiagnosticData = { uri, sensitive: joint.sensitive, auc: joint.auc };
    // On the sensitive column's own cell: a hover over any other cell shows only that cell's findings.
    const cell = cells[result.columnNames.indexOf(joint.sensitive)];
    diagnostics.push({
      range: cell ? Range.create(headerLine, cell.start, headerLine, cell.end) : lineRange,
      severity: DiagnosticSeverity.Warning,
      code: JOINT_LEAKAGE_CODE,
      source: LEAKAGE_SOURCE,
      message: `the other columns together predict \`${joint.sensitive}\`: AUC ${two(joint.auc)}${contributions ? ` (largest contributions: ${contributions})` : ''}; leaving \`${joint.sensitive}\` out of a model does not remove it`,
      data,
    });
  }
  return diagnostics;
}

/**
 * The findings the user is shown (diagnostics, the audit panel's Proxies): each column at or over
 * the settings' thresholds and not ignored, strong first then by AUC; the attributes the columns
 * predict together at or over the joint threshold.
 */
export function proxyFindings(result: LeakageResult, settings: LeakageSettings): Extract<ProxyFindings, { checked: true }> {
  const proxies: Extract<ProxyFindings, { checked: true }>['proxies'] = [];
  let ignored = 0;
  for (const column of result.columns) {
    const severity = proxySeverity(column, settings.thresholds);
    if (!severity) continue;
    if (isIgnored(settings, column.column, column.sensitive)) ignored++;
    else proxies.push({ column: column.column, sensitive: column.sensitive, severity, auc: column.auc, cramersV: column.cramersV });
  }
  proxies.sort((a, b) => Number(b.severity === 'strong') - Number(a.severity === 'strong') || b.auc - a.auc);
  return {
    checked: true,
    sample: {
      rows: result.sample.rows,
      totalRows: result.sample.totalRows,
      sampled: result.sample.sampled,
      ...(result.sample.firstRows ? { firstRows: true } : {}),
    },
    proxies,
    joint: result.joint
      .filter((joint) => joint.auc >= settings.thresholds.jointAuc)
      .map((joint) => ({ sensitive: joint.sensitive, auc: joint.auc, contributions: joint.contributions })),
    ignored,
  };
}

/** The rows measured, as the panel says them; nothing when they are the whole file. */
function sampleNote(result: LeakageResult): string {
  return result.sample.sampled || result.sample.firstRows ? `; measured on ${measuredRows(result.sample)}` : '';
}

/** The character range of each header cell, or none when the line does not split into the columns. */
function headerCells(headerText: string, columns: readonly string[]): { start: number; end: number }[] {
  for (const delimiter of [',', ';', '\t']) {
    const cells = splitCells(headerText, delimiter);
    if (cells.length === columns.length) return cells;
  }
  return [];
}

/** A column's figures as Markdown, for hovering its header cell; undefined when the result does not know it. */
export function leakageHover(result: LeakageResult, column: string): string | undefined {
  if (result.sensitive.includes(column)) {
    const joint = result.joint.find((j) => j.sensitive === column);
    const lines = [`**\`${column}\`** is a sensitive attribute.`];
    if (joint) {
      const top = contributionsText(joint.contributions, 5, (name) => `\`${name}\``);
      lines.push(
        '',
        `The other columns together predict it with a cross-validated AUC of **${two(joint.auc)}**.${top ? ` Largest permutation importances: ${top}.` : ''}`,
      );
    }
    return lines.join('\n');
  }
  if (column === result.label) return `**\`${column}\`** is the label; it is not checked as a proxy.`;
  const audited = result.audited?.find((a) => a.column === column);
  if (audited) {
    const what = audited.encodes === undefined ? "is the audited model's output" : `encodes the audited \`${audited.encodes}\``;
    return `**\`${column}\`** ${what}; it is not checked as a proxy: how it differs by group is what the audit measures.`;
  }
  const rows = result.columns.filter((c) => c.column === column);
  if (rows.length === 0) return undefined;
  // A list, not a table: the hover is narrow and a wide table would be clipped.
  const lines = [
    `**Leakage of \`${column}\`** (${rows[0]!.kind}${rows[0]!.kind === 'numeric' ? `, ${result.settings.bins} quantile bins` : ''}; ${result.sample.rows.toLocaleString('en-US')} rows${result.sample.sampled ? ' sampled' : ''})`,
    '',
    ...rows.map(
      (c: ColumnLeakage) =>
        `- predicts \`${c.sensitive}\`${c.severity ? ` (**${c.severity} proxy**)` : ''}: AUC ${two(c.auc)}, Cramér's V ${two(c.cramersV)}, NMI ${two(c.nmi)}${c.eta === null ? '' : `, η ${two(c.eta)}`}`,
    ),
    '',
    `AUC: ${result.settings.folds}-fold cross-validated, predicting the attribute from this column alone. Cramér's V is bias-corrected.`,
  ];
  return lines.join('\n');
}
