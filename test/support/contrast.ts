// WCAG 2.1 contrast, computed here (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio): text needs
// 4.5:1 against its background, graphical marks 3:1; and a colour's hue, to compare palettes.

/** Red, green and blue in 0–1 from "#rrggbb", "rgb(r, g, b)" (0–255) or "color(srgb r g b)" (0–1). */
function channels(colour: string): number[] {
  if (colour.startsWith('#')) return [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16) / 255);
  const scale = colour.startsWith('color(srgb') ? 1 : 255;
  return colour
    .match(/[\d.]+/g)!
    .slice(0, 3)
    .map((v) => Number(v) / scale);
}

function luminance(colour: string): number {
  const [r, g, b] = channels(colour).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** The contrast ratio of two colours, from 1 (the same) to 21 (black on white). */
export function contrast(a: string, b: string): number {
  const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (high! + 0.05) / (low! + 0.05);
}

/**
 * Lightness (0–1), chroma and hue (degrees) in OKLCH, Björn Ottosson's perceptual space
 * (https://bottosson.github.io/posts/oklab/): a colour made lighter or darker there keeps its hue.
 */
export function oklch(colour: string): { lightness: number; chroma: number; hue: number } {
  const [red, green, blue] = channels(colour).map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  const l = Math.cbrt(0.4122214708 * red + 0.5363325363 * green + 0.0514459929 * blue);
  const m = Math.cbrt(0.2119034982 * red + 0.6806995451 * green + 0.1073969566 * blue);
  const s = Math.cbrt(0.0883024619 * red + 0.2817188376 * green + 0.6299787005 * blue);
  const a = 1.9779984951 * l - 2.428592205 * m + 0.4505937099 * s;
  const b = 0.0259040371 * l + 0.7827717662 * m - 0.808675766 * s;
  return {
    lightness: 0.2104542553 * l + 0.793617785 * m - 0.0040720468 * s,
    chroma: Math.hypot(a, b),
    hue: ((Math.atan2(b, a) * 180) / Math.PI + 360) % 360,
  };
}
