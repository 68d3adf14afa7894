import { appliesTo, labelTaskOf, type LabelColumn } from '../../common/method-tasks';
import type { ParametersSchema } from '../../common/params';
import type { MitigationInfo } from '../../common/protocol';
import { askedKeys } from './asked-keys';

/** The file's columns as the run starts from them: its model output, if any. */
export interface ModelOutputColumns {
  score?: string | undefined;
  prediction?: string | undefined;
}

/**
 * How a method would run on this file, for the method picker's line beside it and the questions:
 * on the model's scores or predictions in it (only those the method takes: a decision such as
 * "detained" is no score to post-process), by training on it, or (a model-output method with a
 * base model of its own, when the file has none of the model outputs it takes and its label is of
 * that model's task or not known yet) by fitting that model on the file's columns first.
 * `ownModel`: the run fits it.
 */
export function methodUse(method: MitigationInfo, columns: ModelOutputColumns, label: LabelColumn | undefined): { description: string; ownModel: boolean } {
  const task = labelTaskOf(label);
  if (method.input === 'training-data')
    // a method for one kind of label says so when the file's label is of the other kind
    return {
      description: appliesTo(method, task) ? 'trains on this file' : `needs a ${task === 'classification' ? 'numeric' : 'yes/no'} label`,
      ownModel: false,
    };
  const takes = (['score', 'prediction'] as const).filter((key) => modelOutputKeys(method.parameters).includes(key));
  const outputs = takes.filter((key) => columns[key] !== undefined);
  if (outputs.includes('score')) return { description: 'uses the model’s scores in this file', ownModel: false };
  if (outputs.includes('prediction')) return { description: 'uses the model’s predictions in this file', ownModel: false };
  const base = method.baseModel;
  if (base && task === base.task) return { description: base.description, ownModel: true };
  // no label set yet: the run asks for it first
  if (base && task === undefined)
    return { description: `models a ${base.task === 'regression' ? 'numeric' : 'yes/no'} label from the columns`, ownModel: true };
  return { description: `needs a ${takes.join(' or ')} column`, ownModel: false };
}

/** The questions of a guided run (the input file aside), in order. */
export function guidedKeys(method: MitigationInfo, ownModel: boolean): string[] {
  const keys = askedKeys(method.parameters, [method.input === 'training-data' ? 'train' : 'data']);
  return ownModel ? ownModelKeys(method.parameters, keys) : keys;
}

/**
 * The questions of a run that fits its own base model, from the guided run's `keys`: the
 * parameters marked `baseModel: 'first'` (the label, the model's features; asked even when
 * advanced), then the others but the model-output alternatives and those marked `skip`.
 */
function ownModelKeys(schema: ParametersSchema, keys: readonly string[]): string[] {
  const properties = schema.properties;
  const first = Object.keys(properties).filter((key) => properties[key]!.baseModel === 'first');
  const rest = keys.filter((key) => !first.includes(key) && properties[key]!.alternative === undefined && properties[key]!.baseModel !== 'skip');
  return [...first, ...rest];
}

/** The schema a run that fits its own base model is asked with: the single columns asked first (its label) are required. */
export function ownModelSchema(schema: ParametersSchema): ParametersSchema {
  const needed = Object.keys(schema.properties).filter((key) => schema.properties[key]!.baseModel === 'first' && schema.properties[key]!.input === 'column');
  return { ...schema, required: [...new Set([...(schema.required ?? []), ...needed])] };
}

/** The model-output alternatives (a score or a prediction to map): unset in a run that fits its own base model. */
export function modelOutputKeys(schema: ParametersSchema): string[] {
  return Object.keys(schema.properties).filter((key) => schema.properties[key]!.alternative !== undefined);
}
