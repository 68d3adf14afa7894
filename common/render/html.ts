import type { ProxyFindings } from '../protocol';
import type { AuditReport, Grouping } from '../reports/audit';
import { chartsKey, groupingCharts } from './audit-charts';
import { comparesGroups, groupingName, showsFourFifthsFlags } from './audit-model';
import { aggregatesNote, aggregatesTable, groupsNote, groupsTable, referenceNote, referenceTable } from './audit-tables';
import { jointLines, proxiesNote, proxiesTable } from './proxies';
import { CHART_CSS, EXPORT_THEME_CSS, PRINT_CSS, REPORT_CSS } from './styles';
import { element, text } from './svg';
import { tableMarkup } from './table';
import { auditTitle, describeAudit, FOUR_FIFTHS_CAVEAT, sanitizeQuery } from './text';

/**
 * Self-contained HTML reports: inline CSS and SVG, no script, nothing loaded from anywhere, every
 * string from the data escaped, readable when printed. `parity audit --format html` and the
 * panel's Export use them; the panel draws the same tables (common/render/audit-tables.ts).
 */

/**
 * The audit: every grouping; `references` holds a reference group chosen in the panel per grouping
 * index; `proxies`, the file's proxies as the panel shows them. A static page: its notes point at
 * no hover, chooser or click.
 */
export function renderAuditHtml(report: AuditReport, references: Record<number, string> = {}, proxies?: ProxyFindings, scopeLine?: string): string {
  const name = auditTitle(report.file, report.query);
  const body = [
    element('h1', {}, text(`Fairness audit: ${name}`)),
    element(
      'ul',
      { class: 'run' },
      ...[...describeAudit(report), ...(scopeLine !== undefined ? [scopeLine] : [])].map((line) => element('li', {}, text(line))),
    ),
    report.query !== undefined ? queryMarkup(report.query) : '',
    ...report.groupings.map((grouping, i) => groupingSection(report, grouping, references[i])),
    proxies ? proxiesSection(proxies) : '',
    report.warnings.length > 0
      ? element(
          'section',
          {},
          element('h2', {}, 'Warnings'),
          element('ul', {}, ...report.warnings.map((w) => element('li', {}, text(w.line !== undefined ? `line ${w.line}: ${w.message}` : w.message)))),
        )
      : '',
    showsFourFifthsFlags(report) ? element('p', { class: 'caveat' }, text(FOUR_FIFTHS_CAVEAT)) : '',
  ];
  return page(`Parity audit: ${name}`, body);
}

function groupingSection(report: AuditReport, grouping: Grouping, reference: string | undefined): string {
  return element(
    'section',
    {},
    element('h2', {}, text(`By ${groupingName(grouping)}`)),
    tableMarkup(groupsTable(report, grouping, reference, 'static')),
    element('p', { class: 'note' }, text(groupsNote(report, grouping, reference, 'static'))),
    comparesGroups(report)
      ? [
          element('h3', {}, 'Against the reference group'),
          element('p', { class: 'note' }, text(referenceNote(report, grouping, reference, 'static'))),
          tableMarkup(referenceTable(report, grouping, reference)),
          element('h3', {}, 'Aggregates'),
          tableMarkup(aggregatesTable(report, grouping)),
          element('p', { class: 'note' }, text(aggregatesNote(report, grouping, reference, 'static'))),
        ].join('')
      : '',
    element('p', { class: 'note' }, text(chartsKey(report, grouping, reference))),
    element('div', { class: 'charts' }, ...groupingCharts(report, grouping, reference)),
  );
}

/** A database query's text, shown open (a static page has nothing to expand it with). */
function queryMarkup(query: string): string {
  return element('details', { class: 'query', open: '' }, element('summary', {}, 'Query'), element('pre', {}, text(sanitizeQuery(query))));
}

function proxiesSection(findings: ProxyFindings): string {
  return element(
    'section',
    {},
    element('h2', {}, 'Proxies'),
    element('p', { class: 'note' }, text(proxiesNote(findings, 'static'))),
    ...(findings.checked
      ? [
          findings.proxies.length > 0 ? tableMarkup(proxiesTable(findings)) : '',
          ...jointLines(findings).map((line) => element('p', { class: 'flag' }, text(line))),
        ]
      : []),
  );
}

export function page(title: string, body: string[]): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${text(title)}</title>
<style>${EXPORT_THEME_CSS}${CHART_CSS}${REPORT_CSS}${PRINT_CSS}</style>
</head>
<body>
${body.join('\n')}
</body>
</html>
`;
}
