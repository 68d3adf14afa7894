// What a user does in the VS Code workbench, as Playwright steps: right-click a file in the
// Explorer, choose menu items, answer quick picks and input boxes, read and click notifications,
// and find the report panel's webview frame. Every step waits for what the user would see.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import type { Frame, Locator, Page } from 'playwright-core';

const STEP_MS = 30_000;

export class Workbench {
  private switches = 0;

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
    const row = this.explorerRow(file);
    const first = this.page.locator('.monaco-menu .action-item:not(.disabled) .action-label', { hasText: new RegExp(`^${escape(items[0]!)}$`) });
    for (let attempt = 0; ; attempt++) {
      await row.click();
      await row.click({ button: 'right' });
      if (await first.first().waitFor({ timeout: 2000 }).then(() => true, () => false)) break;
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
  }

  /** Runs a command from the palette by its title ("Parity: Run Mitigation…"). */
  async palette(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.quickInputBox();
    await input.waitFor({ timeout: STEP_MS });
    await input.fill(`>${title}`);
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

  quickPickRow(label: RegExp): Locator {
    return this.page.locator('.quick-input-widget .monaco-list-row', { has: this.page.locator('.label-name', { hasText: label }) }).first();
  }

  /** Waits for a quick input whose title matches, and returns its title text. */
  async quickTitle(title: RegExp): Promise<string> {
    const locator = this.page.locator('.quick-input-widget .quick-input-title', { hasText: title });
    await locator.waitFor({ timeout: STEP_MS });
    return (await locator.textContent()) ?? '';
  }

  /** The label of the highlighted item: what Enter would accept. */
  async activeItem(): Promise<string> {
    const row = this.page.locator('.quick-input-widget .monaco-list-row.focused .label-name').first();
    await row.waitFor({ timeout: STEP_MS });
    return (await row.textContent()) ?? '';
  }

  /** Picks an item of the open quick pick by its label, typing to filter as a user would. */
  async pick(label: string): Promise<void> {
    await this.quickInputBox().fill(label);
    const row = this.quickPickRow(new RegExp(`^${escape(label)}`));
    await row.waitFor({ timeout: STEP_MS });
    await row.click();
  }

  /** Ticks exactly these items of an open multi-select quick pick (filtering to find each), then accepts. */
  async pickMany(labels: readonly string[]): Promise<void> {
    const all = this.page.locator('.quick-input-widget [role="checkbox"][aria-label="Toggle all checkboxes"]');
    await all.waitFor({ timeout: STEP_MS });
    // "mixed" or "true" until every item is unticked (a click on "mixed" ticks all, the next unticks all)
    for (let clicks = 0; (await all.getAttribute('aria-checked')) !== 'false'; clicks++) {
      if (clicks > 2) throw new Error('could not clear the quick pick');
      await all.click();
    }
    for (const label of labels) {
      await this.quickInputBox().fill(label);
      const row = this.page.locator(`.quick-input-widget .monaco-list-row[role="checkbox"][aria-label^="${label},"], .quick-input-widget .monaco-list-row[role="checkbox"][aria-label="${label}"]`).first();
      await row.waitFor({ timeout: STEP_MS });
      await row.locator('.monaco-checkbox').click();
      await this.page.waitForFunction((element) => element?.getAttribute('aria-checked') === 'true', await row.elementHandle(), { timeout: STEP_MS });
    }
    await this.quickInputBox().fill('');
    await this.page.locator('.quick-input-widget .monaco-button', { hasText: /^OK$/ }).first().click();
  }

  /** Types into the open input box (replacing its text) and presses Enter. */
  async type(text: string): Promise<void> {
    await this.quickInputBox().fill(text);
    await this.page.keyboard.press('Enter');
  }

  async enter(): Promise<void> {
    await this.page.keyboard.press('Enter');
  }

  /** Waits for a notification whose text matches; returns its text. */
  async notification(text: RegExp, timeout = STEP_MS): Promise<Locator> {
    const toast = this.page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
    await toast.waitFor({ timeout });
    return toast;
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
        const text = await frame.locator('h1').first().textContent({ timeout: 200 }).catch(() => null);
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
   * Switches the colour theme by writing the user settings (`workbench.colorTheme`, a theme id such
   * as "Light 2026"), which VS Code applies live; the theme picker of this build lists no themes.
   * Any open quick input is closed first.
   */
  async theme(settingsFile: string, settings: Record<string, unknown>, theme: string): Promise<void> {
    await this.page.keyboard.press('Escape');
    // a setting that changes every time, so no write looks like an earlier one
    writeFileSync(settingsFile, JSON.stringify({ ...settings, 'workbench.colorTheme': theme, 'parity.test.themeSwitch': (this.switches += 1) }));
    const kind = theme.includes('High Contrast') ? (theme.includes('Light') ? 'hc-light' : 'hc-black') : theme.includes('Light') ? 'vs' : 'vs-dark';
    // the settings file is watched: on a loaded machine the change lands after up to a minute
    await this.page.locator(`.monaco-workbench.${kind}`).waitFor({ timeout: 120_000 });
    await this.page.waitForTimeout(800);
  }

  async screenshot(file: string): Promise<void> {
    await this.page.screenshot({ path: file });
  }

  /** Asserts nothing in the quick input is open (the flow finished or was dismissed). */
  async noQuickInput(): Promise<void> {
    await this.quickInput().waitFor({ state: 'hidden', timeout: STEP_MS });
    assert.ok(!(await this.quickInput().isVisible()));
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
