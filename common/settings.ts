import { DEFAULT_LEAKAGE_SETTINGS, LeakageSettings, readLeakageSettings } from './leakage-settings';

/** The `parity.*` settings the server uses (declared with their defaults in package.json). */
export interface ParitySettings {
  minGroupSize: number;
  /** Classification groups with fewer rows of a label value are left out of the adequate aggregates. */
  minLabelCount: number;
  bootstrap: number;
  /** Neutralise formula cells in the CSV files mitigations and comparisons write (--safe-csv). */
  safeCsv: boolean;
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

/** The most bootstrap resamples `parity.bootstrap` may ask for (package.json's maximum; --bootstrap's too). */
export const MAX_BOOTSTRAP = 10_000;

/** The most groups `parity.maxGroups` may allow (package.json's maximum; --max-groups's too). */
export const MAX_GROUPS = 5000;

/** The largest leakage sample `parity.leakage.sampleSize` and `jointSampleSize` may ask for (--sample's maximum too). */
export const MAX_LEAKAGE_SAMPLE = 1_000_000;

export const DEFAULT_SETTINGS: ParitySettings = {
  minGroupSize: 30,
  minLabelCount: 5,
  bootstrap: 200,
  safeCsv: false,
  maxGroups: 1000,
  diagnostics: { enabled: true, maxRows: 200_000 },
  leakage: { ...DEFAULT_LEAKAGE_SETTINGS, sampleSize: 20_000, jointSampleSize: 5_000, maxPythonFileSize: 4, pythonTimeBudget: 20 },
};

/**
 * Reads the settings, keeping the default for any value of the wrong type; a value beyond its
 * maximum (settings.json is not checked against package.json) is taken at the maximum.
 */
export function readSettings(raw: unknown): ParitySettings {
  const given = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const diagnostics = (typeof given.diagnostics === 'object' && given.diagnostics !== null ? given.diagnostics : {}) as Record<string, unknown>;
  const leakage = (typeof given.leakage === 'object' && given.leakage !== null ? given.leakage : {}) as Record<string, unknown>;
  const count = (value: unknown, fallback: number) => (Number.isSafeInteger(value) && (value as number) >= 0 ? (value as number) : fallback);
  const positive = (value: unknown, fallback: number) => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback);
  return {
    minGroupSize: count(given.minGroupSize, DEFAULT_SETTINGS.minGroupSize),
    minLabelCount: count(given.minLabelCount, DEFAULT_SETTINGS.minLabelCount),
    // Resamples are capped as on the command line (--bootstrap): memory and time grow with them.
    bootstrap: Math.min(MAX_BOOTSTRAP, count(given.bootstrap, DEFAULT_SETTINGS.bootstrap)),
    safeCsv: typeof given.safeCsv === 'boolean' ? given.safeCsv : DEFAULT_SETTINGS.safeCsv,
    // Capped as --max-groups is (package.json's maximum): an audit's time and memory grow with its square.
    maxGroups: Math.min(MAX_GROUPS, count(given.maxGroups, DEFAULT_SETTINGS.maxGroups) || DEFAULT_SETTINGS.maxGroups),
    diagnostics: {
      enabled: typeof diagnostics.enabled === 'boolean' ? diagnostics.enabled : DEFAULT_SETTINGS.diagnostics.enabled,
      maxRows: count(diagnostics.maxRows, DEFAULT_SETTINGS.diagnostics.maxRows) || DEFAULT_SETTINGS.diagnostics.maxRows,
    },
    leakage: {
      ...readLeakageSettings(given.leakage),
      // Samples are held in memory: capped as --sample is (package.json's maximum).
      sampleSize: Math.min(MAX_LEAKAGE_SAMPLE, count(leakage.sampleSize, DEFAULT_SETTINGS.leakage.sampleSize) || DEFAULT_SETTINGS.leakage.sampleSize),
      jointSampleSize: Math.min(
        MAX_LEAKAGE_SAMPLE,
        count(leakage.jointSampleSize, DEFAULT_SETTINGS.leakage.jointSampleSize) || DEFAULT_SETTINGS.leakage.jointSampleSize,
      ),
      maxPythonFileSize: positive(leakage.maxPythonFileSize, DEFAULT_SETTINGS.leakage.maxPythonFileSize),
      pythonTimeBudget: positive(leakage.pythonTimeBudget, DEFAULT_SETTINGS.leakage.pythonTimeBudget),
    },
  };
}
