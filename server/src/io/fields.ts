import type { Field, RowBatch } from '../engine/table/rows';

export const DEFAULT_MISSING_MARKERS = ['', 'NA', '?'];

/**
 * The rule every source applies to a text value: surrounding whitespace trimmed (unless turned
 * off), and a value equal to a missing-value marker becomes null. The CSV reader and the typed
 * sources (Parquet, JSON, Arrow, databases) share it, so the same data gives the same fields.
 */
export class FieldCleaner {
  private readonly markers: ReadonlySet<string>;
  /** Longer values cannot be markers, which spares hashing most values. */
  private readonly longestMarker: number;

  constructor(
    markers: readonly string[] = DEFAULT_MISSING_MARKERS,
    private readonly trim = true,
  ) {
    this.markers = new Set(markers.map((marker) => marker.trim()));
    this.longestMarker = Math.max(0, ...[...this.markers].map((marker) => marker.length));
  }

  clean(value: string): Field {
    const trimmed = hasOuterSpace(value) ? value.trim() : value;
    if (trimmed.length <= this.longestMarker && this.markers.has(trimmed)) return null;
    return this.trim ? trimmed : value;
  }
}

/** Whether trim() could change the value: its first or last character is not printable ASCII. */
function hasOuterSpace(value: string): boolean {
  if (value.length === 0) return false;
  const first = value.charCodeAt(0);
  const last = value.charCodeAt(value.length - 1);
  return first <= 0x20 || first >= 0x7f || last <= 0x20 || last >= 0x7f;
}

/**
 * Rows of text (null = NULL) from a source without lines as a batch: fields cleaned, and 1-based
 * row numbers standing for line numbers in messages.
 */
export function rowNumberedBatch(rows: readonly (readonly (string | null)[])[], firstRowIndex: number, cleaner: FieldCleaner): RowBatch {
  return {
    rows: rows.map((row) => row.map((value) => (value === null ? null : cleaner.clean(value)))),
    lines: rows.map((_, i) => firstRowIndex + i + 1),
    firstRowIndex,
  };
}
