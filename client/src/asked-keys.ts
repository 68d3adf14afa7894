import type { ParametersSchema } from '../../common/params';

/** The parameters the guided run asks (in schema order): not advanced, not command-line only. */
export function askedKeys(schema: ParametersSchema, given: readonly string[]): string[] {
  return Object.entries(schema.properties)
    .filter(([key, p]) => !given.includes(key) && !p.cliOnly && !p.advanced && p.group !== 'output' && p.group !== 'csv')
    .map(([key]) => key);
}
