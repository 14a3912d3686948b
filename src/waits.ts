/**
 * The DOM waits of a run (`states.ts`): for the host to be parsed, for the page to be seen, and
 * for a person's click. Each resolves once, and never rejects.
 */

/**
 * Resolves once `ready()` holds: checked at once, on each of the document's `events`, and —
 * with `mutations` — on each change to the document's tree (the parser adding nodes).
 */
const until = (ready: () => unknown, events: string[], mutations?: boolean) =>
  new Promise<void>((resolve) => {
    const observer = new MutationObserver(() => check());
    const check = () => {
      if (!ready()) return;
      observer.disconnect();
      for (const type of events) document.removeEventListener(type, check);
      resolve();
    };
    if (mutations) observer.observe(document, { childList: true, subtree: true });
    for (const type of events) document.addEventListener(type, check);
    check();
  });

/** The page is shown, not hidden in a background tab nor being prerendered. */
export const visible = () =>
  document.visibilityState === 'visible' && !(document as { prerendering?: boolean }).prerendering;

/** Resolves once the page is {@link visible}. */
export const whenVisible = () => until(visible, ['visibilitychange', 'prerenderingchange']);

/**
 * Resolves as soon as the parser has gone past the host that `target` names (a node after it
 * is in the document, so all of the host is, its templates too), or once the document is
 * parsed (then a host is made if there is none).
 */
export const whenHost = (target: unknown) =>
  until(
    () => {
      let node: Node | null = lookup(target);
      while (node && !node.nextSibling) node = node.parentNode;
      return node || document.readyState !== 'loading';
    },
    ['readystatechange'],
    true,
  );

/**
 * Resolves on the first click made by a person (`isTrusted`) on `button`, which is disabled at
 * once; the second click of a double click is ignored (docs/decisions.md, "Texts and rendering").
 */
export const whenClicked = (button: HTMLButtonElement | undefined) =>
  new Promise<void>((resolve) =>
    button?.addEventListener('click', (event) => {
      if (!event.isTrusted || event.detail > 1 || button.disabled) return;
      button.disabled = true;
      resolve();
    }),
  );

/** The element `target` (an element or a selector; default `[data-oca]`) names, if any. */
export const lookup = (target: unknown): Element | null => {
  try {
    return typeof target === 'string' || target === undefined
      ? document.querySelector(target ?? '[data-oca]')
      : (target as Node | null)?.nodeType === 1
        ? (target as Element)
        : null;
  } catch {
    return null;
  }
};
