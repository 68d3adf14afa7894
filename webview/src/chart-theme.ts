import { ChartTheme, DARK_SERIES, LIGHT_SERIES } from '../../common/render/tradeoff';

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
    grid: read('--grid', '#d0d7de'),
    background,
    focus: read('--focus', '#0969da'),
    font: read('--font', 'sans-serif'),
    series: darkTheme(background) ? DARK_SERIES : LIGHT_SERIES,
  };
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
  const probe = document.createElement('span');
  probe.style.color = color;
  document.body.append(probe);
  const rgb = getComputedStyle(probe)
    .color.match(/[\d.]+/g)
    ?.map(Number) ?? [255, 255, 255];
  probe.remove();
  const [r, g, b] = rgb.map((c) => c / 255) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.5;
}

/** Calls `redraw` when VS Code switches theme (it changes the body's class and the variables on <html>). */
export function onThemeChange(redraw: () => void): () => void {
  const observer = new MutationObserver(redraw);
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
  return () => observer.disconnect();
}
