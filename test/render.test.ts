// The shared report rendering (common/render): the audit's aggregate rows against a recount of
// the CSV, AIF360's comparisons with a chosen reference; the trade-off plot's palette, rounding and focus; and the
// exported HTML of mitigation runs and comparisons (drawn by ECharts' server-side SVG renderer).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type { ComparisonView } from '../common/protocol';
import { referenceFigure, referenceGroup, referenceMeasures, shownFlags } from '../common/render/audit-model';
import { aggregatesNote, aggregatesTable, groupsNote, groupsTable, referenceNote, referenceTable, starSentence } from '../common/render/audit-tables';
import { formatTable } from '../server/src/adapters/cli/format/table';
import { EXCLUDED_NOTE, gapIntervalNote, tableFootnote } from '../common/render/table';
import { auditDiagnostics } from '../server/src/adapters/lsp/audit-diagnostics';
import { renderComparisonHtml } from '../common/render/comparison-html';
import {
  afterChoice,
  beforeAfterNote,
  beforeAfterTable,
  clearVerdict,
  columnsLine,
  comparisonLine,
  judge,
  mitigationExportName,
  mitigationHeader,
  runLine,
  randomizedLine,
  runsSweepPoint,
} from '../common/render/mitigation-model';
import { DuckDBInstance } from '@duckdb/node-api';
import { auditTitle, describeAudit, describeSource, formatInterval, keyAggregates, NO_LABEL_LINE, numericLabelLine } from '../common/render/text';
import { escape, formatMarkdown } from '../common/render/markdown';
import { renderAuditHtml } from '../common/render/html';
import { renderMitigationHtml } from '../common/render/mitigation-html';
import { formatMitigationSummary } from '../server/src/adapters/cli/format/mitigation';
import { formatMitigationMarkdown } from '../common/render/mitigation-markdown';
import { settingsMarkup } from '../common/render/settings';
import { thresholdRulesText } from '../common/render/threshold-rules';
import { comparisonPlot, sweepLargeGroups, sweepPlot } from '../common/render/plots';
import { comparisonTable, pointTooltip, referenceTooltip } from '../common/render/comparison-table';
import {
  DARK_SERIES,
  HIGH_CONTRAST_SERIES,
  focusWindow,
  fullWindow,
  tradeoffOption,
  LIGHT_SERIES,
  MARKERS,
  niceTicks,
  pointsOutside,
  roundSetting,
  settingText,
  styleOf,
  LIGHT_THEME,
} from '../common/render/tradeoff';
import type { AuditReport, Grouping, GroupResult } from '../common/reports/audit';
import type { MitigationReport, OutcomeSummary } from '../common/reports/mitigation';
import { runAudit } from '../server/src/services/audit';
import { compasSplit } from './support/compas-split';
import { withUnbootstrappedSweep } from './support/older-report';
import { contrast, oklch } from './support/contrast';
import { RANDOMIZED_LINES, randomizedReport, RULE_WARNING, rulesReport, SMALL_RULE_LINE, sweptReport } from './support/swept-report';
import { escapeXml } from '../common/render/svg';

const root = path.resolve(__dirname, '../..');

/** Rows and selected rows per race of a COMPAS CSV (no quoted fields; LF or CRLF), recounted from its text. */
function selectionsByRace(file: string, column: string, selected: (field: string) => boolean): Map<string, { n: number; selected: number }> {
  const lines = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const header = lines[0]!.split(',');
  const [race, at] = [header.indexOf('race'), header.indexOf(column)];
  const counts = new Map<string, { n: number; selected: number }>();
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    const c = counts.get(cells[race]!) ?? { n: 0, selected: 0 };
    c.n++;
    if (selected(cells[at]!)) c.selected++;
    counts.set(cells[race]!, c);
  }
  return counts;
}

describe('report rendering', () => {
  let compas: AuditReport;
  let reweighing: MitigationReport;
  let reweighingPredictions: string;
  let comparison: ComparisonView;

  before(async () => {
    compas = await runAudit(path.join(root, 'examples/compas/compas-two-years.csv'), {
      roles: { label: 'two_year_recid', score: 'decile_score', sensitive: ['race', 'sex'] },
      threshold: 5,
      bootstrap: 0,
    });
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-render-'));
    const { train, test } = compasSplit(dir);
    const run = spawnSync(
      process.execPath,
      [
        path.join(root, 'dist/cli.js'),
        'mitigate',
        'reweighing',
        '--train',
        train,
        '--test',
        test,
        '--label',
        'two_year_recid',
        '--sensitive',
        'race',
        '--sweep',
        '--out',
        path.join(dir, 'reweighing'),
      ],
      { encoding: 'utf8' },
    );
    assert.equal(run.status, 0, run.stderr);
    reweighing = JSON.parse(readFileSync(path.join(dir, 'reweighing/report.json'), 'utf8')) as MitigationReport;
    reweighingPredictions = path.join(dir, 'reweighing/predictions.csv');
    comparison = JSON.parse(readFileSync(path.join(root, 'test/fixtures/webview/compas-comparison-view.json'), 'utf8')) as ComparisonView;
  });

  it('shows the aggregates over all groups and over the groups of at least minGroupSize rows, each once', () => {
    // expected: the selection rates recounted from the CSV's rows (decile_score >= 5 predicts 1, the
    // audit's --threshold 5 rule), and the gap between the highest and lowest group's rate
    const counts = selectionsByRace(path.join(root, 'examples/compas/compas-two-years.csv'), 'decile_score', (score) => Number(score) >= 5);
    const gap = (groups: { n: number; selected: number }[]) => {
      const rates = groups.map((g) => g.selected / g.n);
      return Math.max(...rates) - Math.min(...rates);
    };
    const byRace = compas.groupings.find((g) => g.by.join() === 'race')!;
    const table = aggregatesTable(compas, byRace);
    const names = table.rows.map((row) => row.cells[0]!.title);
    assert.equal(new Set(names).size, names.length, 'no aggregate listed twice');
    const dp = table.rows.find((row) => row.cells[0]!.title!.endsWith('(demographic_parity_difference)'))!;
    const all = [...counts.values()];
    const large = all.filter((g) => g.n >= compas.minGroupSize);
    assert.ok(large.length < all.length, 'COMPAS race has small groups');
    assert.equal(dp.cells[2]!.text, gap(all).toFixed(3));
    assert.equal(dp.cells[3]!.text, gap(large).toFixed(3));
    assert.match(table.columns[3]!.label, new RegExp(`^${large.length} groups with ≥ ${compas.minGroupSize} rows$`));
    // by sex every group has ≥ 30 rows (1,395 women, 5,819 men in the CSV): one column, not two equal ones
    const bySex = compas.groupings.find((g) => g.by.join() === 'sex')!;
    assert.ok(
      bySex.groups.every((g) => g.count >= compas.minGroupSize),
      'premise: no small group by sex',
    );
    const sexTable = aggregatesTable(compas, bySex);
    assert.deepEqual(
      sexTable.columns.map((c) => c.label),
      ['Aggregate', 'Fairer when', `All 2 groups (each ≥ ${compas.minGroupSize} rows)`],
    );
    assert.ok(sexTable.rows.every((row) => row.cells.length === 3));
  });

  it('names where an audit ran and who counted: a DuckDB table, a file, a PostgreSQL query', async () => {
    const csv = path.join(root, 'examples/compas/compas-two-years.csv');
    const database = path.join(mkdtempSync(path.join(tmpdir(), 'parity-render-db-')), 'warehouse.duckdb');
    const instance = await DuckDBInstance.create(database);
    const connection = await instance.connect();
    await connection.run(`CREATE TABLE compas AS SELECT * FROM read_csv('${csv.replaceAll("'", "''")}', all_varchar = true)`);
    connection.closeSync();
    instance.closeSync();
    const report = await runAudit(`duckdb:${database}`, {
      relation: { table: 'compas' },
      roles: { label: 'two_year_recid', score: 'decile_score', sensitive: ['race', 'sex'] },
      threshold: 5,
      bootstrap: 0,
    });
    // expected: the GROUP BY's records are the distinct (race, sex, label, score) of the CSV's rows, counted here
    const [header, ...lines] = readFileSync(csv, 'utf8').trimEnd().split('\n');
    const at = ['race', 'sex', 'two_year_recid', 'decile_score'].map((name) => header!.split(',').indexOf(name));
    const distinct = new Set(lines.map((line) => at.map((i) => line.split(',')[i]).join('\t'))).size;
    const grouped = (n: number) => String(n).replace(/\B(?=(\d{3})+$)/g, ',');
    assert.equal(lines.length, 7214);
    const markdown = formatMarkdown(report).split('\n');
    assert.equal(markdown[0], '# Fairness audit: `table "compas"`');
    assert.equal(markdown[2], `- Source: DuckDB duckdb:${database.replace(/[\\_]/g, (c) => `\\${c}`)}, table "compas"`);
    assert.ok(markdown.includes(`- Counted by DuckDB: ${grouped(distinct)} aggregated records for 7,214 rows`), markdown.slice(0, 6).join('\n'));
    const html = renderAuditHtml(report);
    assert.match(html, /<h1>Fairness audit: table &quot;compas&quot;<\/h1>/);
    assert.ok(html.includes(`<li>Counted by DuckDB: ${grouped(distinct)} aggregated records for 7,214 rows</li>`));
    // a file: its format and name, not where it lives; Parity read every row itself, so no counting line
    assert.equal(formatMarkdown(compas).split('\n')[2], '- Source: CSV file compas-two-years.csv');
    assert.doesNotMatch(formatMarkdown(compas), /Counted by/);
    assert.equal(describeSource('/data/x/predictions.parquet'), 'Source: Parquet file predictions.parquet');
    assert.equal(
      describeSource('postgres://analyst@db.internal:5432/warehouse query'),
      'Source: PostgreSQL postgres://analyst@db.internal:5432/warehouse, a query',
    );
    // a query is named after the first table it reads (quotes and schema as written), else "query"
    const queried = 'postgres://analyst@db.internal:5432/warehouse query';
    assert.equal(auditTitle(queried, 'SELECT race, two_year_recid FROM "public" . "compas" JOIN scores USING (id)'), 'query of public.compas');
    assert.equal(auditTitle(queried, 'select * from court_decisions where year = 2013'), 'query of court_decisions');
    // a FROM in a comment or a string is not the table read (the panel's screenshot said "query of a")
    assert.equal(auditTitle(queried, "-- copied from a notebook\nSELECT * FROM compas WHERE race <> 'from x'"), 'query of compas');
    assert.equal(auditTitle(queried, "/* from b */ SELECT 'it''s from c' AS note FROM \"people\""), 'query of people');
    assert.equal(auditTitle(queried, 'VALUES (1, 2)'), 'query');
    assert.equal(auditTitle('postgres://analyst@db.internal:5432/warehouse table "compas"', 'SELECT 1 FROM x'), 'table "compas"');
    const postgres = renderAuditHtml({
      ...compas,
      file: 'postgres://analyst@db.internal:5432/warehouse table "compas"',
      counting: { by: 'postgres', recordsRead: 1031 },
    });
    assert.ok(postgres.includes('<li>Source: PostgreSQL postgres://analyst@db.internal:5432/warehouse, table &quot;compas&quot;</li>'));
    assert.ok(postgres.includes('<li>Counted by PostgreSQL: 1,031 aggregated records for 7,214 rows</li>'));
  });

  it('writes Markdown against the reference chosen in the editor, naming it, and titled with the file name', () => {
    const race = compas.groupings.findIndex((g) => g.by.join() === 'race');
    const rowOf = (markdown: string, group: string) => markdown.split('\n').find((line) => line.startsWith(`| ${group} `))!;
    const flagsOf = (line: string) => line.split(' | ')[1]!.trim();
    const asReported = formatMarkdown(compas);
    assert.match(asReported, /^# Fairness audit: `compas-two-years\.csv`$/m);
    // the report's reference is the largest group, African-American (3696 of 7214 rows): no flags against itself
    assert.match(asReported, /Reference group: African-American \(the largest group\)/);
    assert.equal(flagsOf(rowOf(asReported, 'African-American')), '');
    const caucasian = formatMarkdown(compas, { [race]: JSON.stringify(['Caucasian']) }); // the panel's group id;
    assert.match(caucasian, /Reference group: Caucasian \(chosen in the editor; flags computed from the rates\)/);
    assert.equal(flagsOf(rowOf(caucasian, 'Caucasian')), '', 'the chosen reference is not flagged against itself');
    // African-American's selection rate over Caucasian's, recomputed here, is outside [0.8, 1.25]: flagged
    const groups = compas.groupings[race]!.groups;
    const rate = (name: string) => groups.find((g) => g.key.race === name)!.metrics.selection_rate!;
    assert.ok(rate('African-American') / rate('Caucasian') > 1.25);
    // each flag readable without the panel: the rate, the group's value and its ratio to the reference's (Markdown-escaped)
    const ratio = (rate('African-American') / rate('Caucasian')).toFixed(2);
    assert.ok(
      flagsOf(rowOf(caucasian, 'African-American')).startsWith(`Selection rate ${rate('African-American').toFixed(3)} (×${ratio})`),
      flagsOf(rowOf(caucasian, 'African-American')),
    );
  });

  /**
   * A synthetic grouping on COMPAS's report: reference R and four groups whose rates, ratios to
   * R's, flags and supported gaps are set here by hand (each ratio is the group's rate / R's); an
   * empty fifth. `positiveMeans`: what the report says a positive prediction means.
   */
  function handMadeRace(positiveMeans: 'benefit' | 'harm' | null = null): { report: AuditReport; grouping: Grouping } {
    const race = compas.groupings.find((g) => g.by.join() === 'race')!;
    const R = {
      selection_rate: 0.5,
      true_positive_rate: 0.8,
      false_negative_rate: 0.2,
      false_positive_rate: 0.4,
      true_negative_rate: 0.6,
      positive_predictive_value: 0.6,
      false_discovery_rate: 0.4,
      negative_predictive_value: 0.9,
      false_omission_rate: 0.1,
      accuracy: 0.7,
      error_rate: 0.3,
    };
    const group = (name: string, count: number, rates: Partial<typeof R>, flagged: (keyof typeof R)[], supported: (keyof typeof R)[]): GroupResult => ({
      ...race.groups[0]!,
      key: { race: name },
      count,
      small: count < compas.minGroupSize,
      metrics: { count, ...R, ...rates },
      intervals: {},
      notes: {},
      disparities: Object.fromEntries(Object.entries(rates).map(([m, v]) => [m, v / R[m as keyof typeof R]])),
      differences: {},
      flagged,
      supported,
      // every flagged gap tested: p 0.001 when supported, 0.4 when not
      tests: Object.fromEntries(flagged.map((m) => [m, { pValue: 0.001, adjustedPValue: supported.includes(m) ? 0.001 : 0.4 }])),
    });
    // D: selection 0.3 / 0.5 = 0.60 supported; FNR 0.3 / 0.2 = 1.50 alone (TPR 0.7 / 0.8 = 0.875 is inside the band);
    // PPV 0.3 / 0.6 = 0.50 with FDR 0.7 / 0.4 = 1.75; NPV 0.6 / 0.9 = 0.67 with FOR 0.4 / 0.1 = 4.00;
    // accuracy 0.5 / 0.7 = 0.71 with error rate 0.5 / 0.3 = 1.67: four lines without support
    const ratesD = {
      selection_rate: 0.3,
      true_positive_rate: 0.7,
      false_negative_rate: 0.3,
      positive_predictive_value: 0.3,
      false_discovery_rate: 0.7,
      negative_predictive_value: 0.6,
      false_omission_rate: 0.4,
      accuracy: 0.5,
      error_rate: 0.5,
    };
    const grouping = {
      ...race,
      reference: { race: 'R' },
      referenceSource: 'largest' as const,
      tests: { ...race.tests, comparedWith: 'reference' as const },
      groups: [
        group('R', 400, {}, [], []),
        // FPR 0.2 / 0.4 = 0.50 with TNR 0.8 / 0.6 = 1.33, supported; TPR 0.6 / 0.8 = 0.75 with FNR 0.4 / 0.2 = 2.00, not
        group(
          'A',
          200,
          { true_positive_rate: 0.6, false_negative_rate: 0.4, false_positive_rate: 0.2, true_negative_rate: 0.8 },
          ['true_positive_rate', 'false_positive_rate', 'true_negative_rate', 'false_negative_rate'],
          ['false_positive_rate'],
        ),
        // FPR 0.6 / 0.4 = 1.50 with TNR 0.4 / 0.6 = 0.67: only the second of the pair supported
        group('C', 100, { false_positive_rate: 0.6, true_negative_rate: 0.4 }, ['false_positive_rate', 'true_negative_rate'], ['true_negative_rate']),
        // selection 0.3 / 0.5 = 0.60 supported; FNR 0.3 / 0.2 = 1.50 alone (TPR 0.7 / 0.8 = 0.875 is inside the band);
        // PPV 0.3 / 0.6 = 0.50 with FDR 0.7 / 0.4 = 1.75; NPV 0.6 / 0.9 = 0.67 with FOR 0.4 / 0.1 = 4.00;
        // accuracy 0.5 / 0.7 = 0.71 with error rate 0.5 / 0.3 = 1.67: four lines without support
        group('D', 50, ratesD, Object.keys(ratesD).filter((m) => m !== 'true_positive_rate') as (keyof typeof R)[], ['selection_rate']),
        // an empty intersection
        { ...group('E', 0, {}, [], []), metrics: { count: 0 } },
      ],
    };
    const report: AuditReport = { ...compas, columns: { ...compas.columns, positiveMeans }, groupings: [grouping], warnings: [] };
    return { report, grouping };
  }

  it('lists a complementary pair of flags once, supported flags first, many without support counted in the panel; the CLI shows an empty group as empty', () => {
    const { report, grouping } = handMadeRace();
    const cells = (medium: 'panel' | 'static') =>
      Object.fromEntries(groupsTable(report, grouping, undefined, medium).rows.map((row) => [row.cells[0]!.text, row.cells[1]!]));
    const panel = cells('panel');
    assert.equal(panel['A']!.text, 'FPR 0.200 (×0.50; TNR ×1.33)*');
    assert.equal(panel['A']!.detail, 'TPR 0.600 (×0.75; FNR ×2.00)', 'two lines without support or fewer: listed');
    assert.equal(panel['C']!.text, 'FPR 0.600 (×1.50; TNR ×0.67)*', 'starred when the second of the pair is supported');
    assert.equal(panel['C']!.detail, undefined);
    assert.equal(panel['D']!.text, 'Selection rate 0.300 (×0.60)*');
    assert.equal(panel['D']!.detail, '+4 without statistical support');
    // FNR alone, cited by TPR, which has a column: 1 − 0.3 = 0.7
    const unsupportedD = ['TPR 0.700 (FNR ×1.50)', 'PPV 0.300 (×0.50; FDR ×1.75)', 'NPV 0.600 (×0.67; FOR ×4.00)', 'Accuracy 0.500 (×0.71; Error rate ×1.67)'];
    assert.ok(panel['D']!.title!.includes(`without statistical support: ${unsupportedD.join(', ')}`), panel['D']!.title);
    // both groups' values stay on hover, each rate of a pair with its own
    assert.ok(panel['A']!.title!.includes('True negative rate 0.800, against 0.600 for "R": ratio 1.33'), panel['A']!.title);
    assert.ok(panel['A']!.title!.includes('False positive rate 0.200, against 0.400 for "R": ratio 0.50'), panel['A']!.title);
    const exported = cells('static');
    assert.equal(exported['D']!.detail, unsupportedD.join('\n'), 'a static page lists them all');
    assert.equal(exported['A']!.detail, panel['A']!.detail);
    assert.equal(exported['E']!.text, '—');
    // flags no test holds for (here: none ran) are neither starred nor put aside: all in plain view, as before
    const untested = { ...grouping, groups: grouping.groups.map((g) => ({ ...g, tests: {}, supported: [] })) };
    const untestedD = groupsTable({ ...report, groupings: [untested] }, untested, undefined, 'panel').rows[3]!.cells[1]!;
    assert.equal(untestedD.text, ['Selection rate 0.300 (×0.60)', ...unsupportedD].join('\n'));
    assert.equal(untestedD.detail, undefined);
    // one wording of what * means, naming what this grouping's test compares with: the reference the flags show
    const star =
      '* marks a flag whose gap to the reference group "R" is statistically supported (two-proportion z-test, Benjamini-Hochberg across the groups; adjusted p below 0.05).';
    assert.equal(starSentence(grouping), star);
    // another reference chosen in the panel: the tests were against R, so no flag is starred or put aside
    const chosenA = referenceGroup(grouping, JSON.stringify(['A']));
    assert.equal(chosenA.source, 'chosen');
    assert.equal(starSentence(grouping, chosenA), '');
    assert.equal(shownFlags(report, grouping, grouping.groups[3]!, chosenA).supported.size, 0);
    // an older report tested against the rest of the rows: its own sentence, holding for any reference
    const older = { ...grouping, tests: { ...grouping.tests, comparedWith: 'rest' as const } };
    const restStar =
      '* marks a flag whose gap to the rest of the rows (every other group together) is statistically supported (two-proportion z-test, Benjamini-Hochberg across the groups; adjusted p below 0.05).';
    assert.equal(starSentence(older), restStar);
    assert.equal(starSentence(older, referenceGroup(older, JSON.stringify(['A']))), restStar);
    const header = groupsTable(report, grouping, undefined, 'panel').columns[1]!.title!;
    for (const [where, text] of [
      ['header', header],
      ['panel note', groupsNote(report, grouping, undefined, 'panel')],
      ['static note', groupsNote(report, grouping, undefined, 'static')],
      ['CLI table', formatTable(report)],
    ] as const)
      assert.equal(text.split(star).length - 1, 1, `${where} says it once: ${text}`);
    // the HTML: under the table, and in the flags header's hover
    assert.equal(renderAuditHtml(report).replaceAll('&quot;', '"').split(star).length - 1, 2);
    const markdown = formatMarkdown(report);
    assert.equal(markdown.split(star.replace(/[*]/g, '\\$&')).length - 1, 1, 'the Markdown says it once');
    assert.doesNotMatch(markdown, /\* marks a gap/, 'no other wording');
    // the Markdown: one line per group, the flags without support after the others
    assert.ok(
      markdown.includes(
        `| ${['Selection rate 0.300 (×0.60)*', `without statistical support: ${unsupportedD.join(', ')}`].join('; ').replace(/[*]/g, '\\$&')} |`,
      ),
      markdown,
    );
    assert.ok(markdown.includes('| E (no rows) |'));
    // the CLI table: short names, a pair once, the unsupported in parentheses; E empty, not small
    const table = formatTable(report).split('\n');
    const line = (label: string) => table.find((l) => l.startsWith(`${label}  `))!;
    assert.ok(line('A').endsWith('  FPR/TNR* (TPR/FNR)'), line('A'));
    assert.ok(line('C').endsWith('  FPR/TNR*'), line('C'));
    assert.ok(line('D').endsWith('  select* (FNR PPV/FDR NPV/FOR acc/error)'), line('D'));
    assert.match(line('E (no rows)'), /^E \(no rows\) +0 /);
    assert.ok(!table.some((l) => /small/.test(l)), 'no group is small but the empty one: no small-group note');
  });

  it("words each flag on a rate of predictions with the group's side of the reference when a positive prediction's meaning is stated", () => {
    // The hand-made ratios (handMadeRace): with a harmful positive prediction, a ratio above 1 on the selection rate, TPR
    // or FPR is more of it, disadvantaged, below 1 advantaged; FNR, the share of actual positives predicted negative,
    // the other way round; a pair follows its first rate; PPV/FDR, NPV/FOR and accuracy/error get no word.
    const expected = {
      harm: {
        A: ['FPR 0.200 (×0.50; TNR ×1.33)* — advantaged', 'TPR 0.600 (×0.75; FNR ×2.00) — advantaged'],
        C: ['FPR 0.600 (×1.50; TNR ×0.67)* — disadvantaged'],
        D: ['Selection rate 0.300 (×0.60)* — advantaged', 'TPR 0.700 (FNR ×1.50) — advantaged'],
      },
      benefit: {
        A: ['FPR 0.200 (×0.50; TNR ×1.33)* — disadvantaged', 'TPR 0.600 (×0.75; FNR ×2.00) — disadvantaged'],
        C: ['FPR 0.600 (×1.50; TNR ×0.67)* — advantaged'],
        D: ['Selection rate 0.300 (×0.60)* — disadvantaged', 'TPR 0.700 (FNR ×1.50) — disadvantaged'],
      },
    } as const;
    const withoutWord = ['PPV 0.300 (×0.50; FDR ×1.75)', 'NPV 0.600 (×0.67; FOR ×4.00)', 'Accuracy 0.500 (×0.71; Error rate ×1.67)'];
    const sentences = {
      harm: 'With a harmful positive prediction, a ratio above 1 on selection rate, TPR or FPR means the group gets it more often than the reference: disadvantaged; below 1, advantaged (on FNR or TNR, shares predicted negative, the other way round).',
      benefit:
        'With a favourable positive prediction, a ratio above 1 on selection rate, TPR or FPR means the group gets it more often than the reference: advantaged; below 1, disadvantaged (on FNR or TNR, shares predicted negative, the other way round).',
    };
    for (const means of ['harm', 'benefit'] as const) {
      const { report, grouping } = handMadeRace(means);
      const { A, C, D } = expected[means];
      const flagged = grouping.groups.map((g) => [...g.flagged]);
      const cells = (medium: 'panel' | 'static') =>
        Object.fromEntries(groupsTable(report, grouping, undefined, medium).rows.map((row) => [row.cells[0]!.text, row.cells[1]!]));
      const [panel, exported] = [cells('panel'), cells('static')];
      assert.equal(panel['A']!.text, A[0], means);
      assert.equal(panel['A']!.detail, A[1], means);
      assert.equal(panel['C']!.text, C[0], means);
      assert.equal(panel['D']!.text, D[0], means);
      assert.equal(exported['D']!.detail, [D[1], ...withoutWord].join('\n'), `${means}: the static page, PPV, NPV and accuracy without a word`);
      assert.ok(panel['D']!.title!.includes(`without statistical support: ${[D[1], ...withoutWord].join(', ')}`), panel['D']!.title);
      assert.equal(panel['R']!.text, '', 'the reference has no flag');
      // the note under the table says what the words mean, in the panel and the exports
      for (const medium of ['panel', 'static'] as const) assert.ok(groupsNote(report, grouping, undefined, medium).includes(sentences[means]), medium);
      // the exported HTML: the side marked up, for its marker and style
      assert.equal(renderAuditHtml(report).split(A[0].replace(/ — (\w+)$/, ' — <span class="side $1">$1</span>')).length - 1, 1, 'the exported HTML');
      const markdown = formatMarkdown(report);
      assert.ok(
        markdown.includes(`| ${[D[0], `without statistical support: ${[D[1], ...withoutWord].join(', ')}`].join('; ').replace(/[*]/g, '\\$&')} |`),
        markdown,
      );
      assert.ok(markdown.includes(sentences[means]));
      // the CLI table: the same word after each short name, the flags separated by commas
      const side = (words: string) => words.split(' — ')[1]!;
      const table = formatTable(report).split('\n');
      const line = (label: string) => table.find((l) => l.startsWith(`${label}  `))!;
      assert.ok(line('A').endsWith(`  FPR/TNR* ${side(A[0])} (TPR/FNR ${side(A[1])})`), line('A'));
      assert.ok(line('C').endsWith(`  FPR/TNR* ${side(C[0])}`), line('C'));
      assert.ok(line('D').endsWith(`  select* ${side(D[0])} (FNR ${side(D[1])}, PPV/FDR, NPV/FOR, acc/error)`), line('D'));
      assert.ok(table.includes(sentences[means]));
      assert.deepEqual(
        grouping.groups.map((g) => g.flagged),
        flagged,
        'the report keeps its flags',
      );
    }
    // not stated: no word and no sentence (the flags as in the test above)
    const { report, grouping } = handMadeRace(null);
    const texts = groupsTable(report, grouping, undefined, 'static').rows.flatMap((row) => [row.cells[1]!.text, row.cells[1]!.detail ?? '']);
    // (the note on choosing a reference, "often the advantaged one", is not a flag's word)
    const word = /(?<!the )\b(dis)?advantaged/;
    assert.ok(!texts.some((text) => word.test(text)), texts.join(' | '));
    assert.doesNotMatch(groupsNote(report, grouping, undefined, 'panel'), word);
    assert.doesNotMatch(formatMarkdown(report), word);
    assert.doesNotMatch(formatTable(report), word);
  });

  /** The groups table's column headings: the Markdown's header row and the exported HTML's head labels, for the one grouping of `report`. */
  function groupsHeadings(report: AuditReport): { markdown: string[]; html: string[] } {
    const markdown = formatMarkdown(report).split('\n');
    const header = markdown.find((line) => line.startsWith('| race | Four-fifths flags'))!;
    const html = renderAuditHtml(report);
    const table = /<table class="metrics groups-table[^"]*"[\s\S]*?<\/thead>/.exec(html)![0];
    return {
      markdown: header.slice(2, -2).split(' | '),
      html: [...table.matchAll(/<span class="head-label[^"]*">([^<]*)<\/span>/g)].map((m) => m[1]!),
    };
  }

  it("gives NPV a column in the Markdown and the HTML when a flag cites it, the flag citing the column's figure; none without such a flag", () => {
    // handMadeRace: D's NPV 0.6 against R's 0.9 (ratio 0.67) is flagged with its FOR 0.4 against 0.1 (ratio 4.00)
    const { report, grouping } = handMadeRace();
    const rates = ['Base rate', 'Selection rate', 'True positive rate', 'False positive rate', 'Precision', 'Accuracy', 'ROC AUC'];
    const withNpv = ['race', 'Four-fifths flags: rate (× its ratio to the reference)', 'Rows', ...rates, 'Negative predictive value'];
    const headings = groupsHeadings(report);
    assert.deepEqual(headings.markdown, withNpv);
    assert.deepEqual(headings.html, ['race', 'Four-fifths flags', 'Rows', ...rates, 'Negative predictive value']);
    const markdown = formatMarkdown(report);
    const rowD = markdown
      .split('\n')
      .find((line) => line.startsWith('| D '))!
      .slice(2, -2)
      .split(' | ');
    assert.equal(rowD[withNpv.length - 1], '0.600', "D's NPV in its column");
    assert.ok(rowD[1]!.includes('NPV 0.600 (×0.67; FOR ×4.00)'), rowD[1]);
    assert.equal(
      markdown
        .split('\n')
        .find((line) => line.startsWith('| R '))!
        .slice(2, -2)
        .split(' | ')[withNpv.length - 1],
      '0.900',
      "R's NPV",
    );
    const html = renderAuditHtml(report);
    assert.ok(html.includes('NPV 0.600 (×0.67; FOR ×4.00)'), 'the HTML flag');
    // FOR alone flagged (D's NPV ratio inside the band): cited by NPV's figure, FOR's ratio, and NPV still gets its column
    const forOnly = {
      ...grouping,
      groups: grouping.groups.map((g) => (g.key['race'] === 'D' ? { ...g, flagged: g.flagged.filter((m) => m !== 'negative_predictive_value') } : g)),
    };
    const forReport = { ...report, groupings: [forOnly] };
    assert.deepEqual(groupsHeadings(forReport).markdown, withNpv);
    assert.ok(formatMarkdown(forReport).includes('NPV 0.600 (FOR ×4.00)'), formatMarkdown(forReport));
    assert.ok(renderAuditHtml(forReport).includes('NPV 0.600 (FOR ×4.00)'));
    // neither NPV nor FOR flagged: no NPV column, no flag naming NPV or FOR
    const none = {
      ...grouping,
      groups: grouping.groups.map((g) => ({ ...g, flagged: g.flagged.filter((m) => m !== 'negative_predictive_value' && m !== 'false_omission_rate') })),
    };
    const noneReport = { ...report, groupings: [none] };
    const noneHeadings = groupsHeadings(noneReport);
    assert.deepEqual(noneHeadings.markdown, withNpv.slice(0, -1));
    assert.deepEqual(noneHeadings.html, ['race', 'Four-fifths flags', 'Rows', ...rates]);
    for (const text of [formatMarkdown(noneReport), renderAuditHtml(noneReport)]) assert.doesNotMatch(text, /\b(NPV|FOR) \d|FOR ×/);
    // FNR alone (D) stays cited by TPR's column: 1 − 0.3 = 0.700
    assert.ok(formatMarkdown(noneReport).includes('TPR 0.700 (FNR ×1.50)'));
  });

  it("computes AIF360's comparisons with a reference; the disparate impact equals the engine's disparity", () => {
    const race = compas.groupings[0]!;
    const reference = race.groups[0]!;
    const [spd, di, eod, aod] = referenceMeasures(compas);
    for (const group of race.groups.slice(1)) {
      const m = group.metrics;
      const r = reference.metrics;
      // computed (not read from the report) even though this is the report's reference
      assert.ok(Math.abs(referenceFigure(di!, group, reference, false).value! - group.disparities['selection_rate']!) < 1e-12);
      assert.equal(referenceFigure(spd!, group, reference, false).value, m['selection_rate']! - r['selection_rate']!);
      assert.equal(referenceFigure(eod!, group, reference, false).value, m['true_positive_rate']! - r['true_positive_rate']!);
      assert.equal(
        referenceFigure(aod!, group, reference, false).value,
        (m['false_positive_rate']! - r['false_positive_rate']! + (m['true_positive_rate']! - r['true_positive_rate']!)) / 2,
      );
      // with the report's reference, the report's own disparity (and interval) is used
      assert.equal(referenceFigure(di!, group, reference, true).computed, false);
    }
    // 0 / 0 is not estimable, never 1
    const zero = { ...reference, metrics: { ...reference.metrics, selection_rate: 0 } };
    assert.deepEqual(referenceFigure(di!, zero, zero, false), { value: null, interval: null, note: 'both values are 0 (0/0)', computed: true });
  });

  it('says what a positive prediction means, once, in the panel header, the exports and the comparisons with the reference', () => {
    const meaning = (positiveMeans: 'benefit' | 'harm' | null | undefined): AuditReport => ({ ...compas, columns: { ...compas.columns, positiveMeans } });
    const harmful = 'A positive prediction (predicting two_year_recid = 1) is harmful: groups with higher selection rates are disadvantaged';
    const favourable = 'A positive prediction (predicting two_year_recid = 1) is favourable: groups with lower selection rates are disadvantaged';
    const unstated = 'A positive prediction (predicting two_year_recid = 1): not stated whether favourable or harmful';
    assert.ok(describeAudit(meaning('harm')).includes(harmful));
    assert.ok(describeAudit(meaning('benefit')).includes(favourable));
    assert.ok(describeAudit(meaning(null)).includes(unstated));
    assert.ok(describeAudit(meaning(undefined)).includes(unstated), 'a report written before the field: not stated');
    // the exports carry the same line (HTML-escaped: no character of it needs escaping)
    assert.ok(renderAuditHtml(meaning('harm')).includes(`<li>${harmful}</li>`));
    assert.match(
      formatMarkdown(meaning('harm')),
      /^- A positive prediction \(predicting two\\_year\\_recid = 1\) is harmful: groups with higher selection rates are disadvantaged$/m,
    );
    // who a selection-rate gap disadvantages follows the answer
    const race = compas.groupings.findIndex((g) => g.by.join() === 'race');
    const [spdHarm, diHarm] = referenceMeasures(meaning('harm'));
    assert.match(spdHarm!.description, /above 0: the group is disadvantaged \(a positive outcome is harmful\)/);
    assert.match(
      diHarm!.description,
      /above 1: the group is disadvantaged \(a positive outcome is harmful\); the four-fifths rule: a group's rate divided by the reference group's rate is flagged outside \[0\.8, 1\.25\]/,
    );
    const [spdBenefit, diBenefit] = referenceMeasures(meaning('benefit'));
    assert.match(spdBenefit!.description, /below 0: the group is disadvantaged \(a positive outcome is favourable\)/);
    assert.match(diBenefit!.description, /below 1: the group is disadvantaged/);
    assert.match(referenceMeasures(meaning(null))[1]!.description, /which side disadvantages the group is not stated/);
    // true positive and false positive rates are shares predicted positive too (among actual positives, negatives): the same side
    const [, , eodHarm, aodHarm] = referenceMeasures(meaning('harm'));
    const [, , eodBenefit, aodBenefit] = referenceMeasures(meaning('benefit'));
    assert.match(eodHarm!.description, /^true positive rate of the group − that of the reference; above 0: the group is disadvantaged/);
    assert.match(aodHarm!.description, /above 0: the group is disadvantaged \(a positive outcome is harmful\)$/);
    assert.match(eodBenefit!.description, /below 0: the group is disadvantaged/);
    assert.match(aodBenefit!.description, /below 0: the group is disadvantaged/);
    // disparate impact flagged outside [0.8, 1.25]: with a stated meaning the advantaged side is marked apart (against
    // Caucasian, African-American's 0.588 / 0.348 = 1.69 and Other's 0.210 / 0.348 = 0.60, from the rates by race)
    const sides = (means: 'benefit' | 'harm' | null) =>
      referenceTable(meaning(means), compas.groupings[race]!, JSON.stringify(['Caucasian'])).rows.flatMap((row) => {
        const cell = row.cells[3]!;
        return (cell.class ?? '').includes('flag') ? [[Number(cell.text) > 1.25 ? 'above' : 'below', (cell.class ?? '').includes('advantaged')]] : [];
      });
    assert.deepEqual(new Set(sides('harm').map(([side]) => side)), new Set(['above', 'below']), 'both sides are flagged');
    for (const [side, advantaged] of sides('harm')) assert.equal(advantaged, side === 'below', `harm: ${side}`);
    for (const [side, advantaged] of sides('benefit')) assert.equal(advantaged, side === 'above', `benefit: ${side}`);
    assert.ok(
      sides(null).every(([, advantaged]) => !advantaged),
      'not stated: one kind of flag',
    );
    assert.match(
      referenceNote(meaning('harm'), compas.groupings[race]!, undefined, 'panel'),
      /A positive prediction is harmful: a group whose selection rate is above the reference's \(difference above 0, ratio above 1\) is disadvantaged\./,
    );
    assert.doesNotMatch(referenceNote(meaning(null), compas.groupings[race]!, undefined, 'panel'), /disadvantaged/);
    // no positive value, nothing to say: a regression audit
    const regression: AuditReport = { ...compas, task: 'regression', columns: { ...compas.columns, positive: null, positiveMeans: 'harm' } };
    assert.ok(!describeAudit(regression).some((line) => /positive prediction/.test(line)));
  });

  it('shows settings rounded: a solver round-off weight as ≈ 0, not 7.77e-16', () => {
    const markup = settingsMarkup({
      tolerance: 0.004999999999999989,
      rules: [
        { weight: 7.77e-16, threshold: 0.5789 },
        { weight: 1, threshold: 0.536 },
      ],
    });
    assert.ok(markup.includes('≈ 0') && !markup.includes('e-16'), markup);
    assert.ok(markup.includes('>0.005<') && markup.includes('>0.579<'), markup);
  });

  it("reads the threshold optimizer's rules in words: each group's cuts and the share of rows taking each", () => {
    // expected: written by hand from the rules below (weights 0.94/0.0602 → 94%/6%; tie probability 1 → ≥, 0 → >)
    const report = {
      method: 'threshold',
      columns: { label: 'two_year_recid', sensitive: ['race'], prediction: null, score: 'decile_score' },
      parameters: {
        rules: [
          {
            group: 'African-American',
            components: [
              { weight: 0.94, threshold: 6, tieProbability: 0 },
              { weight: 0.0602, threshold: 5, tieProbability: 0 },
            ],
          },
          { group: 'Caucasian', components: [{ weight: 1, threshold: 4, tieProbability: 1 }] },
          { group: 'Other', components: [{ weight: 1, rate: 0.25 }] },
        ],
      },
    } as unknown as MitigationReport;
    const rules = thresholdRulesText(report)!;
    // a report without the rules' row counts (written before them) has no warnings
    assert.deepEqual(rules.groups, [
      { rule: 'African-American: decile_score > 6 for 94% of rows, > 5 for 6% of rows', warning: null },
      { rule: 'Caucasian: decile_score ≥ 4', warning: null },
      { rule: 'Other: positive with probability 0.25 whatever the score', warning: null },
    ]);
    assert.match(rules.intro, /at random/);
    assert.equal(thresholdRulesText({ ...report, method: 'reweighing' }), null);
    // a second cut of weight 1.5e-15 is the linear program's rounding (cold try 9: "> 3 for 1.5e-13% of rows"): one cut is shown
    const rounded = {
      ...report,
      parameters: {
        ...report.parameters,
        rules: [
          {
            group: 'Caucasian',
            components: [
              { weight: 1 - 1.5e-15, threshold: 4, tieProbability: 1 },
              { weight: 1.5e-15, threshold: 3, tieProbability: 0 },
            ],
          },
        ],
      },
    } as unknown as MitigationReport;
    assert.deepEqual(thresholdRulesText(rounded)!.groups, [{ rule: 'Caucasian: decile_score ≥ 4', warning: null }]);
    assert.doesNotMatch(thresholdRulesText(rounded)!.intro, /at random/);
  });

  it("warns beside a group's rule fitted on fewer rows than the minimum group size, in Markdown and HTML, not beside a large group's", async () => {
    const report = rulesReport();
    const markdown = formatMitigationMarkdown(report).split('\n');
    assert.ok(markdown.includes(`- ${escape(SMALL_RULE_LINE)}`), markdown.join('\n'));
    assert.ok(markdown.includes(`- ${escape('b: score > 0.4')}`), 'the large group: its rule alone');
    assert.ok(markdown.includes(`- ${escape(RULE_WARNING)}`), 'the warnings list it too');
    const html = await renderMitigationHtml(report);
    const rules = html.slice(html.indexOf('data-testid="rules"'), html.indexOf('</ul>', html.indexOf('data-testid="rules"')));
    assert.equal(rules.split('data-testid="rule-warning"').length - 1, 1, rules);
    assert.ok(
      rules.includes(
        `<li>a: score ≥ 0.6 <span class="bad" data-testid="rule-warning">${escapeXml(SMALL_RULE_LINE.slice(SMALL_RULE_LINE.indexOf('—')))}</span></li>`,
      ),
      rules,
    );
    assert.ok(rules.includes('<li>b: score &gt; 0.4</li>'), rules);
    // the same rules with a minimum above b's 400 rows: both groups; with a's 18 rows as the minimum: neither
    assert.ok(thresholdRulesText({ ...report, parameters: { ...report.parameters, minGroupSize: 401 } })!.groups.every((g) => g.warning !== null));
    assert.ok(thresholdRulesText({ ...report, parameters: { ...report.parameters, minGroupSize: 18 } })!.groups.every((g) => g.warning === null));
  });

  it('says which way is fairer for each kind of figure', () => {
    assert.equal(judge('closer to 0 is fairer', -0.3, 0.1), 'fairer');
    // ratios by their distance from 1 on a log scale: |ln 1.8| = 0.588 < |ln 0.5| = 0.693
    assert.equal(judge('closer to 1 is fairer', 0.5, 1.8), 'fairer');
    assert.equal(judge('closer to 1 is fairer', 0.8, 1.3), 'less fair', '|ln 1.3| = 0.262 > |ln 0.8| = 0.223');
    assert.equal(judge('closer to 1 is fairer', 0.2, 0), 'less fair', 'a ratio falling to 0 moved away from 1');
    assert.equal(judge('closer to 1 is fairer', 0, 0.2), 'fairer');
    assert.equal(judge('closer to 1 is fairer', 0, 0), 'unchanged');
    assert.equal(judge('higher is better', 0.7, 0.7), 'unchanged');
    assert.equal(judge('lower is fairer', 0.2, 0.3), 'less fair');
    assert.equal(judge('higher is better', 0.7, 0.69), 'worse');
    assert.equal(judge('closer to 0 is fairer', 0.1, -0.1), 'equally fair', 'both 0.1 from parity');
    assert.equal(judge('closer to 1 is fairer', 0.8, 1.25), 'equally fair', '|ln 0.8| = |ln 1.25|');
  });

  it('calls a change "no clear change" when its paired interval includes 0', () => {
    // the cold try's figures: a predictive parity difference −0.013 [−0.034, +0.010] was shown as "fairer"
    assert.equal(clearVerdict('fairer', { value: -0.013, interval: [-0.034, 0.01] }), 'no clear change');
    assert.equal(clearVerdict('fairer', { value: -0.011, interval: [-0.015, -0.007] }), 'fairer');
    assert.equal(clearVerdict('less fair', { value: 0.012, interval: [-0.018, 0.016] }), 'no clear change');
    assert.equal(clearVerdict('worse', { value: -0.001, interval: [-0.003, 0.002] }), 'no clear change');
    assert.equal(clearVerdict('better', { value: 0.004, interval: [0, 0.008] }), 'no clear change', 'an interval reaching 0 includes it');
    assert.equal(clearVerdict('fairer', { value: -0.001, interval: [0.002, 0.01] }), 'no clear change', 'the interval on the other side of 0');
    assert.equal(clearVerdict('fairer', undefined), 'fairer (no interval)');
    // equal point estimates: "no clear change" like any change whose interval includes 0 (the Accuracy
    // row of a user's report read "same" beside rows reading "no clear change"); "unchanged" only
    // when the change is 0 in every resample
    assert.equal(clearVerdict('unchanged', { value: 0, interval: [-0.004, 0.003] }), 'no clear change');
    assert.equal(clearVerdict('unchanged', { value: 0, interval: [0, 0] }), 'unchanged');
    // in the report's table, each measure's verdict follows its paired interval in report.json
    const table = beforeAfterTable(reweighing, reweighing.after);
    const change = reweighing.change!;
    let unclear = 0;
    for (const row of table.rows) {
      const name = /\((\w+)\)$/.exec(row.cells[0]!.title!)![1]!;
      // badged "N groups with ≥ 30 rows": over the adequately sized groups; "all N groups" or none: over all
      const large = row.cells[0]!.badge?.startsWith('all ') === false;
      const interval = name === 'accuracy' ? change.intervals!['accuracy'] : large ? change.largeGroups.intervals![name] : change.aggregateIntervals![name];
      const verdict = row.cells.at(-1)!.text;
      if (interval && interval[0] <= 0 && interval[1] >= 0 && !(interval[0] === 0 && interval[1] === 0) && verdict !== 'equally fair') {
        assert.equal(verdict, 'no clear change', `${name}${large ? ' (large groups)' : ''}: ${JSON.stringify(interval)}`);
        unclear++;
      } else if (interval) assert.notEqual(verdict, 'no clear change', name);
    }
    assert.ok(unclear > 0, 'some of the run’s changes are within the noise');
  });

  it('reads a sweep point shown as "after" from its own paired interval, as the run’s own result', () => {
    // strength 0.25: a setting of the sweep, bootstrapped with the run's 200 resamples
    const point = reweighing.tradeoff[1]!;
    const shown = afterChoice(reweighing, 1).summary;
    assert.equal(shown, point);
    const table = beforeAfterTable(reweighing, shown);
    assert.equal(table.columns.at(-1)!.label, 'Verdict');
    const change = point.change!;
    assert.equal(change.bootstrap!.method, 'poisson-paired');
    for (const row of table.rows) {
      const name = /\((\w+)\)$/.exec(row.cells[0]!.title!)![1]!;
      // the overall selection rate is no fairness measure: its change has no paired interval and no verdict
      if (name === 'selection_rate') continue;
      // the rows over the adequately sized groups are badged "N groups with ≥ 30 rows"; those over all "all N groups"
      const large = row.cells[0]!.badge?.startsWith('all ') === false;
      const value = name === 'accuracy' ? change.accuracy! : large ? change.largeGroups.aggregates[name]! : change.aggregates[name]!;
      const interval = name === 'accuracy' ? change.intervals!['accuracy']! : large ? change.largeGroups.intervals![name]! : change.aggregateIntervals![name]!;
      // the change cell is the point's own paired change, with its interval
      assert.equal(row.cells.at(-2)!.sort, value, name);
      assert.ok(row.cells.at(-2)!.interval, name);
      const verdict = row.cells.at(-1)!.text;
      // by hand: a clear move only when the interval leaves out 0 on the side of the change
      const clear = (value > 0 && interval[0] > 0) || (value < 0 && interval[1] < 0);
      if (verdict !== 'equally fair' && verdict !== '' && !(interval[0] === 0 && interval[1] === 0))
        assert.equal(verdict === 'no clear change', !clear, `${name}${large ? ' (large groups)' : ''}: ${value} ${JSON.stringify(interval)} → ${verdict}`);
    }
    // the after column carries the point's own intervals
    assert.match(table.rows[0]!.cells[3]!.interval ?? '', /^\[/);
    const note = beforeAfterNote(reweighing, shown);
    assert.doesNotMatch(note, /not bootstrapped/);
    assert.match(note, /the change’s interval is paired/);
    // the exports read it the same way
    assert.match(formatMitigationMarkdown(reweighing, 1), /\| Verdict \|/);
    // a run of its own is not part of a comparison
    assert.equal(comparisonLine(reweighing), null);
  });

  it('reads a sweep point without intervals (an older report) as a direction, said once, not "(no interval)" on every row', () => {
    const older = withUnbootstrappedSweep(reweighing);
    const point = afterChoice(older, 1).summary;
    const table = beforeAfterTable(older, point);
    assert.equal(table.columns.at(-1)!.label, 'Direction');
    const quality = (s: { accuracy?: number | null }) => s.accuracy!;
    const directions = table.rows.map((row) => row.cells.at(-1)!);
    // accuracy: the point's against before's, read by hand
    const accuracy = quality(point) > quality(older.before) ? 'better' : quality(point) < quality(older.before) ? 'worse' : 'unchanged';
    assert.equal(directions[0]!.text, accuracy);
    assert.ok(
      directions.every((cell) => !cell.text.includes('(no interval)') && cell.class === undefined),
      'no verdict colour for a point estimate',
    );
    const note = beforeAfterNote(older, point);
    assert.equal(note.match(/not bootstrapped/g)?.length, 1, note);
    // the run's own result keeps its verdicts from the paired intervals
    assert.equal(beforeAfterTable(older, older.after).columns.at(-1)!.label, 'Verdict');
  });

  it('says which rows before and after were both measured on, and what "before" is', () => {
    // the held-out file holds rows 0, 3, 6, … of the example's 7,214: ⌈7214 / 3⌉ = 2,405
    assert.equal(reweighing.before.rows, 2405);
    assert.equal(reweighing.after.rows, 2405);
    assert.match(runLine(reweighing, reweighing.after), /· before and after both measured on the 2,405 rows of the held-out file test\.csv ·/);
    assert.match(
      beforeAfterNote(reweighing, reweighing.after),
      /^Before: the same logistic regression fitted without the weights, on the same rows as after\. /,
    );
    assert.equal(beforeAfterTable(reweighing, reweighing.after).columns[2]!.title, 'before: the same logistic regression fitted without the weights');
  });

  it('rounds settings for reading and gives ten methods ten colours and ten markers, each colour one hue in every theme', () => {
    assert.equal(settingText('band', 0.004999999999999989), 'band = 0.005');
    assert.equal(settingText('lambda', 0.0001), 'lambda = 0.0001');
    assert.equal(roundSetting(0.123456), '0.123');
    for (const series of [LIGHT_SERIES, DARK_SERIES, HIGH_CONTRAST_SERIES]) {
      const styles = Array.from({ length: 10 }, (_, i) => styleOf(i, { ...LIGHT_THEME, series }));
      assert.equal(new Set(styles.map((s) => s.color.toLowerCase())).size, 10);
      assert.equal(new Set(styles.map((s) => s.marker)).size, 10);
    }
    assert.equal(MARKERS.length, 10);
    // markers need 3:1 against the background (WCAG 2.1, test/support/contrast.ts): the light palette on white (Light+,
    // High Contrast Light, the export), the dark one on Dark+ and Dark Modern, the dark export and High Contrast's black
    const backgrounds = { light: ['#ffffff'], dark: ['#1e1e1e', '#1f1f1f', '#0d1117', '#000000'] };
    for (const [palette, series] of [
      ['light', LIGHT_SERIES],
      ['dark', DARK_SERIES],
    ] as const)
      for (const colour of series)
        for (const background of backgrounds[palette])
          assert.ok(contrast(colour, background) >= 3, `${colour} on ${background}: ${contrast(colour, background).toFixed(2)}`);
    // high contrast's black: 7:1, as its text
    for (const colour of HIGH_CONTRAST_SERIES) assert.ok(contrast(colour, '#000000') >= 7, `${colour} on black: ${contrast(colour, '#000000').toFixed(2)}`);
    // a method keeps its hue when the theme changes: the same OKLCH hue within 2°, only the lightness differs (the grey has none)
    for (const [i, light] of [...LIGHT_SERIES.entries(), ...HIGH_CONTRAST_SERIES.entries()]) {
      const [a, b] = [oklch(light), oklch(DARK_SERIES[i]!)];
      if (a.chroma < 0.01 || b.chroma < 0.01) {
        assert.ok(a.chroma < 0.01 && b.chroma < 0.01, `method ${i}: grey in both themes (${light}, ${DARK_SERIES[i]})`);
        continue;
      }
      const difference = Math.abs(((a.hue - b.hue + 540) % 360) - 180);
      assert.ok(difference <= 2, `method ${i}: ${light} at ${a.hue.toFixed(1)}°, ${DARK_SERIES[i]} at ${b.hue.toFixed(1)}°`);
    }
  });

  it('focuses the comparison on the front and the unmitigated model, leaving reject-option’s far points out', () => {
    const plot = comparisonPlot(comparison);
    const focus = focusWindow(plot)!;
    const inside = (p: { x: number; y: number }) => p.x >= focus.x[0] && p.x <= focus.x[1] && p.y >= focus.y[0] && p.y <= focus.y[1];
    assert.ok(plot.points.filter((p) => p.pareto).every(inside), 'every Pareto-optimal point');
    assert.ok(inside(plot.reference!), 'the unmitigated model');
    const far = plot.points.filter((p) => p.method === 'reject-option' && p.x >= 0.9);
    assert.ok(far.length > 30 && far.every((p) => !inside(p)), `${far.length} reject-option points with a gap of 0.9 or more`);
    assert.equal(pointsOutside(plot, focus), plot.points.filter((p) => !inside(p)).length);
  });

  it('finds the sweep point a run reports as "after", and shows any other one instead', () => {
    // reweighing's run uses the full weights (strength 1), the last point of its sweep
    assert.equal(
      runsSweepPoint(reweighing),
      reweighing.tradeoff.findIndex((p) => p.value === 1),
    );
    // grid search picks one model for every ε it meets, so several points can carry the run's
    // figures: the point at the run's own setting is the run's, not the first of them
    const tied = {
      ...reweighing,
      parameters: { ...reweighing.parameters, strength: 0.5 },
      tradeoff: reweighing.tradeoff.map((p) => ({ ...p, ...reweighing.after, parameter: 'strength', value: p.value })),
    };
    const half = tied.tradeoff.findIndex((p) => p.value === 0.5);
    assert.ok(half > 0, 'a point at 0.5 that is not the first');
    assert.equal(runsSweepPoint(tied), half);
    assert.equal(runsSweepPoint({ ...tied, parameters: { ...tied.parameters, strength: 0.3 } }), 0, 'no point at the setting: the first that matches');
    const other = afterChoice(reweighing, 1);
    assert.equal(other.summary, reweighing.tradeoff[1]);
    assert.match(other.description, /^“After” shows strength = 0\.25 \(point 2 of 5 of the sweep\), not the run's own result/);
  });

  it("shows a mitigation run's intervals and its aggregates over the groups of at least 30 rows, before and after", async () => {
    // expected: the selection rates recounted from the run's predictions.csv (reweighing_prediction
    // by race), and the gap between the highest and lowest rate among the groups of 30 rows or more
    const counts = selectionsByRace(reweighingPredictions, 'reweighing_prediction', (prediction) => prediction === '1');
    const large = [...counts.values()].filter((g) => g.n >= 30);
    assert.ok(large.length < counts.size, 'the COMPAS test split by race has groups under 30 rows');
    const rates = large.map((g) => g.selected / g.n);
    const table = beforeAfterTable(reweighing, reweighing.after);
    const row = (label: string, badge?: string) => table.rows.find((r) => r.cells[0]!.text === label && r.cells[0]!.badge === badge)!;
    const dp = row('Demographic parity difference', `${large.length} groups with ≥ 30 rows`);
    assert.equal(dp.cells[3]!.text, (Math.max(...rates) - Math.min(...rates)).toFixed(3));
    // each figure with its interval from report.json, the all-groups row kept beside it
    const summaries = [reweighing.before, reweighing.after];
    assert.deepEqual(
      dp.cells.slice(2, 4).map((c) => c.interval),
      summaries.map((s) => formatInterval(s.largeGroups!.intervals!['demographic_parity_difference']!)),
    );
    assert.deepEqual(
      row('Demographic parity difference', `all ${counts.size} groups`)
        .cells.slice(2, 4)
        .map((c) => c.interval),
      summaries.map((s) => formatInterval(s.aggregateIntervals!['demographic_parity_difference']!)),
    );
    assert.deepEqual(
      row('Accuracy')
        .cells.slice(2, 4)
        .map((c) => c.interval),
      summaries.map((s) => formatInterval(s.intervals!['accuracy']!)),
    );
    assert.match(
      beforeAfterNote(reweighing, reweighing.after),
      /Intervals: 95% bootstrap percentile intervals \(200 Poisson resamples of the test rows, seed 0\)/,
    );
    // the exported HTML draws the same rows
    const html = await renderMitigationHtml(reweighing);
    assert.ok(html.includes(`Demographic parity difference</span> <span class="badge">${large.length} groups with ≥ 30 rows</span>`));
    assert.ok(html.includes(`<span class="ci"> ${formatInterval(reweighing.after.intervals!['accuracy']!)}</span>`));
    // the Markdown export: the same figures with their intervals from report.json, a row a line
    const markdown = formatMitigationMarkdown(reweighing).split('\n');
    assert.equal(markdown[0], '# Mitigation: reweighing on train.csv');
    const accuracyLine = markdown.find((line) => line.startsWith('| Accuracy |'))!;
    const cells = accuracyLine.split(' | ').map((cell) => cell.replace(/^\| /, ''));
    assert.equal(
      cells[2],
      `${reweighing.before.accuracy!.toFixed(3)} ${formatInterval(reweighing.before.intervals!['accuracy']!).replace(/[[\]]/g, (c) => `\\${c}`)}`,
    );
    assert.ok(markdown.includes('## Per group') && markdown.includes('## Settings'));
    assert.ok(
      markdown.some((line) => line.startsWith(`| Demographic parity difference (${large.length} groups with ≥ 30 rows) |`)),
      'the large-group row keeps its badge',
    );
    // a sweep point shown as "after" carries its own intervals; in an older report, none
    const point = afterChoice(reweighing, 1).summary;
    assert.equal(beforeAfterTable(reweighing, point).rows[0]!.cells[3]!.interval, formatInterval(point.intervals!['accuracy']!));
    const older = withUnbootstrappedSweep(reweighing);
    const olderPoint = afterChoice(older, 1).summary;
    assert.equal(beforeAfterTable(older, olderPoint).rows[0]!.cells[3]!.interval, undefined);
    assert.match(
      beforeAfterNote(older, olderPoint),
      /This setting was not bootstrapped \(the report predates bootstrapped sweep points: only the run.s own result was\): its “after” and its change are point estimates/,
    );
  });

  it("draws the intervals of the comparison's Pareto points and unmitigated model as whiskers, and lists them in the tooltip and the table", async () => {
    const view = structuredClone(comparison);
    // hand-set intervals: the reweighing point 0.675 [0.660, 0.684] across accuracy, [0.300, 0.380] across the gap
    const reweighed = view.points[6]!;
    assert.deepEqual([reweighed.method, reweighed.pareto], ['reweighing', true]);
    reweighed.intervals = { accuracy: [0.66, 0.684], fairness: [0.3, 0.38] };
    const threshold = view.points.flatMap((p, i) => (p.pareto && p.method === 'threshold' ? [i] : []));
    for (const i of threshold) view.points[i]!.intervals = { accuracy: [0.64, 0.69], fairness: [0.05, 0.35] };
    view.reference!.intervals = { accuracy: [0.659, 0.693], fairness: [0.249, 1] };
    view.bootstrap = { resamples: 200, seed: 0, level: 0.95, method: 'poisson-statistics' };

    // the ECharts option: per method, one whisker per interval (drawn in pixels, clipped to the plot), each
    // its point, the interval's ends and 0 across (the gap) or 1 up and down (accuracy)
    const plot = comparisonPlot(view);
    const option = tradeoffOption(plot, LIGHT_THEME, fullWindow(plot), false);
    const series = option.series as { name: string; data: unknown[] }[];
    // a zoomed window's odd edges: ticks inside it at a round step (0.113 / 6 = 0.019, so a step of 0.02)
    assert.deepEqual(niceTicks([0.087, 0.2]), [0.1, 0.12, 0.14, 0.16, 0.18, 0.2]);
    assert.deepEqual(niceTicks([0.6534669, 0.6921]), [0.655, 0.66, 0.665, 0.67, 0.675, 0.68, 0.685, 0.69]);
    const ends = (name: string) => series.find((s) => s.name === name)!.data.map((d) => (d as { value: number[] }).value);
    assert.deepEqual(ends('reweighing intervals'), [
      [reweighed.fairness, reweighed.accuracy, 0.3, 0.38, 0],
      [reweighed.fairness, reweighed.accuracy, 0.66, 0.684, 1],
    ]);
    assert.equal(ends('threshold intervals').length, 2 * threshold.length);
    assert.deepEqual(ends('unmitigated intervals'), [
      [0.475, 0.6748440748440748, 0.249, 1, 0],
      [0.475, 0.6748440748440748, 0.659, 0.693, 1],
    ]);
    assert.ok(!series.some((s) => s.name === 'ferm intervals'), 'no whiskers without intervals');

    // the tooltip and the table: the figure, then its interval
    assert.deepEqual(pointTooltip(view, 6, []).lines.slice(1, 3), ['accuracy 0.675 [0.660, 0.684]', 'Demographic parity difference 0.341 [0.300, 0.380]']);
    assert.deepEqual(referenceTooltip(view), [
      'unmitigated logistic regression',
      'accuracy 0.675 [0.659, 0.693]',
      'Demographic parity difference 0.475 [0.249, 1.000]',
    ]);
    assert.deepEqual(pointTooltip(view, 0, []).lines[1], `accuracy ${view.points[0]!.accuracy!.toFixed(3)}`, 'a point without intervals: its figure alone');
    // a point drawn on the unmitigated model's ring names it (cold try 17 could not hover the ring under it); others do not
    const onRing = {
      ...view,
      points: view.points.map((p, i) => (i === 0 ? { ...p, accuracy: view.reference!.accuracy, fairness: view.reference!.fairness } : p)),
    };
    assert.ok(pointTooltip(onRing, 0, []).lines.includes('also here: the unmitigated model (the ring)'));
    assert.ok(!pointTooltip(view, 0, []).lines.some((line) => line.includes('unmitigated')));
    const rows = comparisonTable(view).rows;
    assert.deepEqual(
      rows[6]!.cells.slice(2, 4).map((c) => [c.text, c.interval]),
      [
        ['0.675', '[0.660, 0.684]'],
        ['0.341', '[0.300, 0.380]'],
      ],
    );
    assert.equal(rows[0]!.cells[2]!.interval, undefined);

    // the export: the table's intervals, the note, and the whiskers drawn in the method's colour, opaque,
    // each two caps (8 px across its ends) and its line in pieces (it stops short of its own marker and of the others it passes)
    const html = await renderComparisonHtml(view);
    assert.ok(html.includes('0.675<span class="ci"> [0.660, 0.684]</span>'));
    assert.match(html, /Whiskers and bracketed figures: 95% bootstrap percentile intervals \(200 Poisson resamples of the test rows, seed 0\)/);
    assert.match(html, /Unmitigated model: accuracy 0\.675 \[0\.659, 0\.693\], Demographic parity difference 0\.475 \[0\.249, 1\.000\]\./);
    const colour = (method: string) =>
      styleOf([...new Set(view.points.filter((p) => p.accuracy !== null && p.fairness !== null).map((p) => p.method))].indexOf(method), LIGHT_THEME).color;
    const whiskerStrokes = (stroke: string) =>
      [
        ...html.matchAll(
          new RegExp(`<path d="M([-\\d.]+) ([-\\d.]+)L([-\\d.]+) ([-\\d.]+)" fill="none"[^>]* stroke="${stroke}" stroke-width="1\\.5"(?! stroke-opacity)`, 'g'),
        ),
      ].map((m) => Math.hypot(Number(m[3]) - Number(m[1]), Number(m[4]) - Number(m[2])));
    const caps = (lengths: number[]) => lengths.filter((l) => Math.abs(l - 8) < 0.01).length;
    assert.equal(caps(whiskerStrokes(colour('reweighing'))), 2 * 2);
    assert.equal(caps(whiskerStrokes(colour('threshold'))), 2 * 2 * threshold.length);
    // the pieces of line: at least one per whisker, one more for each other marker or ring it passes (it leaves a gap round each)
    const pieces = whiskerStrokes(colour('threshold')).length - 2 * 2 * threshold.length;
    assert.ok(pieces >= 2 * threshold.length && pieces <= 2 * threshold.length + view.points.length + 2, `${pieces} pieces for ${threshold.length} points`);
    assert.doesNotMatch(html, /<script/i);
  });

  it('exports a mitigation run and a comparison as HTML with the plot drawn, without script, data as text', async () => {
    const report = structuredClone(reweighing);
    report.method = '<img src=x onerror=alert(1)>';
    const html = await renderMitigationHtml(report, 2);
    assert.doesNotMatch(html, /<script|<img/i);
    assert.match(html, /<title>Parity mitigation: &lt;img src=x onerror=alert\(1\)&gt; on train\.csv<\/title>/);
    assert.match(html, /“After” shows strength = 0\.5 \(point 3 of 5/);
    assert.match(html, /<figure class="tradeoff"><svg [^>]*viewBox="0 0 720 420"/);
    const hostile = structuredClone(comparison);
    hostile.points[0]!.method = '<script>alert(2)</script>';
    const page = await renderComparisonHtml(hostile);
    assert.doesNotMatch(page, /<script>alert/);
    assert.ok(page.includes('&lt;script&gt;alert(2)&lt;/script&gt;'));
    // the legend names every method in full
    for (const method of new Set(comparison.points.slice(1).map((p) => p.method))) assert.ok(page.includes(`>${method}</li>`), method);
  });

  it('words what a positive prediction means in a mitigation report as stated, or says it is not stated; lists the features', async () => {
    // the run above states no meaning: its label's positive value is 1
    assert.equal(reweighing.columns.positive, '1');
    const unstated = 'A positive prediction (predicting two_year_recid = 1): not stated whether favourable or harmful';
    const benefit = { ...reweighing, columns: { ...reweighing.columns, positiveMeans: 'benefit' as const } };
    const favourable = 'A positive prediction (predicting two_year_recid = 1) is favourable: groups with lower selection rates are disadvantaged';
    for (const [report, line] of [
      [reweighing, unstated],
      [benefit, favourable],
    ] as const) {
      assert.ok((await renderMitigationHtml(report)).includes(`<p>${line}</p>`), line);
      assert.ok(formatMitigationMarkdown(report).includes(`\n- ${escape(line)}\n`), line);
      assert.ok(formatMitigationSummary(report).includes(`\n${line}\n`), line);
    }
    // a report written before the positive value: the meaning stays in the columns line, no sentence
    const older = { ...benefit, columns: { ...benefit.columns } };
    delete older.columns.positive;
    assert.match(columnsLine(older), / · A positive prediction is favourable$/);
    assert.doesNotMatch(await renderMitigationHtml(older), /A positive prediction \(/);
    // the features used and those left out, one reason said once for the columns it covers
    const leftOut = [
      { column: 'score_text', reason: 'score_text left out: why' },
      { column: 'sex', reason: 'sex left out: not to learn from' },
      { column: 'age_cat', reason: 'age_cat left out: not to learn from' },
    ];
    const withLeftOut = { ...reweighing, features: { used: ['age'], leftOut } };
    assert.ok(
      formatMitigationMarkdown(withLeftOut).includes(
        '\n- Features: age (never the sensitive attribute race)\n- Left out: score\\_text (why); sex, age\\_cat (not to learn from)\n',
      ),
    );
  });

  it('states the bins of a binned numeric sensitive column, named as the audit names its groups', async () => {
    // edges 33, 39, 48 cut the ages into <33, [33, 39), [39, 48) and >=48 (a value on an edge is in the bin above it)
    const binned = { ...reweighing, columns: { ...reweighing.columns, sensitive: ['age'], bins: { age: [33, 39, 48] } } };
    const line = 'Bins: age <33, [33, 39), [39, 48), >=48';
    assert.ok(formatMitigationMarkdown(binned).includes(`\n- ${escape(line)}\n`), line);
    assert.ok((await renderMitigationHtml(binned)).includes(`<p>${line.replace('<', '&lt;').replace('>=', '&gt;=')}</p>`), line);
    assert.ok(formatMitigationSummary(binned).includes(`\n${line}\n`), line);
    // no binned column (and reports written before bins): no line
    for (const report of [reweighing, { ...reweighing, columns: { ...reweighing.columns, bins: {} } }])
      assert.doesNotMatch(formatMitigationMarkdown(report), /Bins:/);
  });

  it('shows the overall selection rate before and after, and warns when "after" selects under half or over 1.5 times as many rows, or leaves under half as many unselected', async () => {
    // the cold try: after predicts positive for almost nobody, and the gap closes with it
    const nearEmpty = sweptReport();
    nearEmpty.before.selectionRate = 0.455;
    nearEmpty.before.intervals = { accuracy: [0.68, 0.72], selection_rate: [0.43, 0.48] };
    nearEmpty.after.selectionRate = 0.031;
    nearEmpty.after.intervals = { accuracy: [0.66, 0.7], selection_rate: [0.02, 0.04] };
    const warning =
      '“After” predicts positive for 3.1% of rows, against 45.5% before, and the demographic parity difference moved from 0.200 to 0.050: a gap can close because almost nobody is selected.';
    // 0.455 → 0.031: the change −0.424, no verdict
    const row = ['Selection rate (all rows)', 'not a fairness measure', '0.455 [0.430, 0.480]', '0.031 [0.020, 0.040]', '−0.424', '—'];
    // the groups' rates weighted by their rows (reports before the summary's own rate): before 0.6·0.5 + 0.4·0.3 = 0.42, after 0.6·0.45 + 0.4·0.4 = 0.43
    const within = sweptReport();
    const withinRow = ['Selection rate (all rows)', 'not a fairness measure', '0.420', '0.430', '+0.010', '—'];
    // after 0.6·0.9 + 0.4·0.8 = 0.86 > 1.5 · 0.42
    const more = sweptReport();
    more.after.groups = [
      { group: 'a', count: 600, metrics: { selection_rate: 0.9 } },
      { group: 'b', count: 400, metrics: { selection_rate: 0.8 } },
    ];
    const moreWarning =
      '“After” predicts positive for 86.0% of rows, against 42.0% before, and the demographic parity difference moved from 0.200 to 0.050: a gap can close because far more rows are selected, not because the decisions are fairer.';
    // the cold try's exponentiated gradient on Law School: 0.958 → 0.999, not 1.5 times as many, but the
    // unselected share 0.042 → 0.001 is under half of it: almost everybody is selected
    const nearFull = sweptReport();
    nearFull.before.selectionRate = 0.958;
    nearFull.after.selectionRate = 0.999;
    const fullWarning =
      '“After” predicts positive for 99.9% of rows, against 95.8% before, and the demographic parity difference moved from 0.200 to 0.050: a gap can close because almost everybody is selected, not because the decisions are fairer.';
    // the same shift while the gap widened (0.2 → 0.35: the groups 0.5/0.3 before, 0.45/0.1 after): the shift
    // explains no gain, so no warning
    const widened = sweptReport();
    widened.before.selectionRate = 0.455;
    widened.after.selectionRate = 0.031;
    widened.after.aggregates = { demographic_parity_difference: 0.35 };
    for (const [report, expectedRow, expectedWarning] of [
      [nearEmpty, row, warning],
      [widened, null, null],
      [within, withinRow, null],
      [more, null, moreWarning],
      [nearFull, null, fullWarning],
    ] as const) {
      const after = afterChoice(report, null);
      // the panel's model
      const table = beforeAfterTable(report, after.summary);
      const selection = table.rows.find((r) => r.cells[0]!.text === 'Selection rate (all rows)')!;
      assert.equal(table.rows.indexOf(selection), 1, 'under accuracy');
      if (expectedRow)
        assert.deepEqual(
          selection.cells.map((c) => (c.interval ? `${c.text} ${c.interval}` : c.text)),
          expectedRow,
        );
      const lines = mitigationHeader(report, after).lines.filter((line) => line.id === 'selection-warning');
      assert.deepEqual(
        lines.map((line) => line.text),
        expectedWarning ? [expectedWarning] : [],
      );
      // the HTML and the Markdown draw the same model
      const html = await renderMitigationHtml(report);
      const markdown = formatMitigationMarkdown(report);
      assert.equal(html.includes('predicts positive for'), expectedWarning !== null);
      assert.equal(markdown.includes('predicts positive for'), expectedWarning !== null);
      if (expectedWarning) {
        assert.ok(html.includes(`<p class="flag">${expectedWarning}</p>`), 'HTML warning');
        assert.ok(markdown.includes(`\n- ${expectedWarning}\n`), 'Markdown warning');
      }
      if (expectedRow) {
        assert.ok(markdown.includes(`| ${expectedRow.map(escape).join(' | ')} |`), 'Markdown row');
        assert.ok(html.includes('Selection rate (all rows)') && html.includes(expectedRow[2]!.split(' ')[0]!) && html.includes(expectedRow[4]!), 'HTML row');
      }
    }
    // regression has no selection rate
    const regression = { ...within, task: 'regression' as const };
    assert.ok(!beforeAfterTable(regression, regression.after).rows.some((r) => r.cells[0]!.text.startsWith('Selection rate')));
  });

  it('labels the sweep plot’s fairness axis with the groups it is over: those of adequate size by default, all when chosen', async () => {
    // a third group of 10 rows: the gap over the 2 groups of at least 30 rows differs from the one over all 3
    const report = sweptReport();
    const withSmall = (s: OutcomeSummary, smallRate: number): void => {
      const [a, b] = [s.groups[0]!.metrics['selection_rate']!, s.groups[1]!.metrics['selection_rate']!];
      s.groups.push({ group: 'c', count: 10, metrics: { selection_rate: smallRate } });
      s.largeGroups = { minGroupSize: 30, groups: 2, aggregates: { demographic_parity_difference: a - b } };
      s.aggregates = { demographic_parity_difference: Math.max(a, b, smallRate) - Math.min(a, b, smallRate) };
    };
    for (const s of [report.before, report.after, ...report.tradeoff]) withSmall(s, 0.9);
    const large = sweepPlot(report, null);
    assert.equal(large.xLabel, 'Demographic parity difference, 2 groups with ≥ 30 rows (closer to 0 is fairer)');
    // by hand: a − b of each point (0.43 − 0.42, 0.45 − 0.4, 0.48 − 0.35) and of before (0.5 − 0.3)
    const near = (actual: number[], expected: number[]) => actual.forEach((x, i) => assert.ok(Math.abs(x - expected[i]!) < 1e-12, `${x} ≠ ${expected[i]}`));
    near(
      large.points.map((p) => p.x),
      [0.01, 0.05, 0.13],
    );
    near([large.reference!.x], [0.2]);
    const all = sweepPlot(report, null, 'all');
    assert.equal(all.xLabel, 'Demographic parity difference, all 3 groups (closer to 0 is fairer)');
    // 0.9 − the lowest rate
    near(
      all.points.map((p) => p.x),
      [0.48, 0.5, 0.55],
    );
    near([all.reference!.x], [0.6]);
    // the exported HTML draws the default, and says so
    assert.ok((await renderMitigationHtml(report)).includes('Demographic parity difference, 2 groups with ≥ 30 rows (closer to 0 is fairer)'));
    // a report before the large-group figures (or with no small group): today's label, over all groups
    const older = sweptReport();
    assert.equal(sweepPlot(older, null).xLabel, 'Demographic parity difference (closer to 0 is fairer)');
    assert.equal(sweepLargeGroups(older), null);
  });

  it('says in the header which tolerance the run used and which one "after" shows, the same in the HTML and the Markdown', async () => {
    const report = sweptReport();
    const run = 'post-processing · before and after both measured on the 1,000 rows of the held-out file test.csv';
    const shared: [string, string][] = [
      ['columns', 'Columns: Label outcome · Sensitive group · Score score'],
      ['positive', 'A positive prediction (predicting outcome = 1) is favourable: groups with lower selection rates are disadvantaged'],
      ['features', 'Features: age, priors (never the sensitive attribute group)'],
      ['features-left-out', 'Left out: sex (a sensitive attribute of the file, or listed not to learn from)'],
    ];
    const own: [string, string][] = [
      ['run', `${run} · 1.5 s`],
      ...shared,
      ['settings', 'Settings: Constraint demographic-parity · Tolerance 0.01 · Objective accuracy'],
      ['after-setting', "“After” is the run's own result: tolerance = 0.01 (point 2 of 3 of the sweep)."],
    ];
    // tolerance 0.1 shown: the time is the whole run's, the Settings line's 0.01 is marked as the run's own, "after" names both,
    // and the files beside the report are said to be the run's own
    const other: [string, string][] = [
      ['run', `${run} · 1.5 s for the whole run, not for this point`],
      ...shared,
      ['settings', "Settings: Constraint demographic-parity · Tolerance 0.01 for the run's own result · Objective accuracy"],
      ['after-setting', "“After” shows tolerance = 0.1 (point 3 of 3 of the sweep), not the run's own result (tolerance = 0.01)."],
      [
        'own-files',
        "model.json and predictions.csv beside this report are the run's own result (tolerance = 0.01), not tolerance = 0.1's: run the method again with tolerance = 0.1 to get its model.",
      ],
    ];
    for (const [sweepIndex, expected] of [
      [null, own],
      [1, own],
      [2, other],
    ] as const) {
      const header = mitigationHeader(report, afterChoice(report, sweepIndex));
      assert.equal(header.title, 'Mitigation: threshold on train.csv');
      assert.deepEqual(
        header.lines.map((line) => [line.id, line.text]),
        expected,
        `sweep point ${sweepIndex}`,
      );
      const markdown = formatMitigationMarkdown(report, sweepIndex).split('\n');
      assert.deepEqual(markdown.slice(0, 2 + expected.length), ['# Mitigation: threshold on train.csv', '', ...expected.map(([, line]) => `- ${line}`)]);
      const html = await renderMitigationHtml(report, sweepIndex);
      const classes: Record<string, string> = { 'after-setting': ' class="after-setting"', 'own-files': ' class="note"' };
      const paragraphs = expected.map(([id, line]) => `<p${classes[id] ?? ''}>${escapeXml(line)}</p>`);
      assert.ok(html.includes(`<h1>Mitigation: threshold on train.csv</h1>\n${paragraphs.join('\n')}\n<h2>`), `HTML, sweep point ${sweepIndex}`);
    }
    // the stated meaning: the panel offers Change… on this line
    assert.deepEqual(mitigationHeader(report, afterChoice(report)).lines[2], { id: 'positive', text: shared[1]![1], stated: true });
    // an export is named after the sweep point it shows, not as the run's own report beside its model.json
    assert.deepEqual(
      [null, 1, 2].map((sweepIndex) => mitigationExportName(report, sweepIndex, 'md')),
      ['report.parity.md', 'report.parity.md', 'report-tolerance-0.1.parity.md'],
    );
    // the Markdown's Settings section points at the line rather than repeating it
    assert.ok(
      formatMitigationMarkdown(report).includes('\n## Settings\n\nThe plain settings are on the Settings line at the top; report.json has all of them.\n'),
    );
  });

  it("marks what a reduction's fit found (classifiers visited and mixed) as the run's own when a sweep point is shown", () => {
    // an exponentiated-gradient run at epsilon 0.01 (point 2 of 3) that visited 21 classifiers and mixed 5
    const report = sweptReport();
    report.method = 'exponentiated-gradient';
    report.kind = 'in-processing';
    report.parameters = { constraint: 'demographic-parity', epsilon: 0.01, classifiersVisited: 21, classifiersMixed: 5 };
    for (const point of report.tradeoff) point.parameter = 'epsilon';
    const settings = (sweepIndex: number | null) =>
      mitigationHeader(report, afterChoice(report, sweepIndex)).lines.find((line) => line.id === 'settings')!.text;
    assert.equal(settings(1), 'Settings: Constraint demographic-parity · Epsilon 0.01 · Classifiers visited 21 · Classifiers mixed 5');
    assert.equal(
      settings(0),
      "Settings: Constraint demographic-parity · Epsilon 0.01 for the run's own result · Classifiers visited 21 for the run's own result · Classifiers mixed 5 for the run's own result",
    );
    assert.equal(mitigationExportName(report, 0, 'html'), 'report-epsilon-0.001.parity.html');
  });

  it('says once, under "after", that a randomized decision is shown in expectation and gives its seeded draw’s figures', async () => {
    // "after" in expectation; the draw's accuracy and the constrained gap (demographic parity) in the line
    const report = randomizedReport();
    for (const [sweepIndex, line] of [
      [null, RANDOMIZED_LINES.own],
      [2, RANDOMIZED_LINES.third],
    ] as const) {
      const lines = mitigationHeader(report, afterChoice(report, sweepIndex)).lines;
      const at = lines.findIndex((l) => l.id === 'after-setting');
      assert.deepEqual(lines[at + 1], { id: 'randomized', text: line }, `sweep point ${sweepIndex}`);
      assert.ok(formatMitigationMarkdown(report, sweepIndex).includes(`\n- ${escape(line)}\n`), `Markdown, sweep point ${sweepIndex}`);
      assert.ok((await renderMitigationHtml(report, sweepIndex)).includes(`<p>${escapeXml(line)}</p>`), `HTML, sweep point ${sweepIndex}`);
      // said once: no "Expected" column, and the note under the table does not repeat it
      const table = beforeAfterTable(report, afterChoice(report, sweepIndex).summary);
      assert.deepEqual(
        table.columns.map((c) => c.label),
        ['Measure', 'Fairer when', 'Before', 'After', 'Change', 'Direction'],
      );
      assert.doesNotMatch(formatMitigationMarkdown(report, sweepIndex), /seeded draw written to predictions\.csv/);
    }
    // a draw with a group set aside (a third group of 10 rows): its gap over the 2 groups of ≥ 30 rows first, the one over all 3 beside it
    const small = randomizedReport();
    small.draw = {
      ...small.draw!,
      aggregates: { demographic_parity_difference: 0.5 },
      groups: [...small.draw!.groups, { group: 'c', count: 10, metrics: { selection_rate: 0.9 } }],
      largeGroups: { minGroupSize: 30, groups: 2, aggregates: { demographic_parity_difference: 0.0951 } },
    };
    assert.match(
      randomizedLine(small, small.after)!,
      /: its accuracy 0\.671, demographic parity difference 0\.095 over the 2 groups with ≥ 30 rows \(0\.500 over all 3 groups\)\.$/,
    );
    // a report of schema version 1 (after: the draw, expected: the expectation) keeps its Expected column and says what it is
    const older: MitigationReport = { ...sweptReport(), expected: { ...sweptReport().after, accuracy: 0.69 } };
    assert.ok(beforeAfterTable(older, older.after).columns.some((c) => c.label === 'Expected'));
    assert.match(formatMitigationMarkdown(older), /“After” is the seeded draw written to predictions\.csv, “Expected” its average over the random choices/);
    assert.ok(!mitigationHeader(older, afterChoice(older)).lines.some((l) => l.id === 'randomized'));
  });
});

// The bundled example as a new user audits it in the editor: race, sex and age_cat with their
// pairs and full intersection, 200 resamples. Expected values are recomputed here from the
// report's per-group rates or recounted from the CSV.
describe('the audit aggregates of the COMPAS example', () => {
  const csv = path.join(root, 'examples/compas/compas-two-years.csv');
  let report: AuditReport;
  let markdown: string;
  let html: string;
  before(async () => {
    report = await runAudit(csv, { roles: { label: 'two_year_recid', score: 'decile_score', sensitive: ['race', 'sex', 'age_cat'] }, threshold: 5 });
    markdown = formatMarkdown(report);
    html = renderAuditHtml(report);
  });

  it('stars every aggregate whose interval leaves out its estimate, and no other, with one note when some is starred', () => {
    let starred = 0;
    for (const grouping of report.groupings) {
      const table = aggregatesTable(report, grouping);
      const outside = (value: number | null | undefined, interval: [number, number] | null | undefined) =>
        typeof value === 'number' && !!interval && (value < interval[0] || value > interval[1]);
      let inGrouping = 0;
      for (const [i, name] of keyAggregates(grouping).entries()) {
        const [all, large] = [table.rows[i]!.cells[2]!, table.rows[i]!.cells[3]];
        const expectAll = outside(grouping.aggregates[name], grouping.aggregateIntervals[name]);
        const expectLarge = outside(grouping.largeGroups.aggregates[name], grouping.largeGroups.intervals[name]);
        assert.equal(all.interval?.endsWith(' †') ?? false, expectAll, `${grouping.by.join(' × ')} ${name}, all groups: ${all.text} ${all.interval}`);
        // one column when every group is large: the large groups' figure is the same one
        if (!large) assert.equal(grouping.largeGroups.aggregates[name], grouping.aggregates[name], `${grouping.by.join(' × ')} ${name}`);
        else
          assert.equal(
            large.interval?.endsWith(' †') ?? false,
            expectLarge,
            `${grouping.by.join(' × ')} ${name}, large groups: ${large.text} ${large.interval}`,
          );
        if (expectAll) assert.ok(all.title?.startsWith(EXCLUDED_NOTE), 'why, on hover');
        inGrouping += Number(expectAll) + Number(large !== undefined && expectLarge);
      }
      // the note right under the table, not at the end of the paragraph below it
      assert.equal(tableFootnote(table), inGrouping > 0 ? EXCLUDED_NOTE : undefined, grouping.by.join(' × '));
      assert.ok(!aggregatesNote(report, grouping, undefined, 'panel').includes(EXCLUDED_NOTE), grouping.by.join(' × '));
      starred += inGrouping;
    }
    // the defect as seen: by sex, the accuracy gap between the two groups is far under its interval's low end
    const sex = report.groupings.find((g) => g.by.join() === 'sex')!;
    assert.ok(sex.aggregates['accuracy_difference']! < sex.aggregateIntervals['accuracy_difference']![0]);
    // (by sex both groups are large: one column, so that gap is starred once)
    assert.ok(starred >= 1, `${starred} starred cells`);
    // the exports: the same cells starred (Markdown escapes the star), and the note once per grouping that has one
    assert.equal(html.match(/\] †<\/span>/g)?.length, starred);
    assert.equal(markdown.match(/\\\] †/g)?.length, starred);
    const withNote = report.groupings.filter((g) => tableFootnote(aggregatesTable(report, g)) !== undefined).length;
    assert.ok(withNote >= 1 && withNote < report.groupings.length);
    assert.equal(html.match(/<\/table><\/div><p class="note table-footnote">† The interval leaves out its estimate/g)?.length, withNote);
    assert.equal(markdown.match(/\|\n\n† The interval leaves out its estimate/g)?.length, withNote);
  });

  it('says under the aggregates that a gap interval never reaches parity, only when there are intervals', () => {
    // the cold try's case: by sex, the equal opportunity gap's interval leaves out 0 while Female's difference to the reference holds it
    const sex = report.groupings.find((g) => g.by.join() === 'sex')!;
    const gap = sex.aggregateIntervals['equal_opportunity_difference']!;
    assert.ok(gap[0] > 0, `the gap's interval ${JSON.stringify(gap)} starts above 0`);
    for (const grouping of report.groupings) assert.ok(aggregatesNote(report, grouping, undefined, 'static').includes(gapIntervalNote(true)));
    const withoutIntervals = { ...sex, aggregateIntervals: {} };
    assert.ok(!aggregatesNote(report, withoutIntervals, undefined, 'static').includes(gapIntervalNote(true)));
  });

  it('names the two groups behind each gap, ratio and comparison with the reference, over all groups and over the large ones', () => {
    const name = (g: GroupResult) => Object.values(g.key).join(' & ');
    for (const grouping of report.groupings) {
      const table = aggregatesTable(report, grouping);
      const row = (aggregate: string) => table.rows[keyAggregates(grouping).indexOf(aggregate)]!;
      const withRows = grouping.groups.filter((g) => g.count > 0);
      const large = withRows.filter((g) => g.count >= report.minGroupSize);
      const reference = grouping.groups.find((g) => name(g) === Object.values(grouping.reference).join(' & '))!;
      // one column when every group is large
      const columns =
        table.columns.length === 4
          ? ([
              [2, withRows],
              [3, large],
            ] as const)
          : ([[2, withRows]] as const);
      if (columns.length === 1) assert.equal(large.length, withRows.length, grouping.by.join(' × '));
      for (const [column, groups] of columns) {
        // largest vs smallest selection rate (any of the groups tied at either end): demographic parity's difference and ratio
        const rates = groups.map((g) => g.metrics['selection_rate']).filter((r) => typeof r === 'number');
        const at = (rate: number) => groups.filter((g) => g.metrics['selection_rate'] === rate).map(name);
        const pairs = at(Math.max(...rates)).flatMap((high) => at(Math.min(...rates)).map((low) => `${high} vs ${low}`));
        for (const aggregate of ['demographic_parity_difference', 'demographic_parity_ratio'])
          assert.ok(pairs.includes(row(aggregate).cells[column]!.detail!), `${grouping.by.join(' × ')} ${aggregate}: ${row(aggregate).cells[column]!.detail}`);
        // the group whose selection rate is farthest from the reference's, against the reference
        const gap = (g: GroupResult) => Math.abs(g.metrics['selection_rate']! - reference.metrics['selection_rate']!);
        const farthest = groups.filter((g) => g !== reference).sort((a, b) => gap(b) - gap(a))[0]!;
        assert.equal(row('statistical_parity_difference').cells[column]!.detail, `${name(farthest)} vs ${name(reference)}`);
      }
    }
    // read as the user did: by race, −0.379 (statistical parity) and 0.457 (demographic parity) compare different groups
    const race = report.groupings.find((g) => g.by.join() === 'race')!;
    const table = aggregatesTable(report, race);
    const cell = (aggregate: string, column: number) => table.rows[keyAggregates(race).indexOf(aggregate)]!.cells[column]!.detail;
    assert.equal(cell('demographic_parity_difference', 2), 'Native American vs Other');
    assert.equal(cell('demographic_parity_difference', 3), 'African-American vs Other', 'Native American (18 rows) is left out');
    assert.equal(cell('statistical_parity_difference', 2), 'Other vs African-American');
    // on hover, the small group that sets the figure over all groups is said so, with the column that leaves it out
    const title = (aggregate: string, column: number) => table.rows[keyAggregates(race).indexOf(aggregate)]!.cells[column]!.title ?? '';
    assert.ok(
      title('demographic_parity_difference', 2).includes(
        `"Native American" (18 rows) has fewer than 30 rows, too few to judge: the column "${race.largeGroups.groups} groups with ≥ 30 rows" leaves it out`,
      ),
      title('demographic_parity_difference', 2),
    );
    assert.doesNotMatch(title('demographic_parity_difference', 3), /fewer than/);
    assert.equal(cell('ks_distance', 2), undefined, 'a distance between distributions names no pair');
    assert.match(
      markdown,
      /\| Demographic parity difference — largest − smallest group \| closer to 0 is fairer \| 0\.457 \\\[[^|]*\\\] — Native American vs Other \| 0\.379 /,
    );
    assert.ok(html.includes('<span class="detail">Native American vs Other</span>'));
  });

  it('labels every aggregate by its readable name, each label once, in the panel and the exports', () => {
    for (const grouping of report.groupings) {
      const labels = aggregatesTable(report, grouping).rows.map((row) => row.cells[0]!.text);
      assert.equal(new Set(labels).size, labels.length, labels.join(', '));
    }
    assert.ok(aggregatesTable(report, report.groupings[0]!).rows.some((row) => row.cells[0]!.text === 'Equal opportunity vs reference'));
    // Markdown: no JSON name in any table row, the readable ones instead
    const tableRows = markdown.split('\n').filter((line) => line.startsWith('| '));
    for (const name of keyAggregates(report.groupings[0]!)) assert.ok(!tableRows.some((line) => line.startsWith(`| ${name} `)), name);
    assert.ok(tableRows.some((line) => line.startsWith('| Demographic parity difference — largest − smallest group | ')));
  });

  it('has the comparisons with the reference in the Markdown export, as the HTML export has them', () => {
    const sections = markdown.split(/^## By /m).slice(1);
    assert.equal(sections.length, report.groupings.length);
    for (const [i, section] of sections.entries()) {
      const grouping = report.groupings[i]!;
      assert.match(section, /^### Against the reference group$/m);
      const against = section.split('### Against the reference group')[1]!.split('### Aggregates')[0]!;
      const reference = grouping.groups.find((g) => JSON.stringify(g.key) === JSON.stringify(grouping.reference))!;
      // a row per group, the reference marked; Caucasian's statistical parity difference by race recomputed from the rates
      assert.equal(against.split('\n').filter((line) => line.startsWith('| ') && !/^\| (---|race|sex|age)/.test(line)).length, grouping.groups.length);
      assert.ok(against.includes(`(reference) | ${reference.count.toLocaleString('en-US')} | reference |`), grouping.by.join(' × '));
    }
    const race = report.groupings.find((g) => g.by.join() === 'race')!;
    const rate = (group: string) => race.groups.find((g) => g.key['race'] === group)!.metrics['selection_rate']!;
    assert.match(markdown, new RegExp(`^\\| Caucasian \\| 2,454 \\| ${(rate('Caucasian') - rate('African-American')).toFixed(3)} `, 'm'));
    assert.ok(html.includes('<h3>Against the reference group</h3>'));
  });

  it('never cuts a label in the static HTML export', () => {
    assert.doesNotMatch(html, /class="truncate"/);
    assert.ok(html.includes('<span class="label-text">Equal opportunity vs reference</span>'));
  });

  it('leaves groups without rows out of the small-group warnings and diagnostics, and lists every small group', () => {
    // recounted from the CSV: combinations with 1 to 29 rows are small; combinations with none are not groups of the data
    const [header, ...lines] = readFileSync(csv, 'utf8').trimEnd().split('\n');
    const columns = header!.split(',');
    const at = ['race', 'sex', 'age_cat'].map((c) => columns.indexOf(c));
    const counts = new Map<string, number>();
    for (const line of lines) {
      const key = at.map((i) => line.split(',')[i]).join(' & ');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const small = [...counts.values()].filter((n) => n < report.minGroupSize).length;
    const full = report.groupings.find((g) => g.by.length === 3)!;
    assert.ok(
      full.groups.some((g) => g.count === 0),
      'the full intersection has empty combinations',
    );
    const fullWarning = report.warnings.find((w) => w.code === 'small-group' && w.column === 'race,sex,age_cat')!;
    assert.match(fullWarning.message, new RegExp(`^race × sex × age_cat: ${small} groups under 30 rows`));
    for (const warning of report.warnings) assert.doesNotMatch(warning.message, /\(0\)/);
    const diagnostics = auditDiagnostics(report, columns, undefined)
      .filter((d) => d.code === 'parity.smallGroup')
      .map((d) => (typeof d.message === 'string' ? d.message : d.message.value));
    // one entry per single attribute with small groups, and one counting the crossed groupings' small groups
    const withSmall = report.groupings.filter((g) => g.groups.some((group) => group.count > 0 && group.count < 30));
    assert.ok(withSmall.some((g) => g.by.length > 1) && withSmall.some((g) => g.by.length === 1));
    assert.equal(diagnostics.length, withSmall.filter((g) => g.by.length === 1).length + 1);
    for (const message of diagnostics) assert.doesNotMatch(message, /\(0\)/);
    const crossedDiagnostic = diagnostics.find((message) => message.startsWith('Crossed groups under 30 rows'))!;
    assert.match(crossedDiagnostic, new RegExp(`race × sex × age_cat ${small}[,;]`));
    // the exports show an empty combination as one without rows, not as small
    assert.match(markdown, /^\| Asian & Female & Less than 25 \(no rows\) \|/m);
  });
});

describe('views of a numeric label and of a regression: no four-fifths flags, the difference to the reference instead', () => {
  const fixtures = path.join(root, 'test/fixtures/audit');
  let numeric: AuditReport;
  let regression: AuditReport;
  let classification: AuditReport;
  let sizes: AuditReport;
  before(async () => {
    sizes = await runAudit(path.join(fixtures, 'numeric-label.csv'), { roles: { sensitive: ['region'] }, bootstrap: 0 });
    // numeric-label.csv: north mean 0.5 (the reference, 4 rows), south −0.5: south − north = −1 (by hand)
    numeric = await runAudit(path.join(fixtures, 'numeric-label.csv'), { roles: { label: 'grade', sensitive: ['region'] }, bootstrap: 50 });
    regression = await runAudit(path.join(fixtures, 'regression.csv'), {
      roles: { label: 'target', prediction: 'predicted', sensitive: ['group'] },
      task: 'regression',
      bootstrap: 50,
    });
    classification = await runAudit(path.join(fixtures, 'classification.csv'), {
      roles: { label: 'label', prediction: 'prediction', sensitive: ['group'] },
      bootstrap: 0,
    });
  });

  it("the header says a numeric label's means are compared, not that there is no label", () => {
    const lines = describeAudit(numeric);
    assert.ok(lines.includes(numericLabelLine('grade')), lines.join('\n'));
    assert.ok(!lines.includes(NO_LABEL_LINE));
    assert.match(NO_LABEL_LINE, /means \(a numeric one\)/);
  });

  it('the groups table shows the mean, and no flags column when no shown figure can be flagged', () => {
    const grouping = numeric.groupings[0]!;
    const keys = groupsTable(numeric, grouping, undefined, 'static').columns.map((c) => c.key);
    assert.deepEqual(keys, ['group', 'count', 'representation', 'label_mean']);
    assert.ok(!groupsTable(regression, regression.groupings[0]!, undefined, 'static').columns.some((c) => c.key === 'flags'));
    // rates keep their flags column
    assert.ok(groupsTable(classification, classification.groupings[0]!, undefined, 'static').columns.some((c) => c.key === 'flags'));
    assert.match(groupsNote(numeric, grouping, undefined, 'static'), /^No four-fifths flags: .*a mean of grade is not one/);
    assert.match(groupsNote(regression, regression.groupings[0]!, undefined, 'static'), /^No four-fifths flags: .*a regression's means and errors/);
    assert.ok(keyAggregates(grouping).includes('label_mean_difference'));
  });

  it('a table of sizes alone (no label, no model output) has no flags column, and says why in one line', () => {
    const grouping = sizes.groupings[0]!;
    assert.ok(!groupsTable(sizes, grouping, undefined, 'static').columns.some((c) => c.key === 'flags'));
    assert.ok(
      groupsNote(sizes, grouping, undefined, 'static').startsWith(
        'No four-fifths flags: without a label or a model output there is no rate to compare, only the groups’ sizes.',
      ),
    );
    // nothing to compare with a reference or to aggregate: the exports leave those sections out
    assert.deepEqual(grouping.aggregates, {});
    const markdown = formatMarkdown(sizes);
    assert.ok(!markdown.includes('Four-fifths flags'));
    assert.ok(!markdown.includes('### Aggregates') && !markdown.includes('### Against the reference group'), markdown);
    assert.ok(!renderAuditHtml(sizes).includes('<h3>Aggregates</h3>'));
    // the terminal's table ends at the share: numeric-label.csv has 4 north and 3 south rows (counted by hand)
    const table = formatTable(sizes);
    assert.match(table, /^north \(small\) +4 +0\.571$/m);
    assert.ok(!table.includes('aggregate'), table);
  });

  it('the aggregates of a report without flags do not point to the * on a flag', () => {
    for (const report of [numeric, regression]) {
      for (const grouping of report.groupings) {
        const note = aggregatesNote(report, grouping, undefined, 'static');
        assert.ok(note.includes(gapIntervalNote(false)), note);
        assert.ok(!note.includes('on a flag'), note);
      }
    }
  });

  it('the comparison with the reference gives south − north = −1 with its interval', () => {
    const grouping = numeric.groupings[0]!;
    const [measure] = referenceMeasures(numeric);
    assert.equal(measure?.key, 'label_mean');
    assert.equal(measure?.kind, 'difference');
    const table = referenceTable(numeric, grouping);
    const column = table.columns.findIndex((c) => c.key === 'label_mean');
    assert.equal(table.columns[column]!.label, 'Difference in mean grade');
    const south = table.rows.find((r) => r.cells[0]!.text === 'south')!;
    assert.equal(south.cells[column]!.text, '-1.000');
    assert.ok(south.cells[column]!.interval, 'an interval');
  });

  it('the exports and the terminal leave out the four-fifths caveat and flags, and show the difference', () => {
    const markdown = formatMarkdown(numeric);
    assert.ok(!markdown.includes('Four-fifths flags follow'), 'no caveat');
    assert.ok(!markdown.includes('| Four-fifths flags'), 'no flags column');
    assert.match(markdown, /^\| south \(small\) \| 3 \| -1\.000 \\\[/m);
    assert.ok(!renderAuditHtml(numeric).includes('class="caveat"'));
    const table = formatTable(numeric);
    assert.match(table, /mean − ref \[interval\]/);
    assert.match(table, /^south \(small\) .* -1 \[/m);
    assert.ok(!table.includes('4/5 flags'));
    assert.match(formatTable(regression), /mean ŷ − ref \[interval\]/);
    // a classification audit keeps both
    assert.ok(formatMarkdown(classification).includes('Four-fifths flags follow'));
    assert.ok(formatTable(classification).includes('4/5 flags'));
  });
});

describe('a dataset audit compares each group with the reference with an interval', () => {
  it('statistical parity difference of the base rates: north 2/4 − south 1/5 = 0.300 (by hand), with its bootstrap interval', async () => {
    const report = await runAudit(path.join(root, 'test/fixtures/audit/dataset.csv'), { roles: { label: 'approved', sensitive: ['region'] }, bootstrap: 50 });
    const grouping = report.groupings[0]!;
    assert.deepEqual(grouping.reference, { region: 'south' });
    const table = referenceTable(report, grouping);
    const column = table.columns.findIndex((c) => c.key === 'statistical_parity_difference');
    const north = table.rows.find((r) => r.cells[0]!.text === 'north')!;
    assert.equal(north.cells[column]!.text, '0.300');
    // cold try 9: shown in italics as a point estimate computed from the rates, without an interval
    assert.ok(north.cells[column]!.interval, 'an interval');
    assert.doesNotMatch(north.cells[column]!.title ?? '', /computed from the groups/);
  });
});

describe('the groups note of a dataset audit', () => {
  it('explains the flags without the model rates’ short names it has none of (TPR, PPV, …)', async () => {
    const report = await runAudit(path.join(root, 'test/fixtures/audit/dataset.csv'), { roles: { label: 'approved', sensitive: ['region'] }, bootstrap: 0 });
    const grouping = report.groupings[0]!;
    const panel = groupsNote(report, grouping, undefined, 'panel');
    assert.match(panel, /its ratio to the reference's \(both groups’ values and the p-values on hover\)\./);
    assert.doesNotMatch(panel, /TPR|PPV|FDR/);
    assert.doesNotMatch(groupsNote(report, grouping, undefined, 'static'), /TPR|\(\)/);
  });
});
