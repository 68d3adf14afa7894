import type { MetricValues } from '../audit/report';
import type { OutcomeSummary } from './outcomes';

/**
 * `report.json` of every mitigation run (documented in docs/mitigation-json.md). Bump
 * MITIGATION_SCHEMA_VERSION on any incompatible change.
 */
export const MITIGATION_SCHEMA_VERSION = 1;

export type MitigationKind = 'pre-processing' | 'in-processing' | 'post-processing';

export interface MitigationReport {
  schemaVersion: typeof MITIGATION_SCHEMA_VERSION;
  method: string;
  kind: MitigationKind;
  task: 'classification' | 'regression';
  /** Absolute paths of the inputs and of the files written. */
  files: { inputs: Record<string, string>; predictions: string; model: string; report: string };
  columns: { label: string | null; sensitive: string[]; prediction: string | null; score: string | null; added: string[] };
  /** The settings used, including the ones chosen by model selection. */
  parameters: Record<string, unknown>;
  /** Which rows `before` and `after` were computed on, e.g. "test" or "train". */
  evaluatedOn: string;
  before: OutcomeSummary;
  after: OutcomeSummary;
  /** The strength sweep, in order of increasing strength; empty when not requested. */
  tradeoff: TradeoffPoint[];
  seconds: number;
  warnings: string[];
}

export interface TradeoffPoint {
  /** Name and value of the swept parameter (e.g. "strength" 0.5, "lambda" 0.01). */
  parameter: string;
  value: number;
  accuracy?: number | null;
  mse?: number | null;
  aggregates: MetricValues;
}

/** `model.json`: everything needed to apply the fitted method to new data (`parity apply`). */
export interface ModelFile {
  schemaVersion: typeof MITIGATION_SCHEMA_VERSION;
  method: string;
  /** Method-specific fitted state (scalers, weights, sorted arrays, ...). */
  [field: string]: unknown;
}

export interface MitigationProgress {
  /** 0..1 of the whole job. */
  fraction: number;
  message: string;
}

export interface MitigationHooks {
  signal?: AbortSignal;
  onProgress?(progress: MitigationProgress): void;
}
