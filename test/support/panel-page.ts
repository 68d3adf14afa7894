// The report panel's page (the extension's own HTML, CSP and dist/webview.js) served to Debian's
// Chromium, with a stand-in for the VS Code host: `acquireVsCodeApi` answers `ready` with the
// content, as the extension does, keeps the state the page saves and the messages it posts, and
// hands the other messages to the test (which may answer with new content, as the extension
// does). Themes are VS Code's own variables; screenshots go to .webview-screenshots/.
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { panelHtml } from '../../client/src/panel-html';
import type { PanelContent, PanelViewState, WebviewToExtension } from '../../common/protocol';

export const root = path.resolve(__dirname, '../../..');
export const screenshots = path.join(root, '.webview-screenshots');

/** VS Code theme variables (Light+, Dark+, High Contrast), set on <html> with the body class the way VS Code sets them. */
export const THEMES = {
  light: {
    bodyClass: 'vscode-light',
    variables: {
      '--vscode-foreground': '#3b3b3b',
      '--vscode-editor-background': '#ffffff',
      '--vscode-descriptionForeground': '#717171',
      '--vscode-panel-border': '#e5e5e5',
      '--vscode-editorWarning-foreground': '#bf8803',
      '--vscode-focusBorder': '#005fb8',
      '--vscode-charts-blue': '#1a85ff',
      '--vscode-charts-red': '#e51400',
      '--vscode-charts-green': '#388a34',
      '--vscode-testing-iconPassed': '#73c991',
      '--vscode-charts-yellow': '#bf8803',
      '--vscode-charts-purple': '#652d90',
      '--vscode-charts-orange': '#d18616',
      '--vscode-errorForeground': '#e51400',
      '--vscode-textLink-foreground': '#005fb8',
      '--vscode-dropdown-background': '#ffffff',
      '--vscode-dropdown-foreground': '#3b3b3b',
      '--vscode-dropdown-border': '#cecece',
      '--vscode-list-hoverBackground': '#f2f2f2',
      '--vscode-button-background': '#005fb8',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-button-hoverBackground': '#0258a8',
      '--vscode-button-border': '#0000001a',
      '--vscode-button-secondaryBackground': '#e5e5e5',
      '--vscode-button-secondaryForeground': '#3b3b3b',
      '--vscode-button-secondaryHoverBackground': '#cccccc',
      '--vscode-panelTitle-activeBorder': '#005fb8',
      '--vscode-panelTitle-activeForeground': '#3b3b3b',
      '--vscode-panelTitle-inactiveForeground': '#3b3b3b',
      '--vscode-panel-background': '#f8f8f8',
      '--vscode-settings-headerBorder': '#e5e5e5',
      '--vscode-widget-shadow': '#00000029',
      '--vscode-font-family': 'system-ui, sans-serif',
      '--vscode-font-size': '13px',
    },
  },
  dark: {
    bodyClass: 'vscode-dark',
    variables: {
      '--vscode-foreground': '#cccccc',
      '--vscode-editor-background': '#1f1f1f',
      '--vscode-descriptionForeground': '#9d9d9d',
      '--vscode-panel-border': '#2b2b2b',
      '--vscode-editorWarning-foreground': '#cca700',
      '--vscode-focusBorder': '#0078d4',
      '--vscode-charts-blue': '#3794ff',
      '--vscode-charts-red': '#f14c4c',
      '--vscode-charts-green': '#89d185',
      '--vscode-testing-iconPassed': '#73c991',
      '--vscode-charts-yellow': '#cca700',
      '--vscode-charts-purple': '#b180d7',
      '--vscode-charts-orange': '#d18616',
      '--vscode-errorForeground': '#f85149',
      '--vscode-textLink-foreground': '#4daafc',
      '--vscode-dropdown-background': '#313131',
      '--vscode-dropdown-foreground': '#cccccc',
      '--vscode-dropdown-border': '#3c3c3c',
      '--vscode-list-hoverBackground': '#2a2d2e',
      '--vscode-button-background': '#0078d4',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-button-hoverBackground': '#026ec1',
      '--vscode-button-border': '#ffffff12',
      '--vscode-button-secondaryBackground': '#313131',
      '--vscode-button-secondaryForeground': '#cccccc',
      '--vscode-button-secondaryHoverBackground': '#3c3c3c',
      '--vscode-panelTitle-activeBorder': '#0078d4',
      '--vscode-panelTitle-activeForeground': '#cccccc',
      '--vscode-panelTitle-inactiveForeground': '#9d9d9d',
      '--vscode-panel-background': '#181818',
      '--vscode-settings-headerBorder': '#2b2b2b',
      '--vscode-widget-shadow': '#0000005c',
      '--vscode-font-family': 'system-ui, sans-serif',
      '--vscode-font-size': '13px',
    },
  },
  'high-contrast': {
    bodyClass: 'vscode-high-contrast',
    variables: {
      '--vscode-foreground': '#ffffff',
      '--vscode-editor-background': '#000000',
      '--vscode-descriptionForeground': '#ffffffb3',
      '--vscode-panel-border': '#6fc3df',
      '--vscode-contrastBorder': '#6fc3df',
      '--vscode-editorWarning-foreground': '#fff500',
      '--vscode-focusBorder': '#f38518',
      '--vscode-charts-blue': '#3794ff',
      '--vscode-charts-red': '#f14c4c',
      '--vscode-charts-green': '#89d185',
      '--vscode-charts-yellow': '#fff500',
      '--vscode-charts-purple': '#b180d7',
      '--vscode-charts-orange': '#d18616',
      '--vscode-errorForeground': '#f48771',
      '--vscode-textLink-foreground': '#21a6ff',
      '--vscode-dropdown-background': '#000000',
      '--vscode-dropdown-foreground': '#ffffff',
      '--vscode-dropdown-border': '#6fc3df',
      '--vscode-list-hoverBackground': '#000000',
      '--vscode-button-background': '#000000',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-button-hoverBackground': '#000000',
      '--vscode-button-border': '#6fc3df',
      '--vscode-button-secondaryBackground': '#000000',
      '--vscode-button-secondaryForeground': '#ffffff',
      '--vscode-button-secondaryHoverBackground': '#000000',
      // as a webview of VS Code's Default High Contrast reads them (the UI suite's paint log, code-server 4)
      '--vscode-panelTitle-activeBorder': '#6fc3df',
      '--vscode-contrastActiveBorder': '#f38518',
      '--vscode-panelTitle-activeForeground': '#ffffff',
      '--vscode-panelTitle-inactiveForeground': '#ffffff',
      '--vscode-panel-background': '#000000',
      '--vscode-settings-headerBorder': '#6fc3df',
      '--vscode-font-family': 'system-ui, sans-serif',
      '--vscode-font-size': '13px',
    },
  },
};
export type Theme = keyof typeof THEMES;

/** Serves the panel page and dist/webview.js on a loopback port. */
export async function servePanel(): Promise<{ origin: string; close(): void }> {
  const script = readFileSync(path.join(root, 'dist/webview.js'));
  let origin = '';
  const server = createServer((request, response) => {
    if (request.url === '/webview.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    } else {
      // /loading/<text>: the page of a panel opened while its report is computed, saying <text>
      const loading = request.url?.startsWith('/loading/') ? decodeURIComponent(request.url.slice('/loading/'.length)) : undefined;
      response.writeHead(200, { 'content-type': 'text/html' }).end(panelHtml(origin, `${origin}/webview.js`, 'dGVzdC1ub25jZQ==', loading));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, close: () => server.close() };
}

/**
 * The extension's side of a message other than `ready`: `reply` sends new content with the page's
 * latest view, or with `stale`: a view the page has since changed, marked keepView as the extension marks updates.
 */
export type HostHandler = (
  message: WebviewToExtension,
  reply: (content: PanelContent, stale?: { view: PanelViewState; keepView: boolean }) => Promise<void>,
) => Promise<void>;

/**
 * The panel page served and a Chromium to open it in (screenshots' folder made); `close` ends both.
 * `scrollbars` draws them as a user's browser does (Playwright hides them), for what fits without scrolling.
 */
export async function panelBrowser(options: { scrollbars?: boolean } = {}): Promise<{ origin: string; browser: Browser; close(): Promise<void> }> {
  const { origin, close } = await servePanel();
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
    ...(options.scrollbars ? { ignoreDefaultArgs: ['--hide-scrollbars'] } : {}),
  });
  mkdirSync(screenshots, { recursive: true });
  return {
    origin,
    browser,
    close: async () => {
      await browser.close();
      close();
    },
  };
}

/** Opens the panel page with a stand-in host that answers `ready` with `content` (and hands other messages to `onMessage`). */
export async function openPanel(
  browser: Browser,
  origin: string,
  content: PanelContent,
  theme: Theme = 'light',
  width = 1200,
  onMessage?: HostHandler,
): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  if (onMessage) {
    const reply = (next: PanelContent, stale?: { view: PanelViewState; keepView: boolean }) =>
      page.evaluate(
        ({ shown, stale }) => {
          const view = (JSON.parse(sessionStorage.getItem('state') ?? 'null') as { view?: unknown } | null)?.view ?? {};
          window.postMessage(stale ? { type: 'show', content: shown, ...stale } : { type: 'show', content: shown, view }, '*');
        },
        { shown: next, stale },
      );
    await page.exposeFunction('hostReceive', (message: WebviewToExtension) => onMessage(message, reply));
  }
  await page.addInitScript(
    ({ content, theme }) => {
      const host = window as unknown as {
        posted: unknown[];
        violations: string[];
        alerts: number;
        acquireVsCodeApi: unknown;
        hostReceive?: (message: unknown) => Promise<void>;
      };
      host.posted = [];
      host.violations = [];
      host.alerts = 0;
      window.alert = () => void host.alerts++;
      document.addEventListener('securitypolicyviolation', (event) => host.violations.push(`${event.violatedDirective} ${event.blockedURI}`));
      document.addEventListener('DOMContentLoaded', () => {
        for (const [name, value] of Object.entries(theme.variables)) document.documentElement.style.setProperty(name, value);
        document.body.classList.add(theme.bodyClass);
      });
      let state: unknown = JSON.parse(sessionStorage.getItem('state') ?? 'null') ?? undefined;
      host.acquireVsCodeApi = () => ({
        postMessage(message: { type: string }) {
          host.posted.push(message);
          // the extension answers `ready` with the latest view the page reported
          const view = (JSON.parse(sessionStorage.getItem('state') ?? 'null') as { view?: unknown } | null)?.view ?? {};
          if (message.type === 'ready') window.postMessage({ type: 'show', content, view }, '*');
          else void host.hostReceive?.(message);
        },
        getState: () => state,
        setState(next: unknown) {
          state = next;
          sessionStorage.setItem('state', JSON.stringify(next));
        },
      });
    },
    { content, theme: THEMES[theme] },
  );
  await page.goto(origin);
  await page.locator('h1').first().waitFor();
  return page;
}

/** Switches the page to another theme as VS Code does (the theme's variables alone on <html>, class on <body>). */
export async function useTheme(page: Page, theme: Theme): Promise<void> {
  await page.evaluate((next) => {
    const style = document.documentElement.style;
    for (const name of Array.from(style).filter((name) => name.startsWith('--vscode-'))) style.removeProperty(name);
    for (const [name, value] of Object.entries(next.variables)) document.documentElement.style.setProperty(name, value);
    document.body.classList.remove('vscode-light', 'vscode-dark', 'vscode-high-contrast');
    document.body.classList.add(next.bodyClass);
  }, THEMES[theme]);
  await page.waitForTimeout(150);
}

/**
 * The whole page in one screenshot, as a user scrolls it: with drawn scrollbars, Chromium's
 * full-page capture lays the page out without the vertical one but keeps the viewport's width less
 * its 15 px, cutting the right edge of every line (the full-size look read "audited with othe").
 * The viewport is made as tall as the page instead, so nothing scrolls and nothing is cut.
 */
export async function wholePageShot(page: Page, file: string): Promise<void> {
  const viewport = page.viewportSize()!;
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, height) });
  await page.screenshot({ path: file });
  await page.setViewportSize(viewport);
}

/** One screenshot per theme of what the page shows now. */
export async function screenshotThemes(page: Page, name: string): Promise<void> {
  for (const theme of Object.keys(THEMES) as Theme[]) {
    await useTheme(page, theme);
    await wholePageShot(page, path.join(screenshots, `${name}-${theme}.png`));
  }
  await useTheme(page, 'light');
}

export async function pageErrors(page: Page): Promise<{ violations: string[]; alerts: number }> {
  return page.evaluate(() => {
    const host = window as unknown as { violations: string[]; alerts: number };
    return { violations: host.violations, alerts: host.alerts };
  });
}

export async function posted(page: Page): Promise<WebviewToExtension[]> {
  return page.evaluate(() => (window as unknown as { posted: WebviewToExtension[] }).posted);
}

/** Every point drawn: the plot offers "Show every point" only when its focused view leaves some out. */
export async function showEveryPoint(page: Page): Promise<void> {
  const button = page.locator('[data-testid="show-all"]');
  if ((await button.count()) === 0) return;
  await button.click();
  await page.waitForTimeout(200);
}

/** Each drawn point's fairness gap (a trade-off plot's x) (by point id), read from its marker's centre and the x axis's first and last labels. */
export async function plottedGaps(page: Page): Promise<Map<number, number>> {
  const drawn = await page.locator('[data-testid="tradeoff-chart"]').evaluate((chart) => {
    const centre = (r: DOMRect) => ({ x: (r.left + r.right) / 2, y: (r.top + r.bottom) / 2 });
    const labels = Array.from(chart.querySelectorAll('svg text')).flatMap((t) =>
      /^-?\d+(\.\d+)?$/.test(t.textContent ?? '') ? [{ value: Number(t.textContent), ...centre(t.getBoundingClientRect()) }] : [],
    );
    const points = Array.from(chart.querySelectorAll<HTMLElement>('.point-target:not([hidden])')).map((b) => ({
      id: Number(b.dataset['testid']!.replace('point-', '')),
      ...centre(b.getBoundingClientRect()),
    }));
    return { labels, points };
  });
  // the x axis's labels: the lowest row of numbers
  const bottom = Math.max(...drawn.labels.map((l) => l.y));
  const axis = drawn.labels.filter((l) => Math.abs(l.y - bottom) < 2).sort((a, b) => a.value - b.value);
  const [first, last] = [axis[0]!, axis.at(-1)!];
  const valueAt = (x: number) => first.value + ((x - first.x) / (last.x - first.x)) * (last.value - first.value);
  return new Map(drawn.points.map((p) => [p.id, valueAt(p.x)]));
}
