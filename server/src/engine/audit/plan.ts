import type { Field } from '../table/rows';
import { InputError } from '../errors';
import { parseDecimal } from '../../../../common/decimal';
import { binLabel, quantileEdges } from '../schema/binning';
import { inferPositive } from '../schema/positive';
import type { ColumnProfile } from '../schema/profile';
import type { ResolvedRoles } from '../schema/roles';
import type { TaskKind } from '../../../../common/reports/audit';
import { AUDIT_DEFAULTS, AuditOptions } from './options';
import { positiveMatcher } from './positive';
import type { Warning } from '../../../../common/reports/audit';

export const MISSING_GROUP = '(missing)';

/** How one sensitive column's raw value becomes a group value. */
export interface SensitiveColumn {
  name: string;
  index: number;
  /** Interior bin edges for a numeric column that is binned; undefined for categories. */
  edges: number[] | undefined;
}

/** Everything decided from the header, the sample and the options before the streaming pass. */
export interface AuditPlan {
  file: string;
  task: TaskKind;
  roles: ResolvedRoles;
  label: { name: string; index: number } | undefined;
  prediction: { name: string; index: number } | undefined;
  score: { name: string; index: number } | undefined;
  sensitive: SensitiveColumn[];
  positive: string | undefined;
  isPositiveLabel: (value: string) => boolean;
  isPositivePrediction: (value: string) => boolean;
  threshold: number | undefined;
  /** Whether per-row scores/predictions are kept (AUC, calibration, KS, Wasserstein). */
  keepSample: boolean;
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
      `no sensitive column given or recognised; pass --sensitive with one or more of: ${listColumns(columns)}`,
      { file },
    );
  }
  if (options.threshold !== undefined && !score) {
    throw new InputError('--threshold needs a score column (pass --score)', { file });
  }
  if (options.threshold !== undefined && prediction && roles.inferred.every((r) => r.role !== 'prediction')) {
    throw new InputError('pass either --prediction or --threshold (which derives the prediction from the score), not both', { file });
  }

  const task = decideTask(file, label && profileOf(label.name), prediction ?? score);
  let threshold = options.threshold;
  let usedPrediction = threshold === undefined ? prediction : undefined;
  if (task === 'classification' && !usedPrediction && threshold === undefined) {
    const scoreProfile = profileOf(score!.name);
    if ((scoreProfile.min ?? 0) < 0 || (scoreProfile.max ?? 0) > 1) {
      throw new InputError(
        `score column "${score!.name}" is not a probability in [0, 1]; pass --threshold T (prediction = score >= T) or --prediction`,
        { file, column: score!.name },
      );
    }
    threshold = 0.5;
    warnings.push({ code: 'threshold', message: `no prediction column: predictions derived as ${score!.name} >= 0.5 (set --threshold)` });
  }
  if (task !== 'classification') usedPrediction = prediction;

  const labelValues = label ? profileOf(label.name).topValues.map((v) => v.value) : [];
  if (task === 'classification' && labelValues.length > 2) throwThirdClass(file, label!, sample, sampleLines);
  const hasBinaryLabel = label !== undefined && labelValues.length <= 2 && task !== 'regression';
  const positive = hasBinaryLabel ? resolvePositive(file, label!.name, labelValues, options.positive) : undefined;
  if (label && task === 'dataset' && !hasBinaryLabel) {
    warnings.push({ code: 'label', message: `label "${label.name}" is not binary: base rates are not computed` });
  }
  const isPositiveLabel = positive === undefined ? () => false : positiveMatcher(positive);
  let isPositivePrediction = isPositiveLabel;
  if (task === 'classification' && usedPrediction) {
    isPositivePrediction = predictionMatcher(file, usedPrediction.name, profileOf(usedPrediction.name), positive!, isPositiveLabel);
  }

  return {
    file,
    task,
    roles,
    label: task === 'dataset' && !hasBinaryLabel ? undefined : label,
    prediction: task === 'regression' ? (prediction ?? score) : usedPrediction,
    score: task === 'classification' ? score : undefined,
    sensitive: roles.sensitive.map((name) => sensitiveColumn(file, name, columns.indexOf(name), profileOf(name), options, sample)),
    positive,
    isPositiveLabel,
    isPositivePrediction,
    threshold,
    keepSample: task === 'regression' || (task === 'classification' && score !== undefined),
    warnings,
  };
}

function decideTask(
  file: string,
  labelProfile: ColumnProfile | undefined,
  output: { name: string } | undefined,
): TaskKind {
  if (!output) return 'dataset';
  if (!labelProfile) {
    throw new InputError(`auditing the model output "${output.name}" needs the true label: pass --label`, { file });
  }
  const manyNumbers = labelProfile.kind === 'numeric' && labelProfile.distinct > 2;
  return manyNumbers ? 'regression' : 'classification';
}

/** Names the row where a classification label shows its third distinct value. */
function throwThirdClass(
  file: string,
  label: { name: string; index: number },
  sample: readonly (readonly Field[])[],
  sampleLines: readonly number[],
): never {
  const seen: string[] = [];
  for (let i = 0; i < sample.length; i++) {
    const value = sample[i]![label.index];
    if (value == null || seen.includes(value)) continue;
    if (seen.length === 2) throw moreThanTwoClasses(file, label.name, seen, value, sampleLines[i]!);
    seen.push(value);
  }
  throw new Error('unreachable: the profile saw more than two label values');
}

export function moreThanTwoClasses(file: string, column: string, seen: readonly string[], value: string, line: number): InputError {
  return new InputError(
    `more than two classes ("${seen[0]}", "${seen[1]}", then "${value}"); a classification audit needs a binary label and prediction`,
    { file, line, column },
  );
}

function resolvePositive(file: string, labelName: string, values: readonly string[], given: string | undefined): string {
  if (given !== undefined) {
    if (values.length === 2 && !values.some((v) => positiveMatcher(given)(v))) {
      throw new InputError(
        `--positive "${given}" is not a value of the label; its values are ${values.map((v) => `"${v}"`).join(' and ')}`,
        { file, column: labelName },
      );
    }
    return given;
  }
  const inferred = inferPositive(values);
  if (inferred === undefined) {
    throw new InputError(
      `cannot tell which label value is positive (values: ${values.map((v) => `"${v}"`).join(', ')}); pass --positive`,
      { file, column: labelName },
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
): (value: string) => boolean {
  const values = profile.topValues.map((v) => v.value);
  if (values.length > 2) {
    throw new InputError(
      `prediction column "${name}" has more than two values (${values.slice(0, 5).map((v) => `"${v}"`).join(', ')}…); pass a probability column with --score and a --threshold`,
      { file, column: name },
    );
  }
  if (values.length === 0 || values.some(isPositiveLabel)) return isPositiveLabel;
  const inferred = inferPositive(values);
  if (inferred === undefined) {
    throw new InputError(
      `cannot match prediction values (${values.map((v) => `"${v}"`).join(', ')}) to the positive label "${positive}"`,
      { file, column: name },
    );
  }
  return positiveMatcher(inferred);
}

function sensitiveColumn(
  file: string,
  name: string,
  index: number,
  profile: ColumnProfile,
  options: AuditOptions,
  sample: readonly (readonly Field[])[],
): SensitiveColumn {
  const explicit = options.bins?.[name];
  if (explicit) {
    if (profile.kind !== 'numeric') {
      throw new InputError(`bin edges were given for "${name}", which is not numeric`, { file, column: name });
    }
    return { name, index, edges: explicit };
  }
  if (profile.kind !== 'numeric' || profile.distinct <= AUDIT_DEFAULTS.maxCategoricalNumericValues) {
    return { name, index, edges: undefined };
  }
  const values: number[] = [];
  for (const row of sample) {
    const value = row[index];
    if (value != null) values.push(parseDecimal(value));
  }
  return { name, index, edges: quantileEdges(values, options.quantileBins ?? AUDIT_DEFAULTS.quantileBins) };
}

/** The group value of a sensitive field: the category, its bin label, or MISSING_GROUP. */
export function groupValue(column: SensitiveColumn, field: Field, file: string, line: number): string {
  if (field === null) return MISSING_GROUP;
  if (!column.edges) return field;
  const value = parseDecimal(field);
  if (Number.isNaN(value)) {
    throw new InputError(`"${field}" is not a number, but "${column.name}" is binned as a numeric column`, {
      file,
      line,
      column: column.name,
    });
  }
  return binLabel(value, column.edges);
}

function listColumns(columns: readonly string[]): string {
  const shown = columns.slice(0, 12).join(', ');
  return columns.length > 12 ? `${shown}, … (${columns.length} columns)` : shown;
}
