import type { AuditRequestOptions } from '../../../../common/protocol';
import type { ParitySettings } from '../../../../common/settings';
import type { LeakageOptions } from '../../engine/leakage/analyze';
import type { Job } from '../worker/jobs';
import { auditOptionsFrom } from './params';

/** The rows the editor's proxy check measures, and the joint model's share of them. */
export interface ProxyRows {
  /** Rows read from the file's start (parity.diagnostics.maxRows). */
  maxRows: number;
  /** A seeded random sample of that many of them (parity.leakage.sampleSize). */
  sampleSize: number;
  seed: number;
  /** Rows of the sample the joint model is fitted on (parity.leakage.jointSampleSize). */
  jointRows: number;
}

/**
 * The proxy check's rows for the Problems diagnostics and for a report panel's Proxies alike: one
 * setting, so both measure the same rows and show the same figures.
 */
export function proxyRows(settings: ParitySettings): ProxyRows {
  return { maxRows: settings.diagnostics.maxRows, sampleSize: settings.leakage.sampleSize, seed: 0, jointRows: settings.leakage.jointSampleSize };
}

/** The diagnostics' check of a file: a quick audit of its first rows, the proxy sample drawn from the same pass. */
export function diagnoseJob(settings: ParitySettings, configured: AuditRequestOptions | undefined, file: string): Extract<Job, { kind: 'diagnose' }> {
  const rows = proxyRows(settings);
  return {
    kind: 'diagnose',
    file,
    options: { ...auditOptionsFrom(configured, settings), bootstrap: 0, maxRows: rows.maxRows },
    configured: configured !== undefined,
    leakage: { enabled: settings.leakage.enabled, sampleSize: rows.sampleSize, seed: rows.seed, jointRows: rows.jointRows },
  };
}

/** The proxy check of a file for a panel whose columns the diagnostics did not measure: their rows, read as they read them. */
export function proxyCheckOptions(
  settings: ParitySettings,
  configured: AuditRequestOptions | undefined,
  columns: Pick<LeakageOptions, 'sensitive' | 'label' | 'audited'>,
): LeakageOptions {
  const { csv, maxGroups } = auditOptionsFrom(configured, settings);
  return { ...columns, ...proxyRows(settings), ...(csv ? { csv } : {}), ...(maxGroups !== undefined ? { maxGroups } : {}) };
}
