// Pipeline-code analysis on fixtures. Expected ranges are found independently of the parser, by
// searching the fixture's line text for the literal; expected quick-fix results are the fixture
// lines edited by hand, and the edit is applied with vscode-languageserver-textdocument.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { pipelineCodeActions, pipelineDiagnostics } from '../../server/src/adapters/lsp/pipeline-diagnostics';
import { analyzeNotebookSource, analyzePythonSource } from '../../server/src/engine/pipeline/analyze';
import { readCsvHeader } from '../../common/csv-header';
import type { PipelineFinding, PipelineOptions, PythonParser, SourceRange } from '../../server/src/engine/pipeline/findings';
import { initPythonParser } from '../../server/src/io/python-parser';

const root = path.resolve(__dirname, '../../..');
const fixtures = path.join(root, 'test/fixtures/pipeline');
const PROXIES = [{ column: 'relationship', sensitive: 'sex', severity: 'strong' as const }];

function options(file: string): PipelineOptions {
  return { file, workspaceRoot: root, sensitive: ['sex', 'race'], proxies: PROXIES, readColumns: readCsvHeader, fileExists: existsSync };
}

/** The range of the `occurrence`-th `text` on 0-based `line` of `source`, found by string search. */
function locate(source: string, line: number, text: string, occurrence = 0): SourceRange {
  const lineText = source.split('\n')[line]!;
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = lineText.indexOf(text, at + 1);
  assert.ok(at >= 0, `"${text}" not on line ${line}: ${lineText}`);
  return { start: { line, character: at }, end: { line, character: at + text.length } };
}

function summary(findings: readonly PipelineFinding[]) {
  return findings.map((f) => ({ column: f.column, kind: f.kind, via: f.via, range: f.range }));
}

/** The source after the finding's quick fix. */
function fixed(source: string, uri: string, finding: PipelineFinding): string {
  const diagnostics = pipelineDiagnostics([finding]);
  const [action] = pipelineCodeActions(uri, diagnostics);
  assert.ok(action?.edit?.changes, `no quick fix for ${finding.column}`);
  return TextDocument.applyEdits(TextDocument.create(uri, 'python', 1, source), action.edit.changes[uri]!);
}

/** Reads and analyses a .py or .ipynb file, as the language server does with a file's text. */
function analyzeFile(parser: PythonParser, options: PipelineOptions) {
  const text = readFileSync(options.file, 'utf8');
  return options.file.endsWith('.ipynb') ? analyzeNotebookSource(parser, text, options) : analyzePythonSource(parser, text, options);
}

let parser: PythonParser;
before(async () => {
  parser = await initPythonParser();
});

describe('train.py', () => {
  const file = path.join(fixtures, 'train.py');
  const source = readFileSync(file, 'utf8');

  it('flags exactly the sensitive columns and proxies that become features, at the literal', () => {
    const { findings } = analyzeFile(parser, options(file));
    assert.deepEqual(summary(findings), [
      // features = ["age", "relationship", "hours"] reused by X = df[features]
      { column: 'relationship', kind: 'proxy', via: 'named-list', range: locate(source, 10, '"relationship"') },
      // X_small = df[["sex", "age"]]
      { column: 'sex', kind: 'sensitive', via: 'subscript', range: locate(source, 12, '"sex"') },
      // categorical = ["race", "occupation"] used by the ColumnTransformer
      { column: 'race', kind: 'sensitive', via: 'named-list', range: locate(source, 14, '"race"') },
      // X_rest = df.drop(columns=["income", "race", "id"]) keeps sex and relationship (people.csv's header)
      { column: 'sex', kind: 'sensitive', via: 'kept-by-drop', range: locate(source, 20, '["income", "race", "id"]') },
      { column: 'relationship', kind: 'proxy', via: 'kept-by-drop', range: locate(source, 20, '["income", "race", "id"]') },
    ]);
    // Not flagged: groups = df[["sex", "race"]] (line 23, used as sensitive_features), print(df[["sex"]]...) (line 24),
    // sensitive_features=df["sex"] (line 25), and the literal ["age", "hours"] of the ColumnTransformer (not sensitive).
    assert.ok(findings.every((f) => f.range.start.line < 23));
  });

  it('names the sensitive attribute a proxy carries', () => {
    const proxy = analyzeFile(parser, options(file)).findings[0]!;
    assert.deepEqual(proxy.sensitive, ['sex']);
    assert.equal(proxy.severity, 'strong');
    assert.match(proxy.message, /`relationship` is a strong proxy of `sex`/);
  });

  it('resolves dataset paths against the file folder, then the workspace root', () => {
    const { loads } = analyzeFile(parser, options(file));
    assert.deepEqual(
      loads.map((l) => [l.reader, l.variable, l.resolved, l.range]),
      [
        ['read_csv', 'df', path.join(fixtures, 'data/people.csv'), locate(source, 7, '"data/people.csv"')],
        ['read_parquet', 'extra', path.join(fixtures, 'data/people.csv'), locate(source, 8, '"test/fixtures/pipeline/data/people.csv"')],
      ],
    );
    assert.deepEqual(loads[1]!.candidates, [path.join(fixtures, 'test/fixtures/pipeline/data/people.csv'), path.join(fixtures, 'data/people.csv')]);
  });

  it('quick fix removes the literal and its comma', () => {
    const { findings } = analyzeFile(parser, options(file));
    const lines = (text: string) => text.split('\n');
    const uri = 'file:///train.py';
    assert.equal(lines(fixed(source, uri, findings[0]!))[10], 'features = ["age", "hours"]');
    assert.equal(lines(fixed(source, uri, findings[1]!))[12], 'X_small = df[["age"]]');
    assert.equal(lines(fixed(source, uri, findings[2]!))[14], 'categorical = ["occupation"]');
    // a column kept by drop() is added to the dropped ones
    assert.equal(lines(fixed(source, uri, findings[3]!))[20], 'X_rest = df.drop(columns=["income", "race", "id", "sex"])');
  });
});

describe('small sources', () => {
  const analyze = (source: string, sensitive = ['sex']) => analyzePythonSource(parser, source, { file: path.join(fixtures, 'inline.py'), sensitive });

  it('removing the last or the only element', () => {
    const uri = 'file:///inline.py';
    const last = 'X = df[["age", "sex"]]\n';
    assert.equal(fixed(last, uri, analyze(last).findings[0]!), 'X = df[["age"]]\n');
    const only = 'X = df[["sex"]]\n';
    assert.equal(fixed(only, uri, analyze(only).findings[0]!), 'X = df[[]]\n');
    const multiline = 'cols = [\n    "sex",  # gender\n    "age",\n]\nmodel.fit(df[cols], y)\n';
    assert.equal(fixed(multiline, uri, analyze(multiline).findings[0]!), 'cols = [\n    "age",\n]\nmodel.fit(df[cols], y)\n');
  });

  it('columns given only to evaluation and fairness-toolkit calls are not flagged', () => {
    const source = [
      'sens = ["sex"]',
      'A = df[sens]',
      'X = df.drop(columns=sens + ["income"])',
      'mf = MetricFrame(metrics=m, y_true=y, y_pred=p, sensitive_features=A)',
      'dp = demographic_parity_difference(y, p, sensitive_features=df[["sex"]])',
      'ds = BinaryLabelDataset(df=df, label_names=["income"], protected_attribute_names=["sex"])',
      'mitigator.fit(X, y, sensitive_features=df[sens])',
    ].join('\n');
    assert.deepEqual(analyze(source).findings, []);
  });

  it('a model input is found by its use in fit() or train_test_split(), not only by its name', () => {
    const source =
      'cols = ["sex", "age"]\ndata = df[cols].fillna(0).values\nX_tr, X_te = train_test_split(data, test_size=0.2)\nsummary = df[["sex"]].value_counts()\n';
    assert.deepEqual(summary(analyze(source).findings), [{ column: 'sex', kind: 'sensitive', via: 'named-list', range: locate(source, 0, '"sex"') }]);
  });

  it('a subscript inside pd.get_dummies(...) is a model input when fit() takes it, in place or through a name', () => {
    // The Law School file of a user report: race and sex reach LinearRegression through get_dummies
    const inPlace = [
      'import pandas as pd',
      'from sklearn.linear_model import LinearRegression',
      '',
      'law = pd.read_csv("law_data.csv")',
      'inputs = ["LSAT", "UGPA", "race", "sex"]',
      'model = LinearRegression().fit(pd.get_dummies(law[inputs]), law["ZFYA"])',
      '',
    ].join('\n');
    const found = analyze(inPlace, ['race', 'sex']).findings;
    assert.deepEqual(
      found.map((f) => ({ ...summary([f])[0], namedInput: f.namedInput })),
      [
        { column: 'race', kind: 'sensitive', via: 'named-list', range: locate(inPlace, 4, '"race"'), namedInput: null },
        { column: 'sex', kind: 'sensitive', via: 'named-list', range: locate(inPlace, 4, '"sex"'), namedInput: null },
      ],
    );
    // the same quick fix as for df[features]: the literal and its comma go
    assert.equal(fixed(inPlace, 'file:///inline.py', found[0]!).split('\n')[4], 'inputs = ["LSAT", "UGPA", "sex"]');
    // through a variable fitted later, named X or not; np.asarray(...) and data= as well
    for (const name of ['X', 'design']) {
      const named = `inputs = ["LSAT", "race"]\n${name} = pd.get_dummies(law[inputs])\nmodel.fit(${name}, y)\n`;
      assert.deepEqual(summary(analyze(named, ['race']).findings), [
        { column: 'race', kind: 'sensitive', via: 'named-list', range: locate(named, 0, '"race"') },
      ]);
      assert.equal(analyze(named, ['race']).findings[0]!.namedInput, null, `${name} is fitted`);
    }
    const keyword = 'model.fit(np.asarray(pd.get_dummies(data=law[["sex", "LSAT"]])), y)\n';
    assert.deepEqual(summary(analyze(keyword).findings), [{ column: 'sex', kind: 'sensitive', via: 'subscript', range: locate(keyword, 0, '"sex"') }]);
    // encoded for a summary, not for a model: not flagged
    assert.deepEqual(analyze('shares = pd.get_dummies(law[["sex"]]).mean()\nmodel.fit(law[["LSAT"]], y)\n').findings, []);
  });

  it('make_column_transformer and drop([...], axis=1)', () => {
    const source = 'ct = make_column_transformer((OneHotEncoder(), ["race", "job"]), (StandardScaler(), "sex"))\n';
    const found = summary(analyze(source, ['sex', 'race']).findings);
    assert.deepEqual(found, [
      { column: 'race', kind: 'sensitive', via: 'column-transformer', range: locate(source, 0, '"race"') },
      { column: 'sex', kind: 'sensitive', via: 'column-transformer', range: locate(source, 0, '"sex"') },
    ]);
    const drop = `df = pd.read_csv("data/people.csv")\nX = df.drop(["income", "sex", "relationship", "id"], axis=1)\n`;
    const kept = analyzePythonSource(parser, drop, options(path.join(fixtures, 'inline.py'))).findings;
    assert.deepEqual(
      kept.map((f) => f.column),
      ['race'],
    );
    // a frame derived from the file's only load keeps that load's columns
    const derived = `df = pd.read_csv("data/people.csv")\nclean = df.dropna()\nX = clean.drop(columns=["income", "race", "id"])\n`;
    assert.deepEqual(
      analyzePythonSource(parser, derived, options(path.join(fixtures, 'inline.py'))).findings.map((f) => f.column),
      ['sex', 'relationship'],
    );
  });

  it('says a frame only named like a model input is not seen fitted; a fitted one is a feature', () => {
    const source = [
      'df = pd.read_csv("data/people.csv")',
      'X = df[["age", "sex"]]',
      'model.fit(X, y)',
      'X_small = df.drop(columns=["income", "race", "id", "relationship"])',
      'features_view = df[["sex"]]',
      '',
    ].join('\n');
    const findings = analyzePythonSource(parser, source, options(path.join(fixtures, 'inline.py'))).findings;
    assert.deepEqual(
      findings.map((f) => [f.column, f.via, f.namedInput, f.message]),
      [
        ['sex', 'subscript', null, 'sensitive attribute `sex` is used as a model feature'],
        [
          'sex',
          'kept-by-drop',
          'X_small',
          "sensitive attribute `sex` is in `X_small`, named like a model's input (no fit of it is seen in this file): this drop() keeps it (the rest of people.csv's columns)",
        ],
        [
          'sex',
          'subscript',
          'features_view',
          "sensitive attribute `sex` is in `features_view`, named like a model's input (no fit of it is seen in this file)",
        ],
      ],
    );
    // the drop's quick fix is offered all the same
    assert.equal(fixed(source, 'file:///inline.py', findings[1]!).split('\n')[3], 'X_small = df.drop(columns=["income", "race", "id", "relationship", "sex"])');
  });
});

describe('model.ipynb', () => {
  const file = path.join(fixtures, 'model.ipynb');
  const text = readFileSync(file, 'utf8');
  const jsonLine = (needle: string) => text.split('\n').findIndex((line) => line.includes(needle));

  it('locates findings in the notebook file and in their cells', () => {
    const { findings, loads } = analyzeNotebookSource(parser, text, options(file));
    const relationshipLine = jsonLine('relationship');
    const sexLine = jsonLine('X_b = ');
    assert.deepEqual(
      findings.map((f) => [f.column, f.via, f.range, f.cell?.index, f.cell?.range]),
      [
        // cell 2 is one JSON string: the literal sits after "\n" escapes on the same file line
        [
          'relationship',
          'named-list',
          locate(text, relationshipLine, '\\"relationship\\"'),
          2,
          locate('features = ["age",\n            "relationship"]', 1, '"relationship"'),
        ],
        // cell 3: \u00e9 before the literal is six characters in the file, one in the cell
        ['sex', 'subscript', locate(text, sexLine, '\\"sex\\"'), 3, locate('X_b = df[["café", "sex"]]', 0, '"sex"')],
      ],
    );
    assert.equal(loads.length, 1);
    assert.equal(loads[0]!.cell?.index, 1);
    assert.deepEqual(loads[0]!.cell?.range, locate('import pandas as pd\n%matplotlib inline\ndf = pd.read_csv("data/people.csv")', 2, '"data/people.csv"'));
    assert.equal(loads[0]!.resolved, path.join(fixtures, 'data/people.csv'));
  });

  it('the quick fix edits the .ipynb text into a valid notebook with the column removed', () => {
    const { findings } = analyzeNotebookSource(parser, text, options(file));
    const uri = 'file:///model.ipynb';
    const after = (finding: PipelineFinding) =>
      JSON.parse(
        TextDocument.applyEdits(TextDocument.create(uri, 'json', 1, text), pipelineCodeActions(uri, pipelineDiagnostics([finding]))[0]!.edit!.changes![uri]!),
      ) as { cells: { source: string | string[] }[] };
    const join = (source: string | string[]) => (Array.isArray(source) ? source.join('') : source);
    assert.equal(join(after(findings[0]!).cells[2]!.source), 'features = ["age"]\nX = df[features]\n');
    assert.equal(join(after(findings[1]!).cells[3]!.source).split('\n')[0], 'X_b = df[["café"]]');
  });
});

describe('parser loading', () => {
  it('loads both wasm files from a given folder (as the extension bundle ships them)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-wasm-'));
    copyFileSync(require.resolve('web-tree-sitter/tree-sitter.wasm'), path.join(dir, 'tree-sitter.wasm'));
    copyFileSync(
      path.join(path.dirname(require.resolve('tree-sitter-python/package.json')), 'tree-sitter-python.wasm'),
      path.join(dir, 'tree-sitter-python.wasm'),
    );
    const fromDir = await initPythonParser(dir);
    assert.equal(fromDir.parse('x = 1\n')?.rootNode.type, 'module');
    await assert.rejects(initPythonParser(path.join(dir, 'missing')));
  });
});
