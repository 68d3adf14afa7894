import { DEFAULT_LEAKAGE_SETTINGS, LeakageSettings, readLeakageSettings } from './leakage-settings';

/** The `parity.*` settings the server uses (declared with their defaults in package.json). */
export interface ParitySettings {
  minGroupSize: number;
  bootstrap: number;
  maxGroups: number;
  diagnostics: { enabled: boolean; maxRows: number };
  leakage: LeakageSettings & {
    sampleSize: number;
    jointSampleSize: number;
    /** Megabytes: larger Python files and notebooks are not analysed (one information diagnostic says so). */
    maxPythonFileSize: number;
    /** Seconds one analysis of a Python file or notebook may take before it is stopped (and said so). */
    pythonTimeBudget: number;
  };
}

export const DEFAULT_SETTINGS: ParitySettings = {
  minGroupSize: 30,
  bootstrap: 200,
  maxGroups: 1000,
  diagnostics: { enabled: true, maxRows: 200_000 },
  leakage: { ...DEFAULT_LEAKAGE_SETTINGS, sampleSize: 20_000, jointSampleSize: 5_000, maxPythonFileSize: 4, pythonTimeBudget: 20 },
};

/** Reads the settings, keeping the default for any value of the wrong type. */
export function readSettings(raw: unknown): ParitySettings {
  const given = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const diagnostics = (typeof given.diagnostics === 'object' && given.diagnostics !== null ? given.diagnostics : {}) as Record<string, unknown>;
  const leakage = (typeof given.leakage === 'object' && given.leakage !== null ? given.leakage : {}) as Record<string, unknown>;
  const count = (value: unknown, fallback: number) => (Number.isSafeInteger(value) && (value as number) >= 0 ? (value as number) : fallback);
  const positive = (value: unknown, fallback: number) => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback);
  return {
    minGroupSize: count(given.minGroupSize, DEFAULT_SETTINGS.minGroupSize),
    // Resamples are capped as on the command line (--bootstrap): memory and time grow with them.
    bootstrap: Math.min(count(given.bootstrap, DEFAULT_SETTINGS.bootstrap), 10_000),
    maxGroups: count(given.maxGroups, DEFAULT_SETTINGS.maxGroups) || DEFAULT_SETTINGS.maxGroups,
    diagnostics: {
      enabled: typeof diagnostics.enabled === 'boolean' ? diagnostics.enabled : DEFAULT_SETTINGS.diagnostics.enabled,
      maxRows: count(diagnostics.maxRows, DEFAULT_SETTINGS.diagnostics.maxRows) || DEFAULT_SETTINGS.diagnostics.maxRows,
    },
    leakage: {
      ...readLeakageSettings(given.leakage),
      sampleSize: count(leakage.sampleSize, DEFAULT_SETTINGS.leakage.sampleSize) || DEFAULT_SETTINGS.leakage.sampleSize,
      jointSampleSize: count(leakage.jointSampleSize, DEFAULT_SETTINGS.leakage.jointSampleSize) || DEFAULT_SETTINGS.leakage.jointSampleSize,
      maxPythonFileSize: positive(leakage.maxPythonFileSize, DEFAULT_SETTINGS.leakage.maxPythonFileSize),
      pythonTimeBudget: positive(leakage.pythonTimeBudget, DEFAULT_SETTINGS.leakage.pythonTimeBudget),
    },
  };
}
