import type { State } from './events.js';
import { fill } from './messages.js';

/**
 * Shows `state` in the host element, built with `textContent` and cloned merchant templates
 * only: nothing from the URL or the API is parsed as HTML.
 *
 * The host gets `data-oca-state`, `aria-busy` (while pending) and `data-oca-error` (= `code`).
 * Its two live regions are made on the first call (and reused by a later run on the same
 * host), so they exist, empty, before any text goes in and screen readers announce it:
 * success and progress in `role="status"`, errors in `role="alert"`. `text` (already
 * filled) — or the merchant's `<template data-oca-template="<state>">`, its placeholders
 * filled from `values` and `{message}` = `text` (its `content`, or its own child nodes when
 * `content` is empty, as React renders one) — goes in the state's region, and a button
 * labelled `button` if one is given (a template may bring its own, marked
 * `data-oca-button`). Returns that button. Templates are read only when `templates` is true:
 * on a host the merchant named (`target`), not on one found by the `[data-oca]` default,
 * which markup injected into the page (a review, a CMS block) can provide.
 */
export const show = (
  host: HTMLElement,
  state: State,
  text: string,
  values: Record<string, unknown>,
  button?: string,
  code?: string,
  templates?: boolean,
): HTMLButtonElement | undefined => {
  const doc = host.ownerDocument;
  const hadFocus = host.contains(doc.activeElement);
  const [status, alert, actions] = ['status', 'alert', 'actions'].map((name) => {
    let part = host.querySelector<HTMLElement>(`:scope>.oca-${name}`);
    if (!part) {
      part = doc.createElement('div');
      part.className = `oca-${name}`;
      if (name !== 'actions') {
        part.setAttribute('role', name);
        part.tabIndex = -1;
      }
      host.append(part);
    }
    part.replaceChildren();
    return part;
  }) as [HTMLElement, HTMLElement, HTMLElement];
  const region = state === 'error' ? alert : status;
  host.setAttribute('data-oca-state', state);
  for (const [name, value] of [
    ['aria-busy', state === 'pending' && 'true'],
    ['data-oca-error', code],
  ] as const) {
    if (value) host.setAttribute(name, value);
    else host.removeAttribute(name);
  }
  const template =
    templates && host.querySelector<HTMLTemplateElement>(`template[data-oca-template="${state}"]`);
  // React and other renderers put a template's children in the element, not in its `content`.
  const source = template && (template.content.hasChildNodes() ? template.content : template);
  const content = source ? doc.createDocumentFragment() : doc.createTextNode(text);
  for (const node of source ? source.childNodes : []) content.appendChild(node.cloneNode(true));
  // Template placeholders are filled in text nodes only, so data never becomes markup.
  // (A walker never returns its root, so the plain text node is left as it is.)
  const walker = doc.createTreeWalker(content, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    node.nodeValue = fill(node.nodeValue!, { ...values, message: text });
  }
  region.append(content);

  let control = region.querySelector<HTMLButtonElement>('[data-oca-button]') ?? undefined;
  if (button === undefined) control?.remove();
  else if (!control) {
    control = doc.createElement('button');
    control.type = 'button';
    control.className = 'oca-button';
    control.textContent = button;
    actions.append(control);
  }
  // Keep keyboard users in place: if the clicked button is gone, focus the new content.
  if (hadFocus && !host.contains(doc.activeElement)) (control ?? region).focus();
  return button === undefined ? undefined : control;
};
