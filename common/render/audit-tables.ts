import { LABEL_CONDITIONED_METRICS, type AuditReport, type Grouping, type GroupResult } from '../reports/audit';
import { adequateGroupsLabel, anyFewLabels, isSetAside, setAsideForLabels, setAsideReason, tooFewRows } from './set-aside';
import {
  AggregatePair,
  aggregatePair,
  complementPair,
  aggregateRows,
  Figure,
  FlagLine,
  flagLines,
  flagSide,
  groupingName,
  groupName,
  ReferenceChoice,
  referenceFigure,
  referenceGroup,
  referenceMeasures,
  ShownFlags,
  listedGroups,
  noFlagsSentence,
  shownFlags,
  showsFourFifthsFlags,
} from './audit-model';
import { metricName, shortMetricName } from './metric-names';
import { fewRowsBehind, rowsBehindSentence, rowsBehindWords } from './rate-rows';
import {
  CellModel,
  ColumnModel,
  EXCLUDED_MARK,
  EXCLUDED_NOTE,
  excludesEstimate,
  figureCell,
  formatFigure,
  gapIntervalNote,
  Medium,
  RowModel,
  TableModel,
} from './table';
import { disadvantageSentence, flagSideSentence, formatCount, formatInterval, FOUR_FIFTHS_RULE, keyAggregates, keyMetrics, positiveMeaning } from './text';

/**
 * The audit's tables for one grouping, shared by the panel and the exported report: the groups
 * with their rates and four-fifths flags, the signed comparisons with the reference group, and
 * the aggregates over all groups and over the adequately sized ones.
 */

/** Per-group metrics shown (the JSON has them all): the CLI table's choice, or every metric of a task it does not know. */
function shownMetrics(report: AuditReport, grouping: Grouping): string[] {
  const known = (keyMetrics(report) as { name: string }[] | undefined)?.map((m) => m.name);
  return (known ?? Object.keys(grouping.groups[0]?.metrics ?? {})).filter((m) => m !== 'count');
}

function smallNote(report: AuditReport): string {
  return `fewer than ${report.minGroupSize} rows: too few to judge; no four-fifths flags`;
}

/** "2 rows with a positive label, under 5: …": a group set aside for its label counts. */
function fewLabelsNote(report: AuditReport, group: GroupResult): string {
  return `${setAsideReason(group, report)}: too few to judge its rates conditioned on the label (TPR, FPR, …); no four-fifths flags on those, and left out of the aggregates over adequately sized groups`;
}

/** The badge of a group set aside for its label counts (one for its rows is "small"). */
const FEW_LABELS = 'few labels';

/** The sentence under a groups table when some group is set aside for its label counts; empty otherwise. */
function fewLabelsSentence(report: AuditReport, grouping: Grouping): string {
  if (!anyFewLabels(grouping.groups, report)) return '';
  return ` Groups marked ${FEW_LABELS} have fewer than ${report.minLabelCount} rows with a positive or with a negative label: their rates conditioned on the label (TPR, FPR, …) rest on those few rows, so those rates get no four-fifths flags.`;
}

function rowClass(report: AuditReport, group: GroupResult, isReference: boolean): string | undefined {
  const classes = [group.count === 0 ? 'empty' : isSetAside(group, report) ? 'small' : '', isReference ? 'reference' : ''].filter(Boolean);
  return classes.length > 0 ? classes.join(' ') : undefined;
}

function groupCell(report: AuditReport, group: GroupResult, isReference: boolean): CellModel {
  const name = groupName(group);
  const notes = [
    name,
    isReference ? 'reference group' : '',
    group.count === 0
      ? 'no rows: an empty intersection'
      : tooFewRows(group, report)
        ? smallNote(report)
        : setAsideForLabels(group, report)
          ? fewLabelsNote(report, group)
          : '',
  ].filter(Boolean);
  return {
    text: name,
    title: notes.join(' — '),
    ...(group.count === 0
      ? { badge: 'no rows' }
      : tooFewRows(group, report)
        ? { badge: 'small' }
        : setAsideForLabels(group, report)
          ? { badge: FEW_LABELS }
          : isReference
            ? { badge: 'reference' }
            : {}),
  };
}

export function groupsTable(report: AuditReport, grouping: Grouping, chosenReference: string | undefined, medium: Medium): TableModel {
  const reference = referenceGroup(grouping, chosenReference);
  const metrics = tableRates(report, grouping, reference);
  const columnRates = new Set(metrics);
  const star = starSentence(grouping, reference);
  const referenceRow = grouping.groups[reference.index]!;
  const reportsReference = reference.source !== 'chosen';
  const flagged = showsFourFifthsFlags(report);
  // the flags right after the group: both stay in view while the rates scroll sideways
  const allColumns: ColumnModel[] = [
    { key: 'group', label: groupingName(grouping), kind: 'label', sticky: 'start', title: `groups by ${groupingName(grouping)}` },
    {
      key: 'flags',
      label: 'Four-fifths flags',
      kind: 'text',
      sticky: 'second',
      hint: 'rate (× its ratio to the reference)',
      title: `the ${FOUR_FIFTHS_RULE}; the reference group is "${groupName(referenceRow)}". Each flag gives the group's rate and its ratio to the reference's.${star ? ` ${star}` : ''}`,
    },
    { key: 'count', label: 'Rows', kind: 'number', title: 'rows in the group (count)' },
    ...metrics.map((m): ColumnModel => {
      const info = metricName(m);
      const short = shortMetricName(m);
      return { key: m, label: info.label, ...(short !== info.label ? { short } : {}), kind: 'number', title: `${info.label}: ${info.description} (${m})` };
    }),
  ];
  // without flags (no figure the rule applies to) the column goes: its cells are dropped below
  const keep = <T>(items: T[]): T[] => (flagged ? items : items.filter((_, i) => i !== 1));
  const columns = keep(allColumns);
  const rows: RowModel[] = listedGroups(report, grouping).map(({ group, index }) => {
    const isReference = index === reference.index;
    const shown = shownFlags(report, grouping, group, reference);
    const { small, flags, supported } = shown;
    const lines = flagLines(shown);
    const [firmLines, plainLines] = [lines.filter((l) => l.support !== 'unsupported'), lines.filter((l) => l.support === 'unsupported')];
    const [firm, plain] = [firmLines, plainLines].map((part) => part.map((line) => flagLineText(group, line, shown.ratios, columnRates))) as [
      string[],
      string[],
    ];
    const firmParts = firmLines.map((line) => ({ text: flagFigures(group, line, shown.ratios, columnRates), ...(line.side ? { side: line.side } : {}) }));
    // a panel keeps a cell of many unsupported flags short: their count, the list on hover
    const collapsed = medium === 'panel' && plain.length > 2;
    const flagTitle = [
      flags.length === 0
        ? 'no rate outside the band'
        : `${flags.map((m) => flagDetail(m, group, referenceRow, shown.ratios[m])).join('; ')}${reportsReference ? '' : ' (computed against the chosen reference from the rates)'}`,
      supported.size > 0
        ? `statistically supported gaps to ${testedAgainst(grouping)} (Benjamini-Hochberg adjusted p): ${[...supported].map((m) => `${metricName(m).label} ${formatP(group.tests[m]?.adjustedPValue)}`).join(', ')}`
        : '',
      collapsed ? `${UNSUPPORTED}: ${plain.join(', ')}` : '',
      setAsideForLabels(group, report) ? fewLabelsNote(report, group) : '',
    ].filter(Boolean);
    const flagCell: CellModel = small
      ? { text: '—', sort: null, class: 'missing', title: group.count === 0 ? 'no rows' : smallNote(report) }
      : {
          text: firm.join('\n'),
          lines: firmParts,
          ...(plain.length > 0 ? { detail: collapsed ? `+${plain.length} ${UNSUPPORTED}` : plain.join('\n') } : {}),
          sort: flags.length,
          class: reportsReference ? 'flag' : 'flag computed',
          title: flagTitle.join('; '),
        };
    return {
      class: rowClass(report, group, isReference),
      cells: keep([
        groupCell(report, group, isReference),
        flagCell,
        { text: formatCount(group.count), sort: group.count },
        ...metrics.map((m) => rateCell(report, group, m)),
      ]),
    };
  });
  const overall: RowModel = {
    class: 'overall',
    cells: keep([
      { text: 'overall', title: 'every row used' },
      { text: '' },
      { text: formatCount(grouping.overall.count), sort: grouping.overall.count },
      // the whole file's share of itself is 1 in every resample: no interval to show
      ...metrics.map((m) =>
        figureCell(grouping.overall.metrics[m] ?? null, m === 'representation' ? null : (grouping.overall.intervals[m] ?? null), grouping.overall.notes[m]),
      ),
    ]),
  };
  return { id: 'groups', label: `metrics by ${groupingName(grouping)}`, columns, rows, footer: [overall] };
}

/** A group's rate with its interval; under it, the rows it rests on when they are few or set an exact interval (fewRowsBehind), also on hover. */
function rateCell(report: AuditReport, group: GroupResult, metric: string): CellModel {
  const cell = figureCell(group.metrics[metric] ?? null, group.intervals[metric] ?? null, group.notes[metric], group.exactIntervals?.includes(metric));
  const behind = cell.text === '—' ? undefined : fewRowsBehind(report, group, metric);
  if (!behind) return cell;
  const n = group.rateRows![metric]!;
  const few = n < report.minGroupSize ? `, fewer than ${report.minGroupSize}` : '';
  const title = [`${metricName(metric).label} on ${rowsBehindWords(metric, n)}${few}`, cell.title].filter(Boolean).join('; ');
  return { ...cell, detail: behind, title };
}

/**
 * The groups table's rate columns: the key ones, then any rate a flag cites that has none (a flag
 * cites the value of a rate the table shows: NPV, for an NPV or FOR flag, gets a column).
 */
function tableRates(report: AuditReport, grouping: Grouping, reference: ReferenceChoice): string[] {
  const keyRates = shownMetrics(report, grouping);
  const cited = grouping.groups.flatMap((group) => flagLines(shownFlags(report, grouping, group, reference)).map((line) => citedRate(line, new Set(keyRates))));
  return [...keyRates, ...new Set(cited.filter((m) => !keyRates.includes(m)))];
}

/**
 * The note's example of a flag cited by its complement's figure, from the grouping's own flags
 * ('"TPR 0.523 (FNR ×1.71)" is the group's TPR and the ratio of its FNR (1 − TPR) to the
 * reference's'); undefined when no flag is (cold try 15 read COMPAS race's figures under another grouping).
 */
function complementExample(report: AuditReport, grouping: Grouping, reference: ReferenceChoice): string | undefined {
  const columns = new Set(tableRates(report, grouping, reference));
  for (const group of grouping.groups) {
    const shown = shownFlags(report, grouping, group, reference);
    const line = flagLines(shown).find((l) => citedRate(l, columns) !== l.metrics[0]);
    if (!line) continue;
    const [flagged, lead] = [shortMetricName(line.metrics[0]), shortMetricName(citedRate(line, columns))];
    const figures = flagFigures(group, { ...line, support: 'untested' }, shown.ratios, columns);
    return `"${figures}" is the group's ${lead} and the ratio of its ${flagged} (1 − ${lead}) to the reference's.`;
  }
  return undefined;
}

const UNSUPPORTED = 'without statistical support';

/**
 * A group's flags on one line of text (Markdown): the supported and untested ones, then those
 * without statistical support after "without statistical support:"; `columns`: the rates the table
 * shows, whose figures the flags then cite (flagFigures).
 */
export function flagsText(group: GroupResult, shown: ShownFlags, columns?: ReadonlySet<string>): string {
  const lines = flagLines(shown);
  const text = (part: FlagLine[]) => part.map((line) => flagLineText(group, line, shown.ratios, columns)).join(', ');
  const [firm, plain] = [text(lines.filter((l) => l.support !== 'unsupported')), text(lines.filter((l) => l.support === 'unsupported'))];
  return [firm, plain ? `${UNSUPPORTED}: ${plain}` : ''].filter(Boolean).join('; ');
}

/**
 * One flag, readable on its own (its rate need not have a column): "TNR 0.520 (×0.71)*" is the
 * group's true negative rate and its ratio to the reference's, * when the gap is supported; a
 * complementary pair once, "FPR 0.235 (×0.52; TNR ×1.39)*" (TNR = 1 − FPR); then, when a positive
 * outcome's meaning is stated, the group's side: "Selection rate 0.348 (×0.59)* — advantaged".
 */
export function flagLineText(group: GroupResult, line: FlagLine, ratios: Record<string, number>, columns?: ReadonlySet<string>): string {
  return `${flagFigures(group, line, ratios, columns)}${line.side ? ` — ${line.side}` : ''}`;
}

/**
 * A flag's rate, figure and ratios, without the side. Given the table's `columns`, a rate without
 * a column is cited by its complement's figure, which the table shows: an FNR flag reads
 * "TPR 0.523 (FNR ×1.71)" (FNR = 1 − TPR).
 */
function flagFigures(group: GroupResult, line: FlagLine, ratios: Record<string, number>, columns?: ReadonlySet<string>): string {
  const [first, second] = line.metrics;
  const lead = columns ? citedRate(line, columns) : first;
  const value = group.metrics[lead];
  const ratio = (m: string) => (ratios[m] === undefined ? undefined : `×${ratios[m]!.toFixed(2)}`);
  const named = (m: string) => [shortMetricName(m), ratio(m) ?? ''].filter(Boolean).join(' ');
  const ratioParts = [lead === first ? (ratio(first) ?? '') : named(first), second ? named(second) : ''].filter(Boolean);
  const figures = [value === null || value === undefined ? '' : formatFigure(value), ratioParts.length > 0 ? `(${ratioParts.join('; ')})` : ''].filter(Boolean);
  return `${[shortMetricName(lead), ...figures].join(' ')}${line.support === 'supported' ? '*' : ''}`;
}

/**
 * The rate whose figure a flag line cites: its first rate when it has a column, else its complement
 * when that has one; with neither (NPV, FOR), the pair's usual one (NPV), which then gets a column.
 */
function citedRate(line: FlagLine, columns: ReadonlySet<string>): string {
  const first = line.metrics[0];
  const pair = complementPair(first);
  if (columns.has(first) || !pair) return first;
  const complement = pair[0] === first ? pair[1] : pair[0];
  return columns.has(complement) ? complement : pair[0];
}

/** A flag in full, on hover: "True negative rate 0.520, against 0.731 for "Caucasian": ratio 0.71". */
function flagDetail(metric: string, group: GroupResult, reference: GroupResult, ratio: number | undefined): string {
  const [value, of] = [group.metrics[metric], reference.metrics[metric]];
  const figure = (v: number | null | undefined) => (v === null || v === undefined ? 'not estimable' : formatFigure(v));
  return `${metricName(metric).label} ${figure(value)}, against ${figure(of)} for "${groupName(reference)}"${ratio === undefined ? '' : `: ratio ${ratio.toFixed(2)}`}`;
}

/** What the gaps were tested against: the reference group; the rest of the rows in older reports. */
function testedAgainst(grouping: Grouping): string {
  return grouping.tests.comparedWith === 'rest'
    ? 'the rest of the rows (every other group together)'
    : `the reference group "${groupName({ key: grouping.reference })}"`;
}

/**
 * What * means for this grouping, in the one wording every view uses (the flags' header, the note
 * under the groups, the Markdown, the CLI table); empty when no flag can carry one: no gap is
 * supported, or the gaps were tested against the report's reference and another is chosen.
 */
export function starSentence(grouping: Grouping, reference: ReferenceChoice = referenceGroup(grouping)): string {
  const holds = reference.source !== 'chosen' || grouping.tests.comparedWith === 'rest';
  return holds && grouping.groups.some((g) => g.supported.length > 0)
    ? `* marks a flag whose gap to ${testedAgainst(grouping)} is statistically supported (${grouping.tests.method}; adjusted p below ${grouping.tests.level}).`
    : '';
}

/** An adjusted p-value as read: "p < 0.001" or three significant digits. */
export function formatP(p: number | null | undefined): string {
  if (p === null || p === undefined) return 'p not estimable';
  return p < 0.001 ? 'p < 0.001' : `p = ${Number(p.toPrecision(3))}`;
}

/** Whether a grouping has a group greyed as too small (rows, but fewer than the minimum). */
function hasSmallGroups(report: AuditReport, grouping: Grouping): boolean {
  return grouping.groups.some((g) => g.count > 0 && tooFewRows(g, report));
}

/** Under the groups table: what greyed rows (when there are) and the flags' short names mean. */
export function groupsNote(report: AuditReport, grouping: Grouping, chosenReference: string | undefined, medium: Medium): string {
  const choice = referenceGroup(grouping, chosenReference);
  const reference = groupName(grouping.groups[choice.index]!);
  if (!showsFourFifthsFlags(report)) {
    const small = hasSmallGroups(report, grouping) ? ` Groups marked small have fewer than ${report.minGroupSize} rows: too few to judge.` : '';
    return `${noFlagsSentence(report, reference)}${small}`;
  }
  const star = starSentence(grouping, choice);
  const unsupported = grouping.groups.some((g) => flagLines(shownFlags(report, grouping, g, choice)).some((l) => l.support === 'unsupported'))
    ? ` Flags without statistical support come after the others${medium === 'panel' ? ', in plain type; more than two are counted, and listed on hover' : ''}.`
    : '';
  const supported = star ? ` ${star}${unsupported}` : '';
  const meaning = positiveMeaning(report);
  const sides = meaning ? flagSideSentence(meaning) : undefined;
  const empty = grouping.emptyIntersectionsNotListed ? ` ${grouping.emptyIntersectionsNotListed} empty combinations are not listed.` : '';
  const greyed = hasSmallGroups(report, grouping)
    ? `Groups marked small have fewer than ${report.minGroupSize} rows: too few to judge, so they get no four-fifths flags. `
    : '';
  const example = complementExample(report, grouping, choice);
  const complement = example ? ` A rate without a column is cited by the figure of its complement, which has one: ${example}` : '';
  const hover = medium === 'panel' ? '; both groups’ values and the p-values on hover' : '';
  // the model's rates have short names to explain; a dataset audit flags its base rate alone (cold try 9: a paragraph of TPR, FPR, PPV for it)
  const names =
    report.task === 'dataset'
      ? hover.slice(2)
      : `TPR, FPR, TNR, FNR: true and false positive and negative rates; PPV, NPV: positive and negative predictive values; FDR, FOR: false discovery and omission rates; a complementary pair such as FPR and TNR, which sum to 1, on one line${hover}`;
  const behind = rowsBehindSentence(report, showsRowsBehind(report, grouping, choice));
  return `${greyed}Flags compare each rate with the reference group "${reference}": each names the rate, the group's value and, after ×, its ratio to the reference's${names ? ` (${names})` : ''}.${fewLabelsSentence(report, grouping)}${complement}${sides ? ` ${sides}` : ''}${supported}${empty}${behind}`;
}

/** Whether some rate of the groups table shows the rows it rests on (fewRowsBehind). */
function showsRowsBehind(report: AuditReport, grouping: Grouping, reference: ReferenceChoice): boolean {
  const rates = tableRates(report, grouping, reference);
  return grouping.groups.some((group) => rates.some((m) => group.metrics[m] !== null && group.metrics[m] !== undefined && fewRowsBehind(report, group, m)));
}

export function referenceTable(report: AuditReport, grouping: Grouping, chosenReference?: string): TableModel {
  const reference = referenceGroup(grouping, chosenReference);
  const referenceRow = grouping.groups[reference.index]!;
  const measures = referenceMeasures(report);
  const columns: ColumnModel[] = [
    { key: 'group', label: groupingName(grouping), kind: 'label', sticky: 'start' },
    { key: 'count', label: 'Rows', kind: 'number' },
    ...measures.map((m): ColumnModel => ({
      key: m.key,
      label: m.label,
      hint: m.fairer,
      kind: 'number',
      title: showsFourFifthsFlags(report) ? `${m.description} (AIF360 definition, the reference as the privileged group)` : m.description,
    })),
  ];
  const means = positiveMeaning(report)?.means ?? null;
  const rows: RowModel[] = listedGroups(report, grouping).map(({ group, index }) => {
    const isReference = index === reference.index;
    const small = tooFewRows(group, report);
    const fewLabels = setAsideForLabels(group, report);
    return {
      class: rowClass(report, group, isReference),
      cells: [
        groupCell(report, group, isReference),
        { text: formatCount(group.count), sort: group.count },
        ...measures.map((m): CellModel => {
          if (isReference) return { text: 'reference', sort: null, class: 'missing' };
          if (group.count === 0) return { text: '—', sort: null, class: 'missing', title: 'no rows' };
          const figure = referenceFigure(m, group, referenceRow, reference.source !== 'chosen');
          const cell = figureCellOf(figure);
          const judged = !small && !(fewLabels && LABEL_CONDITIONED_METRICS.includes(m.of[0]!));
          const outside = m.kind === 'ratio' && figure.value !== null && judged && (figure.value < 0.8 || figure.value > 1.25);
          // a stated meaning tells the flagged sides apart: the disadvantaged group stays bold, the advantaged one is plain
          const side = outside ? flagSide([m.of[0]!], { [m.of[0]!]: figure.value! }, means) : undefined;
          const advantaged = side === 'advantaged';
          return {
            ...cell,
            class:
              [cell.class, figure.computed ? 'computed' : '', outside ? 'flag' : '', advantaged ? 'advantaged' : ''].filter(Boolean).join(' ') || undefined,
            ...(side ? { title: [`outside [0.8, 1.25]: the group is ${side}`, cell.title].filter(Boolean).join('; ') } : {}),
          };
        }),
      ],
    };
  });
  return { id: 'reference', label: `comparison with the reference group ${groupName(referenceRow)}`, columns, rows };
}

/** Under the aggregates: what the last column leaves out, and which reference AIF360's named figures use when another group is chosen in the panel. */
export function aggregatesNote(report: AuditReport, grouping: Grouping, chosenReference: string | undefined, medium: Medium): string {
  const paired = keyAggregates(grouping).some((name) => aggregatePair(report, grouping, name, 'all'));
  const pairs = paired
    ? ' Under a figure, the two groups that give it: for a gap or ratio between groups, the group with the largest value vs the one with the smallest; for a figure against the reference, the group farthest from parity vs the reference.'
    : '';
  const gaps = grouping.aggregateIntervals && Object.keys(grouping.aggregateIntervals).length > 0 ? ` ${gapIntervalNote(showsFourFifthsFlags(report))}` : '';
  // one column when every group is adequately sized (aggregatesTable): nothing is left out then (cold try 10)
  const fewLabels = anyFewLabels(grouping.groups, report)
    ? ` and those with fewer than ${report.minLabelCount} rows with a positive or with a negative label (their TPR, FPR, … rest on those few rows)`
    : '';
  const sizes = everyGroupLarge(grouping)
    ? `Every group has at least ${report.minGroupSize} rows${report.minLabelCount ? ` and ${report.minLabelCount} of each label value` : ''}, so the figures are over all of them`
    : `The last column leaves out the groups under ${report.minGroupSize} rows${fewLabels}, whose rates are too noisy to drive the headline figures`;
  const bounded = keyAggregates(grouping).some((name) => betweenGroups(name)) && referenceMeasures(report).length > 0 ? ` ${BOUNDED_NOTE}` : '';
  const base = `${sizes}; a dash means the figure cannot be estimated${medium === 'panel' ? ' (hover for why)' : ''}.${pairs}${gaps}${bounded}`;
  const reference = referenceGroup(grouping, chosenReference);
  if (reference.source !== 'chosen') return base;
  const own = groupName({ key: grouping.reference });
  const chosen = groupName(grouping.groups[reference.index]!);
  return medium === 'panel'
    ? `${base} Statistical parity difference, disparate impact and the other "to reference" figures compare with the report's reference "${own}", not with "${chosen}" chosen above, until the audit against "${chosen}" has run again.`
    : `${base} Statistical parity difference, disparate impact and the other "to reference" figures compare with the report's reference "${own}", not with "${chosen}" chosen in the editor.`;
}

export function referenceNote(report: AuditReport, grouping: Grouping, chosenReference: string | undefined, medium: Medium): string {
  if (referenceMeasures(report).length === 0)
    return `AIF360's comparisons with a reference group are defined for binary outcomes and regression; this is a ${report.task} audit: see the groups' rates and the aggregates.`;
  const reference = referenceGroup(grouping, chosenReference);
  const name = groupName(grouping.groups[reference.index]!);
  const which =
    reference.source === 'chosen'
      ? `"${name}", chosen ${medium === 'panel' ? 'here' : 'in the editor'}`
      : reference.source === 'report'
        ? `"${name}", the report's reference (${grouping.referenceSource === 'given' ? 'chosen for this audit' : 'the largest group'})`
        : `"${name}", the largest group`;
  // the largest group is a convention (Aequitas'), not a judgement: say how to pick the benchmark
  const largest = reference.source !== 'chosen' && grouping.referenceSource !== 'given';
  const advice = !largest
    ? ''
    : medium === 'panel'
      ? ' The largest group is only the default: choose the group whose outcomes are the benchmark (often the advantaged one) under Reference group.'
      : ' The largest group is only the default: audit with the group whose outcomes are the benchmark (often the advantaged one) as the reference group.';
  const meaning = positiveMeaning(report);
  const disadvantage = meaning ? disadvantageSentence(meaning) : undefined;
  // means and errors are compared by differences only (no ratio: common/four-fifths.ts)
  const definitions = showsFourFifthsFlags(report)
    ? "Differences are group − reference, the ratio group / reference (AIF360's definitions)."
    : 'Differences are group − reference, with their intervals: one that leaves out 0 is a gap larger than the sampling noise.';
  return `Against ${which}.${advice} ${definitions}${disadvantage ? ` ${disadvantage}` : ''}${computedNote(reference)}${hasSmallGroups(report, grouping) ? ` Groups marked small have fewer than ${report.minGroupSize} rows.` : ''}${anyFewLabels(grouping.groups, report) ? ` Groups marked ${FEW_LABELS} have fewer than ${report.minLabelCount} rows with a positive or with a negative label.` : ''}`;
}

/** Figures against a reference chosen in the panel are point estimates until the audit against it has run. */
function computedNote(reference: ReferenceChoice): string {
  return reference.source === 'chosen' ? ' Figures in italics are point estimates computed from the groups’ rates, without intervals.' : '';
}

/** Whether every group with rows has at least the minimum size: the aggregates over all and over the large ones are the same. */
function everyGroupLarge(grouping: Grouping): boolean {
  return grouping.largeGroups.groups === grouping.groups.filter((g) => g.count > 0).length;
}

export function aggregatesTable(report: AuditReport, grouping: Grouping): TableModel {
  const all = grouping.groups.filter((g) => g.count > 0).length;
  const reference = groupName({ key: grouping.reference });
  const { groups: large, minGroupSize } = grouping.largeGroups;
  const largeLabel = adequateGroupsLabel(large, report, anyFewLabels(grouping.groups, report));
  // every group adequately sized: the two columns would repeat each other
  const oneColumn = everyGroupLarge(grouping);
  return {
    id: 'aggregates',
    label: `aggregates by ${groupingName(grouping)}`,
    columns: [
      { key: 'aggregate', label: 'Aggregate', kind: 'label', sticky: 'start' },
      { key: 'fairer', label: 'Fairer when', kind: 'text' },
      oneColumn
        ? { key: 'all', label: `All ${all} groups (each ≥ ${minGroupSize} rows)`, kind: 'number', title: 'over every group, each adequately sized' }
        : { key: 'all', label: `All ${all} groups`, kind: 'number', title: 'over every group' },
      ...(oneColumn ? [] : [{ key: 'large', label: largeLabel, kind: 'number' as const, title: 'over the adequately sized groups only' }]),
    ],
    rows: aggregateRows(grouping, keyAggregates(grouping)).map((row) => {
      const info = metricName(row.name);
      // AIF360's named figures compare with the report's reference, not one chosen in the panel
      const against = REFERENCE_AGGREGATES.has(row.name) ? `; against the report's reference "${reference}"` : '';
      const between = betweenGroups(row.name);
      return {
        cells: [
          { text: info.label, title: `${info.description} (${row.name})${against}`, ...(between ? { detail: between } : {}) },
          { text: info.fairer ?? '' },
          aggregateCell(row.all, aggregatePair(report, grouping, row.name, 'all')),
          ...(oneColumn ? [] : [aggregateCell(row.large, aggregatePair(report, grouping, row.name, 'large'))]),
        ],
      };
    }),
  };
}

/**
 * What a gap or ratio between groups is, under its name: "smallest / largest group" (cold try 13 took
 * a base rate ratio and a disparate impact of the same figure, with other intervals, for one
 * figure); undefined for a figure against the reference or the overall, a mean over classes, a distance.
 */
function betweenGroups(name: string): string | undefined {
  if (REFERENCE_AGGREGATES.has(name)) return undefined;
  if (name === 'equalized_odds_ratio') return 'smallest / largest group (TPR or FPR, the smaller)';
  if (name === 'equalized_odds_difference') return 'largest − smallest group (TPR or FPR, the larger)';
  if (name.endsWith('_ratio')) return 'smallest / largest group';
  if (name.endsWith('_difference')) return 'largest − smallest group';
  return undefined;
}

/**
 * Why such a figure's interval differs from the reference comparison's of the same two groups:
 * each resample takes its own lowest and highest group (server/src/engine/metrics/aggregates.ts),
 * so its ratio never passes 1 nor its difference 0, where group / reference and group − reference can.
 */
export const BOUNDED_NOTE =
  'Each resample takes its own smallest and largest group, so a ratio between groups is at most 1 (a difference at least 0) in every resample: its interval can differ from that of the same two groups against the reference, which has no such bound.';

const REFERENCE_AGGREGATES = new Set([
  'statistical_parity_difference',
  'disparate_impact',
  'equal_opportunity_difference_to_reference',
  'average_odds_difference',
]);

/**
 * An aggregate's figure, its interval starred when it leaves out the figure, and under it the two
 * groups that give it (their values on hover).
 */
function aggregateCell(figure: Figure, pair: AggregatePair | undefined): CellModel {
  const cell = figureCellOf(figure);
  const star = excludesEstimate(figure.value, figure.interval);
  const title = [star ? EXCLUDED_NOTE : '', pair?.title ?? '', cell.title ?? ''].filter(Boolean).join('; ');
  return {
    ...cell,
    ...(star ? { interval: `${cell.interval} ${EXCLUDED_MARK}` } : {}),
    ...(pair ? { detail: pair.text } : {}),
    ...(title ? { title } : {}),
  };
}

function figureCellOf(figure: Figure): CellModel {
  const cell = figureCell(figure.value, figure.interval, figure.note);
  const title = [
    figure.note,
    figure.interval ? `interval ${formatInterval(figure.interval)}` : '',
    figure.computed && figure.value !== null ? 'point estimate computed from the groups’ rates' : '',
  ]
    .filter(Boolean)
    .join('; ');
  return {
    ...cell,
    ...(title ? { title } : {}),
    class: [cell.class, figure.computed && figure.value !== null ? 'computed' : ''].filter(Boolean).join(' ') || undefined,
  };
}
