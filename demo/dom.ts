/** Small DOM helpers shared by the demo's modules. */

/** The element with this id; a missing one is a bug in index.html, so fail loudly. */
export function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`demo: no element #${id} in index.html`);
  return element as T;
}
