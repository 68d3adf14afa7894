import type { RowBatch } from '../table/rows';
import { InputError } from '../errors';
import { confusionCell } from '../metrics/classification';
import { parseDecimal } from '../../../../common/decimal';
import { AuditAccumulator } from './accumulator';
import { AuditPlan, groupValue, moreThanTwoClasses } from './plan';

/** Counts of rows left out of the metrics because a required value was missing. */
export interface MissingCounts {
  [role: string]: { rows: number; firstLine: number };
}

/**
 * Turns parsed CSV rows into accumulator updates, validating every value it uses: a label with a
 * third class, a non-numeric score or target, or a non-numeric binned sensitive value stops the
 * audit with the file, line and column.
 */
export class RowEncoder {
  readonly missing: MissingCounts = {};
  /** Rows whose sensitive value was missing (they form their own group). */
  missingSensitive = 0;
  private readonly labelClasses: string[] = [];
  private readonly predictionClasses: string[] = [];
  private readonly key: string[];

  constructor(
    private readonly plan: AuditPlan,
    private readonly accumulator: AuditAccumulator,
  ) {
    this.key = new Array<string>(plan.sensitive.length);
  }

  add(batch: RowBatch): void {
    for (let i = 0; i < batch.rows.length; i++) this.addRow(batch.rows[i]!, batch.lines[i]!, batch.firstRowIndex + i);
  }

  private addRow(row: readonly (string | null)[], line: number, rowIndex: number): void {
    const { plan } = this;
    for (let s = 0; s < plan.sensitive.length; s++) {
      const column = plan.sensitive[s]!;
      const field = row[column.index]!;
      if (field === null) this.missingSensitive++;
      this.key[s] = groupValue(column, field, plan.file, line);
    }
    switch (plan.task) {
      case 'classification':
        return this.addClassification(row, line, rowIndex);
      case 'regression':
        return this.addRegression(row, line, rowIndex);
      case 'dataset':
        return this.addDataset(row, line, rowIndex);
    }
  }

  private addClassification(row: readonly (string | null)[], line: number, rowIndex: number): void {
    const { plan } = this;
    const label = this.required(row, plan.label!, 'label', line);
    if (label === null) return;
    this.checkBinary(this.labelClasses, label, plan.label!.name, line);
    let score: number | undefined;
    if (plan.score) {
      const raw = this.required(row, plan.score, 'score', line);
      if (raw === null) return;
      score = this.number(raw, plan.score.name, 'score', line);
    }
    let predictedPositive: boolean;
    if (plan.threshold !== undefined) {
      predictedPositive = score! >= plan.threshold;
    } else {
      const prediction = this.required(row, plan.prediction!, 'prediction', line);
      if (prediction === null) return;
      this.checkBinary(this.predictionClasses, prediction, plan.prediction!.name, line);
      predictedPositive = plan.isPositivePrediction(prediction);
    }
    const actualPositive = plan.isPositiveLabel(label);
    this.accumulator.addClassification(
      this.accumulator.cell(this.key),
      rowIndex,
      confusionCell(actualPositive, predictedPositive),
      actualPositive,
      score,
    );
  }

  private addRegression(row: readonly (string | null)[], line: number, rowIndex: number): void {
    const { plan } = this;
    const target = this.required(row, plan.label!, 'label', line);
    const prediction = this.required(row, plan.prediction!, 'prediction', line);
    if (target === null || prediction === null) return;
    this.accumulator.addRegression(
      this.accumulator.cell(this.key),
      rowIndex,
      this.number(target, plan.label!.name, 'target', line),
      this.number(prediction, plan.prediction!.name, 'prediction', line),
    );
  }

  private addDataset(row: readonly (string | null)[], line: number, rowIndex: number): void {
    const { plan } = this;
    let positive: boolean | undefined;
    if (plan.label) {
      const label = this.required(row, plan.label, 'label', line);
      if (label === null) return;
      this.checkBinary(this.labelClasses, label, plan.label.name, line);
      positive = plan.isPositiveLabel(label);
    }
    this.accumulator.addDataset(this.accumulator.cell(this.key), rowIndex, positive);
  }

  /** The field, or null after counting the row as skipped for a missing value. */
  private required(row: readonly (string | null)[], column: { index: number }, role: string, line: number): string | null {
    const field = row[column.index]!;
    if (field === null) {
      const entry = (this.missing[role] ??= { rows: 0, firstLine: line });
      entry.rows++;
    }
    return field;
  }

  private checkBinary(classes: string[], value: string, column: string, line: number): void {
    if (classes.length === 2 && classes[0] !== value && classes[1] !== value) {
      throw moreThanTwoClasses(this.plan.file, column, classes, value, line);
    }
    if (classes.length < 2 && !classes.includes(value)) classes.push(value);
  }

  private number(raw: string, column: string, what: string, line: number): number {
    const value = isPlainDecimal(raw) ? Number(raw) : parseDecimal(raw);
    if (!Number.isFinite(value)) {
      throw new InputError(`${what} "${raw}" is not a number`, { file: this.plan.file, line, column });
    }
    return value;
  }
}

/**
 * True for the common "-12.345" shape (optional minus, digits, optional fraction), which Number()
 * reads exactly as parseDecimal does; a character loop is much cheaper than its regular expression.
 */
function isPlainDecimal(raw: string): boolean {
  let i = raw.charCodeAt(0) === 45 ? 1 : 0; // '-'
  const digitsFrom = i;
  for (; i < raw.length && isDigit(raw.charCodeAt(i)); i++);
  if (i === digitsFrom) return false;
  if (i < raw.length && raw.charCodeAt(i) === 46) for (i++; i < raw.length && isDigit(raw.charCodeAt(i)); i++); // '.'
  return i === raw.length;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
