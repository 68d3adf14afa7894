import { BIDI_CONTROLS, bidiControlName } from './text';

/**
 * Escapes text for HTML and SVG content and attribute values: data strings are untrusted.
 * Bidirectional controls are made visible (text.ts), so no name displays reordered.
 */
export function escapeXml(text: string): string {
  return text.replace(BIDI_CONTROLS, bidiControlName).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

type Attributes = Record<string, string | number | undefined>;

/** One element as markup; attribute values are escaped here, children must already be markup. */
export function element(name: string, attributes: Attributes, ...children: string[]): string {
  const attrs = Object.entries(attributes)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => ` ${key}="${escapeXml(typeof value === 'number' ? round(value) : value!)}"`)
    .join('');
  return `<${name}${attrs}>${children.join('')}</${name}>`;
}

/** A text node's markup. */
export function text(content: string): string {
  return escapeXml(content);
}

/** Coordinates with two decimals keep the markup small and stable. */
function round(value: number): string {
  return String(Math.round(value * 100) / 100);
}
