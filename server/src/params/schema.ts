import * as z from 'zod';
import { expectedText, flagName, titleOf, type ParameterSchema, type ParametersSchema } from '../../../common/params';
import { UsageError } from '../engine/errors';

/**
 * Typed parameter schemas (zod), one per command. Everything else is derived from them: the CLI's
 * flags and --help, the language server's request validation, the editor's guided questions and
 * docs/parameters.md. The helpers below attach Parity's keywords (common/params.ts) as metadata,
 * which z.toJSONSchema carries into the description the editor receives.
 */

type Meta = Omit<ParameterSchema, 'type' | 'enum' | 'items' | 'minimum' | 'maximum' | 'exclusiveMinimum' | 'exclusiveMaximum' | 'minItems' | 'default'>;

export const column = (description: string, meta: Meta = {}) =>
  z
    .string()
    .min(1)
    .meta({ input: 'column', metavar: 'C', group: 'data', description, ...meta });

export const columns = (description: string, meta: Meta = {}) =>
  z
    .array(z.string().min(1))
    .min(1)
    .meta({ input: 'columns', metavar: 'C[,C...]', group: 'data', description, ...meta });

export const file = (description: string, meta: Meta = {}) =>
  z
    .string()
    .min(1)
    .meta({ input: 'file', metavar: 'FILE', group: 'data', description, ...meta });

/** A label value, a group name: text the user picks among the column's values. */
export const value = (description: string, meta: Meta = {}) =>
  z
    .string()
    .min(1)
    .meta({ input: 'value', metavar: 'V', group: 'data', description, ...meta });

/**
 * Several values (groups a user picks among a column's values), one per flag: a group's name may
 * hold a comma (a numeric column's bin "[33, 39)"), so the flag is repeated rather than split.
 */
export const values = (description: string, meta: Meta = {}) =>
  z
    .array(z.string().min(1))
    .min(1)
    .meta({ input: 'values', metavar: 'V', repeatable: true, group: 'data', description, ...meta });

export const choice = <const T extends readonly [string, ...string[]]>(
  values: T,
  fallback: T[number],
  description: string,
  choices: Record<T[number], string>,
  meta: Meta = {},
) =>
  z
    .enum(values)
    .default(fallback as never)
    .meta({ metavar: values.join('|'), group: 'method', description, choices, ...meta });

export const seed = (description = 'random seed') =>
  z
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .default(0)
    .meta({ metavar: 'N', group: 'method', advanced: true, description });

/** `description` says which settings are run; each becomes a point of the report's accuracy-fairness plot. */
export const sweep = (description: string) =>
  z
    .boolean()
    .default(false)
    .meta({
      group: 'method',
      description: `${description}: each setting is a point of the report's accuracy-fairness plot`,
      title: 'Trace the trade-off curve',
    });

/** Requires exactly one of the alternative parameters (marked with the same `alternative` keyword). */
export function exactlyOne<S extends z.ZodObject>(schema: S, keys: readonly string[]): S {
  return schema.superRefine((params: Record<string, unknown>, context) => {
    if (keys.filter((key) => params[key] !== undefined).length !== 1) {
      context.addIssue({ code: 'custom', message: `give one of ${keys.map((key) => `--${flagName(key)}`).join(' or ')}`, path: [] });
    }
  });
}

/** The JSON Schema of a command's parameters, as the editor and docs receive it. */
export function describeParameters(schema: z.ZodObject): ParametersSchema {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, ParameterSchema>; required?: string[] };
  return { type: 'object', properties: json.properties ?? {}, ...(json.required ? { required: json.required } : {}) };
}

/** How a validation message names a parameter: as its flag (CLI) or its title (editor). */
export type ParameterNaming = 'flag' | 'title';

/**
 * Validates parameters (already typed: parsed flags or an editor request) against the schema.
 * A mistake becomes one UsageError line naming the parameter and what it accepts.
 */
export function validateParameters<S extends z.ZodObject>(schema: S, input: unknown, naming: ParameterNaming = 'flag'): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const described = describeParameters(schema).properties;
  const issue = result.error.issues[0]!;
  const key = String(issue.path[0] ?? '');
  if (issue.code === 'unrecognized_keys')
    throw new UsageError(
      `unknown parameter${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => (naming === 'flag' ? `--${flagName(k)}` : `"${k}"`)).join(', ')}`,
    );
  const property = described[key];
  if (!property) throw new UsageError(issue.message);
  const given = (input as Record<string, unknown> | undefined)?.[key];
  if (given === undefined) throw new UsageError(`${nameOf(key, property, naming)} is required`);
  const refinement = issue.code === 'custom' ? issue.message : `expects ${expectedText(property)}, got ${JSON.stringify(given)}`;
  throw new UsageError(`${nameOf(key, property, naming)} ${refinement}`);
}

function nameOf(key: string, property: ParameterSchema | undefined, naming: ParameterNaming): string {
  return naming === 'flag' ? `--${flagName(key)}` : `"${titleOf(key, property)}"`;
}
