/** Lower-cases a column name and drops everything but letters and digits: "Y-True" → "ytrue". */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * Splits a column name into lower-case words on non-alphanumerics and camelCase boundaries:
 * "two_year_recid" → [two, year, recid], "predictedLabel" → [predicted, label], "userID" → [user, id].
 */
export function nameTokens(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((token) => token !== '');
}

/** Code-unit order, independent of the locale, so sorted output is the same on every machine. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Whether a name is one given to a column that had none: ours, pandas' for a CSV's unnamed column
 * ("Unnamed: 0") and its Parquet index ("__index_level_0__"). Such a column of distinct whole
 * numbers is a saved row index.
 */
export function isUnnamedColumn(name: string): boolean {
  return /^(column_\d+|Unnamed: \d+|__index_level_\d+__)$/.test(name);
}
