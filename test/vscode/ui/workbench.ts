// What a user does in the VS Code workbench, as Playwright steps: right-click a file in the
// Explorer, choose menu items, answer quick picks and input boxes, read and click notifications,
// and find the report panel's webview frame. Every step waits for what the user would see.
import assert from 'node:assert/strict';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { it } from 'node:test';
import type { Frame, Locator, Page } from 'playwright-core';
import { launchVsCode, type VsCode } from '../launch';

const STEP_MS = 30_000;

/** Settings under which the workbench follows the emulated system theme (see `theme`). */
export const THEME_SETTINGS = {
  'window.autoDetectColorScheme': true,
  'window.autoDetectHighContrast': true,
  'workbench.preferredLightColorTheme': 'Light 2026',
  'workbench.preferredDarkColorTheme': 'Dark 2026',
  'workbench.preferredHighContrastColorTheme': 'Default High Contrast',
};

export class Workbench {
  constructor(readonly page: Page) {}

  /** Waits until the workbench and the Explorer show the workspace's files. */
  async ready(file: string): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await this.explorerRow(file).waitFor({ timeout: 60_000 });
  }

  explorerRow(file: string): Locator {
    return this.page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${file}"]`);
  }

  /**
   * Right-clicks a file in the Explorer and follows a menu path, e.g. ['Parity', 'Audit Fairness'].
   * While VS Code is still registering the installed extension its menu is missing: the menu is
   * closed and opened again, as a user would.
   */
  async explorerMenu(file: string, ...items: string[]): Promise<void> {
    await this.contextMenu(this.explorerRow(file), file, items);
  }

  /** Right-clicks in the text of the open editor of `file` (opening it from the Explorer) and follows a menu path, as explorerMenu does. */
  async editorMenu(file: string, ...items: string[]): Promise<void> {
    await this.explorerRow(file).dblclick();
    await this.page.locator('.tabs-container .tab.active', { hasText: file }).waitFor({ timeout: STEP_MS });
    await this.contextMenu(this.page.locator('.editor-instance .monaco-editor .view-lines').first(), file, items);
  }

  private async contextMenu(row: Locator, file: string, items: readonly string[]): Promise<void> {
    const first = this.page.locator('.monaco-menu .action-item:not(.disabled) .action-label', { hasText: new RegExp(`^${escape(items[0]!)}$`) });
    for (let attempt = 0; ; attempt++) {
      await row.click();
      await row.click({ button: 'right' });
      if (
        await first
          .first()
          .waitFor({ timeout: 2000 })
          .then(
            () => true,
            () => false,
          )
      )
        break;
      if (attempt > 30) throw new Error(`no "${items[0]}" in the context menu of ${file}`);
      await this.page.keyboard.press('Escape');
      await this.page.waitForTimeout(1000);
    }
    for (const [index, item] of items.entries()) {
      const entry = this.page.locator('.monaco-menu .action-item:not(.disabled) .action-label', { hasText: new RegExp(`^${escape(item)}$`) }).last();
      await entry.waitFor({ timeout: STEP_MS });
      if (index < items.length - 1) await entry.hover();
      else await entry.click();
    }
    // A click landing while the submenu still moves is lost: the item stays highlighted, and Enter chooses it.
    const menu = this.page.locator('.context-view .monaco-menu');
    for (
      let attempt = 0;
      attempt < 3 &&
      !(await menu
        .first()
        .waitFor({ state: 'hidden', timeout: 2000 })
        .then(
          () => true,
          () => false,
        ));
      attempt++
    ) {
      await this.page.keyboard.press('Enter');
    }
  }

  /** Runs a command from the palette by its title ("Parity: Run Mitigation…"). */
  async palette(title: string): Promise<void> {
    const input = this.quickInputBox();
    const deadline = Date.now() + STEP_MS;
    // A webview that has the focus may keep the key, and a closing quick input (a save dialog
    // just escaped) may take the new palette with it (both seen under load): the command
    // palette's other key, then a click on the workbench's title bar first, as a user would retry.
    for (let attempt = 0; ; attempt++) {
      if (attempt % 3 === 2) await this.page.locator('.part.titlebar').click({ position: { x: 5, y: 5 } });
      await this.page.keyboard.press(attempt % 3 === 1 ? 'Control+Shift+P' : 'F1');
      const typed = await input.fill(`>${title}`, { timeout: 5000 }).then(
        () => true,
        () => false,
      );
      if (typed) break;
      if (Date.now() > deadline) throw new Error(`the command palette did not open to run "${title}"`);
    }
    const row = this.quickPickRow(new RegExp(`^${escape(title)}$`));
    await row.waitFor({ timeout: STEP_MS });
    await row.click();
  }

  quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  quickInputBox(): Locator {
    return this.page.locator('.quick-input-widget .quick-input-box input');
  }

  /**
   * The path VS Code's save dialog (a path box in this build) proposes, once it has filled it in
   * with a name ending in `ending`: the box is shown first and filled as the dialog reads the folder.
   */
  async proposedSavePath(ending: string): Promise<string> {
    await this.quickInputBox().waitFor({ timeout: 30_000 });
    await this.page.waitForFunction(
      (end) =>
        (
          (globalThis as unknown as { document: { querySelector(s: string): { value: string } | null } }).document.querySelector(
            '.quick-input-widget .quick-input-box input',
          )?.value ?? ''
        ).endsWith(end),
      ending,
      { timeout: 30_000 },
    );
    return this.quickInputBox().inputValue();
  }

  quickPickRow(label: RegExp): Locator {
    return this.page.locator('.quick-input-widget .monaco-list-row', { has: this.page.locator('.label-name', { hasText: label }) }).first();
  }

  /**
   * Waits for a quick input whose title matches, and returns its title text. After a step, pass
   * that step's title as `previous`: the next question may share words with it, and the old
   * question stays on screen until the extension shows the next one (slowly, under load).
   */
  async quickTitle(title: RegExp, previous?: string): Promise<string> {
    const locator = this.page.locator('.quick-input-widget .quick-input-title');
    const deadline = Date.now() + STEP_MS;
    for (;;) {
      const text = (await locator.isVisible().catch(() => false)) ? await locator.textContent().catch(() => null) : null;
      if (text !== null && title.test(text) && text !== previous) return text;
      if (Date.now() > deadline) throw new Error(`no question titled ${title}${previous ? ` after "${previous}"` : ''}; on screen: "${text ?? '(none)'}"`);
      await this.page.waitForTimeout(100);
    }
  }

  /** The label of the highlighted item: what Enter would accept. */
  async activeItem(): Promise<string> {
    const row = this.page.locator('.quick-input-widget .monaco-list-row.focused .label-name').first();
    await row.waitFor({ timeout: STEP_MS });
    return (await row.textContent()) ?? '';
  }

  /** Picks an item of the open quick pick by its label, typing to filter as a user would. */
  async pick(label: string): Promise<void> {
    const row = this.quickPickRow(new RegExp(`^\\s*${escape(label)}`)); // after any icon
    const deadline = Date.now() + STEP_MS;
    // The extension may replace the quick input (the next question, or the same review redrawn)
    // while the filter is typed, and the new one opens unfiltered, its row maybe scrolled out of
    // the list: type again into whichever input is on screen until the row shows.
    for (;;) {
      if (
        (await this.quickInputBox()
          .inputValue()
          .catch(() => null)) !== label
      )
        // bounded: an input that is not editable for a moment (inert under a closing dialog) is typed into again
        await this.quickInputBox()
          .fill(label, { timeout: 2_000 })
          .catch(() => undefined);
      if (
        await row.waitFor({ timeout: 1_000 }).then(
          () => true,
          () => false,
        )
      )
        break;
      if (Date.now() > deadline) throw new Error(`no item "${label}" in ${await this.describeQuickInput()}`);
    }
    await row.click();
  }

  /** What the quick input shows, for a failure message: its title, the text in its box, and its rows. */
  async describeQuickInput(): Promise<string> {
    const title = await this.quickInput()
      .locator('.quick-input-title')
      .textContent({ timeout: 1_000 })
      .catch(() => '(none)');
    const value = await this.quickInputBox()
      .inputValue({ timeout: 1_000 })
      .catch(() => '(no input box)');
    const rows = await this.quickInput()
      .locator('.monaco-list-row .label-name')
      .allTextContents()
      .catch(() => []);
    const visible = await this.quickInput()
      .isVisible()
      .catch(() => false);
    return `the quick pick titled "${title}" (${visible ? 'shown' : 'hidden'}), holding "${value}", rows: ${JSON.stringify(rows)}`;
  }

  /**
   * Ticks exactly these items of an open multi-select quick pick, then accepts: unticks the other
   * ticked rows, and finds each wanted row by typing its name into the filter, as a user would.
   * (The "toggle all" box does not report a mixed state, so it cannot be used to clear.)
   */
  async pickMany(labels: readonly string[]): Promise<void> {
    const box = (row: Locator) => row.locator('.monaco-checkbox').first();
    const rowOf = (label: string) =>
      this.page
        .locator(
          `.quick-input-widget .monaco-list-row[role="checkbox"][aria-label^="${label},"], .quick-input-widget .monaco-list-row[role="checkbox"][aria-label="${label}"]`,
        )
        .first();
    const setTicked = async (row: Locator, ticked: boolean) => {
      if (((await box(row).getAttribute('aria-checked')) === 'true') === ticked) return;
      await box(row).click();
      await this.page.waitForFunction(
        ([element, want]) => element?.getAttribute('aria-checked') === want,
        [await box(row).elementHandle(), String(ticked)] as const,
        { timeout: STEP_MS },
      );
    };
    await this.page.locator('.quick-input-widget .monaco-list-row[role="checkbox"]').first().waitFor({ timeout: STEP_MS });
    // every other row unticked, those out of view too: the list draws only the rows in view (two-line
    // rows left a ticked method below it), so it is scrolled down until its last row stays the same
    const rows = this.page.locator('.quick-input-widget .monaco-list-row[role="checkbox"]');
    const untickOthers = async () => {
      for (const row of await rows.all()) {
        if (!labels.includes((await box(row).getAttribute('aria-label')) ?? '')) await setTicked(row, false);
      }
    };
    await untickOthers();
    // only to bring the wheel over the list: a row's own hover text, once shown, covers the row and would fail a checked hover
    await rows.first().hover({ force: true });
    for (let last = ''; ;) {
      await this.page.mouse.wheel(0, 300);
      await this.page.waitForTimeout(200);
      await untickOthers();
      const now = (await box(rows.last()).getAttribute('aria-label')) ?? '';
      if (now === last) break;
      last = now;
    }
    for (const label of labels) {
      await this.quickInputBox().fill(label);
      const row = rowOf(label);
      await row.waitFor({ timeout: STEP_MS });
      await setTicked(row, true);
    }
    await this.quickInputBox().fill('');
    const asked = await this.page.locator('.quick-input-widget .quick-input-title').textContent();
    await this.page.locator('.quick-input-widget .monaco-button', { hasText: /^OK$/ }).first().click();
    // The next question reuses the widget: until its title changes, a key pressed now would go to
    // this one (a CI run's Enter accepted the next question's defaults unseen). A question asked
    // again under the same title only costs the wait.
    const title = this.page.locator('.quick-input-widget .quick-input-title');
    for (const deadline = Date.now() + STEP_MS; Date.now() < deadline; await this.page.waitForTimeout(100)) {
      if (!(await title.isVisible().catch(() => false)) || (await title.textContent().catch(() => null)) !== asked) break;
    }
  }

  /** Types into the input box titled `title` (replacing its text) and presses Enter. */
  async type(title: RegExp, text: string): Promise<void> {
    await this.quickTitle(title);
    await this.quickInputBox().fill(text);
    await this.page.keyboard.press('Enter');
  }

  async enter(): Promise<void> {
    await this.page.keyboard.press('Enter');
  }

  /**
   * Waits for a notification whose text matches and returns it: a toast, or (this VS Code build
   * often files notifications without a toast) the entry in the notification center, which is
   * opened from the status bar's bell as a user would.
   */
  async notification(text: RegExp, timeout = STEP_MS): Promise<Locator> {
    const toast = this.page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
    const listed = this.page.locator('.notifications-center .notification-list-item', { hasText: text }).first();
    const deadline = Date.now() + timeout;
    for (;;) {
      if (await toast.isVisible().catch(() => false)) return toast;
      if (await listed.isVisible().catch(() => false)) return listed;
      if (Date.now() > deadline) throw new Error(`no notification matching ${text}`);
      if (
        !(await this.page
          .locator('.notifications-center.visible')
          .isVisible()
          .catch(() => false))
      ) {
        await this.page
          .locator('.statusbar-item[id="status.notifications"]')
          .click()
          .catch(() => undefined);
      }
      await this.page.waitForTimeout(500);
    }
  }

  /**
   * Applies a quick fix to a problem as a user does: double-click its row in Problems (the editor
   * opens at the finding), Ctrl+. and a click on the fix's title in the menu.
   */
  async quickFix(problem: Locator, title: RegExp): Promise<void> {
    await problem.dblclick();
    const fix = this.page.locator('.action-widget .monaco-list-row', { hasText: title }).first();
    for (let attempt = 0; attempt < 5; attempt++) {
      await this.page.waitForTimeout(700);
      await this.page.keyboard.press('Control+.');
      if (
        await fix.waitFor({ timeout: 4000 }).then(
          () => true,
          () => false,
        )
      )
        break;
      await this.page.keyboard.press('Escape');
    }
    await fix.click();
  }

  /** Closes the notification center if it is open (the bell toggles it). */
  async closeNotifications(): Promise<void> {
    if (
      await this.page
        .locator('.notifications-center.visible')
        .isVisible()
        .catch(() => false)
    ) {
      await this.page.locator('.statusbar-item[id="status.notifications"]').click();
    }
  }

  async clickNotificationButton(text: RegExp, button: string, timeout = STEP_MS): Promise<void> {
    const toast = await this.notification(text, timeout);
    await toast.locator('.monaco-button', { hasText: new RegExp(`^${escape(button)}$`) }).click();
  }

  /** The webview frame of the report panel whose heading matches. */
  async panelFrame(heading: RegExp, timeout = 120_000): Promise<Frame> {
    const deadline = Date.now() + timeout;
    for (;;) {
      for (const frame of this.page.frames()) {
        const text = await frame
          .locator('h1')
          .first()
          .textContent({ timeout: 200 })
          .catch(() => null);
        if (text && heading.test(text)) return frame;
      }
      if (Date.now() > deadline) throw new Error(`no report panel with a heading matching ${heading}`);
      await this.page.waitForTimeout(300);
    }
  }

  /** The active editor tab's title. */
  async activeTab(): Promise<string> {
    return (await this.page.locator('.tabs-container .tab.active .label-name').first().textContent()) ?? '';
  }

  /**
   * Switches the colour theme as the operating system would: VS Code follows the system's colour
   * scheme and forced colours (`window.autoDetectColorScheme`, `window.autoDetectHighContrast`)
   * into the preferred light, dark and high-contrast themes of the settings (THEME_SETTINGS).
   */
  async theme(kind: 'light' | 'dark' | 'high-contrast'): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.page.emulateMedia({ colorScheme: kind === 'light' ? 'light' : 'dark', forcedColors: kind === 'high-contrast' ? 'active' : 'none' });
    const css = { light: 'vs', dark: 'vs-dark', 'high-contrast': 'hc-black' }[kind];
    await this.page.locator(`.monaco-workbench.${css}`).waitFor({ timeout: STEP_MS });
    await this.webviewsThemed(kind);
    await this.page.waitForTimeout(800);
  }

  /**
   * Waits (at most 10 s) until every webview's document has the theme's body class: a panel that
   * draws a chart is re-themed after the workbench, and a shot before that mixed the two themes.
   */
  private async webviewsThemed(kind: 'light' | 'dark' | 'high-contrast'): Promise<void> {
    const wanted = { light: 'vscode-light', dark: 'vscode-dark', 'high-contrast': 'vscode-high-contrast' }[kind];
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await this.page.waitForTimeout(200)) {
      const classes = await Promise.all(
        this.page.frames().map((frame) => frame.evaluate('document.body ? document.body.className : ""').catch(() => '') as Promise<string>),
      );
      const themed = classes.filter((names) => /\bvscode-(light|dark|high-contrast)\b/.test(names));
      if (themed.every((names) => names.split(/\s+/).includes(wanted))) break;
    }
    await this.paintedIn(kind);
  }

  /**
   * Waits (at most 10 s) until the side bar and every webview's page are styled light or dark as
   * the theme is: under load a shot once caught the workbench still dark though it had the new
   * class. What the screen shows is checked after the shot (panelsOffBackground).
   */
  private async paintedIn(kind: 'light' | 'dark' | 'high-contrast'): Promise<void> {
    // relative luminance of a computed colour; null when it is transparent (painted by what is behind)
    const script = `(() => {
      const paint = (element) => {
        if (!element) return null;
        const [r, g, b, a] = (getComputedStyle(element).backgroundColor.match(/[\\d.]+/g) || []).map(Number);
        return a === 0 || r === undefined ? null : (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
      };
      return paint(document.querySelector('.part.sidebar') || document.body);
    })()`;
    const light = kind === 'light';
    let wrong: string[] = [];
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await this.page.waitForTimeout(200)) {
      // the workbench and the webviews on screen (a hidden panel is re-themed when shown)
      const shown = async (frame: Frame) => frame === this.page.mainFrame() || (await (await frame.frameElement()).isVisible());
      // one list of frames for both steps: a frame that comes or goes between them would shift the indices
      const frames = this.page.frames();
      const painted = await Promise.all(
        frames.map(async (frame) => ((await shown(frame).catch(() => false)) ? ((await frame.evaluate(script).catch(() => null)) as number | null) : null)),
      );
      wrong = frames.flatMap((frame, i) => (painted[i] === null || painted[i]! > 0.5 === light ? [] : [frame.url().slice(0, 80)]));
      if (wrong.length === 0) return;
    }
    // said, not failed: the shot is taken and looked at
    console.warn(`painted against the ${kind} theme after 10 s: ${wrong.join(', ')}`);
  }

  async screenshot(file: string): Promise<void> {
    await this.page.screenshot({ path: file });
  }

  /**
   * What is on screen now, in the light, high-contrast and dark themes (VS Code re-themes a quick
   * input or a notification in place), ending in dark: `file(kind)` names each shot.
   */
  async screenshotsInThemes(file: (kind: 'light' | 'dark' | 'high-contrast') => string): Promise<void> {
    // the pointer rests on an empty part of the Explorer: a hover tooltip would cover what is shown
    await this.page.mouse.move(150, 600);
    for (const kind of ['light', 'high-contrast', 'dark'] as const) {
      await this.page.emulateMedia({ colorScheme: kind === 'light' ? 'light' : 'dark', forcedColors: kind === 'high-contrast' ? 'active' : 'none' });
      await this.page.locator(`.monaco-workbench.${{ light: 'vs', dark: 'vs-dark', 'high-contrast': 'hc-black' }[kind]}`).waitFor({ timeout: STEP_MS });
      await this.webviewsThemed(kind);
      await this.page.waitForTimeout(800);
      await this.screenshot(file(kind));
      // the page can be styled for the theme while the screen shows the panel black behind its text (the
      // Compare panel in 7 of 12 standalone runs, before its <html> had the background too): shot again
      // until the screen shows each panel's background, and said if it never does
      for (const deadline = Date.now() + 10_000; ;) {
        const off = await this.panelsOffBackground();
        if (off.length === 0) break;
        if (Date.now() > deadline) {
          console.warn(`on screen unlike its page after 10 s (${kind}): ${off.join('; ')}`);
          break;
        }
        await this.page.waitForTimeout(500);
        await this.screenshot(file(kind));
      }
    }
  }

  /** The panels on screen whose pixels beside their text are not their page's background: "title: on screen rgb(…), page rgb(…)". */
  private async panelsOffBackground(): Promise<string[]> {
    const off: string[] = [];
    for (const frame of this.page.frames()) {
      const page = (await frame
        .evaluate(`document.body && /\\bvscode-/.test(document.body.className) ? [getComputedStyle(document.body).backgroundColor, document.title] : null`)
        .catch(() => null)) as [string, string] | null;
      const box = page && (await (await frame.frameElement().catch(() => null))?.boundingBox());
      const [r, g, b, a] = (page?.[0].match(/[\d.]+/g) ?? []).map(Number);
      if (!page || !box || box.width < 40 || a === 0 || b === undefined) continue;
      // in the page's left padding, halfway down: no text there, only the background
      const shown = await pixelAt(this.page, box.x + 4, box.y + box.height / 2);
      if (Math.max(Math.abs(shown[0] - r!), Math.abs(shown[1] - g!), Math.abs(shown[2] - b)) > 24)
        off.push(`${page[1] || frame.url().slice(-40)}: on screen rgb(${shown.join(', ')}), page ${page[0]}`);
    }
    return off;
  }

  /** Asserts nothing in the quick input is open (the flow finished or was dismissed). */
  async noQuickInput(): Promise<void> {
    await this.quickInput().waitFor({ state: 'hidden', timeout: STEP_MS });
    assert.ok(!(await this.quickInput().isVisible()));
  }
}

/**
 * One pixel on screen, read from a 1 × 1 screenshot: a PNG whose one row is inflated from its IDAT
 * chunks (every PNG filter leaves a lone pixel as it is: nothing lies left of or above it).
 */
async function pixelAt(page: Page, x: number, y: number): Promise<[number, number, number]> {
  const png = await page.screenshot({ clip: { x: Math.round(x), y: Math.round(y), width: 1, height: 1 } });
  const data: Buffer[] = [];
  for (let at = 8; at < png.length; at += 12 + png.readUInt32BE(at)) {
    if (png.toString('ascii', at + 4, at + 8) === 'IDAT') data.push(png.subarray(at + 8, at + 8 + png.readUInt32BE(at)));
  }
  const row = inflateSync(Buffer.concat(data));
  return [row[1]!, row[2]!, row[3]!];
}

/** VS Code with the packaged .vsix on `workspace`, its workbench open in the dark theme, the Explorer showing `file`. */
export async function openWorkbench(workspace: string, settings: Record<string, unknown>, file: string): Promise<{ vscode: VsCode; ui: Workbench }> {
  const vscode = await launchVsCode({ workspace, settings });
  await vscode.page.emulateMedia({ colorScheme: 'dark', forcedColors: 'none' });
  const ui = new Workbench(vscode.page);
  await vscode.page.goto(vscode.url);
  await ui.ready(file);
  return { vscode, ui };
}

/**
 * A user-interface test, started with no notification or quick input open; on failure, a
 * screenshot of what was on screen goes to `shots` as failed-PREFIX-NAME.png.
 */
export function userFlow(ui: () => Workbench, shots: string, prefix: string): (name: string, run: () => Promise<void>) => void {
  return (name, run) =>
    it(name, async () => {
      try {
        await ui().closeNotifications();
        await ui().page.keyboard.press('Escape');
        await run();
      } catch (error) {
        await ui()
          .screenshot(path.join(shots, `failed-${prefix}${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}.png`))
          .catch(() => undefined);
        throw error;
      }
    });
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
