/** Builds elements with text nodes only: strings from data files never become markup here. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes?: Record<string, string>, ...children: (Node | string)[]): HTMLElementTagNameMap[K];
export function el(tag: string, attributes?: Record<string, string>, ...children: (Node | string)[]): HTMLElement;
export function el(tag: string, attributes: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
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
