import type { ProxyFindings } from '../protocol';
import { formatCount } from './text';
import { Medium, TableModel } from './table';

type Checked = Extract<ProxyFindings, { checked: true }>;

/**
 * The audit's "Proxies" section, shared by the panel and the exported report: the columns that
 * predict a sensitive attribute (the language server's leakage figures, as its diagnostics give
 * them), and the attributes the columns predict together.
 */
export function proxiesTable(findings: Checked): TableModel {
  return {
    id: 'proxies',
    label: 'columns that predict a sensitive attribute',
    columns: [
      { key: 'column', label: 'Column', kind: 'label', sticky: 'start' },
      { key: 'sensitive', label: 'Predicts', kind: 'label' },
      { key: 'severity', label: 'Proxy', kind: 'text', title: 'strong or moderate, by the thresholds of the setting parity.leakage.thresholds' },
      {
        key: 'auc',
        label: 'AUC',
        kind: 'number',
        title: 'cross-validated AUC of predicting the attribute from this column alone (0.5: no better than chance)',
      },
      {
        key: 'cramersV',
        label: 'Cramér’s V',
        kind: 'number',
        title: 'bias-corrected association of the column and the attribute (0: none, 1: one determines the other)',
      },
    ],
    rows: findings.proxies.map((p) => ({
      cells: [
        { text: p.column },
        { text: p.sensitive },
        { text: p.severity, class: p.severity === 'strong' ? 'flag' : undefined },
        { text: two(p.auc), sort: p.auc },
        { text: two(p.cramersV), sort: p.cramersV },
      ],
    })),
  };
}

/**
 * The rows a proxy check measured, in the one wording of the panel, the exports and the Problems
 * diagnostics: "a seeded random sample of 20,000 of the first 200,000 rows of a longer file".
 */
export function measuredRows(sample: Checked['sample']): string {
  const { rows, totalRows, sampled, firstRows } = sample;
  const longer = firstRows ? ' of a longer file' : '';
  if (sampled) return `a seeded random sample of ${formatCount(rows)} of the ${firstRows ? 'first ' : ''}${formatCount(totalRows)} rows${longer}`;
  return firstRows ? `the first ${formatCount(rows)} rows${longer}` : `all ${formatCount(rows)} rows`;
}

/** Over the table: what a proxy is, what was measured, and what was left out. */
export function proxiesNote(findings: ProxyFindings, medium: Medium): string {
  if (!findings.checked) return `Not checked: ${findings.reason}.`;
  const measured = measuredRows(findings.sample);
  const ignored = findings.ignored > 0 ? ` ${findings.ignored} ignored proxy finding(s) are not listed (setting parity.leakage.ignored).` : '';
  const none = findings.proxies.length === 0 ? ' No column reaches the thresholds.' : '';
  const thresholds = medium === 'panel' ? ' Thresholds: setting parity.leakage.thresholds.' : '';
  return `Columns that predict a sensitive attribute: a model given one can learn the attribute without seeing it. Measured on ${measured}.${none}${ignored}${thresholds}`;
}

/** Attributes the columns predict together: "The other columns together predict sex: AUC 0.86 (relationship 0.21, …)". */
export function jointLines(findings: Checked): string[] {
  return findings.joint.map((j) => {
    const top = contributionsText(j.contributions, 3, (column) => column);
    return `The other columns together predict ${j.sensitive}: cross-validated AUC ${two(j.auc)}${top ? ` (largest contributions: ${top})` : ''}; leaving ${j.sensitive} out of a model does not remove it.`;
  });
}

/**
 * The largest `most` contributions that show as non-zero at two decimals, then how many others
 * there are: "age 0.38, priors_count 0.01, +3 others below 0.005" (0.00 says nothing). Empty when
 * none shows.
 */
export function contributionsText(contributions: readonly { column: string; importance: number }[], most: number, name: (column: string) => string): string {
  const shown = contributions.filter((c) => Number(two(c.importance)) > 0);
  const listed = shown.slice(0, most).map((c) => `${name(c.column)} ${two(c.importance)}`);
  if (listed.length === 0) return '';
  const more = shown.length - listed.length;
  const below = contributions.length - shown.length;
  return [...listed, ...(more > 0 ? [`+${more} more`] : []), ...(below > 0 ? [`+${below} ${below === 1 ? 'other' : 'others'} below 0.005`] : [])].join(', ');
}

function two(value: number): string {
  return Number.isFinite(value) ? value.toFixed(2) : 'n/a';
}
