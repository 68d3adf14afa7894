import type * as z from 'zod';
import { expectedText, flagName, titleOf, type ParameterSchema } from '../../../../common/params';
import { MITIGATIONS } from '../../methods/registry';
import { describeParameters } from '../../params/schema';
import { AUDIT_COMMAND_PARAMS } from '../../services/audit-params';
import { COMPARE_PARAMS } from '../../services/compare-params';

/**
 * docs/parameters.md, written from the parameter schemas (`npm run docs`; a test keeps the file
 * in step): for every command, each parameter's flag, the key of the editor's requests and of the
 * JSON, what it accepts, and its default.
 */
export function parametersMarkdown(): string {
  const sections = [
    section('parity audit FILE', 'Audit Fairness; the `options` of `parity/audit`.', AUDIT_COMMAND_PARAMS),
    section('parity compare', 'Compare Methods; the `params` of `parity/compare`.', COMPARE_PARAMS),
    ...MITIGATIONS.map((method) =>
      section(`parity mitigate ${method.name}`, `${method.title}: ${method.description} The \`params\` of \`parity/mitigate\`.`, method.params),
    ),
  ];
  return [
    '# Parameters',
    '',
    'Generated from the parameter schemas (`npm run docs`); do not edit by hand. Each command line',
    'flag is the kebab-case form of the key that editor requests and `report.json` use. "editor" says',
    'whether the guided run asks it (yes), keeps it under "More settings…" (advanced), or leaves it to',
    'the command line (no). A flag is given once, unless marked repeatable: a list goes in one flag,',
    'separated by commas (`--sensitive race,sex`); a flag given twice is refused.',
    '',
    ...sections,
  ].join('\n');
}

function section(title: string, intro: string, schema: z.ZodObject): string {
  const described = describeParameters(schema);
  const required = new Set(described.required ?? []);
  const rows = Object.entries(described.properties).map(([key, property]) => row(key, property, required.has(key)));
  return [`## \`${title}\``, '', intro, '', '| flag | key | accepts | default | editor | meaning |', '|---|---|---|---|---|---|', ...rows, ''].join('\n');
}

function row(key: string, property: ParameterSchema, required: boolean): string {
  const shown =
    property.default === undefined
      ? required
        ? 'required'
        : ''
      : `\`${Array.isArray(property.default) ? property.default.join(',') : String(property.default)}\``;
  const editor = property.cliOnly ? 'no' : property.advanced || property.group === 'csv' ? 'advanced' : 'yes';
  const cells = [`\`--${flagName(key)}\``, `\`${key}\``, expectedText(property), shown, editor, `${titleOf(key, property)}: ${property.description ?? ''}`];
  return `| ${cells.map((cell) => cell.replace(/\|/g, '\\|')).join(' | ')} |`;
}

if (require.main === module) process.stdout.write(parametersMarkdown());
