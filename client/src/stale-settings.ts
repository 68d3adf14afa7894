import * as vscode from 'vscode';
import type { AuditContent } from '../../common/protocol';
import { readSettings } from '../../common/settings';
import { ReportPanel } from './panel';

/**
 * What changed, since an open audit ran, among the settings its figures depend on
 * ("bootstrap resamples 200 → 50"); not a setting the audit was given explicitly.
 */
export function staleSettings(content: AuditContent, now = currentSettings()): string[] {
  const { report } = content;
  const given = content.request?.options ?? {};
  const changes: string[] = [];
  if (given.bootstrap === undefined && report.bootstrap.resamples !== now.bootstrap)
    changes.push(`bootstrap resamples ${report.bootstrap.resamples} → ${now.bootstrap}`);
  if (given.minGroupSize === undefined && report.minGroupSize !== now.minGroupSize)
    changes.push(`minimum group size ${report.minGroupSize} → ${now.minGroupSize}`);
  if (given.minLabelCount === undefined && report.minLabelCount !== undefined && report.minLabelCount !== now.minLabelCount)
    changes.push(`minimum rows per label value ${report.minLabelCount} → ${now.minLabelCount}`);
  if (given.maxGroups === undefined && report.maxGroups !== now.maxGroups) changes.push(`most groups ${report.maxGroups} → ${now.maxGroups}`);
  return changes;
}

/** After a change of Parity's settings, each open audit says which of its settings changed (a new audit clears it). */
export function watchSettings(): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration(async (event) => {
    if (!event.affectsConfiguration('parity')) return;
    const now = currentSettings();
    for (const content of ReportPanel.audits()) {
      const changes = staleSettings(content, now);
      if (changes.join() === (content.staleSettings ?? []).join()) continue;
      const updated: AuditContent = { ...content, staleSettings: changes };
      if (changes.length === 0) delete updated.staleSettings;
      await ReportPanel.refresh(updated);
    }
  });
}

/** The user's settings of the figures now (bootstrap, minimum group size, most groups), as the server reads them. */
export function currentSettings(): ReturnType<typeof readSettings> {
  return readSettings(parityConfiguration());
}

/** The settings as plain values: the configuration object's own keys are its sections. */
function parityConfiguration(): Record<string, unknown> {
  const configuration = vscode.workspace.getConfiguration('parity');
  return {
    bootstrap: configuration.get('bootstrap'),
    minGroupSize: configuration.get('minGroupSize'),
    minLabelCount: configuration.get('minLabelCount'),
    maxGroups: configuration.get('maxGroups'),
  };
}
