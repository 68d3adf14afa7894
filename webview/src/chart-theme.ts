import { ChartTheme, DARK_SERIES, HIGH_CONTRAST_SERIES, LIGHT_SERIES } from '../../common/render/tradeoff';

/**
 * The chart colours of the current VS Code theme: the page's custom properties (mapped to theme
 * variables in client/src/panel-html.ts) resolved to concrete colours, which ECharts needs. The
 * method palette follows the theme kind: each method's hue is the same in every theme, its
 * lightness set for 3:1 against light backgrounds or against dark ones (high-contrast dark too).
 */
export function currentTheme(): ChartTheme {
  const style = getComputedStyle(document.body);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const background = read('--bg', '#ffffff');
  return {
    foreground: read('--fg', '#1f2328'),
    muted: read('--muted', '#6e7781'),
    // the grid's lines: high contrast's are its border colour subdued (--gridline, a color-mix: resolved for ECharts)
    grid: resolved(read('--gridline', '') || read('--grid', '#d0d7de')),
    background,
    focus: read('--focus', '#0969da'),
    font: read('--font', 'sans-serif'),
    series: document.body.classList.contains('vscode-high-contrast') ? HIGH_CONTRAST_SERIES : darkTheme(background) ? DARK_SERIES : LIGHT_SERIES,
  };
}

/** A CSS colour (a color-mix too) as the browser computes it, in #rrggbb. */
function resolved(color: string): string {
  const [r, g, b] = rgbOf(color).map((c) => Math.round(c * 255)) as [number, number, number];
  return `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/** Red, green and blue (0–1) of a CSS colour, from its computed value ("rgb(…)" or "color(srgb …)"). */
function rgbOf(color: string): number[] {
  const probe = document.createElement('span');
  probe.style.color = color;
  // under forced colours (Windows high contrast) a computed colour is the system's text colour: the grid read white, over the points
  probe.style.forcedColorAdjust = 'none';
  document.body.append(probe);
  const computed = getComputedStyle(probe).color;
  probe.remove();
  const scale = computed.startsWith('color(') ? 1 : 255;
  return (
    computed
      .match(/[\d.]+/g)
      ?.slice(0, 3)
      .map((c) => Number(c) / scale) ?? [1, 1, 1]
  );
}

/** VS Code's theme kind on <body> (as the panel's CSS reads it), else the background's luminance. */
function darkTheme(background: string): boolean {
  const kind = document.body.classList;
  if (kind.contains('vscode-high-contrast-light') || kind.contains('vscode-light')) return false;
  if (kind.contains('vscode-high-contrast') || kind.contains('vscode-dark')) return true;
  return isDark(background);
}

/** Relative luminance below one half: a dark background. */
function isDark(color: string): boolean {
  const [r, g, b] = rgbOf(color) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.5;
}

/** Calls `redraw` when VS Code switches theme (it changes the body's class and the variables on <html>). */
export function onThemeChange(redraw: () => void): () => void {
  const observer = new MutationObserver(redraw);
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
  return () => observer.disconnect();
}
