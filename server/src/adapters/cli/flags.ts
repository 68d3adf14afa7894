import { parseArgs, ParseArgsConfig } from 'node:util';
import type * as z from 'zod';
import { expectedText, flagName, parameterKey, parseParameterText, type ParameterGroup, type ParameterSchema } from '../../../../common/params';
import { UsageError } from '../../engine/errors';
import { describeParameters, validateParameters } from '../../params/schema';

/**
 * The command line of a command, derived from its parameter schema: one `--kebab-case` flag per
 * parameter (booleans are switches, lists are comma-separated unless repeatable), text parsed by
 * the parameter's type, then validated by the schema, so the CLI and the editor accept the same.
 */
export type CommandLine<S extends z.ZodObject> = { help: true } | { help: false; params: z.output<S>; positionals: string[] };

export function parseCommandLine<S extends z.ZodObject>(argv: readonly string[], schema: S): CommandLine<S> {
  const properties = describeParameters(schema).properties;
  const options: NonNullable<ParseArgsConfig['options']> = { help: { type: 'boolean' } };
  for (const [key, property] of Object.entries(properties)) {
    options[flagName(key)] = { type: property.type === 'boolean' ? 'boolean' : 'string', multiple: property.repeatable === true };
  }
  let parsed: { values: Record<string, unknown>; positionals: string[]; tokens: { kind: string; name?: string; value?: string | undefined }[] };
  try {
    parsed = parseArgs({ args: joinNegativeValues(argv, options), options, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional.*$/s, ''));
  }
  if (parsed.values.help === true) return { help: true };
  refuseRepeated(parsed.tokens, options, properties);
  const input: Record<string, unknown> = {};
  for (const [flag, raw] of Object.entries(parsed.values)) {
    if (flag === 'help') continue;
    const key = parameterKey(flag);
    const property = properties[key]!;
    input[key] = Array.isArray(raw)
      ? raw.map((text: string) => fromText(flag, property.items ?? {}, text))
      : typeof raw === 'string'
        ? fromText(flag, property, raw)
        : raw;
  }
  return { help: false, params: validateParameters(schema, input, 'flag'), positionals: parsed.positionals };
}

/**
 * A flag that takes one value given twice: parseArgs keeps the last, which would silently drop
 * `--sensitive race` of `--sensitive race --sensitive sex`; a list says how to give several.
 */
function refuseRepeated(
  tokens: readonly { kind: string; name?: string; value?: string | undefined }[],
  options: NonNullable<ParseArgsConfig['options']>,
  properties: Record<string, ParameterSchema>,
): void {
  const seen = new Map<string, string | undefined>();
  for (const token of tokens) {
    if (token.kind !== 'option' || token.name === undefined || options[token.name]?.multiple || token.name === 'help') continue;
    if (seen.has(token.name)) {
      const list = properties[parameterKey(token.name)]?.type === 'array';
      const values = [seen.get(token.name), token.value].filter((value) => value !== undefined);
      throw new UsageError(
        list
          ? `--${token.name} is given twice: give its values once, separated by commas (--${token.name} ${values.join(',')})`
          : `--${token.name} is given twice${values.length === 2 ? ` (${values.join(' and ')})` : ''}: give it once`,
      );
    }
    seen.set(token.name, token.value);
  }
}

/**
 * `--seed -5` as `--seed=-5`: parseArgs reads a value starting with "-" as another option and
 * explains that at length; joined, the parameter's own check says in one line what it accepts.
 */
function joinNegativeValues(argv: readonly string[], options: NonNullable<ParseArgsConfig['options']>): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const next = argv[i + 1];
    if (flag.startsWith('--') && options[flag.slice(2)]?.type === 'string' && next !== undefined && /^-[\d.]/.test(next)) {
      out.push(`${flag}=${next}`);
      i++;
    } else {
      out.push(flag);
    }
  }
  return out;
}

function fromText(flag: string, property: ParameterSchema, text: string): unknown {
  const value = parseParameterText(property, text);
  if (value === undefined) throw new UsageError(`--${flag} expects ${expectedText(property)}, got "${text}"`);
  return value;
}

const GROUP_TITLES: Record<ParameterGroup, string> = { data: 'data', method: 'method', output: 'output', csv: 'reading CSV files' };

/** `--help`: the usage line, the summary, then the flags by group with their defaults. */
export function helpText(usage: string, summary: string, schema: z.ZodObject): string {
  const entries = Object.entries(describeParameters(schema).properties).map(([key, property]) => ({
    group: property.group ?? 'method',
    flag: `--${flagName(key)}${property.type === 'boolean' ? '' : ` ${property.metavar ?? 'X'}`}`,
    text: describe(property),
  }));
  entries.push({ group: 'output', flag: '--help', text: 'show this help' });
  const width = Math.max(...entries.map((entry) => entry.flag.length));
  const sections = (['data', 'method', 'output', 'csv'] as const)
    .map((group) => ({ group, entries: entries.filter((entry) => entry.group === group) }))
    .filter((section) => section.entries.length > 0)
    .map((section) => [`${GROUP_TITLES[section.group]}:`, ...section.entries.map((entry) => `  ${entry.flag.padEnd(width)}  ${entry.text}`)].join('\n'));
  return [`usage: ${usage}`, '', summary, '', sections.join('\n\n')].join('\n');
}

function describe(property: ParameterSchema): string {
  const text = property.description ?? '';
  if (property.default === undefined || property.type === 'boolean') return text;
  const shown = Array.isArray(property.default) ? property.default.join(',') : String(property.default);
  return `${text} (default ${shown})`;
}

/** A usage line from the schema: the command, then its required flags, then [options]. */
export function usageLine(command: string, schema: z.ZodObject): string {
  const described = describeParameters(schema);
  const required = (described.required ?? []).map((key) => `--${flagName(key)} ${described.properties[key]?.metavar ?? 'X'}`);
  return [command, ...required, '[options]'].join(' ');
}
