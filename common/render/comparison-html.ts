import type { ComparisonView } from '../protocol';
import { page } from './html';
import { comparisonPlot, legendMarkup } from './plots';
import { element, text } from './svg';
import { tableMarkup } from './table';
import { focusWindow, LIGHT_THEME, pointsOutside } from './tradeoff';
import { comparisonTable, intervalsNote, protocolNote } from './comparison-table';

/** Methods side by side: the trade-off plot focused on the useful region, and every point in a table. */
export async function renderComparisonHtml(comparison: ComparisonView): Promise<string> {
  const plot = comparisonPlot(comparison);
  const focus = focusWindow(plot);
  const hidden = focus ? pointsOutside(plot, focus) : 0;
  const body = [
    element('h1', {}, text(comparison.title)),
    comparison.sharedRows ? element('p', { class: 'flag' }, text(comparison.sharedRows)) : '',
    element('figure', { class: 'tradeoff' }, (await import('./tradeoff-svg.mjs')).tradeoffSvg(plot, true), legendMarkup(plot, LIGHT_THEME)),
    hidden > 0
      ? element('p', { class: 'note' }, text(`Focused on the useful region; ${hidden} of ${plot.points.length} points lie outside it and are listed below.`))
      : '',
    ...(comparison.failed ?? []).map((f) => element('p', { class: 'bad' }, text(`${f.method} failed: ${f.error}`))),
    ...(comparison.unplotted ?? []).map((u) => element('p', { class: 'note' }, text(`${u.reason}.`))),
    protocolNote(comparison) ? element('p', { class: 'note' }, text(protocolNote(comparison))) : '',
    intervalsNote(comparison, true) ? element('p', { class: 'note' }, text(intervalsNote(comparison, true))) : '',
    tableMarkup(comparisonTable(comparison, true)),
  ];
  return page(`Parity comparison: ${comparison.title}`, body);
}
