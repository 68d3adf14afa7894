import type { RowBatch } from '../table/rows';
import { InputError } from '../errors';
import { parseDecimal } from '../../../../common/decimal';
import { AUDIT_DEFAULTS } from './options';
import { AuditPlan, groupValue, moreThanTwoClasses, ROUND_AFTER, roundForBins } from './plan';
import { MISSING_GROUP } from '../../../../common/reports/audit';
import type { AuditStatistics } from './statistics';
import { cutNumber } from './positive';
import { passesCut } from '../../../../common/positive-outcome';

/** Counts of rows left out of the metrics because a required value was missing. */
export interface MissingCounts {
  /** The first line is unknown for aggregated records. */
  [role: string]: { rows: number; firstLine: number | undefined };
}

/** Bounds checked while streaming, before memory grows. */
export interface StreamLimits {
  /** Most distinct values of a categorical sensitive column. */
  maxGroups: number;
  /** Most intersectional cells, and what to say when there are more. */
  maxCells: number;
  cellsAdvice: string;
}

/**
 * Turns parsed CSV rows into statistics updates, validating every value it uses: a label with a
 * third class (binary audits), a non-numeric score, target or weight, a negative weight, or a
 * non-numeric binned sensitive value stops the audit with the file, line and column; so does a
 * sensitive column with more distinct values than the group limit, as soon as it has them.
 */
export class RowEncoder {
  readonly missing: MissingCounts = {};
  /** Missing sensitive values by column (their rows form their own group). */
  readonly missingSensitive = new Map<string, number>();
  private readonly labelClasses: string[] = [];
  private readonly predictionClasses: string[] = [];
  private readonly key: string[];

  constructor(
    private readonly plan: AuditPlan,
    private readonly statistics: AuditStatistics,
    private readonly limits: StreamLimits = { maxGroups: Infinity, maxCells: Infinity, cellsAdvice: '' },
  ) {
    this.key = new Array<string>(plan.sensitive.length);
  }

  /** The indices of the columns the rows are read from (the others are never looked at). */
  columnsRead(): number[] {
    const { plan } = this;
    const read = [...plan.sensitive, plan.weight, plan.label].map((column) => column?.index);
    if (plan.task === 'classification') read.push(plan.score?.index, plan.threshold === undefined ? plan.prediction?.index : undefined);
    if (plan.task === 'multiclass' || plan.task === 'regression') read.push(plan.prediction?.index);
    return [...new Set(read.filter((index) => index !== undefined))];
  }

  add(batch: RowBatch): void {
    for (let i = 0; i < batch.rows.length; i++) this.addRow(batch.rows[i]!, batch.lines[i]!, 1);
  }

  /** `count` rows with these fields (a database's GROUP BY record): messages name no line. */
  addCounted(row: readonly (string | null)[], count: number): void {
    this.addRow(row, undefined, count);
  }

  private addRow(row: readonly (string | null)[], line: number | undefined, count: number): void {
    const { plan } = this;
    for (let s = 0; s < plan.sensitive.length; s++) {
      const column = plan.sensitive[s]!;
      const field = row[column.index]!;
      if (field === null) this.missingSensitive.set(column.name, (this.missingSensitive.get(column.name) ?? 0) + count);
      this.key[s] = groupValue(column, field, plan.file, line);
    }
    let weight = 1;
    if (plan.weight) {
      const raw = this.required(row, plan.weight, 'weight', line, count);
      if (raw === null) return;
      weight = this.number(raw, plan.weight.name, 'weight', line);
      if (!(weight >= 0) || !Number.isFinite(weight)) {
        throw new InputError(`weight "${raw}" is not a finite number >= 0`, { file: plan.file, line, column: plan.weight.name });
      }
    }
    switch (plan.task) {
      case 'classification':
        return this.addClassification(row, line, weight, count);
      case 'multiclass':
        return this.addMulticlass(row, line, weight, count);
      case 'regression':
        return this.addRegression(row, line, weight, count);
      case 'dataset':
        return this.addDataset(row, line, weight, count);
    }
  }

  private cell(line: number | undefined) {
    const cells = this.statistics.cells.length;
    const cell = this.statistics.cell(this.key);
    if (this.statistics.cells.length > cells) this.checkLimits(line);
    return cell;
  }

  /** A new cell may bring a new value of a column: checked against the limits. */
  private checkLimits(line: number | undefined): void {
    const { plan, statistics, limits } = this;
    plan.sensitive.forEach((column, s) => {
      const distinct = statistics.distinctValues(s);
      if (column.quantileBins !== undefined && !column.rounded && distinct > ROUND_AFTER) {
        column.rounded = true;
        statistics.remapColumn(s, (value) => (value === MISSING_GROUP ? value : String(roundForBins(Number(value)))));
      }
      if (column.edges === undefined && column.quantileBins === undefined && distinct > limits.maxGroups) {
        throw new InputError(
          `sensitive column "${column.name}" has more than ${limits.maxGroups} distinct values (${distinct}${line === undefined ? '' : ' by this line'})`,
          { file: plan.file, line, column: column.name },
          {
            fix: { kind: 'columns', role: 'sensitive' },
            cli: `--max-groups is ${limits.maxGroups}: bin a numeric column with --bins ${column.name}=E1,E2,... or choose another sensitive column`,
          },
        );
      }
    });
    if (statistics.cells.length > limits.maxCells) {
      throw new InputError(
        `the sensitive columns ${plan.sensitive.map((c) => c.name).join(' × ')} have more than ${limits.maxCells} combinations${line === undefined ? '' : ' by this line'}`,
        {
          file: plan.file,
          line,
        },
        { fix: { kind: 'columns', role: 'sensitive' }, cli: limits.cellsAdvice },
      );
    }
  }

  private addClassification(row: readonly (string | null)[], line: number | undefined, weight: number, count: number): void {
    const { plan } = this;
    const label = this.required(row, plan.label!, 'label', line, count);
    if (label === null) return;
    if (!plan.cut) this.checkBinary(this.labelClasses, label, plan.label!.name, line);
    let score: number | undefined;
    if (plan.score) {
      const raw = this.required(row, plan.score, 'score', line, count);
      if (raw === null) return;
      score = this.number(raw, plan.score.name, 'score', line);
    }
    let predictedPositive: boolean;
    if (plan.threshold !== undefined) {
      predictedPositive = score! >= plan.threshold;
    } else {
      const prediction = this.required(row, plan.prediction!, 'prediction', line, count);
      if (prediction === null) return;
      if (plan.predictionCut) {
        predictedPositive = this.passes(prediction, plan.prediction!.name, line);
      } else {
        this.checkBinary(this.predictionClasses, prediction, plan.prediction!.name, line);
        predictedPositive = plan.isPositivePrediction(prediction);
      }
    }
    const actual = (plan.cut ? this.passes(label, plan.label!.name, line) : plan.isPositiveLabel(label)) ? 1 : 0;
    this.statistics.addRow(this.cell(line), actual, predictedPositive ? 1 : 0, weight, score, Number.NaN, count);
  }

  private addMulticlass(row: readonly (string | null)[], line: number | undefined, weight: number, count: number): void {
    const { plan, statistics } = this;
    const label = this.required(row, plan.label!, 'label', line, count);
    const prediction = this.required(row, plan.prediction!, 'prediction', line, count);
    if (label === null || prediction === null) return;
    const labelClass = statistics.classIndex(label);
    const predictedClass = statistics.classIndex(prediction);
    if (statistics.classes.length > AUDIT_DEFAULTS.maxClasses) {
      throw new InputError(`more than ${AUDIT_DEFAULTS.maxClasses} classes in the label and prediction: a multiclass audit compares a handful of classes`, {
        file: plan.file,
        line,
        column: plan.label!.name,
      });
    }
    statistics.addRow(this.cell(line), labelClass, predictedClass, weight, undefined, Number.NaN, count);
  }

  private addRegression(row: readonly (string | null)[], line: number | undefined, weight: number, count: number): void {
    const { plan } = this;
    const target = this.required(row, plan.label!, 'label', line, count);
    const prediction = this.required(row, plan.prediction!, 'prediction', line, count);
    if (target === null || prediction === null) return;
    const y = this.number(target, plan.label!.name, 'target', line);
    const yHat = this.number(prediction, plan.prediction!.name, 'prediction', line);
    this.statistics.addRow(this.cell(line), -1, -1, weight, yHat, y, count);
  }

  private addDataset(row: readonly (string | null)[], line: number | undefined, weight: number, count: number): void {
    const { plan } = this;
    let label = -1;
    let y = Number.NaN;
    if (plan.label) {
      const value = this.required(row, plan.label, plan.outcome === 'prediction' ? 'prediction' : 'label', line, count);
      if (value === null) return;
      if (plan.numericLabel) {
        y = this.number(value, plan.label.name, 'label', line);
      } else if (plan.cut) {
        label = this.passes(value, plan.label.name, line) ? 1 : 0;
      } else {
        this.checkBinary(this.labelClasses, value, plan.label.name, line);
        label = plan.isPositiveLabel(value) ? 1 : 0;
      }
    }
    this.statistics.addRow(this.cell(line), label, -1, weight, undefined, y, count);
  }

  /** The field, or null after counting the row as skipped for a missing value. */
  private required(row: readonly (string | null)[], column: { index: number }, role: string, line: number | undefined, count: number): string | null {
    const field = row[column.index]!;
    if (field === null) {
      const entry = (this.missing[role] ??= { rows: 0, firstLine: line });
      entry.rows += count;
    }
    return field;
  }

  private checkBinary(classes: string[], value: string, column: string, line: number | undefined): void {
    if (classes.length === 2 && classes[0] !== value && classes[1] !== value) {
      throw moreThanTwoClasses(this.plan.file, column, classes, value, line);
    }
    if (classes.length < 2 && !classes.includes(value)) classes.push(value);
  }

  /** Whether a field of a cut column passes the cut; a word is an error naming its line. */
  private passes(raw: string, column: string, line: number | undefined): boolean {
    return passesCut(this.plan.cut!, cutNumber(this.plan.positive!, column, raw, this.plan.file, line));
  }

  private number(raw: string, column: string, what: string, line: number | undefined): number {
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
