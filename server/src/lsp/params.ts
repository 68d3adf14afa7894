import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import * as path from 'node:path';
import { GROUPING_KINDS } from '../engine/audit/groupings';
import type { AuditOptions } from '../engine/audit/options';

const TASKS: readonly unknown[] = ['classification', 'multiclass', 'regression', 'dataset'];
import { ComparisonOptions, FAIRNESS_METRICS } from '../mitigations/compare';
import type { CompareParams } from '../protocol';
import type { ParitySettings } from './settings';

/**
 * Request parameters arrive as JSON from any client: their types are checked here, as the CLI
 * checks its flags, before they reach the engine. Unset values take the user's settings.
 */
export function auditOptionsFrom(options: unknown, settings: ParitySettings): AuditOptions {
  if (options !== undefined && options !== null && (typeof options !== 'object' || Array.isArray(options))) throw invalid('options must be an object');
  const given = (options ?? {}) as Record<string, unknown>;
  const text = (name: string): string | undefined => {
    const value = given[name];
    if (value === undefined || value === null || typeof value === 'string') return value ?? undefined;
    throw invalid(`options.${name} must be a string`);
  };
  const count = (name: string): number | undefined => {
    const value = given[name];
    if (value === undefined || value === null) return undefined;
    if (Number.isSafeInteger(value) && (value as number) >= 0) return value as number;
    throw invalid(`options.${name} must be a non-negative integer`);
  };
  const { sensitive, threshold } = given;
  if (sensitive !== undefined && !(Array.isArray(sensitive) && sensitive.every((name) => typeof name === 'string'))) {
    throw invalid('options.sensitive must be an array of column names');
  }
  if (threshold !== undefined && threshold !== null && !Number.isFinite(threshold)) throw invalid('options.threshold must be a number');
  const sensitiveColumns = sensitive as string[] | undefined;
  const { task, references, groupings } = given;
  if (task !== undefined && task !== null && !(typeof task === 'string' && TASKS.includes(task))) throw invalid(`options.task must be one of ${TASKS.join(', ')}`);
  if (references !== undefined && references !== null && !(typeof references === 'object' && !Array.isArray(references) && Object.values(references).every((v) => typeof v === 'string'))) {
    throw invalid('options.references must map column names to group values');
  }
  if (groupings !== undefined && groupings !== null && !(Array.isArray(groupings) && groupings.length > 0 && groupings.every((g) => (GROUPING_KINDS as readonly unknown[]).includes(g)))) {
    throw invalid(`options.groupings must be a non-empty list of ${GROUPING_KINDS.join(', ')}`);
  }
  return {
    roles: { label: text('label'), prediction: text('prediction'), score: text('score'), sensitive: sensitiveColumns?.length ? sensitiveColumns : undefined },
    positive: text('positive'),
    threshold: (threshold as number | null | undefined) ?? undefined,
    bootstrap: count('bootstrap') ?? settings.bootstrap,
    seed: count('seed'),
    minGroupSize: count('minGroupSize') ?? settings.minGroupSize,
    maxGroups: count('maxGroups') ?? settings.maxGroups,
    task: (task as AuditOptions['task'] | null) ?? undefined,
    weight: text('weight'),
    references: (references as Record<string, string> | null) ?? undefined,
    groupings: (groupings as AuditOptions['groupings'] | null) ?? undefined,
  };
}

/** Flag values for a mitigation: strings and booleans only, as parseFlags would produce. */
export function flagValuesFrom(values: unknown): Record<string, string | boolean> {
  if (typeof values !== 'object' || values === null || Array.isArray(values)) throw invalid('values must be an object of flag values');
  const out: Record<string, string | boolean> = {};
  for (const [name, value] of Object.entries(values)) {
    if (typeof value !== 'string' && typeof value !== 'boolean') throw invalid(`--${name} must be a string or a boolean`);
    out[name] = value;
  }
  return out;
}

/** The editor's compare request as runComparison options; the output folder defaults to next to the training file. */
export function comparisonOptionsFrom(params: CompareParams): ComparisonOptions {
  const text = (value: unknown, name: string): string => {
    if (typeof value === 'string' && value !== '') return value;
    throw invalid(`${name} must be a non-empty string`);
  };
  const list = (value: unknown, name: string): string[] => {
    if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string')) return value as string[];
    throw invalid(`${name} must be a non-empty array of strings`);
  };
  const train = text(params.train, 'train');
  const metric = params.fairnessMetric ?? FAIRNESS_METRICS[0];
  if (!(FAIRNESS_METRICS as readonly string[]).includes(metric)) throw invalid(`fairnessMetric must be one of ${FAIRNESS_METRICS.join(', ')}`);
  return {
    train,
    test: text(params.test, 'test'),
    label: text(params.label, 'label'),
    sensitive: list(params.sensitive, 'sensitive'),
    ...(params.positive !== undefined ? { positive: text(params.positive, 'positive') } : {}),
    ...(params.methods !== undefined ? { methods: list(params.methods, 'methods') } : {}),
    fairnessMetric: metric,
    out: params.out !== undefined ? text(params.out, 'out') : path.join(path.dirname(train), `${path.basename(train).replace(/\.csv(\.gz)?$/i, '')}.parity-compare`),
  };
}

function invalid(message: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, message);
}
