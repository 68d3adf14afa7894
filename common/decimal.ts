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

/**
 * A number's shortest round-trip text, as String(value) writes it. For finite numbers it comes
 * from JSON.stringify, which formats into a fresh string: String(value) also stores every result
 * in V8's number-to-string cache, whose entries outlive young-generation collections, so writing
 * millions of distinct numbers that way left tens of MB of dead strings in the old generation
 * (and took twice as long).
 */
export function numberText(value: number): string {
  return Number.isFinite(value) ? JSON.stringify(value) : String(value);
}
