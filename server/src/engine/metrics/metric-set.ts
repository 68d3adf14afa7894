/**
 * Named metric values of one group (or of the aggregates of one grouping). A value that cannot be
 * estimated is NaN and carries a reason; it is never silently 0.
 */
export class MetricSet {
  readonly values: Record<string, number> = {};
  readonly reasons: Record<string, string> = {};

  set(name: string, value: number, reasonIfNaN?: string): void {
    this.values[name] = value;
    if (Number.isNaN(value)) this.reasons[name] = reasonIfNaN ?? 'not estimable';
    else delete this.reasons[name];
  }

  /** Sets numerator / denominator, or NaN with `reason` when the denominator is 0. */
  setRatio(name: string, numerator: number, denominator: number, reason: string): void {
    this.set(name, denominator === 0 ? Number.NaN : numerator / denominator, reason);
  }

  get(name: string): number {
    return this.values[name] ?? Number.NaN;
  }
}
