/** A child of el(): a node, or text (set as a text node, never parsed as markup); falsy children are skipped. */
export type Child = Node | string | number | null | undefined | false;

export interface ElOptions {
  class?: string;
  title?: string;
  /** Plain attributes; `href`, `style` and event-handler attributes are refused (use link() and on). */
  attrs?: Record<string, string>;
  on?: { [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };
}

const refused = /^(?:on|style$|href$|src$|srcdoc$|formaction$|action$)/i;

/**
 * Builds an element from text and nodes only: the console never turns event data into markup, so there
 * is no innerHTML anywhere and attributes that could run or load something are refused here.
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: ElOptions = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (options.class) node.className = options.class;
  if (options.title !== undefined) node.title = options.title;
  for (const [name, value] of Object.entries(options.attrs ?? {})) {
    if (refused.test(name)) throw new Error(`el(): attribute ${name} is not allowed`);
    node.setAttribute(name, value);
  }
  for (const [type, handler] of Object.entries(options.on ?? {})) {
    node.addEventListener(type, handler as EventListener);
  }
  append(node, children);
  return node;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}
