// The parameter schemas and what is derived from them: flags, text parsing, validation messages
// in CLI and editor words, the JSON Schema the editor receives. Expected strings are written out
// by hand from the schemas below.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as z from 'zod';
import { appliesToFile, editorWords, expectedText, flagName, forEditor, meetsSchema, parameterKey, parseParameterText, titleOf } from '../common/params';
import { helpText, parseCommandLine, usageLine } from '../server/src/adapters/cli/flags';
import { UsageError } from '../server/src/engine/errors';
import { MITIGATIONS } from '../server/src/methods/registry';
import { csvOptions, CSV_READING, SENSITIVE } from '../server/src/params/fragments';
import { choice, column, describeParameters, exactlyOne, validateParameters } from '../server/src/params/schema';
import { COMPARE_PARAMS } from '../server/src/services/compare-params';
import { AUDIT_COMMAND_PARAMS, AUDIT_OPTIONS } from '../server/src/services/audit-params';

const SCHEMA = exactlyOne(
  z.strictObject({
    sensitive: SENSITIVE,
    score: column('score column', { alternative: 'mapped' }).optional(),
    prediction: column('prediction column', { alternative: 'mapped' }).optional(),
    repairLevel: z.number().min(0).max(1).default(1).meta({ metavar: 'X', group: 'method', description: 'strength' }),
    batchSize: z.int().min(4).default(64).meta({ metavar: 'B', group: 'method', description: 'minibatch size' }),
    penalty: choice(['mmd', 'sinkhorn'], 'mmd', 'divergence', { mmd: 'kernel', sinkhorn: 'transport' }, { title: 'Penalty' }),
    sweep: z.boolean().default(false).meta({ group: 'method', description: 'trace the curve' }),
    bins: z.array(z.string().min(1)).optional().meta({ metavar: 'C=E', group: 'data', repeatable: true, description: 'bins' }),
    ...CSV_READING,
  }),
  ['score', 'prediction'],
);

function usageMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof UsageError, `a UsageError, got ${String(error)}`);
    assert.doesNotMatch(error.message, /\n/, 'one line');
    return error.message;
  }
  assert.fail('expected a UsageError');
}

describe('parameter names', () => {
  it('maps keys to flags and back', () => {
    assert.equal(flagName('repairLevel'), 'repair-level');
    assert.equal(flagName('C'), 'C');
    assert.equal(parameterKey('repair-level'), 'repairLevel');
    assert.equal(parameterKey('no-header'), 'noHeader');
    assert.equal(titleOf('repairLevel', {}), 'Repair level');
    assert.equal(titleOf('penalty', { title: 'Penalty' }), 'Penalty');
  });

  it('says what a parameter accepts', () => {
    const properties = describeParameters(SCHEMA).properties;
    assert.equal(expectedText(properties.repairLevel!), 'a number in [0, 1]');
    assert.equal(expectedText(properties.batchSize!), 'an integer >= 4');
    assert.equal(expectedText(properties.penalty!), 'one of mmd, sinkhorn');
    assert.equal(expectedText(properties.sensitive!), 'one or more column names, separated by commas');
    assert.equal(expectedText({ type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 }), 'a number in (0, 1)');
  });
});

describe('text parsing (flags and input boxes)', () => {
  it('reads plain decimals only', () => {
    assert.equal(parseParameterText({ type: 'number' }, ' 0.25 '), 0.25);
    assert.equal(parseParameterText({ type: 'number' }, '1e-3'), 0.001);
    for (const text of ['0x10', 'Infinity', '1e999', '', 'abc']) assert.equal(parseParameterText({ type: 'number' }, text), undefined, text);
  });

  it('splits lists; names drop the empty item of a trailing comma, markers keep it', () => {
    assert.deepEqual(parseParameterText({ type: 'array', items: { type: 'string', minLength: 1 } }, 'race, sex,'), ['race', 'sex']);
    assert.deepEqual(parseParameterText({ type: 'array', items: { type: 'string' } }, ',NA'), ['', 'NA']);
  });

  it('checks ranges and choices', () => {
    assert.ok(meetsSchema({ type: 'number', minimum: 0, maximum: 1 }, 1));
    assert.ok(!meetsSchema({ type: 'number', minimum: 0, maximum: 1 }, 1.5));
    assert.ok(!meetsSchema({ type: 'integer', minimum: 4 }, 4.5));
    assert.ok(!meetsSchema({ type: 'string', enum: ['a'] }, 'b'));
  });
});

describe('the command line', () => {
  it('turns flags into typed parameters with defaults', () => {
    const line = parseCommandLine(
      ['--sensitive', 'race,sex', '--score', 's', '--repair-level', '0.5', '--sweep', '--bins', 'age=30,60', '--bins', 'x=1', '--delimiter', 'tab'],
      SCHEMA,
    );
    assert.equal(line.help, false);
    if (line.help) return;
    assert.deepEqual(line.params, {
      sensitive: ['race', 'sex'],
      score: 's',
      repairLevel: 0.5,
      batchSize: 64,
      penalty: 'mmd',
      sweep: true,
      bins: ['age=30,60', 'x=1'],
      delimiter: 'tab',
      noHeader: false,
    });
    assert.deepEqual(csvOptions(line.params), { delimiter: '\t', header: true });
  });

  it('refuses a one-value flag given twice, where the last would silently win', () => {
    assert.equal(
      usageMessage(() => parseCommandLine(['--sensitive', 'race', '--sensitive', 'sex', '--score', 's'], SCHEMA)),
      '--sensitive is given twice: give its values once, separated by commas (--sensitive race,sex)',
    );
    assert.equal(
      usageMessage(() => parseCommandLine(['--sensitive', 'g', '--score', 's', '--batch-size', '8', '--batch-size', '16'], SCHEMA)),
      '--batch-size is given twice (8 and 16): give it once',
    );
  });

  it('names the flag and what it accepts, in one line', () => {
    assert.equal(
      usageMessage(() => parseCommandLine(['--sensitive', 'g', '--score', 's', '--repair-level', 'high'], SCHEMA)),
      '--repair-level expects a number in [0, 1], got "high"',
    );
    assert.equal(
      usageMessage(() => parseCommandLine(['--sensitive', 'g', '--score', 's', '--repair-level', '2'], SCHEMA)),
      '--repair-level expects a number in [0, 1], got 2',
    );
    assert.equal(
      usageMessage(() => parseCommandLine(['--sensitive', 'g', '--score', 's', '--batch-size', '2.5'], SCHEMA)),
      '--batch-size expects an integer >= 4, got 2.5',
    );
    assert.equal(
      usageMessage(() => parseCommandLine(['--sensitive', 'g', '--score', 's', '--penalty', 'l2'], SCHEMA)),
      '--penalty expects one of mmd, sinkhorn, got "l2"',
    );
    assert.equal(
      usageMessage(() => parseCommandLine(['--score', 's'], SCHEMA)),
      '--sensitive is required',
    );
    assert.equal(
      usageMessage(() => parseCommandLine(['--sensitive', 'g'], SCHEMA)),
      'give one of --score or --prediction',
    );
    assert.equal(
      usageMessage(() => parseCommandLine(['--sensitive', 'g', '--score', 's', '--prediction', 'p'], SCHEMA)),
      'give one of --score or --prediction',
    );
    assert.match(
      usageMessage(() => parseCommandLine(['--sensitive', 'g', '--score', 's', '--tolerance', '1'], SCHEMA)),
      /^Unknown option '--tolerance'/,
    );
  });

  it('writes help and usage from the schema', () => {
    const help = helpText(usageLine('parity x', SCHEMA), 'Does x.', SCHEMA);
    assert.match(help, /^usage: parity x --sensitive C\[,C\.\.\.\] \[options\]\n\nDoes x\.\n\ndata:\n/);
    assert.match(help, /\n {2}--repair-level X +strength \(default 1\)\n/);
    assert.match(help, /\n {2}--penalty mmd\|sinkhorn +divergence \(default mmd\)\n/);
    assert.match(help, /\nreading CSV files:\n {2}--delimiter D/);
    assert.match(help, /\n {2}--help +show this help/);
  });
});

describe('requests from the editor', () => {
  it('name a mistake by its title', () => {
    assert.equal(
      usageMessage(() => validateParameters(SCHEMA, { sensitive: ['g'], score: 's', penalty: 'l2' }, 'title')),
      '"Penalty" expects one of mmd, sinkhorn, got "l2"',
    );
    assert.equal(
      usageMessage(() => validateParameters(SCHEMA, { sensitive: ['g'], score: 's', repairLevel: -1 }, 'title')),
      '"Repair level" expects a number in [0, 1], got -1',
    );
    assert.equal(
      usageMessage(() => validateParameters(SCHEMA, { sensitive: ['g'], score: 's', flags: '--x' }, 'title')),
      'unknown parameter "flags"',
    );
  });

  it('receive the JSON Schema with Parity keywords through optional and default wrappers', () => {
    const { properties, required } = describeParameters(SCHEMA);
    assert.deepEqual(required, ['sensitive']);
    assert.equal(properties.score?.input, 'column');
    assert.equal(properties.score?.alternative, 'mapped');
    assert.equal(properties.repairLevel?.default, 1);
    assert.deepEqual(properties.penalty?.choices, { mmd: 'kernel', sinkhorn: 'transport' });
    assert.equal(properties.sensitive?.title, 'Sensitive attributes');
  });

  it('every method describes each parameter for the editor and the docs', () => {
    for (const method of MITIGATIONS) {
      const { properties } = describeParameters(method.params);
      for (const [key, property] of Object.entries(properties)) {
        assert.ok(property.description, `${method.name}.${key} has a description`);
        assert.ok(property.group, `${method.name}.${key} has a group`);
        if (property.enum && !property.cliOnly)
          assert.deepEqual(Object.keys(property.choices ?? {}).sort(), [...property.enum].sort(), `${method.name}.${key} explains each choice`);
      }
      assert.ok(Object.values(properties).filter((p) => p.strength).length <= 1, `${method.name} has at most one strength`);
      // the editor's method picker shows it on its detail line, beside the group's name in the first
      // row of a group: 54 characters were cut there at the default width (screenshot method-picker)
      assert.ok(method.description.length <= 50, `${method.name}'s description fits the picker: ${method.description.length} characters`);
    }
    // Compare Methods labels every method with its title, not its bare name, what it does under it; a slow one says so first
    const methods = describeParameters(COMPARE_PARAMS).properties.methods!.items!;
    assert.deepEqual(Object.keys(methods.choices ?? {}).sort(), [...methods.enum!].sort());
    for (const method of MITIGATIONS) {
      assert.equal(methods.labels?.[method.name], method.title, method.name);
      assert.equal(methods.choices![method.name]!.replace(/^slow: [^·]+ · /, ''), method.description, method.name);
    }
    // measured in parity compare on 10,000 Adult rows: 33.8 s by sex (2 groups), 283.6 s by race × sex (10)
    assert.ok(methods.choices!['representation']!.startsWith('slow: about 35 s on 10,000 rows with 2 groups, 5 min with 10 · '));
    assert.deepEqual(
      MITIGATIONS.filter((method) => methods.choices![method.name]!.startsWith('slow:')).map((method) => method.name),
      ['representation'],
      'every other method took at most 7.4 s there',
    );
  });

  it('every command with a positive value also takes what a positive prediction means, as --positive-means benefit|harm', () => {
    const commands: [string, z.ZodObject][] = [
      ['audit', AUDIT_COMMAND_PARAMS],
      ['compare', COMPARE_PARAMS],
      ...MITIGATIONS.map((method): [string, z.ZodObject] => [`mitigate ${method.name}`, method.params]),
    ];
    const withPositive = commands.filter(([, schema]) => 'positive' in describeParameters(schema).properties);
    // audit, compare and the nine methods that read a binary label (representation names it in --tasks)
    assert.equal(withPositive.length, 11, withPositive.map(([name]) => name).join(', '));
    for (const [name, schema] of withPositive) {
      const meaning = describeParameters(schema).properties.positiveMeans;
      assert.deepEqual(meaning?.enum, ['benefit', 'harm'], name);
      assert.equal(meaning?.default, undefined, `${name}: not stated unless given`);
      assert.ok(!(describeParameters(schema).required ?? []).includes('positiveMeans'), name);
      assert.equal(flagName('positiveMeans'), 'positive-means');
      const help = helpText(usageLine(`parity ${name}`, schema), '', schema);
      assert.match(help, /\n {2}--positive-means benefit\|harm +for the person: a benefit \(a loan granted\) or a harm/, name);
    }
    assert.equal(
      usageMessage(() => validateParameters(AUDIT_COMMAND_PARAMS, { positiveMeans: 'good' })),
      '--positive-means expects one of benefit, harm, got "good"',
    );
    assert.equal(
      usageMessage(() => validateParameters(AUDIT_COMMAND_PARAMS, { positiveMeans: 'good' }, 'title')),
      '"A positive prediction is" expects one of benefit, harm, got "good"',
    );
  });

  it('speak no command-line flag to the editor: every flag a description names becomes its title', () => {
    const properties = describeParameters(SCHEMA).properties;
    assert.equal(
      editorWords('strength; with --repair-level 0 nothing changes, unlike --tolerance', properties),
      'strength; with "Repair level" 0 nothing changes, unlike --tolerance',
    );
    const editor: [string, z.ZodObject][] = [
      ['audit', AUDIT_OPTIONS],
      ['compare', COMPARE_PARAMS],
      ...MITIGATIONS.map((method): [string, z.ZodObject] => [method.name, method.params]),
    ];
    for (const [name, schema] of editor) {
      const sent = forEditor(describeParameters(schema));
      for (const [key, property] of Object.entries(sent.properties)) {
        if (property.cliOnly) continue; // never shown in the editor
        const texts = [property.description ?? '', ...Object.values(property.choices ?? {}), ...Object.values(property.items?.choices ?? {})];
        for (const text of texts) assert.doesNotMatch(text, /--[a-z]/, `${name}.${key}: ${text}`);
      }
    }
  });

  it("give the editor a feature step's short description, and --help the default rule in full", () => {
    const reweighing = MITIGATIONS.find((method) => method.name === 'reweighing')!;
    const full = describeParameters(reweighing.params).properties.features!;
    const sent = forEditor(describeParameters(reweighing.params)).properties.features!;
    // a multiple choice's placeholder (about 60 characters beside its badge and OK); the CLI's text is the 900-character rule
    assert.ok(sent.description!.length <= 60, sent.description);
    assert.match(sent.description!, /^columns the model learns from; none ticked: /);
    assert.equal(sent.editorDescription, undefined, 'one description is sent');
    assert.ok(full.description!.length > 500 && full.description!.includes('--not-features'), full.description);
  });

  it('offer the CSV reading settings for CSV and text files only, not for Parquet, JSON Lines or Arrow files', () => {
    const properties = describeParameters(SCHEMA).properties;
    const offered = (file: string) => Object.keys(properties).filter((key) => appliesToFile(properties[key]!, file));
    const csv = ['delimiter', 'noHeader', 'columns', 'missing', 'comments'];
    for (const file of ['/data/train.csv', '/data/train.csv.gz', '/data/train.tsv', '/data/TRAIN.TXT'])
      for (const key of csv) assert.ok(offered(file).includes(key), `${file}: ${key}`);
    for (const file of ['/data/train.parquet', '/data/train.jsonl', '/data/train.ndjson', '/data/train.arrow', '/data/train.Feather']) {
      assert.deepEqual(
        offered(file).filter((key) => csv.includes(key)),
        [],
        file,
      );
      assert.ok(offered(file).includes('repairLevel'), `${file}: the method's own settings stay`);
    }
  });
});
