import { visibleBidi } from '../../common/render/text';

/**
 * Builds elements with text nodes only: strings from data files never become markup here, and
 * their bidirectional controls are shown by name (common/render/text.ts).
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes?: Record<string, string>,
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K];
export function el(tag: string, attributes?: Record<string, string>, ...children: (Node | string)[]): HTMLElement;
export function el(tag: string, attributes: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, visibleBidi(value));
  node.append(...children.map((child) => (typeof child === 'string' ? visibleBidi(child) : child)));
  return node;
}

/**
 * Markup produced by the shared report renderer (server/src/report), which escapes every data
 * string itself; parsed into nodes here. Nothing else may be passed to this function.
 */
export function rendered(markup: string): DocumentFragment {
  const template = document.createElement('template');
  template.innerHTML = markup;
  return template.content;
}
