import { DEFAULT_THRESHOLDS, type LeakageThresholds } from './reports/leakage';

/** A proxy warning the user chose to ignore (workspace setting `parity.leakage.ignored`). */
export interface IgnoredProxy {
  column: string;
  /** Omitted: ignored for every sensitive attribute. */
  sensitive?: string;
}

/** The `parity.leakage.*` settings. */
export interface LeakageSettings {
  enabled: boolean;
  thresholds: LeakageThresholds;
  ignored: IgnoredProxy[];
}

export const DEFAULT_LEAKAGE_SETTINGS: LeakageSettings = { enabled: true, thresholds: DEFAULT_THRESHOLDS, ignored: [] };

/** Reads `parity.leakage` (an object), keeping the default for any missing or mistyped value. */
export function readLeakageSettings(raw: unknown): LeakageSettings {
  const given = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const thresholds = (typeof given.thresholds === 'object' && given.thresholds !== null ? given.thresholds : {}) as Record<string, unknown>;
  const probability = (value: unknown, fallback: number) => (typeof value === 'number' && value >= 0 && value <= 1 ? value : fallback);
  const read = Object.fromEntries(
    (Object.keys(DEFAULT_THRESHOLDS) as (keyof LeakageThresholds)[]).map((key) => [key, probability(thresholds[key], DEFAULT_THRESHOLDS[key])]),
  ) as unknown as LeakageThresholds;
  const ignored = Array.isArray(given.ignored)
    ? given.ignored.flatMap((entry: unknown): IgnoredProxy[] => {
        if (typeof entry !== 'object' || entry === null) return [];
        const { column, sensitive } = entry as Record<string, unknown>;
        if (typeof column !== 'string') return [];
        return [typeof sensitive === 'string' ? { column, sensitive } : { column }];
      })
    : [];
  return { enabled: typeof given.enabled === 'boolean' ? given.enabled : true, thresholds: read, ignored };
}

export function isIgnored(settings: LeakageSettings, column: string, sensitive: string): boolean {
  return settings.ignored.some((entry) => entry.column === column && (entry.sensitive === undefined || entry.sensitive === sensitive));
}
