import type { AuditRequestOptions } from '../../common/protocol';
import { positiveSummary } from './positive-choice';
import { positiveMeansNoun } from './positive-noun';
import { POSITIVE_MEANS_WORDS } from '../../common/render/text';

/** The reference group of each sensitive column, from the options' `COLUMN=VALUE` entries (split at the first "="). */
export function referencesOf(options: Pick<AuditRequestOptions, 'reference'> | undefined): Record<string, string> {
  const references: Record<string, string> = {};
  for (const entry of options?.reference ?? []) {
    const at = entry.indexOf('=');
    if (at > 0) references[entry.slice(0, at)] = entry.slice(at + 1);
  }
  return references;
}

/**
 * The references that still hold: those of a column still sensitive, whose value is one of the
 * column's groups when they are known. A reference to a column taken out of the sensitive ones,
 * or to a value the file no longer has, would fail or mislead the next audit.
 */
export function keptReferences(
  references: Readonly<Record<string, string>>,
  sensitive: readonly string[],
  groupsOf: (column: string) => readonly string[] | undefined,
): Record<string, string> {
  return Object.fromEntries(Object.entries(references).filter(([column, value]) => sensitive.includes(column) && (groupsOf(column)?.includes(value) ?? true)));
}

/** The references as the audit options hold them (`COLUMN=VALUE`), in the order of the sensitive columns. */
export function referenceEntries(references: Readonly<Record<string, string>>, sensitive: readonly string[]): string[] {
  return sensitive.flatMap((column) => (references[column] !== undefined ? [`${column}=${references[column]}`] : []));
}

/** What Configure Columns saved, in words: "label y (positive: 1); prediction p; sensitive race (reference group: Black), sex; a positive prediction is harmful". */
export function columnsSummary(options: AuditRequestOptions): string {
  return columnsSummaryParts(options).join('; ');
}

/** The parts of columnsSummary, each a role: a notification keeps as many as fit (toastText). */
export function columnsSummaryParts(options: AuditRequestOptions): string[] {
  const references = referencesOf(options);
  const sensitive = (options.sensitive ?? []).map((column) =>
    references[column] !== undefined ? `${column} (reference group: ${references[column]})` : column,
  );
  return [
    options.label
      ? `label ${options.label}${options.positive !== undefined ? ` (positive: ${positiveSummary(options.label, options.positive)})` : ''}`
      : 'no label',
    options.prediction ? `prediction ${options.prediction}` : undefined,
    options.score ? `score ${options.score}${options.threshold !== undefined ? ` ≥ ${options.threshold}` : ''}` : undefined,
    `sensitive ${sensitive.join(', ')}`,
    options.positiveMeans
      ? `a positive ${positiveMeansNoun({ label: options.label ?? null, prediction: options.prediction ?? null, score: options.score ?? null })} is ${POSITIVE_MEANS_WORDS[options.positiveMeans]}`
      : undefined,
  ].filter((part) => part !== undefined);
}

/**
 * The options of an audit with `group` (a group's values by column) as its reference group: the
 * entries of its columns replaced, the other columns' kept, in the order of the sensitive columns.
 */
export function optionsWithReference(
  options: AuditRequestOptions | undefined,
  group: Readonly<Record<string, string>>,
  sensitive: readonly string[],
): AuditRequestOptions {
  return { ...options, reference: referenceEntries({ ...referencesOf(options), ...group }, sensitive) };
}
