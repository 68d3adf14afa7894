// Language-server pieces on a hand-written result: ranges are the header cells counted by hand,
// severities follow the thresholds given in each test.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { leakageCodeActions } from '../../server/src/adapters/lsp/leakage-actions';
import { csvLeakageDiagnostics, leakageHover } from '../../server/src/adapters/lsp/leakage-diagnostics';
import { DEFAULT_LEAKAGE_SETTINGS, readLeakageSettings } from '../../common/leakage-settings';
import { contributionsText } from '../../common/render/proxies';
import type { ColumnLeakage, LeakageResult } from '../../common/reports/leakage';
import { DEFAULT_THRESHOLDS } from '../../common/reports/leakage';

function column(name: string, auc: number, cramersV: number, severity: ColumnLeakage['severity']): ColumnLeakage {
  return {
    column: name,
    sensitive: 'sex',
    kind: 'categorical',
    distinct: 3,
    categories: 3,
    cramersV,
    cramersVPlugIn: cramersV,
    nmi: 0.2,
    eta: null,
    auc,
    severity,
  };
}

const result: LeakageResult = {
  schemaVersion: 1,
  file: 'people.csv',
  columnNames: ['id', 'relationship', 'sex', 'hours', 'income'],
  sensitive: ['sex'],
  label: 'income',
  candidates: ['id', 'relationship', 'hours'],
  sample: { rows: 1000, totalRows: 1000, sampled: false, seed: 0, jointRows: 1000 },
  settings: { folds: 5, bins: 10, smoothing: 1, importance: 'permutation', thresholds: DEFAULT_THRESHOLDS },
  columns: [column('id', 0.5, 0, null), column('relationship', 0.912, 0.641, 'strong'), column('hours', 0.66, 0.26, 'moderate')],
  joint: [
    {
      sensitive: 'sex',
      classes: ['Male', 'Female'],
      auc: 0.93,
      contributions: [
        { column: 'relationship', importance: 0.21 },
        { column: 'hours', importance: 0.02 },
        { column: 'id', importance: 0 },
      ],
      leaks: true,
    },
  ],
  flagged: [],
};
const HEADER = 'id, relationship ,sex,"hours",income';
const URI = 'file:///people.csv';

describe('CSV leakage diagnostics', () => {
  it('a warning on a strong proxy and an information on a moderate one, on their header cells', () => {
    const diagnostics = csvLeakageDiagnostics(URI, 0, HEADER, result, DEFAULT_LEAKAGE_SETTINGS);
    const proxies = diagnostics.filter((d) => d.code === 'parity.proxy');
    assert.deepEqual(
      proxies.map((d) => [d.range, d.severity]),
      [
        // "relationship" starts after "id, " (4 characters) and a space
        [{ start: { line: 0, character: 4 }, end: { line: 0, character: 16 } }, DiagnosticSeverity.Warning],
        // the quoted "hours" cell spans its quotes: characters 22 to 29
        [{ start: { line: 0, character: 22 }, end: { line: 0, character: 29 } }, DiagnosticSeverity.Information],
      ],
    );
    assert.equal(proxies[0]!.message, "`relationship` predicts `sex`: AUC 0.91, Cramér's V 0.64 (strong proxy)");
    assert.deepEqual(proxies[0]!.data, {
      uri: URI,
      column: 'relationship',
      sensitive: 'sex',
      sensitiveColumns: ['sex'],
      severity: 'strong',
      auc: 0.912,
      cramersV: 0.641,
    });
  });

  it("a diagnostic on the sensitive attribute's own header cell when the columns jointly predict it", () => {
    const joint = csvLeakageDiagnostics(URI, 3, HEADER, result, DEFAULT_LEAKAGE_SETTINGS).filter((d) => d.code === 'parity.jointLeakage');
    assert.equal(joint.length, 1);
    // on "sex" only: hovering another cell does not repeat this file-wide finding
    const start = HEADER.split(',').indexOf('sex') === -1 ? -1 : HEADER.indexOf('sex');
    assert.deepEqual(joint[0]!.range, { start: { line: 3, character: start }, end: { line: 3, character: start + 'sex'.length } });
    // id's importance, 0, shows as 0.00: counted, not listed
    assert.match(
      String(joint[0]!.message),
      /together predict `sex`: AUC 0\.93 \(largest contributions: relationship 0\.21, hours 0\.02, \+1 other below 0\.005\)/,
    );
  });

  it('lists the contributions that show as non-zero at two decimals, and counts the others', () => {
    const contributions = [
      { column: 'a', importance: 0.38 },
      { column: 'b', importance: 0.012 },
      { column: 'c', importance: 0.006 }, // 0.01 at two decimals: shown, beyond the first two
      { column: 'd', importance: 0.004 },
      { column: 'e', importance: 0 },
      { column: 'f', importance: -0.01 },
    ];
    assert.equal(
      contributionsText(contributions, 2, (name) => name),
      'a 0.38, b 0.01, +1 more, +3 others below 0.005',
    );
    assert.equal(
      contributionsText(contributions, 3, (name) => `\`${name}\``),
      '`a` 0.38, `b` 0.01, `c` 0.01, +3 others below 0.005',
    );
    assert.equal(
      contributionsText(contributions.slice(3), 3, (name) => name),
      '',
      'none shows: nothing to list',
    );
  });

  it('severity follows the thresholds in the settings, and ignored proxies are left out', () => {
    const settings = readLeakageSettings({
      thresholds: { strongAuc: 0.95, strongCramersV: 0.9, jointAuc: 0.99 },
      ignored: [{ column: 'hours', sensitive: 'sex' }, { bad: 1 }],
    });
    assert.equal(settings.thresholds.moderateAuc, DEFAULT_THRESHOLDS.moderateAuc);
    assert.deepEqual(settings.ignored, [{ column: 'hours', sensitive: 'sex' }]);
    const diagnostics = csvLeakageDiagnostics(URI, 0, HEADER, result, settings);
    assert.deepEqual(
      diagnostics.map((d) => [(d.data as { column: string }).column, d.severity]),
      [['relationship', DiagnosticSeverity.Information]],
    );
    assert.deepEqual(csvLeakageDiagnostics(URI, 0, HEADER, result, { ...settings, enabled: false }), []);
  });

  it('quick fixes: mark as sensitive, ignore, open the audit', () => {
    const diagnostics = csvLeakageDiagnostics(URI, 0, HEADER, result, DEFAULT_LEAKAGE_SETTINGS);
    const actions = leakageCodeActions(URI, diagnostics);
    const forRelationship = actions.filter((a) => a.diagnostics?.[0] === diagnostics[0]);
    assert.deepEqual(
      forRelationship.map((a) => [a.command?.command, a.command?.arguments]),
      [
        // the attributes the check used come along: marking a column adds it to them, never replaces them
        ['parity.markSensitive', [{ uri: URI, column: 'relationship', alreadySensitive: ['sex'] }]],
        ['parity.ignoreProxy', [{ uri: URI, column: 'relationship', sensitive: 'sex' }]],
        ['parity.auditFile', [URI]],
      ],
    );
    assert.ok(actions.every((a) => a.kind === 'quickfix'));
    const joint = actions.filter((a) => a.diagnostics?.[0]?.code === 'parity.jointLeakage');
    assert.deepEqual(
      joint.map((a) => a.command?.command),
      ['parity.auditFile'],
    );
  });
});

describe('leakage quick fixes on a column that predicts two attributes', () => {
  it('offers "Mark as sensitive" and "Open the fairness audit" once, an Ignore per attribute, the audit last (cold try 17 saw it between the Ignores)', () => {
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 12 } };
    const warning = (sensitive: string) => ({
      range,
      message: `relationship predicts ${sensitive}`,
      code: 'parity.proxy',
      data: { column: 'relationship', sensitive, sensitiveColumns: ['sex', 'marital-status'] },
    });
    const [sex, marital] = [warning('sex'), warning('marital-status')];
    const actions = leakageCodeActions(URI, [sex, marital]);
    assert.deepEqual(
      actions.map((a) => [a.title, a.diagnostics?.length]),
      [
        ['Mark `relationship` as sensitive', 2],
        ['Ignore this warning for `relationship` (proxy of `sex`) in this workspace', 1],
        ['Ignore this warning for `relationship` (proxy of `marital-status`) in this workspace', 1],
        ['Open the fairness audit', 2],
      ],
    );
  });
});

describe('leakage hover', () => {
  it("shows a column's figures, the attribute's joint figures, and nothing for unknown columns", () => {
    const hover = leakageHover(result, 'relationship')!;
    // a list, narrow enough for the hover: no table to clip
    assert.match(hover, /^- predicts `sex` \(\*\*strong proxy\*\*\): AUC 0\.91, Cramér's V 0\.64, NMI 0\.20$/m);
    assert.doesNotMatch(hover, /\|/);
    assert.match(leakageHover(result, 'sex')!, /together predict it with a cross-validated AUC of \*\*0\.93\*\*/);
    assert.match(leakageHover(result, 'income')!, /is the label/);
    assert.equal(leakageHover(result, 'nope'), undefined);
  });

  it('says the audited score and a column encoding it are not checked as proxies', () => {
    const audited: LeakageResult = {
      ...result,
      columnNames: [...result.columnNames, 'score', 'band'],
      audited: [{ column: 'score' }, { column: 'band', encodes: 'score' }],
    };
    assert.equal(
      leakageHover(audited, 'score'),
      "**`score`** is the audited model's output; it is not checked as a proxy: how it differs by group is what the audit measures.",
    );
    assert.match(leakageHover(audited, 'band')!, /^\*\*`band`\*\* encodes the audited `score`; it is not checked as a proxy/);
  });
});
