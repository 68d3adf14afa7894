import type { AuditOptions } from '../../engine/audit/options';
import type { SqlRelation } from '../../engine/table/rows';
import type { AuditReport } from '../../../../common/reports/audit';
import type { DatabaseProblem, InputFix, InputLocation } from '../../../../common/input-errors';
import type { Comparison } from '../../../../common/reports/comparison';
import type { LeakageOptions } from '../../engine/leakage/analyze';
import type { CompareInput } from '../../services/compare-params';
import type { ParameterNaming } from '../../params/schema';
import type { LeakageResult } from '../../../../common/reports/leakage';
import type { MitigationReport } from '../../../../common/reports/mitigation';
import type { ColumnsResult } from '../../../../common/protocol';
import type { CodeExtraction, CodeInput } from '../../services/pipeline';

/** The heavy work the language server hands to worker threads, one job per worker. */
export type Job =
  | { kind: 'audit'; file: string; options: AuditOptions }
  /** file: a file, or a database URL (with its password) when `relation` says what to read. */
  | { kind: 'columns'; file: string; relation?: SqlRelation }
  /** params: validated against the method's schema in the worker; naming: how mistakes name them. */
  | { kind: 'mitigate'; method: string; params: unknown; naming: ParameterNaming }
  | {
      kind: 'diagnose';
      file: string;
      options: AuditOptions;
      configured: boolean;
      leakage: { enabled: boolean; sampleSize: number; seed: number; jointRows: number };
    }
  | { kind: 'leakage'; file: string; options: LeakageOptions }
  | { kind: 'compare'; options: CompareInput }
  | { kind: 'pipeline'; input: CodeInput };

/**
 * What the diagnostics of a CSV file are made from. A file is audited only when the user
 * configured its columns or a sensitive column could be inferred; otherwise `report` is null and
 * only a malformed file (a `failure` with a line) is worth a diagnostic.
 */
export interface Diagnosis {
  columns: string[];
  headerLine: number;
  delimiter: string;
  report: AuditReport | null;
  /** Whether the file is a fairness dataset: its columns were configured or a sensitive column inferred. */
  relevant: boolean;
  /** Proxy figures of every column against the audit's sensitive columns (on a sample). */
  leakage: LeakageResult | null;
  failure: JobFailure | null;
}

export interface JobResults {
  audit: AuditReport;
  columns: ColumnsResult;
  mitigate: MitigationReport;
  diagnose: Diagnosis;
  leakage: LeakageResult;
  compare: Comparison;
  pipeline: CodeExtraction;
}

export interface JobProgress {
  /** 0..1, or undefined when the size of the work is unknown. */
  fraction: number | undefined;
  message: string;
}

/** How a failure crosses the thread boundary (errors lose their class on the way). */
export type JobFailure =
  | { kind: 'input'; message: string; detail: string; location?: InputLocation; fix?: InputFix; database?: DatabaseProblem }
  | { kind: 'usage'; message: string }
  /** terminated: the job did not stop within the grace period and its thread was ended. */
  | { kind: 'cancelled'; terminated?: true }
  /** busy: too many jobs wait already; memory: the job's thread reached its heap limit. */
  | { kind: 'busy'; message: string }
  | { kind: 'memory'; message: string }
  | { kind: 'internal'; message: string; stack?: string };

export type WorkerToServer =
  | { type: 'progress'; progress: JobProgress }
  | { type: 'partial'; result: unknown }
  /** cpuSeconds: the job's CPU time in its thread (null where it cannot be read). */
  | { type: 'done'; result: unknown; cpuSeconds: number | null }
  | { type: 'failed'; failure: JobFailure }
  /** A staging folder the job opened or closed (watchStaging): those left open when its thread is ended are removed. */
  | { type: 'staging'; folder: string; open: boolean };

/** `cancelled`: one Int32 the server sets to 1 on cancel, read by the job even while it computes without yielding. */
export type ServerToWorker = { type: 'start'; job: Job; cancelled: SharedArrayBuffer } | { type: 'cancel' };
