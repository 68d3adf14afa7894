/**
 * How a command's parameters travel: the JSON Schema the server derives from each command's typed
 * schema (server/src/params), read by the CLI (flags, help, text parsing), the language server
 * (request validation) and the editor (the guided questions). Parity's own keywords sit beside
 * the standard ones.
 */

import { parseDecimal } from './decimal';

export interface ParameterSchema {
  type?: 'string' | 'number' | 'integer' | 'boolean' | 'array';
  enum?: string[];
  items?: ParameterSchema & { minLength?: number };
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  default?: unknown;
  /** One line, for `--help` and the editor's prompt. */
  description?: string;
  /** The editor's shorter description, where `description` (for `--help` and the docs) is too long for a quick pick's placeholder. */
  editorDescription?: string;
  /** The editor's name for it ("Fairness criterion"). */
  title?: string;
  /** The placeholder in `--help` (C, FILE, T). */
  metavar?: string;
  /** What the value names, so the editor can offer a picker. */
  input?: ParameterInput;
  /** Plain-words explanations of an enum's values, for the editor's quick pick. */
  choices?: Record<string, string>;
  /** The editor's names of an enum's values where the value is no word ("Equalized odds difference" for equalized_odds_difference). */
  labels?: Record<string, string>;
  /** Where it belongs: the data it reads, the method's own settings, the output, or CSV reading. */
  group?: ParameterGroup;
  /** Asked by the editor only when the user opens the advanced settings. */
  advanced?: boolean;
  /** The parameter the method's `sweep` varies (its strength or tolerance). */
  strength?: boolean;
  /** A command-line matter the editor never shows (output format, help). */
  cliOnly?: boolean;
  /** Parameters sharing this name are alternatives: one of them is given (or none, by a run that fits its own base model: `baseModel`). */
  alternative?: string;
  /**
   * For a model-output method that fits its own base model when none of its `alternative` columns
   * is given (MitigationInfo.baseModel): then the editor asks it first (`first`; a single column is
   * then required: the label), or not (`skip`).
   */
  baseModel?: 'first' | 'skip';
  /** Asked by the editor only when the run's label is a yes/no label (a positive value, a score's threshold): not for a numeric target. */
  onlyForBinaryLabel?: boolean;
  /** A flag given several times (each adds one item) rather than one comma-separated list. */
  repeatable?: boolean;
}

export type ParameterInput = 'column' | 'columns' | 'file' | 'folder' | 'value' | 'values';
export type ParameterGroup = 'data' | 'method' | 'output' | 'csv';

export interface ParametersSchema {
  type: 'object';
  properties: Record<string, ParameterSchema>;
  required?: string[];
}

/** The command-line flag of a parameter: `repairLevel` is `--repair-level` (a lone capital, `C`, stays). */
export function flagName(key: string): string {
  return key.replace(/(?<=[a-z0-9])[A-Z]/g, (upper) => `-${upper.toLowerCase()}`);
}

/** The parameter key of a flag name (the inverse of flagName). */
export function parameterKey(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/** The editor's name of a parameter: its title, else its key in words (`repairLevel`: "Repair level"). */
export function titleOf(key: string, schema: ParameterSchema | undefined): string {
  if (schema?.title) return schema.title;
  const words = key.replace(/[A-Z]/g, (upper) => ` ${upper.toLowerCase()}`);
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** What a parameter accepts, in words: "a number in [0, 1]", "an integer >= 1", "one of a, b". */
export function expectedText(schema: ParameterSchema): string {
  if (schema.enum) return `one of ${schema.enum.map((value) => (/^[\w-]+$/.test(value) ? value : `'${value}'`)).join(', ')}`;
  switch (schema.type) {
    case 'boolean':
      return 'true or false';
    case 'array':
      // the editor picks several values at once, the command line takes them one per flag
      if (schema.input === 'values') return 'one or more values';
      if (schema.repeatable) return `${expectedText(schema.items ?? {})}, once per flag (repeatable)`;
      if (schema.input === 'columns') return 'one or more column names, separated by commas';
      return schema.items?.enum ? `a comma-separated list of ${schema.items.enum.join(', ')}` : 'a comma-separated list';
    case 'number':
    case 'integer': {
      const noun = schema.type === 'integer' ? 'an integer' : 'a number';
      const low = schema.minimum ?? schema.exclusiveMinimum;
      const high = schema.maximum !== undefined && schema.maximum < Number.MAX_SAFE_INTEGER ? schema.maximum : schema.exclusiveMaximum;
      const open = schema.exclusiveMinimum !== undefined ? '(' : '[';
      const close = schema.exclusiveMaximum !== undefined ? ')' : ']';
      if (low !== undefined && high !== undefined) return `${noun} in ${open}${low}, ${high}${close}`;
      if (low !== undefined) return `${noun} ${schema.exclusiveMinimum !== undefined ? '>' : '>='} ${low}`;
      if (high !== undefined) return `${noun} ${schema.exclusiveMaximum !== undefined ? '<' : '<='} ${high}`;
      return noun;
    }
    default:
      return schema.input === 'column' ? 'a column name' : schema.input === 'file' ? 'a file path' : schema.input === 'folder' ? 'a folder path' : 'a value';
  }
}

/**
 * A parameter's value from text (a flag's argument, an input box): numbers in decimal notation,
 * lists split on commas. Range and choice checks are left to the schema. Undefined when the text
 * is not of the parameter's type.
 */
export function parseParameterText(schema: ParameterSchema, text: string): unknown {
  switch (schema.type) {
    case 'number':
    case 'integer': {
      const value = parseDecimal(text.trim());
      return Number.isFinite(value) ? value : undefined;
    }
    case 'array': {
      const items = text.split(',').map((item) => item.trim());
      // Lists of names drop the empty item a trailing comma leaves; lists of markers keep "" (empty means missing).
      return schema.items?.minLength ? items.filter((item) => item !== '') : items;
    }
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : undefined;
    default:
      return text;
  }
}

/** Whether a value meets the schema's range and choice keywords (after parseParameterText). */
export function meetsSchema(schema: ParameterSchema, value: unknown): boolean {
  if (schema.enum) return typeof value === 'string' && schema.enum.includes(value);
  if (schema.type === 'number' || schema.type === 'integer') {
    if (typeof value !== 'number' || !Number.isFinite(value)) return false;
    if (schema.type === 'integer' && !Number.isInteger(value)) return false;
    if (schema.minimum !== undefined && value < schema.minimum) return false;
    if (schema.maximum !== undefined && value > schema.maximum) return false;
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) return false;
    if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) return false;
    return true;
  }
  if (schema.type === 'array') return Array.isArray(value) && value.length >= (schema.minItems ?? 0);
  if (schema.type === 'boolean') return typeof value === 'boolean';
  return typeof value === 'string' && value !== '';
}

/**
 * Text for the editor: each command-line flag it names that is a parameter of the schema becomes
 * that parameter's title ("seeded with --seed" reads 'seeded with "Seed"'), so the editor's
 * questions speak of what the user sees, not of flags.
 */
export function editorWords(text: string, properties: Readonly<Record<string, ParameterSchema>>): string {
  return text.replace(/--([a-z][a-z-]*[a-z])/g, (flag, name: string) => {
    const key = parameterKey(name);
    return properties[key] ? `"${titleOf(key, properties[key])}"` : flag;
  });
}

/** A command's parameters as the editor receives them: descriptions (the editor's own where there is one) and choices in editor words (editorWords). */
export function forEditor(schema: ParametersSchema): ParametersSchema {
  const words = ({ editorDescription, ...property }: ParameterSchema): ParameterSchema => ({
    ...property,
    ...((editorDescription ?? property.description) !== undefined
      ? { description: editorWords(editorDescription ?? property.description!, schema.properties) }
      : {}),
    ...(property.choices
      ? { choices: Object.fromEntries(Object.entries(property.choices).map(([value, text]) => [value, editorWords(text, schema.properties)])) }
      : {}),
    ...(property.items ? { items: words(property.items) } : {}),
  });
  return { ...schema, properties: Object.fromEntries(Object.entries(schema.properties).map(([key, property]) => [key, words(property)])) };
}

/** Files read by columnar or JSON readers, which have no delimiter, header row, missing markers or comments. */
const NOT_CSV = /\.(parquet|jsonl|ndjson|arrow|feather|ipc|arrows)$/i;

/** Whether the editor offers a parameter for a data file: the CSV reading settings only for CSV (and other text) files. */
export function appliesToFile(property: ParameterSchema, file: string): boolean {
  return property.group !== 'csv' || !NOT_CSV.test(file);
}
