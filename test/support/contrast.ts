// WCAG 2.1 contrast, computed here (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio): text needs
// 4.5:1 against its background, graphical marks 3:1.

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
