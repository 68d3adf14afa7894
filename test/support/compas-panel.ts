// The bundled COMPAS example audited as the editor audits it (its settings' defaults), and the
// panel content that shows it: the fixture of the Chromium tests of the groups table and exports.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AuditContent } from '../../common/protocol';
import type { AuditReport } from '../../common/reports/audit';
import { DEFAULT_SETTINGS } from '../../common/settings';
import { auditOptionsFrom } from '../../server/src/adapters/lsp/params';
import { runAudit } from '../../server/src/services/audit';
import { root } from './panel-page';

export const COMPAS_EXAMPLE = path.join(root, 'examples/compas/compas-two-years.csv');

/** The roles the example's README command gives, a reoffence being the harmful outcome; 20 resamples keep it quick. */
export const COMPAS_ROLES = {
  label: 'two_year_recid',
  score: 'decile_score',
  sensitive: ['race', 'sex'],
  threshold: 5,
  bootstrap: 20,
  positiveMeans: 'harm' as const,
};

export async function compasAuditContent(): Promise<{ report: AuditReport; content: AuditContent }> {
  const request = { uri: pathToFileURL(COMPAS_EXAMPLE).toString(), options: { ...COMPAS_ROLES } };
  const report = await runAudit(COMPAS_EXAMPLE, auditOptionsFrom(request.options, DEFAULT_SETTINGS));
  return { report, content: { kind: 'audit', report, request, proxies: { checked: false, reason: 'not asked in this test' } } };
}
