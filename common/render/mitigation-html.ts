import type { MitigationReport } from '../reports/mitigation';
import { differenceRatioNote } from './difference-ratio';
import { page } from './html';
import { mitigationCharts } from './mitigation-charts';
import {
  afterChoice,
  beforeAfterNote,
  beforeAfterTable,
  mitigationHeader,
  type MitigationHeaderLineId,
  mitigationTitle,
  perGroupTable,
  shownParameters,
} from './mitigation-model';
import { legendMarkup, sweepPlot } from './plots';
import { settingsMarkup } from './settings';
import { thresholdRulesMarkup } from './threshold-rules';
import { element, text } from './svg';
import { tableMarkup } from './table';
import { LIGHT_THEME } from './tradeoff';

/** The header lines drawn other than as plain paragraphs. */
const LINE_CLASSES: Partial<Record<MitigationHeaderLineId, string>> = {
  'after-setting': 'after-setting',
  'own-files': 'note',
  tolerance: 'note',
  'selection-warning': 'flag',
  'shared-rows': 'flag',
};

/** A mitigation run (with the sweep point `sweepIndex` as "after" when given): settings, before/after, per group, the sweep. */
export async function renderMitigationHtml(report: MitigationReport, sweepIndex?: number | null): Promise<string> {
  const after = afterChoice(report, sweepIndex);
  const header = mitigationHeader(report, after);
  const table = beforeAfterTable(report, after.summary);
  const opposite = differenceRatioNote(table);
  const body = [
    element('h1', {}, text(header.title)),
    ...header.lines.map((line) => element('p', LINE_CLASSES[line.id] ? { class: LINE_CLASSES[line.id]! } : {}, text(line.text))),
    element('h2', {}, 'Before and after'),
    tableMarkup(table),
    ...(opposite ? [element('p', { class: 'note' }, text(opposite))] : []),
    element('p', { class: 'note' }, text(beforeAfterNote(report, after.summary))),
    element('h2', {}, 'Per group'),
    tableMarkup(perGroupTable(report, after.summary)),
    element('h2', {}, 'Settings'),
    thresholdRulesMarkup(report),
    settingsMarkup(shownParameters(report)),
  ];
  if (report.tradeoff.length > 0) {
    const plot = sweepPlot(report, after.sweepIndex ?? after.chosenIndex);
    body.push(
      element('h2', {}, text(`Sweep over ${report.tradeoff[0]!.parameter}`)),
      element('figure', { class: 'tradeoff' }, (await import('./tradeoff-svg.mjs')).tradeoffSvg(plot, false), legendMarkup(plot, LIGHT_THEME)),
    );
  }
  body.push(element('h2', {}, 'Charts'), element('div', { class: 'charts' }, ...mitigationCharts(report, after.summary)));
  if (report.warnings.length > 0) body.push(element('h2', {}, 'Warnings'), element('ul', {}, ...report.warnings.map((w) => element('li', {}, text(w)))));
  return page(`Parity mitigation: ${mitigationTitle(report)}`, body);
}
