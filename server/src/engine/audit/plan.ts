import type { Field } from '../table/rows';
import { InputError } from '../errors';
import { parseDecimal } from '../../../../common/decimal';
import { suggestedThreshold } from '../../../../common/input-errors';
import { binLabel, quantileEdgesOfCounts } from '../schema/binning';
import { BINARY_SPELLINGS, inferPositive } from '../schema/positive';
import type { ColumnProfile } from '../schema/profile';
import type { ResolvedRoles } from '../schema/roles';
import { compareStrings } from '../schema/names';
import { AUDIT_DEFAULTS, AuditOptions } from './options';
import type { TaskKind } from './statistics';
import { cutNumber, givenPositive, positiveMatcher } from './positive';
import { positiveText, type CutOperator, type PositiveOutcome } from '../../../../common/positive-outcome';
import { MISSING_GROUP, type Warning } from '../../../../common/reports/audit';

/** How one sensitive column's raw value becomes a group value. */
export interface SensitiveColumn {
  name: string;
  index: number;
  /** Interior bin edges given with --bins (applied on ingestion); undefined otherwise. */
  edges: number[] | undefined;
  /**
   * Number of automatic quantile bins of a numeric column. Its values are kept as they are (or,
   * past ROUND_AFTER distinct values, rounded to 3 significant digits) and decided at evaluation
   * from the whole file: categories when it has at most maxCategoricalNumericValues distinct
   * numbers, else quantile bins with exact edges. Undefined for words and explicit bins.
   */
  quantileBins: number | undefined;
  /** Set once the column's values are rounded to 3 significant digits on ingestion. */
  rounded?: boolean;
}

/** Distinct values of a numeric sensitive column kept exactly; past this they are rounded. */
export const ROUND_AFTER = 10_000;

/** Everything decided from the header, the sample and the options before the streaming pass. */
export interface AuditPlan {
  file: string;
  task: TaskKind;
  roles: ResolvedRoles;
  label: { name: string; index: number } | undefined;
  prediction: { name: string; index: number } | undefined;
  score: { name: string; index: number } | undefined;
  weight: { name: string; index: number } | undefined;
  sensitive: SensitiveColumn[];
  positive: string | undefined;
  /** Binary audits ["0", "1"] (1 = positive); multiclass audits the classes of the sample, sorted. */
  classes: string[];
  isPositiveLabel: (value: string) => boolean;
  isPositivePrediction: (value: string) => boolean;
  /** A cut of a numeric label (--positive ">=10"): the label is positive when its number passes it. */
  cut: { operator: CutOperator; threshold: number } | undefined;
  /** Whether the prediction column is cut like the label (a predicted grade), not read as two classes. */
  predictionCut: boolean;
  threshold: number | undefined;
  /** Whether value records are kept (AUC, calibration, KS, Wasserstein; regression errors). */
  keepValues: boolean;
  /** A dataset audit whose label is numeric and not binary: the groups' means of it are compared. */
  numericLabel: boolean;
  /**
   * What `label` holds: the true label, or (a model's decisions audited without the true label) the
   * prediction column, or the score cut at the threshold, whose groups' selection rates are compared.
   */
  outcome: 'label' | 'prediction';
  warnings: Warning[];
}

export function planAudit(
  file: string,
  columns: readonly string[],
  profiles: readonly ColumnProfile[],
  roles: ResolvedRoles,
  options: AuditOptions,
  sample: readonly (readonly Field[])[],
  sampleLines: readonly number[],
): AuditPlan {
  const warnings: Warning[] = roles.warnings.map((message) => ({ code: 'roles', message }));
  const column = (name: string | undefined) => (name === undefined ? undefined : { name, index: columns.indexOf(name) });
  const profileOf = (name: string) => profiles[columns.indexOf(name)]!;
  const label = column(roles.label);
  const prediction = column(roles.prediction);
  const score = column(roles.score);

  if (roles.sensitive.length === 0) {
    throw new InputError(
      `no sensitive column given or recognised (the columns are: ${listColumns(columns)})`,
      { file },
      { fix: { kind: 'columns', role: 'sensitive' }, cli: 'pass --sensitive with one or more of them' },
    );
  }
  if (options.threshold !== undefined && !score) {
    throw new InputError('a decision threshold needs a score column', { file }, { fix: { kind: 'columns', role: 'score' }, cli: 'pass --score' });
  }
  if (options.threshold !== undefined && prediction && roles.inferred.every((r) => r.role !== 'prediction')) {
    throw new InputError(
      'both a prediction column and a threshold (which derives the prediction from the score) are given',
      { file },
      { fix: { kind: 'columns', role: 'prediction' }, cli: 'pass either --prediction or --threshold, not both' },
    );
  }

  const weight = column(options.weight);
  if (weight && weight.index < 0) throw new InputError(`--weight: no column "${weight.name}"; the columns are: ${listColumns(columns)}`, { file });
  if (weight && profileOf(weight.name).kind !== 'numeric' && profileOf(weight.name).kind !== 'boolean') {
    throw new InputError(`weight column "${weight.name}" is not numeric`, { file, column: weight.name });
  }
  const given = options.positive === undefined ? undefined : givenPositive(file, label?.name, options.positive);
  const cut = given?.kind === 'cut' ? given : undefined;
  if (cut && label) checkCutLabel(file, label, options.positive!, sample, sampleLines);
  const task = decideTask(file, options.task, label && profileOf(label.name), prediction, score, warnings, cut !== undefined);
  if (task === 'dataset' && !label && options.task === undefined && (prediction || score)) {
    // a label the names suggest but could not settle is no absent label: audit nothing without it
    const unsettled = roles.unsettled?.label;
    if (unsettled !== undefined) {
      throw new InputError(
        `auditing the model output "${(prediction ?? score)!.name}" needs the true label, which the column names do not settle (${unsettled})`,
        { file },
        { fix: { kind: 'columns', role: 'label' }, cli: 'pass --label' },
      );
    }
    return decisionsPlan(file, roles, { prediction, score, weight }, profileOf, options, cut, columns, warnings);
  }
  if (task === 'multiclass') {
    if (options.threshold !== undefined)
      throw new InputError('--threshold derives a binary prediction; a multiclass audit needs a --prediction column', { file });
    const classes = multiclassClasses(label!, prediction!, profileOf);
    return {
      file,
      task,
      roles,
      label,
      prediction,
      score: undefined,
      weight,
      sensitive: roles.sensitive.map((name) => sensitiveColumn(file, name, columns.indexOf(name), profileOf(name), options)),
      positive: undefined,
      classes,
      isPositiveLabel: () => false,
      isPositivePrediction: () => false,
      cut: undefined,
      predictionCut: false,
      threshold: undefined,
      keepValues: false,
      numericLabel: false,
      outcome: 'label',
      warnings: score
        ? [...warnings, { code: 'roles', message: `score column "${score.name}" ignored: a multiclass audit uses the predicted classes`, column: score.name }]
        : warnings,
    };
  }
  let threshold = options.threshold;
  let usedPrediction = threshold === undefined ? prediction : undefined;
  if (task === 'classification' && !usedPrediction && threshold === undefined) {
    const scoreProfile = profileOf(score!.name);
    if ((scoreProfile.min ?? 0) < 0 || (scoreProfile.max ?? 0) > 1) throw notAProbability(file, score!.name, scoreProfile);
    threshold = 0.5;
    warnings.push({
      code: 'threshold',
      message: `no prediction column: predictions derived as ${score!.name} >= 0.5 (set a decision threshold to change it)`,
      column: score!.name,
    });
  }
  if (task !== 'classification') usedPrediction = prediction;
  if (task === 'regression' && !prediction && score) usedPrediction = score;

  const labelValues = label ? profileOf(label.name).topValues.map((v) => v.value) : [];
  if (task === 'classification' && !cut && labelValues.length > 2) throwThirdClass(file, label!, sample, sampleLines);
  // a cut makes any numeric label binary: positive when its number passes the cut
  const hasBinaryLabel = label !== undefined && (cut !== undefined || labelValues.length <= 2) && task !== 'regression';
  const positive = !hasBinaryLabel ? undefined : cut ? positiveText(cut) : resolvePositive(file, label!.name, labelValues, options.positive);
  const numericLabel = label !== undefined && task === 'dataset' && !hasBinaryLabel && profileOf(label.name).kind === 'numeric';
  if (numericLabel && options.positive !== undefined) {
    // a value of a many-valued number is no pass/fail: say so rather than ignore it silently
    warnings.push({
      code: 'label',
      message: `positive value "${options.positive}" not used: label "${label!.name}" has many values, so its means are compared (a cut such as ">=10" makes it pass/fail)`,
      column: label!.name,
    });
  }
  if (label && task === 'dataset' && !hasBinaryLabel && !numericLabel) {
    warnings.push({ code: 'label', message: `label "${label.name}" is neither binary nor numeric: it is not compared`, column: label.name });
  }
  const isPositiveLabel = positive === undefined ? () => false : positiveMatcher(positive);
  let isPositivePrediction = isPositiveLabel;
  const predictionCut = cut !== undefined && task === 'classification' && usedPrediction !== undefined && !twoClassSpelling(profileOf(usedPrediction.name));
  if (task === 'classification' && usedPrediction && !predictionCut) {
    isPositivePrediction = predictionMatcher(file, usedPrediction.name, profileOf(usedPrediction.name), positive!, isPositiveLabel, labelValues);
  }

  return {
    file,
    task,
    roles,
    label: task === 'dataset' && !hasBinaryLabel && !numericLabel ? undefined : label,
    prediction: usedPrediction,
    score: task === 'classification' ? score : undefined,
    weight,
    sensitive: roles.sensitive.map((name) => sensitiveColumn(file, name, columns.indexOf(name), profileOf(name), options)),
    positive,
    classes: ['0', '1'],
    isPositiveLabel,
    isPositivePrediction,
    cut,
    predictionCut,
    threshold,
    keepValues: task === 'regression' || (task === 'classification' && score !== undefined),
    numericLabel,
    outcome: 'label',
    warnings,
  };
}

/**
 * A model's decisions without the true label: the prediction column (two values), or the score cut
 * at the threshold, is audited as a dataset's outcome, so the groups' selection rates are compared
 * (the four-fifths rule's own measure). Rates that need the label (TPR, accuracy…) are left out.
 */
function decisionsPlan(
  file: string,
  roles: ResolvedRoles,
  output: Record<'prediction' | 'score' | 'weight', { name: string; index: number } | undefined>,
  profileOf: (name: string) => ColumnProfile,
  options: AuditOptions,
  cut: Extract<PositiveOutcome, { kind: 'cut' }> | undefined,
  columns: readonly string[],
  warnings: Warning[],
): AuditPlan {
  const { prediction, score, weight } = output;
  const common = {
    file,
    task: 'dataset' as const,
    roles,
    weight,
    sensitive: roles.sensitive.map((name) => sensitiveColumn(file, name, columns.indexOf(name), profileOf(name), options)),
    classes: ['0', '1'],
    isPositivePrediction: () => false,
    predictionCut: false,
    keepValues: false,
    numericLabel: false,
    outcome: 'prediction' as const,
  };
  if (prediction && options.threshold === undefined) {
    const values = profileOf(prediction.name).topValues.map((v) => v.value);
    if (!cut && values.length > 2) {
      throw new InputError(
        `prediction "${prediction.name}" has more than two values: without the true label only yes/no decisions are compared`,
        { file, column: prediction.name },
        { fix: { kind: 'columns', role: 'label' }, cli: 'pass --label to audit it as a regression or multiclass model, or --positive ">=T" to cut it' },
      );
    }
    const positive = cut ? positiveText(cut) : resolvePositive(file, prediction.name, values, options.positive, 'prediction');
    return {
      ...common,
      label: prediction,
      prediction,
      score: undefined,
      positive,
      isPositiveLabel: positiveMatcher(positive),
      cut,
      threshold: undefined,
      warnings,
    };
  }
  const scoreProfile = profileOf(score!.name);
  let threshold = options.threshold;
  if (threshold === undefined) {
    if ((scoreProfile.min ?? 0) < 0 || (scoreProfile.max ?? 0) > 1) throw notAProbability(file, score!.name, scoreProfile);
    threshold = 0.5;
    warnings.push({ code: 'threshold', message: `decisions derived as ${score!.name} >= 0.5 (set a decision threshold to change it)`, column: score!.name });
  }
  const scoreCut = { kind: 'cut' as const, operator: '>=' as const, threshold };
  return {
    ...common,
    label: score,
    prediction: undefined,
    score,
    positive: positiveText(scoreCut),
    isPositiveLabel: () => false,
    cut: scoreCut,
    threshold,
    warnings,
  };
}

/**
 * The task: as given (checked against the columns), else from the columns: no model output is a
 * dataset audit; a label with two values is classification; a label with a handful of classes
 * (words, or at most maxInferredClasses whole numbers) with a prediction column is multiclass;
 * other numeric labels are regression targets. A label is never silently taken as continuous.
 */
function decideTask(
  file: string,
  given: TaskKind | undefined,
  labelProfile: ColumnProfile | undefined,
  prediction: { name: string } | undefined,
  score: { name: string } | undefined,
  warnings: Warning[],
  cut: boolean,
): TaskKind {
  const output = prediction ?? score;
  if (given === 'dataset') return 'dataset';
  if (!output) {
    if (given) throw new InputError(`--task ${given} needs a model output: pass --prediction or --score`, { file });
    return 'dataset';
  }
  if (!labelProfile) {
    // without the true label, a model's decisions are compared by their selection rates alone
    if (given === undefined) return 'dataset';
    throw new InputError(
      `--task ${given} of the model output "${output.name}" needs the true label`,
      { file },
      { fix: { kind: 'columns', role: 'label' }, cli: 'pass --label' },
    );
  }
  const values = labelProfile.distinct;
  if (cut && (given === 'regression' || given === 'multiclass')) {
    throw new InputError(`a positive outcome that cuts the label makes it binary: --task ${given} reads every value of "${labelProfile.name}"`, {
      file,
      column: labelProfile.name,
    });
  }
  if (given === 'regression') {
    if (labelProfile.kind !== 'numeric' && labelProfile.kind !== 'boolean')
      throw new InputError(`--task regression needs a numeric label; "${labelProfile.name}" is ${labelProfile.kind}`, { file, column: labelProfile.name });
    return 'regression';
  }
  if (given === 'multiclass') {
    if (!prediction) throw new InputError('--task multiclass needs a --prediction column with the predicted classes', { file });
    return 'multiclass';
  }
  if (given === 'classification' || cut) return 'classification';
  if (values <= 2) return 'classification';
  const fewWholeNumbers = labelProfile.kind === 'numeric' && labelProfile.integer === true && values <= AUDIT_DEFAULTS.maxInferredClasses;
  if (labelProfile.kind === 'numeric' && !fewWholeNumbers) return 'regression';
  if (!prediction) {
    throw new InputError(
      `label "${labelProfile.name}" has ${values} classes: pass --prediction with the predicted classes (multiclass), or --task regression to audit the score "${score!.name}" as a regression`,
      { file, column: labelProfile.name },
    );
  }
  if (fewWholeNumbers) {
    warnings.push({
      code: 'task',
      message: `label "${labelProfile.name}" has ${values} whole-number values: audited as multiclass (set the task to regression to treat it as a continuous target)`,
      column: labelProfile.name,
    });
  }
  return 'multiclass';
}

function notAProbability(file: string, score: string, profile: ColumnProfile): InputError {
  const [min, max] = [profile.min ?? 0, profile.max ?? 1];
  return new InputError(
    `score column "${score}" is not a probability in [0, 1] (its values run from ${min} to ${max})`,
    { file, column: score },
    {
      fix: { kind: 'threshold', column: score, min, max, suggested: suggestedThreshold(min, max) },
      cli: 'pass --threshold T (prediction = score >= T) or --prediction',
    },
  );
}

/** The classes of the label and prediction in the first rows, sorted (numbers numerically). */
function multiclassClasses(label: { name: string }, prediction: { name: string }, profileOf: (name: string) => ColumnProfile): string[] {
  const values = new Set([...profileOf(label.name).topValues, ...profileOf(prediction.name).topValues].map((v) => v.value));
  return [...values].sort((a, b) => {
    const [x, y] = [parseDecimal(a), parseDecimal(b)];
    return !Number.isNaN(x) && !Number.isNaN(y) && x !== y ? x - y : compareStrings(a, b);
  });
}

/** A cut label's first word in the sample, as one error naming its line (the rows after it are checked as they stream). */
function checkCutLabel(
  file: string,
  label: { name: string; index: number },
  positive: string,
  sample: readonly (readonly Field[])[],
  lines: readonly number[],
): void {
  sample.forEach((row, i) => {
    const value = row[label.index];
    if (value != null) cutNumber(positive, label.name, value, file, lines[i]);
  });
}

/** A prediction column spelling two classes (0/1, yes/no...), read as such under a cut of the label, not cut itself. */
function twoClassSpelling(profile: ColumnProfile): boolean {
  const values = profile.topValues.map((v) => v.value);
  return values.length > 0 && values.every((value) => BINARY_SPELLINGS.some((pair) => [pair.positive, pair.negative].includes(value.toLowerCase())));
}

/** Names the row where a classification label shows its third distinct value. */
function throwThirdClass(file: string, label: { name: string; index: number }, sample: readonly (readonly Field[])[], sampleLines: readonly number[]): never {
  const seen: string[] = [];
  for (let i = 0; i < sample.length; i++) {
    const value = sample[i]![label.index];
    if (value == null || seen.includes(value)) continue;
    if (seen.length === 2) throw moreThanTwoClasses(file, label.name, seen, value, sampleLines[i]!);
    seen.push(value);
  }
  throw new Error('unreachable: the profile saw more than two label values');
}

export function moreThanTwoClasses(file: string, column: string, seen: readonly string[], value: string, line: number | undefined): InputError {
  return new InputError(
    `more than two classes ("${seen[0]}", "${seen[1]}", then "${value}"); a binary classification audit needs two classes (pass --task multiclass to audit every class)`,
    { file, line, column },
  );
}

function resolvePositive(file: string, labelName: string, values: readonly string[], given: string | undefined, role = 'label'): string {
  if (given !== undefined) {
    if (values.length === 2 && !values.some((v) => positiveMatcher(given)(v))) {
      throw new InputError(
        `the positive value "${given}" is not a value of the ${role}; its values are ${values.map((v) => `"${v}"`).join(' and ')}`,
        { file, column: labelName },
        { fix: { kind: 'positive', column: labelName, values: [...values] }, cli: 'pass one of them with --positive' },
      );
    }
    return given;
  }
  const inferred = inferPositive(values) ?? positiveOfNegativeSpelling(values);
  if (inferred === undefined) {
    throw new InputError(
      `cannot tell which ${role} value is positive (values: ${values.map((v) => `"${v}"`).join(', ')})`,
      { file, column: labelName },
      { fix: { kind: 'positive', column: labelName, values: [...values] }, cli: 'pass --positive' },
    );
  }
  return inferred;
}

/** The prediction may spell classes like the label ("1"/"0") or on its own (label "yes", prediction "1"). */
function predictionMatcher(
  file: string,
  name: string,
  profile: ColumnProfile,
  positive: string,
  isPositiveLabel: (value: string) => boolean,
  labelValues: readonly string[],
): (value: string) => boolean {
  const values = profile.topValues.map((v) => v.value);
  if (values.length > 2) {
    throw new InputError(
      `prediction column "${name}" has more than two values (${values
        .slice(0, 5)
        .map((v) => `"${v}"`)
        .join(', ')}…)`,
      { file, column: name },
      { fix: { kind: 'columns', role: 'prediction' }, cli: 'pass a probability column with --score and a --threshold' },
    );
  }
  if (values.length === 0 || values.some(isPositiveLabel)) return isPositiveLabel;
  // A constant prediction (all negative) is a real outcome to audit: it spells the label's other value or a negative word.
  if (values.length === 1 && (labelValues.includes(values[0]!) || positiveOfNegativeSpelling(values) !== undefined)) return isPositiveLabel;
  const inferred = inferPositive(values);
  if (inferred === undefined) {
    throw new InputError(`cannot match prediction values (${values.map((v) => `"${v}"`).join(', ')}) to the positive label "${positive}"`, {
      file,
      column: name,
    });
  }
  return positiveMatcher(inferred);
}

/** How a sensitive column is grouped: its --bins edges, automatic quantile bins for a numeric one, else its values. */
export function sensitiveColumn(file: string, name: string, index: number, profile: ColumnProfile, options: AuditOptions): SensitiveColumn {
  const explicit = options.bins?.[name];
  if (explicit) {
    if (profile.kind !== 'numeric') {
      throw new InputError(`bin edges were given for "${name}", which is not numeric`, { file, column: name });
    }
    return { name, index, edges: explicit, quantileBins: undefined };
  }
  if (profile.kind !== 'numeric') return { name, index, edges: undefined, quantileBins: undefined };
  return { name, index, edges: undefined, quantileBins: options.quantileBins ?? AUDIT_DEFAULTS.quantileBins };
}

/** The positive spelling of a lone negative one ("0" → "1", "no" → "yes"), e.g. a constant label. */
function positiveOfNegativeSpelling(values: readonly string[]): string | undefined {
  if (values.length !== 1) return undefined;
  const value = values[0]!.toLowerCase();
  if (parseDecimal(value) === 0) return '1';
  return BINARY_SPELLINGS.find((pair) => pair.negative === value)?.positive;
}

/** A value of an automatically binned column as kept in the statistics: rounded to 3 significant digits. */
export function roundForBins(value: number): number {
  return value === 0 || !Number.isFinite(value) ? value : Number(value.toPrecision(3));
}

/** The cell value of a sensitive field: the category, its bin label, its rounded number (automatic bins), or MISSING_GROUP. */
export function groupValue(column: SensitiveColumn, field: Field, file: string, line: number | undefined): string {
  if (field === null) return MISSING_GROUP;
  if (!column.edges && column.quantileBins === undefined) return field;
  const value = binnedNumber(column.name, field, file, line);
  if (column.edges) return binLabel(value, column.edges);
  return column.rounded ? String(roundForBins(value)) : field;
}

/** The number of a binned column's field; a word is an error naming its line. */
export function binnedNumber(name: string, field: string, file: string, line: number | undefined): number {
  const value = parseDecimal(field);
  if (Number.isNaN(value)) throw new InputError(`"${field}" is not a number, but "${name}" is binned as a numeric column`, { file, line, column: name });
  return value;
}

/**
 * The edges of an automatically binned column from its numbers' row counts: none when it has so
 * few distinct numbers that they are categories (a rating, a count of children), else quantiles.
 */
export function automaticEdges(counts: ReadonlyMap<number, number>, quantileBins: number): number[] | undefined {
  if (counts.size <= AUDIT_DEFAULTS.maxCategoricalNumericValues) return undefined;
  return quantileEdgesOfCounts(counts, quantileBins);
}

function listColumns(columns: readonly string[]): string {
  const shown = columns.slice(0, 12).join(', ');
  return columns.length > 12 ? `${shown}, … (${columns.length} columns)` : shown;
}
