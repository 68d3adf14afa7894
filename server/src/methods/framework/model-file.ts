import * as z from 'zod';
import { MITIGATION_SCHEMA_VERSION, type ModelFile } from '../../../../common/reports/mitigation';
import { InputError } from '../../engine/errors';
import { featureNames, type FeatureEncoding } from '../../engine/learners/features';

/**
 * What every method's model.json schema is built from, and the check `parity apply` runs before
 * it uses a model: types, ranges and array lengths, with the first mistake named in one line.
 */

/** The fields every model.json starts with. */
export const modelHeader = <const M extends string>(method: M) => ({ schemaVersion: z.literal(MITIGATION_SCHEMA_VERSION), method: z.literal(method) });

export const probability = z.number().min(0).max(1);
export const seedValue = z
  .int()
  .min(0)
  .max(2 ** 32 - 1);
export const name = z.string().min(1);
export const names = z.array(name).min(1);

/**
 * The bins of numeric sensitive columns fitted on the training rows (engine/audit/sensitive-bins.ts),
 * so `parity apply` groups rows as the run did; absent from older model files, whose groups are the values.
 */
export const sensitiveBins = z.record(name, z.object({ edges: z.array(z.number()), rounded: z.literal(true).optional() })).optional();

/** The fitted feature encoding (engine/learners/features.ts). */
export const featureEncoding = z.object({
  columns: z
    .array(
      z.discriminatedUnion('kind', [
        z.object({ column: name, kind: z.literal('numeric'), mean: z.number(), scale: z.number().positive() }),
        z.object({ column: name, kind: z.literal('categorical'), categories: z.array(z.string()).min(1) }),
      ]),
    )
    .min(1),
});

/** The number of model inputs an encoding gives (one per numeric column, one per category). */
export function featureCount(encoding: FeatureEncoding): number {
  return featureNames(encoding).length;
}

/** A linear model f(x) = ⟨weights, x⟩ + bias as saved in model.json. */
export const linearModel = z.object({ weights: z.array(z.number()).min(1), bias: z.number() });

/**
 * Adds an issue at `path` when an array does not have the expected length (checks the schemas'
 * cross-field sizes: weights per feature, one coefficient per support vector, ...).
 */
export function expectLength(context: z.core.$RefinementCtx, path: (string | number)[], actual: number, expected: number, what: string): void {
  if (actual !== expected) context.addIssue({ code: 'custom', path, message: `has ${actual} values where ${expected} are needed (${what})` });
}

/**
 * A score post-processing model's input: the score column, or null beside the logistic regression
 * fitted when the file had none (base-logistic.ts). Spread into the model's object; check with checkScoreOrBase.
 */
export const scoreOrBase = {
  score: name.nullable(),
  base: z.object({ label: name, encoding: featureEncoding, model: linearModel }).optional(),
};

/** Exactly one of the score column and the base model, and the base model's weights one per encoded feature. */
export function checkScoreOrBase(
  model: { score: string | null; base?: { encoding: FeatureEncoding; model: { weights: number[] } } | undefined },
  context: z.core.$RefinementCtx,
): void {
  if ((model.score === null) === (model.base === undefined))
    context.addIssue({ code: 'custom', path: ['score'], message: 'must name the score column, or be null beside a base model, not both' });
  if (model.base)
    expectLength(context, ['base', 'model', 'weights'], model.base.model.weights.length, featureCount(model.base.encoding), 'one per encoded feature');
}

/**
 * The model checked against its method's schema: the parsed model, or an InputError naming the
 * first field that is wrong and what it should be, e.g.
 * `model.json: rules[0].components[0].weight expects a number in [0, 1], got 5`.
 */
export function checkModel<T>(schema: z.ZodType<T>, model: ModelFile, file: string): T {
  const result = schema.safeParse(model);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = fieldName(issue.path);
  throw new InputError(
    `${field === '' ? 'the model' : field} ${describeIssue(issue, valueAt(model, issue.path))}: the file is not a model Parity wrote, or it was edited`,
    { file },
  );
}

function fieldName(path: readonly PropertyKey[]): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i > 0 ? '.' : ''}${String(part)}`)).join('');
}

function valueAt(model: unknown, path: readonly PropertyKey[]): unknown {
  let value = model;
  for (const part of path) value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[part] : undefined;
  return value;
}

function describeIssue(issue: z.core.$ZodIssue, actual: unknown): string {
  const got = `got ${shown(actual)}`;
  switch (issue.code) {
    case 'invalid_type':
      return actual === undefined ? `is missing (${issue.expected} expected)` : `expects ${article(issue.expected)}, ${got}`;
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const relation = issue.code === 'too_small' ? (issue.inclusive ? 'at least' : 'more than') : issue.inclusive ? 'at most' : 'less than';
      if (issue.origin === 'array') return `expects ${relation} ${String(bound)} item(s), got ${Array.isArray(actual) ? actual.length : shown(actual)}`;
      if (issue.origin === 'string') return `expects a non-empty text, ${got}`;
      return `expects a number ${relation} ${String(bound)}, ${got}`;
    }
    case 'invalid_value':
      return `expects ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, ${got}`;
    case 'invalid_union':
      return `is not any of the accepted forms, ${got}`;
    case 'custom':
      return issue.message;
    default:
      return `${issue.message}, ${got}`;
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** A value as the message shows it: JSON, cut short. */
function shown(value: unknown): string {
  const text = value === undefined ? 'nothing' : (JSON.stringify(value) ?? String(value));
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
