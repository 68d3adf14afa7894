import { DARK_SERIES, HIGH_CONTRAST_SERIES, LIGHT_SERIES } from './tradeoff';

/**
 * The distribution lines' dash patterns by series (the others solid): every other series, and the
 * ninth, whose wine is the fifth's pink in the dark and high-contrast palettes (OKLab 0.05 and 0.03
 * apart: "Hispanic & Male" and "Asian & Male" read as one line in the full-size screenshot look).
 */
export const SERIES_DASHES: Readonly<Record<number, string>> = { 1: '6 3', 3: '2 2', 5: '8 3 2 3', 7: '1 3', 8: '12 2 2 2 2 2', 9: '4 2' };

/**
 * Chart and table styles shared by the panel and the exported report. Colours come from custom
 * properties: the panel maps them to VS Code theme variables, the export to fixed palettes.
 */
export const CHART_CSS = `
.chart { max-width: 100%; height: auto; font: 11px var(--font, sans-serif); }
.chart .title { font-weight: 600; fill: var(--fg); }
.chart .label, .chart .tick-label, .chart .legend, .chart .axis-label { fill: var(--fg); }
.chart .missing { fill: var(--muted); font-style: italic; }
.chart .bar { fill: var(--bar); }
.chart .bar.small { fill: none; stroke: var(--muted); stroke-width: 1.5; stroke-dasharray: 3 2; }
.chart .bar.is-reference { stroke: var(--fg); stroke-width: 1.5; }
.chart .label.is-reference, .chart .legend.is-reference { font-weight: 700; }
.chart .series.is-reference .line { stroke-width: 3.2; }
.chart .whisker { stroke: var(--fg); stroke-width: 1.2; fill: none; }
.chart .reference { stroke: var(--muted); stroke-dasharray: 4 3; }
.chart .domain, .chart .tick { stroke: var(--muted); }
.chart .grid { stroke: var(--gridline, var(--grid)); }
.chart .line { fill: none; stroke-width: 1.8; }
${Array.from({ length: 10 }, (_, i) => `.chart .s${i} .line { stroke: var(--c${i}); fill: none; }`).join('\n')}
${Object.entries(SERIES_DASHES)
  .map(([i, dash]) => `.chart .s${i} .line { stroke-dasharray: ${dash}; }`)
  .join('\n')}
`;

/**
 * Tables, legends and settings, shared by the panel and the exported report. Long labels are cut
 * with an ellipsis in the panel (the full text is on hover) and wrap in the exported report (no
 * hover to read them by), and groups too small to judge are greyed. When a
 * wide table scrolls sideways its first column stays at the left edge; the groups table also keeps
 * its flags (the second column) beside it on pages of 900 px or more, the group column then taking
 * a set width (--pin) that the flags stay to the right of. Columns scroll under the ones kept in view,
 * never the other way: every column is seen whole at some scroll position.
 */
export const REPORT_CSS = `
h1, h2, h3, p, li, .run { overflow-wrap: anywhere; }
.table-scroll { overflow-x: auto; max-width: 100%; position: relative; }
/* the panel's table wider than the panel: its right edge fades while columns lie past it (the scroll bar is under the last row) */
.table-frame { position: relative; }
.table-frame.more-right::after { content: ''; position: absolute; top: 0; right: 0; bottom: 0; width: 2.5em; pointer-events: none; background: linear-gradient(to right, transparent, var(--bg)); }
p.scroll-cue { margin: 0.25em 0 0; text-align: right; color: var(--muted); font-size: 0.9em; }
.table-scroll + .table-footnote, .table-frame + .table-footnote { margin-top: -0.5em; }
table.metrics { border-collapse: separate; border-spacing: 0; margin: 0.5em 0 1em; --pin: 17em; }
table.metrics th, table.metrics td { border-bottom: 1px solid var(--grid); padding: 3px 10px; white-space: nowrap; background: var(--bg); }
table.metrics th { vertical-align: bottom; text-align: right; font-weight: 600; }
table.metrics .col-number { text-align: right; font-variant-numeric: tabular-nums; }
table.metrics .col-label, table.metrics .col-text { text-align: left; }
table.metrics th .head-label { display: block; white-space: normal; min-width: 5em; max-width: 11em; margin-left: auto; }
table.metrics th.col-label .head-label, table.metrics th.col-text .head-label { margin-left: 0; }
table.metrics th.col-label .head-label { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; max-width: 18em; }
table.metrics .hint { display: block; font-weight: normal; font-size: 0.85em; color: var(--muted); white-space: normal; max-width: 12em; margin-left: auto; }
table.metrics th.col-text .hint { margin-left: 0; }
table.metrics .head-short { display: none; }
.truncate { display: inline-block; width: max-content; max-width: 18em; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; vertical-align: bottom; }
/* a static page's label wraps between words past 18em, never squeezed under 9em by a wide table; its badge goes under it rather than over the next cell */
.label-text { display: inline-block; min-width: 9em; max-width: 18em; white-space: normal; overflow-wrap: break-word; vertical-align: bottom; }
table.metrics.static td.col-label { white-space: normal; }
table.metrics.static th.col-label .head-label { white-space: normal; overflow: visible; overflow-wrap: anywhere; }
table.metrics .detail { display: block; max-width: 24em; margin-left: auto; white-space: normal; color: var(--muted); font-size: 0.85em; }
table.metrics td.col-label .detail { margin-left: 0; }
/* a group's name wraps between words, three lines at most (the full text on hover): cut on one line, "African-American & Male" and "African-American & Female" both read "African-America…" */
table.metrics.groups-table .sticky-start .truncate { display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 3; width: auto; white-space: normal; overflow-wrap: break-word; }
.sticky-start { position: sticky; left: 0; z-index: 1; box-shadow: inset -1px 0 0 var(--grid); }
table.metrics .sticky-second { min-width: 19em; } /* a complementary pair's line, "TPR 0.523 (×0.73; FNR ×1.71)*", on one line */
/* one flag a line, never wrapped: the group's side after it ("— advantaged") stays on its line */
table.metrics td.sticky-second { white-space: pre; }
/* the flags without statistical support, after the others: plain, muted, one a line */
table.metrics td.sticky-second .detail { white-space: pre; max-width: none; margin-left: 0; font-weight: normal; }
@media screen and (min-width: 900px) {
  table.metrics.pinned .sticky-start { box-sizing: border-box; width: var(--pin); min-width: var(--pin); max-width: var(--pin); }
  /* the set width holds: the group's name (beside room for its badge) and the heading are cut within it, the full text on hover */
  table.metrics.pinned .sticky-start :is(.truncate, .label-text), table.metrics.pinned th.sticky-start .head-label { max-width: calc(var(--pin) - 20px); }
  table.metrics.pinned .sticky-start :is(.truncate, .label-text):has(+ .badge) { max-width: calc(var(--pin) - 20px - 5.5em); }
  table.metrics.pinned .sticky-start .label-text { min-width: 0; }
  table.metrics .sticky-second { position: sticky; left: var(--pin); z-index: 1; box-shadow: inset -1px 0 0 var(--grid), 6px 0 6px -4px var(--edge-shadow, transparent); } /* the edge and the theme's shadow: more columns scroll under it */
}
/* the groups table beside the side bar (a 1400 px window: a panel of about 1000 px), and an exported page as wide: the group, its rows,
   the rates, accuracy and the flags all in view; intervals go under their figures, headers wrap between words, the badge under the name */
@media screen and (min-width: 761px) and (max-width: 1400px) {
  table.metrics.groups-table { --pin: 11em; }
  table.metrics.groups-table th, table.metrics.groups-table td { padding: 3px; }
  /* every column in a 1000 px panel leaves 2 px; the intervals go under their figures here */
  table.metrics.groups-table .col-number { padding-left: 2px; }
  table.metrics.groups-table th .head-label { min-width: 0; }
  /* a rate's usual abbreviation heads its column (TPR, PPV, AUC: the flags' names); its full name stays for screen readers, and on hover */
  table.metrics.groups-table th .head-label.has-short { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
  table.metrics.groups-table th .head-short { display: block; }
  table.metrics.groups-table .ci { display: block; max-width: 4.6em; margin-left: auto; font-size: 0.8em; white-space: normal; }
  table.metrics.groups-table th { font-size: 0.85em; }
  table.metrics.groups-table .sticky-second { min-width: 0; }
  table.metrics.groups-table td.col-label .badge { display: block; width: fit-content; margin: 2px 0 0; }
  table.metrics.groups-table.pinned .sticky-start :is(.truncate, .label-text):has(+ .badge) { max-width: calc(var(--pin) - 10px); }
  /* a few columns leave room: full group names ("Asian-Pac-Islander & Female") and each interval on one line (cold try 9) */
  table.metrics.groups-table.roomy { --pin: 17em; }
  table.metrics.groups-table.roomy .ci { display: inline; max-width: none; white-space: nowrap; }
  /* intervals on the figures' line: "383", "0.590 [0.555, 0.623]", "0.869" ran together 5 px apart (cold try 13) */
  table.metrics.groups-table.roomy .col-number { padding-left: 8px; }
}
/* forced colours (Windows high contrast) drop box shadows: the pinned columns' edge is then a border */
@media (forced-colors: active) { table.metrics .sticky-start, table.metrics .sticky-second { border-right: 1px solid CanvasText; } }
table.metrics .ci { color: var(--muted); font-size: 0.9em; }
table.metrics tr.small td, table.metrics tr.empty td { color: var(--muted); }
table.metrics tr.reference td.col-label { font-weight: 600; }
table.metrics tr.overall td { font-weight: 600; }
table.metrics tr.overall .ci { font-weight: normal; }
table.metrics td.computed { font-style: italic; }
.badge { margin-left: 0.5em; padding: 0 0.4em; border: 1px solid var(--muted); border-radius: 0.6em; font-size: 0.8em; color: var(--muted); font-style: normal; font-weight: normal; }
.flag { color: var(--warn); font-weight: 600; }
.flag .ci { color: var(--muted); font-weight: normal; }
.flag.advantaged { color: var(--fg); font-weight: normal; text-decoration: underline dotted; }
/* a flag's side of the reference: a marker and a weight as well as a colour, so it reads without colour;
   markers without a direction (cold try 10 read ▲ beside a ratio of 0.59 as the rate going up) */
.flag .side.disadvantaged { color: var(--bad); font-weight: 700; }
.flag .side.disadvantaged::before { content: '◆ '; }
.flag .side.advantaged { color: var(--info); font-weight: normal; font-style: italic; }
.flag .side.advantaged::before { content: '◇ '; font-style: normal; }
tr.small .flag, tr.empty .flag { color: var(--muted); font-weight: normal; }
.good { color: var(--good); }
.bad { color: var(--bad); }
.missing { color: var(--muted); }
.caveat, .note { color: var(--muted); font-size: 0.9em; }
details.query summary { cursor: pointer; color: var(--muted); }
details.query pre { white-space: pre-wrap; overflow-wrap: anywhere; margin: 4px 0 8px; padding: 6px 8px; border: 1px solid var(--grid); font: 0.9em var(--mono, monospace); }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
table.settings { border-collapse: collapse; margin: 0.25em 0; }
table.settings th, table.settings td { border-bottom: 1px solid var(--grid); padding: 2px 8px; text-align: left; vertical-align: top; }
table.settings th { font-weight: 600; white-space: nowrap; }
table.settings td { overflow-wrap: anywhere; }
/* a narrow screen: a nested table (a post-processing rule's components) scrolls in its cell, its names whole (at 600 px it ran past the page, "Africa/n-/Ameri/can"); printed, it wraps as before */
@media screen and (max-width: 760px) {
  table.settings { width: 100%; }
  table.settings th { width: 1%; }
  table.settings table.settings { display: block; width: 0; min-width: 100%; overflow-x: auto; }
  table.settings table.settings table.settings { display: table; width: auto; min-width: 0; overflow: visible; }
  table.settings table.settings td { overflow-wrap: normal; }
}
table.settings .setting-text { white-space: pre-wrap; }
ul.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 18px; padding: 0; margin: 4px 0 8px; }
ul.legend li { display: inline-flex; align-items: center; gap: 6px; overflow-wrap: anywhere; }
ul.legend svg { flex: none; }
@media screen and (max-width: 760px) {
  /* narrow: names wrap (three lines at most, the full text on hover), intervals go under their figure and
     break if they must, texts and badges wrap: a table of a few columns fits a 600 px page */
  .truncate { display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 3; white-space: normal; overflow-wrap: anywhere; max-width: 8em; }
  .label-text { min-width: 6em; max-width: 8em; }
  table.metrics th.col-label .head-label { max-width: 8em; }
  table.metrics .sticky-second { min-width: 11em; }
  table.metrics td.sticky-second, table.metrics td.sticky-second .detail { white-space: pre-line; }
  table.metrics th, table.metrics td { padding: 3px 4px; }
  table.metrics .col-number { padding-left: 6px; }
  table.metrics .ci { display: block; font-size: 0.8em; white-space: normal; }
  table.metrics td.col-label { white-space: normal; }
  table.metrics td.col-label .badge { display: inline-block; max-width: 9em; white-space: normal; margin-left: 0; }
  table.metrics td.col-text:not(.sticky-second) { white-space: normal; min-width: 4em; }
  table.metrics th .head-label { min-width: 0; }
}
/* a change's paired interval never breaks (a narrow table scrolls sideways instead): set apart from the figures beside it */
table.metrics td.change { padding-left: 14px; }
table.metrics td.change .ci { white-space: nowrap; }
`;

/** Print: nothing clipped. Wide tables wrap in a smaller font instead of scrolling; charts scale down. */
export const PRINT_CSS = `
@media print {
  body { margin: 0; font-size: 9pt; }
  .table-scroll { overflow: visible; }
  table.metrics { font-size: 7.5pt; width: 100%; }
  table.metrics th, table.metrics td { white-space: normal; padding: 1px 3px; overflow-wrap: anywhere; }
  table.metrics td.col-number { overflow-wrap: normal; padding-left: 6px; }
  table.metrics td.sticky-second, table.metrics td.sticky-second .detail { white-space: pre-line; }
  table.metrics th .head-label, table.metrics .hint { min-width: 0; max-width: none; }
  .truncate, .label-text, table.metrics th.col-label .head-label { display: inline; max-width: none; white-space: normal; overflow: visible; }
  .sticky-start, .sticky-second { position: static; box-shadow: none; }
  svg.chart, figure svg { max-width: 100%; height: auto; }
  section, figure, table.settings { break-inside: avoid-page; }
  details > * { display: block; }
}
`;

/**
 * The series colours (--c0 ... --c9) on light and on dark backgrounds: the trade-off plot's
 * palettes (a method's hue the same in both); and the bars' blue, mid-toned so the interval whiskers (foreground colour) show on it.
 */
export const SERIES_LIGHT_CSS = `${LIGHT_SERIES.map((colour, i) => `--c${i}: ${colour};`).join(' ')} --bar: #7fb8da;`;
export const SERIES_DARK_CSS = `${DARK_SERIES.map((colour, i) => `--c${i}: ${colour};`).join(' ')} --bar: #2f6497;`;
export const SERIES_HIGH_CONTRAST_CSS = `${HIGH_CONTRAST_SERIES.map((colour, i) => `--c${i}: ${colour};`).join(' ')}`;

/** Fixed palettes for the exported report (light, and dark when the reader's system prefers it; light when printed). */
export const EXPORT_THEME_CSS = `
:root { --fg: #1f2328; --bg: #ffffff; --muted: #59636e; --grid: #d0d7de; --warn: #9a6700; --focus: #0969da; --good: #1a7f37; --bad: #cf222e; --info: #0969da; --edge-shadow: rgba(31, 35, 40, 0.16); --font: system-ui, sans-serif; ${SERIES_LIGHT_CSS} }
@media screen and (prefers-color-scheme: dark) {
  :root { --fg: #e6edf3; --bg: #0d1117; --muted: #8b949e; --grid: #30363d; --warn: #d29922; --focus: #58a6ff; --good: #3fb950; --bad: #ff7b72; --info: #58a6ff; --edge-shadow: rgba(1, 4, 9, 0.6); ${SERIES_DARK_CSS} }
  figure.tradeoff > svg { background: #ffffff; border-radius: 4px; }
}
body { color: var(--fg); background: var(--bg); font-family: var(--font); margin: 2em; }
@media screen and (max-width: 760px) { body { margin: 1em; font-size: 13px; } }
`;
