const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Parses a plain decimal number ("12", "-0.5", "1e-3"); NaN for anything else (hex, "Infinity",
 * words) and for a number too large for a float64 ("1e999" would be Infinity): every caller
 * rejects what is not finite alike.
 */
export function parseDecimal(text: string): number {
  if (!DECIMAL.test(text)) return Number.NaN;
  const value = Number(text);
  return Number.isFinite(value) ? value : Number.NaN;
}
