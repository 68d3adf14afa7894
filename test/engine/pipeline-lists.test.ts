// Feature lists held in variables (issue 16, item 5), on test/fixtures/pipeline/features.py and
// small sources. Expected findings and quick-fix results are written by hand from the fixture's
// text: ranges are found by searching the line for the literal, fixed lines are typed out.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { pipelineCodeActions, pipelineDiagnostics } from '../../server/src/adapters/lsp/pipeline-diagnostics';
import { analyzeNotebookSource, analyzePythonSource, extractCells } from '../../server/src/engine/pipeline/analyze';
import type { PipelineFinding, PipelineOptions, PythonParser, SourceRange } from '../../server/src/engine/pipeline/findings';
import { findingsOf } from '../../server/src/engine/pipeline/match';
import { packExtraction } from '../../server/src/engine/pipeline/packed';
import { readCsvHeader } from '../../common/csv-header';
import { initPythonParser } from '../../server/src/io/python-parser';
import { expressionSource } from '../support/python-sources';

const root = path.resolve(__dirname, '../../..');
const fixtures = path.join(root, 'test/fixtures/pipeline');
const PROXIES = [{ column: 'relationship', sensitive: 'sex', severity: 'strong' as const }];

function options(file: string): PipelineOptions {
  return { file, workspaceRoot: root, sensitive: ['sex', 'race'], proxies: PROXIES, readColumns: readCsvHeader, fileExists: existsSync };
}

function locate(source: string, line: number, text: string): SourceRange {
  const at = source.split('\n')[line]!.indexOf(text);
  assert.ok(at >= 0, `"${text}" not on line ${line}`);
  return { start: { line, character: at }, end: { line, character: at + text.length } };
}

function fixed(source: string, finding: PipelineFinding): string {
  const uri = 'file:///code.py';
  const [action] = pipelineCodeActions(uri, pipelineDiagnostics([finding]));
  assert.ok(action?.edit?.changes, `no quick fix for ${finding.column}`);
  return TextDocument.applyEdits(TextDocument.create(uri, 'python', 1, source), action.edit.changes[uri]!);
}

let parser: PythonParser;
before(async () => {
  parser = await initPythonParser();
});

describe('features.py', () => {
  const file = path.join(fixtures, 'features.py');
  const source = readFileSync(file, 'utf8');
  const lines = (text: string) => text.split('\n');
  const analyze = () => analyzePythonSource(parser, source, options(file)).findings;

  it('flags the sensitive columns and proxies of feature lists held in variables, where the list is written', () => {
    assert.deepEqual(
      analyze().map((f) => ({ column: f.column, kind: f.kind, via: f.via, range: f.range })),
      [
        // features = [...] then .fit(df[features], y)
        { column: 'sex', kind: 'sensitive', via: 'named-list', range: locate(source, 10, '"sex"') },
        { column: 'relationship', kind: 'proxy', via: 'named-list', range: locate(source, 10, '"relationship"') },
        // categorical.append("race"), used by X_train = df[numeric + categorical]; the "sex" of extend() is removed again
        { column: 'race', kind: 'sensitive', via: 'named-list', range: locate(source, 15, '"race"') },
        // numeric += ["relationship"], used by X_train and by the ColumnTransformer (one finding per literal)
        { column: 'relationship', kind: 'proxy', via: 'named-list', range: locate(source, 19, '"relationship"') },
        // the comprehension keeps "race" (and leaves out "sex")
        { column: 'race', kind: 'sensitive', via: 'named-list', range: locate(source, 23, '"race"') },
        { column: 'race', kind: 'sensitive', via: 'column-transformer', range: locate(source, 35, '"race"') },
        { column: 'relationship', kind: 'proxy', via: 'column-transformer', range: locate(source, 37, '"relationship"') },
        // drop(["income", "id", "race", "relationship"], axis=1) keeps people.csv's sex
        { column: 'sex', kind: 'sensitive', via: 'kept-by-drop', range: locate(source, 40, '["income", "id", "race", "relationship"]') },
        // [c for c in df.columns if c not in ["income", "id", "sex"]] keeps race and relationship (people.csv's header order)
        { column: 'race', kind: 'sensitive', via: 'kept-by-filter', range: locate(source, 47, '["income", "id", "sex"]') },
        { column: 'relationship', kind: 'proxy', via: 'kept-by-filter', range: locate(source, 47, '["income", "id", "sex"]') },
      ],
    );
    // Not flagged: cols = ["sex"] (line 27: its use is a describe(), and X_cols reads the later assignment),
    // groups = ["sex", "race"] (line 43, evaluation only).
  });

  it('each quick fix removes the column where the list is written', () => {
    const findings = analyze();
    assert.equal(lines(fixed(source, findings[0]!))[10], 'features = ["age", "hours", "relationship"]');
    assert.equal(lines(fixed(source, findings[1]!))[10], 'features = ["age", "hours", "sex"]');
    // the append statement goes, line and all
    assert.deepEqual(lines(fixed(source, findings[2]!)).slice(14, 16), ['categorical = ["occupation"]', 'categorical.extend(["sex", "hours"])']);
    assert.equal(lines(fixed(source, findings[3]!))[19], 'numeric += []');
    assert.equal(lines(fixed(source, findings[4]!))[23], 'chosen = [c for c in ["age", "hours", "sex"] if c not in ["sex"]]');
    assert.equal(lines(fixed(source, findings[5]!))[35], '    ("cat", OneHotEncoder(), ["occupation"]),');
    assert.equal(lines(fixed(source, findings[6]!))[37], 'encode = make_column_transformer((OneHotEncoder(), []))');
    // a column drop() keeps is added to the dropped ones
    assert.equal(lines(fixed(source, findings[7]!))[40], 'X_rest = df.drop(["income", "id", "race", "relationship", "sex"], axis=1)');
    assert.equal(lines(fixed(source, findings[8]!))[47], 'features_all = [c for c in df.columns if c not in ["income", "id", "sex", "race"]]');
  });
});

describe('lists held in variables (small sources)', () => {
  const lines = (text: string) => text.split('\n');
  const analyze = (source: string) => analyzePythonSource(parser, source, { file: path.join(fixtures, 'inline.py'), sensitive: ['sex'] }).findings;

  it('an append that is the only statement of its block is flagged without a quick fix (deleting it would empty the block)', () => {
    const source = 'cols = ["age"]\nif use_sex:\n    cols.append("sex")\nX = df[cols]\n';
    const [finding] = analyze(source);
    assert.deepEqual(finding?.range, locate(source, 2, '"sex"'));
    assert.equal(finding?.removal, null);
    const two = 'cols = ["age"]\nif use_sex:\n    cols.append("sex")\n    print(cols)\nX = df[cols]\n';
    assert.equal(fixed(two, analyze(two)[0]!), 'cols = ["age"]\nif use_sex:\n    print(cols)\nX = df[cols]\n');
  });

  it('a list used before the line that assigns it (a function above its constants) has its final value', () => {
    assert.deepEqual(
      analyze('def train(df, y):\n    return model.fit(df[FEATURES], y)\nFEATURES = ["age", "sex"]\n').map((f) => f.range.start),
      [{ line: 2, character: 19 }],
    );
  });

  it('.loc[rows, columns] and insert()', () => {
    const source = 'cols = ["age"]\ncols.insert(0, "sex")\nX = df.loc[:, cols]\n';
    assert.deepEqual(
      analyze(source).map((f) => f.range),
      [locate(source, 1, '"sex"')],
    );
  });

  it('a column drop() keeps is added to the list of dropped columns, where it is written', () => {
    const options = { file: path.join(fixtures, 'inline.py'), sensitive: ['sex'], readColumns: readCsvHeader, fileExists: existsSync };
    const kept = (source: string) => analyzePythonSource(parser, source, options).findings.filter((f) => f.via === 'kept-by-drop');
    const load = 'df = pd.read_csv("data/people.csv")\n';
    const named = `${load}to_drop = ["income", "id"]\nX = df.drop(columns=to_drop)\n`;
    assert.equal(lines(fixed(named, kept(named)[0]!))[1], 'to_drop = ["income", "id", "sex"]');
    const single = `${load}X = df.drop(columns=['income'])\n`;
    assert.equal(lines(fixed(single, kept(single)[0]!))[1], "X = df.drop(columns=['income', 'sex'])");
    const empty = `${load}X = df.drop(columns=[])\n`;
    assert.equal(lines(fixed(empty, kept(empty)[0]!))[1], 'X = df.drop(columns=["sex"])');
    // a list changed after it was assigned, or one column as a string: no place to write it
    const changed = `${load}to_drop = ["income"]\nto_drop.append("id")\nX = df.drop(columns=to_drop)\n`;
    assert.equal(kept(changed)[0]!.addition, null);
  });

  it('a selection of all the columns but some: != filters, a filter it cannot read', () => {
    const options = { file: path.join(fixtures, 'inline.py'), sensitive: ['sex', 'race'], readColumns: readCsvHeader, fileExists: existsSync };
    const kept = (source: string) => analyzePythonSource(parser, source, options).findings.map((f) => [f.column, f.via, f.addition?.text ?? null]);
    const load = 'df = pd.read_csv("data/people.csv")\n';
    // != only: race and sex both kept; no list to add them to
    assert.deepEqual(kept(`${load}X = df[[c for c in df.columns if c != "income" and c != "race"]]\n`), [['sex', 'kept-by-filter', null]]);
    assert.deepEqual(kept(`${load}X = df[[c for c in df.columns if keep(c)]]\n`), []);
    // not a model input
    assert.deepEqual(kept(`${load}print(df[[c for c in df.columns if c not in ["income"]]])\n`), []);
  });

  it('a comprehension with a filter it cannot read names no columns', () => {
    assert.deepEqual(analyze('cols = [c for c in ["age", "sex"] if keep(c)]\nX = df[cols]\n'), []);
    assert.deepEqual(analyze('cols = [c.upper() for c in ["age", "sex"]]\nX = df[cols]\n'), []);
  });

  it('names that refer to each other end (a = b, b = a)', () => {
    assert.deepEqual(analyze('a = b\nb = a\nX = df[a]\n'), []);
  });

  it('a 20,000-term expression: the feature list before it is still flagged', () => {
    const source = expressionSource(20_000);
    assert.deepEqual(
      analyze(source).map((f) => [f.column, f.range]),
      [['sex', locate(source, 2, '"sex"')]],
    );
  });

  it('a sum of 20,000 lists and a filter of 20,000 conditions are followed without recursion', () => {
    const lists = Array.from({ length: 20_000 }, (_, i) => `["c${i}"]`).join(' + ');
    assert.deepEqual(
      analyze(`cols = ${lists} + ["sex"]\nX = df[cols]\n`).map((f) => f.column),
      ['sex'],
    );
    const conditions = Array.from({ length: 20_000 }, (_, i) => `c != "c${i}"`).join(' and ');
    assert.deepEqual(
      analyze(`cols = [c for c in ["sex", "c1"] if ${conditions}]\nX = df[cols]\n`).map((f) => f.column),
      ['sex'],
    );
  });
});

describe('notebook cells', () => {
  const cells = [
    { index: 1, source: 'import pandas as pd\ndf = pd.read_csv("data/people.csv")\nfeatures = ["age", "sex"]' },
    { index: 3, source: '%time\nfeatures.append("race")\nmodel.fit(df[features], df["income"])\n' },
  ];
  const analyze = () =>
    findingsOf(packExtraction(extractCells(parser, cells, options(path.join(fixtures, 'cells.ipynb')))), options(path.join(fixtures, 'cells.ipynb'))).findings;

  it("a list defined in one cell and used in another is flagged in the cell that writes it, in the cell's coordinates", () => {
    assert.deepEqual(
      analyze().map((f) => [f.column, f.cell?.index, f.cell?.range]),
      [
        ['sex', 1, locate(cells[0]!.source, 2, '"sex"')],
        ['race', 3, locate(cells[1]!.source, 1, '"race"')],
      ],
    );
  });

  it('the quick fixes edit the cells', () => {
    const inCell = (finding: PipelineFinding, text: string) =>
      fixed(text, { ...finding, range: finding.cell!.range, removal: finding.cell!.removal, addition: finding.cell!.addition ?? null });
    const [sex, race] = analyze();
    assert.equal(inCell(sex!, cells[0]!.source), 'import pandas as pd\ndf = pd.read_csv("data/people.csv")\nfeatures = ["age"]');
    assert.equal(inCell(race!, cells[1]!.source), '%time\nmodel.fit(df[features], df["income"])\n');
  });

  it('a column drop() keeps, in another cell than the load, is added to the dropped ones in that cell', () => {
    const dropCells = [
      { index: 0, source: 'import pandas as pd\ndf = pd.read_csv("data/people.csv")\n' },
      { index: 2, source: 'X = df.drop(columns=["income", "id", "race", "relationship"])\nmodel.fit(X, df["income"])\n' },
    ];
    const notebookOptions = options(path.join(fixtures, 'cells.ipynb'));
    const [sex, ...others] = findingsOf(packExtraction(extractCells(parser, dropCells, notebookOptions)), notebookOptions).findings;
    // people.csv has id, age, sex, race, relationship, occupation, hours, income: the drop keeps sex only of the sensitive columns and proxies
    assert.deepEqual([sex?.column, sex?.via, sex?.cell?.index, others.length], ['sex', 'kept-by-drop', 2, 0]);
    const inCell = fixed(dropCells[1]!.source, { ...sex!, range: sex!.cell!.range, removal: sex!.cell!.removal, addition: sex!.cell!.addition ?? null });
    assert.equal(inCell.split('\n')[0], 'X = df.drop(columns=["income", "id", "race", "relationship", "sex"])');
  });

  it("a line removed at the end of a cell stops at the cell's end", () => {
    const last = [
      { index: 0, source: 'cols = ["age"]\nx = 1\ncols.append("sex")' },
      { index: 1, source: 'X = df[cols]\n' },
    ];
    const [finding] = findingsOf(packExtraction(extractCells(parser, last, { file: path.join(fixtures, 'cells.ipynb') })), { sensitive: ['sex'] }).findings;
    assert.deepEqual(finding?.cell?.removal, { start: { line: 2, character: 0 }, end: { line: 2, character: 18 } });
  });

  it('the same finding in the .ipynb text (model.ipynb: the list of cell 2 used by X = df[features])', () => {
    const file = path.join(fixtures, 'model.ipynb');
    const { findings } = analyzeNotebookSource(parser, readFileSync(file, 'utf8'), options(file));
    assert.deepEqual(
      findings.map((f) => [f.column, f.via, f.cell?.index]),
      [
        ['relationship', 'named-list', 2],
        ['sex', 'subscript', 3],
      ],
    );
  });
});

describe('the match', () => {
  it('counts every finding and builds the first `limit`', () => {
    const source = 'X = df[["sex", "age", "sex", "sex"]]\n';
    const extraction = packExtraction(analyzeExtraction(source));
    const { findings, total } = findingsOf(extraction, { sensitive: ['sex'] }, 2);
    assert.equal(total, 3);
    assert.deepEqual(
      findings.map((f) => f.range.start.character),
      [8, 22],
    );
  });
});

function analyzeExtraction(source: string) {
  return extractCells(parser, [{ index: 0, source }], { file: path.join(fixtures, 'inline.py') });
}
