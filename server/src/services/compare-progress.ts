/**
 * Seconds each method's run took inside `parity compare` (its sweep included) on 10,000 rows of
 * UCI Adult by sex (2 groups; 3,000 held-out rows of adult.test; two methods at a time on this
 * 2-core machine). They order the methods (slowest first, so the workers finish together) and
 * weigh them in the estimate of the time left.
 */
const MEASURED_SECONDS: Record<string, number> = {
  representation: 33.8,
  'correlation-remover': 7.4,
  'exponentiated-gradient': 3.7,
  ferm: 3.1,
  'disparate-impact-remover': 2.7,
  'grid-search': 2.7,
  reweighing: 2.2,
  threshold: 2.2,
  'reject-option': 2.2,
  wasserstein: 1.4,
};

/** A method not measured counts as a fast one. */
const UNMEASURED_SECONDS = 3;

/**
 * The expected seconds of a method's run on `groups` sensitive groups. The fair representation's
 * penalty compares each group with the whole batch, so its time grows with the groups: 33.8 s with
 * 2 groups (sex), 283.6 s with 10 (race × sex) on the same rows, which (groups / 2)^1.32 fits.
 */
export function expectedSeconds(method: string, groups: number): number {
  const seconds = MEASURED_SECONDS[method] ?? UNMEASURED_SECONDS;
  return method === 'representation' ? seconds * Math.max(1, groups / 2) ** 1.32 : seconds;
}

/** What the progress line of a comparison knows: its methods' weights and fractions done, and the time so far. */
export interface ComparisonState {
  /** Each method's expected seconds (its weight). */
  weights: readonly number[];
  /** Each method's fraction done, 0 to 1. */
  fractions: readonly number[];
  finished: number;
  elapsedSeconds: number;
}

/**
 * "2 of 10 methods done · 1 min 5 s elapsed · about 3 min left": the time left is estimated once a
 * method has finished, from the pace so far over the methods' expected work (weights × fractions
 * done): elapsed × (work left) / (work done).
 */
export function progressLine(state: ComparisonState): string {
  const { weights, fractions, finished, elapsedSeconds } = state;
  const parts = [`${finished} of ${weights.length} methods done`, `${duration(elapsedSeconds)} elapsed`];
  const total = weights.reduce((sum, w) => sum + w, 0);
  const done = weights.reduce((sum, w, i) => sum + w * (fractions[i] ?? 0), 0);
  if (finished > 0 && finished < weights.length && done > 0) parts.push(`about ${roughDuration((elapsedSeconds * (total - done)) / done)} left`);
  return parts.join(' · ');
}

/** 65 → "1 min 5 s", 3725 → "1 h 2 min". */
export function duration(seconds: number): string {
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole} s`;
  if (whole < 3600) return `${Math.floor(whole / 60)} min${whole % 60 ? ` ${whole % 60} s` : ''}`;
  const minutes = Math.round(whole / 60);
  return `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
}

/** An estimate, no finer than it can be: 5 s steps under a minute, whole minutes (rounded up) above. */
export function roughDuration(seconds: number): string {
  if (seconds <= 55) return `${Math.max(5, Math.ceil(seconds / 5) * 5)} s`;
  return duration(Math.ceil(seconds / 60) * 60);
}

/** Methods that take minutes rather than seconds on 10,000 rows: what the method pickers say of them. */
const SLOW_SECONDS = 20;

/** "slow: about 35 s on 10,000 rows with 2 groups, 5 min with 10", for a slow method; undefined for the others. */
export function slowNote(method: string): string | undefined {
  if ((MEASURED_SECONDS[method] ?? 0) < SLOW_SECONDS) return undefined;
  const withTen = method === 'representation' ? `, ${roughDuration(expectedSeconds(method, 10))} with 10` : '';
  return `slow: about ${roughDuration(expectedSeconds(method, 2))} on 10,000 rows with 2 groups${withTen}`;
}
