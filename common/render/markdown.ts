import type { ProxyFindings } from '../protocol';
import type { AuditReport, Grouping } from '../reports/audit';
import { comparesGroups, groupName, listedGroups, referenceGroup, shownFlags, showsFourFifthsFlags } from './audit-model';
import { aggregatesNote, aggregatesTable, flagsText, groupsNote, groupsTable, referenceNote, referenceTable } from './audit-tables';
import { jointLines, proxiesNote } from './proxies';
import { type CellModel, type ColumnModel, tableFootnote, type TableModel } from './table';
import { auditTitle, describeAudit, FOUR_FIFTHS_CAVEAT, formatNumber, sanitize, sanitizeQuery } from './text';

/**
 * A Markdown report (for pull-request comments and CI summaries), with intervals. `references`
 * holds a reference group chosen in the editor per grouping index (as the HTML export takes it):
 * the flags are then computed against it from the groups' rates, as the panel shows them.
 */
export function formatMarkdown(report: AuditReport, references: Record<number, string> = {}, proxies?: ProxyFindings, scopeLine?: string): string {
  const described = [...describeAudit(report), ...(scopeLine !== undefined ? [scopeLine] : [])];
  const lines = [`# Fairness audit: \`${escape(auditTitle(report.file, report.query))}\``, '', ...described.map((l) => `- ${escape(l)}`)];
  if (report.query !== undefined) lines.push('', 'Query:', '', ...codeBlock(sanitizeQuery(report.query), 'sql'));
  report.groupings.forEach((grouping, i) => lines.push('', ...groupingSection(report, grouping, references[i])));
  if (proxies) lines.push('', ...proxiesSection(proxies));
  if (report.warnings.length > 0) lines.push('', '## Warnings', '', ...report.warnings.map((w) => `- ${escape(w.message)}`));
  if (showsFourFifthsFlags(report)) lines.push('', `> ${FOUR_FIFTHS_CAVEAT}`);
  return lines.join('\n') + '\n';
}

function groupingSection(report: AuditReport, grouping: Grouping, chosen?: string): string[] {
  const reference = referenceGroup(grouping, chosen);
  const referenceRow = grouping.groups[reference.index]!;
  return [
    `## By ${escape(grouping.by.join(' × '))}`,
    '',
    `Reference group: ${escape(groupName(referenceRow))} (${reference.source === 'chosen' ? 'chosen in the editor; flags computed from the rates' : grouping.referenceSource === 'given' ? 'given' : 'the largest group'}).`,
    '',
    ...markdownTable(groupsMarkdownModel(report, grouping, chosen)),
    '',
    escape(groupsNote(report, grouping, chosen, 'static')),
    ...(comparesGroups(report)
      ? [
          '',
          '### Against the reference group',
          '',
          escape(referenceNote(report, grouping, chosen, 'static')),
          '',
          ...markdownTable(referenceTable(report, grouping, chosen)),
          '',
          '### Aggregates',
          '',
          ...markdownTable(aggregatesTable(report, grouping)),
          '',
          escape(aggregatesNote(report, grouping, chosen, 'static')),
        ]
      : []),
  ];
}

/**
 * The panel's groups table (the same columns, an NPV column when a flag cites NPV), its flags on
 * one line a group: a Markdown row holds no line break.
 */
function groupsMarkdownModel(report: AuditReport, grouping: Grouping, chosen: string | undefined): TableModel {
  const table = groupsTable(report, grouping, chosen, 'static');
  const reference = referenceGroup(grouping, chosen);
  const columns = new Set(table.columns.map((column) => column.key));
  const flagsColumn = table.columns.findIndex((column) => column.key === 'flags');
  // the table lists the groups as the panel does (bins in order), then the overall row
  const listed = listedGroups(report, grouping);
  const rows = table.rows.map((row, i) => {
    const group = listed[i]?.group;
    if (!group) return row;
    const shown = shownFlags(report, grouping, group, reference);
    // a small group keeps its dash; the others their flags in one line
    if (shown.small) return row;
    const cells = row.cells.map((cell, c) => (c === flagsColumn ? { text: flagsText(group, shown, columns) } : cell));
    return { ...row, cells };
  });
  return { ...table, rows };
}

/** A table of the panel's (common/render/audit-tables.ts) in Markdown: each cell's figure, interval, badge and the line under it. */
export function markdownTable(table: TableModel): string[] {
  const cellText = (cell: CellModel) =>
    [escape(cell.text), cell.badge ? `(${escape(cell.badge)})` : '', cell.interval ? escape(cell.interval) : '', cell.detail ? `— ${escape(cell.detail)}` : '']
      .filter(Boolean)
      .join(' ');
  const note = tableFootnote(table);
  return [
    row(table.columns.map((column) => escape(headerText(column)))),
    row(table.columns.map((column) => (column.kind === 'number' ? '---:' : '---'))),
    ...[...table.rows, ...(table.footer ?? [])].map((r) => row(r.cells.map(cellText))),
    ...(note ? ['', escape(note)] : []),
  ];
}

/** "Disparate impact (closer to 1 is fairer)"; a hint with parentheses of its own after a colon: "Four-fifths flags: rate (× its ratio to the reference)". */
function headerText(column: ColumnModel): string {
  if (!column.hint) return column.label;
  return column.hint.includes('(') ? `${column.label}: ${column.hint}` : `${column.label} (${column.hint})`;
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/** Data strings are untrusted: neutralise Markdown and HTML syntax. */
export function escape(text: string): string {
  // parentheses stay plain: with [ and ] escaped, no link can form around them
  return sanitize(text).replace(/[\\`*_{}[\]<>#+|!]/g, (c) => `\\${c}`);
}

/** A fenced block longer than any run of backticks in the text, so the text cannot close it. */
function codeBlock(text: string, language: string): string[] {
  const fence = '`'.repeat(Math.max(3, ...(text.match(/`+/g) ?? []).map((run) => run.length + 1)));
  return [`${fence}${language}`, ...text.split('\n'), fence];
}

function proxiesSection(findings: ProxyFindings): string[] {
  const lines = ['## Proxies', '', escape(proxiesNote(findings, 'static'))];
  if (!findings.checked) return lines;
  if (findings.proxies.length > 0) {
    lines.push('', row(['column', 'predicts', 'proxy', 'AUC', "Cramér's V"]), row(['---', '---', '---', '---:', '---:']));
    for (const p of findings.proxies) lines.push(row([escape(p.column), escape(p.sensitive), p.severity, formatNumber(p.auc, 2), formatNumber(p.cramersV, 2)]));
  }
  for (const line of jointLines(findings)) lines.push('', escape(line));
  return lines;
}
