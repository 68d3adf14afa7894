import { element, text } from './svg';
import { formatCount } from './text';
import { roundSetting } from './tradeoff';

/**
 * A mitigation run's settings (report.json `parameters`) as readable nested tables: keys in
 * words, numbers rounded, lists of records as sub-tables, long lists folded. Every string is data.
 */
export function settingsMarkup(parameters: Record<string, unknown>): string {
  const entries = Object.entries(parameters);
  if (entries.length === 0) return element('p', { class: 'missing' }, 'The run reports no settings.');
  return element('table', { class: 'settings' }, element('tbody', {}, ...entries.map(([key, value]) => row(key, value))));
}

/**
 * The run's plain settings (numbers, words, yes/no, a few names) in one line, e.g. "Fairness equal-opportunity ·
 * Tolerance 0.02"; nested ones are in the Settings tab. `notes` follow a setting's value
 * ("Tolerance 0.02 for the run's own result").
 */
export function settingsSummary(parameters: Record<string, unknown>, notes: Record<string, string> = {}): string {
  return Object.entries(parameters)
    .map(([key, value]) => [key, plainSetting(value)] as const)
    .filter((entry): entry is readonly [string, string] => entry[1] !== null)
    .map(([key, value]) => `${settingName(key)} ${value}` + (notes[key] ? ` ${notes[key]}` : ''))
    .join(' · ');
}

/** A setting as the Settings line shows it: a number, yes/no, a short text or a short list of texts (a few group names); null for the others. */
function plainSetting(value: unknown): string | null {
  if (typeof value === 'number') return formatSettingNumber(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return value.length <= 40 ? value : null;
  const names = Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string') ? value.join(', ') : '';
  return names !== '' && names.length <= 80 ? names : null;
}

/** Abbreviations a key spells in camelCase ("allowedGroupMse"), written as they are read. */
const ABBREVIATIONS = new Set(['mse', 'auc', 'ks', 'svm', 'cv', 'lp', 'mmd', 'tpr', 'fpr', 'ppv', 'id']);

/** "referenceGroup" → "Reference group", "allowedGroupMse" → "Allowed group MSE"; short names stay as written ("cv", not "Cv"). */
export function settingName(key: string): string {
  if (key.length <= 3) return key;
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[-_]+/g, ' ')
    .toLowerCase()
    .split(' ')
    .map((word) => (ABBREVIATIONS.has(word) ? word.toUpperCase() : word))
    .join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function row(key: string, value: unknown): string {
  return element('tr', {}, element('th', { scope: 'row', title: key }, text(settingName(key))), element('td', {}, valueMarkup(value)));
}

/** Rows shown before a long list folds into "N more". */
const SHOWN = 12;

function valueMarkup(value: unknown): string {
  if (value === null || value === undefined) return element('span', { class: 'missing' }, 'none');
  if (typeof value === 'number') return text(formatSettingNumber(value));
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return element('span', { class: 'setting-text' }, text(value));
  if (Array.isArray(value)) {
    if (value.length === 0) return element('span', { class: 'missing' }, 'none');
    if (value.every((v) => v === null || typeof v !== 'object'))
      return folded(value.map((v) => (typeof v === 'number' ? formatSettingNumber(v) : String(v))).join(', '), value.length, 40);
    if (value.every((v) => v !== null && typeof v === 'object' && !Array.isArray(v))) return recordsMarkup(value as Record<string, unknown>[]);
    return list(value.map(valueMarkup));
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > SHOWN)
    return element(
      'details',
      {},
      element('summary', {}, text(`${entries.length} entries`)),
      element('table', { class: 'settings' }, element('tbody', {}, ...entries.map(([k, v]) => row(k, v)))),
    );
  return element('table', { class: 'settings' }, element('tbody', {}, ...entries.map(([k, v]) => row(k, v))));
}

/** A list of records (e.g. a cross-validation table) as one table with a column per key. */
function recordsMarkup(records: Record<string, unknown>[]): string {
  const keys = [...new Set(records.flatMap((r) => Object.keys(r)))];
  const table = (rows: Record<string, unknown>[]) =>
    element(
      'table',
      { class: 'settings records' },
      element('thead', {}, element('tr', {}, ...keys.map((k) => element('th', { scope: 'col', title: k }, text(settingName(k)))))),
      element('tbody', {}, ...rows.map((r) => element('tr', {}, ...keys.map((k) => element('td', {}, valueMarkup(r[k])))))),
    );
  if (records.length <= SHOWN) return table(records);
  return element('details', {}, element('summary', {}, text(`${records.length} rows`)), table(records));
}

function list(items: string[]): string {
  return element('ul', { class: 'setting-list' }, ...items.map((item) => element('li', {}, item)));
}

function folded(joined: string, count: number, limit: number): string {
  if (count <= limit) return text(joined);
  return element('details', {}, element('summary', {}, text(`${count} values`)), text(joined));
}

/** Rounded as the plots round settings: they are read, not recomputed (report.json keeps them exact). */
function formatSettingNumber(value: number): string {
  // a count of rows as the page writes counts elsewhere: "15,254 rows" above read "Training rows 15254"
  if (Number.isInteger(value)) return Math.abs(value) >= 10_000 ? formatCount(value) : String(value);
  // a solver's round-off (a mixture weight of 7.77e-16) is zero to the reader
  return Math.abs(value) < 1e-9 ? '≈ 0' : roundSetting(value);
}
