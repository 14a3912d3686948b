import type { State } from './events.js';
import { fill } from './messages.js';

/**
 * The host element's content, built once and then only updated with `textContent`
 * and cloned merchant templates: nothing from the URL or the API is parsed as HTML.
 *
 * The two live regions exist, empty, before any text goes in, so screen readers
 * announce the text: success and progress in `role="status"`, errors in `role="alert"`.
 */
export class View {
  readonly #host: HTMLElement;
  readonly #status: HTMLElement;
  readonly #alert: HTMLElement;
  readonly #actions: HTMLElement;

  constructor(host: HTMLElement) {
    this.#host = host;
    // A second run on the same host reuses the regions rather than adding more.
    const part = (name: string) => {
      let element = host.querySelector<HTMLElement>(`:scope>.oca-${name}`);
      if (!element) {
        element = host.ownerDocument.createElement('div');
        element.className = `oca-${name}`;
        if (name !== 'actions') {
          element.setAttribute('role', name);
          element.tabIndex = -1;
        }
        host.append(element);
      }
      return element;
    };
    this.#status = part('status');
    this.#alert = part('alert');
    this.#actions = part('actions');
  }

  /**
   * Shows a state: sets `data-oca-state`, `aria-busy` and `data-oca-error` (= `code`), puts
   * `text` (already filled) — or the merchant's `<template data-oca-template="<state>">`, its placeholders
   * filled from `values` and `{message}` = `text` — in the state's live region, and adds a
   * button labelled `button` if one is given (a template may bring its own, marked
   * `data-oca-button`). Returns that button.
   */
  show(
    state: State,
    text: string,
    values: Record<string, unknown>,
    button?: string,
    code?: string,
  ): HTMLButtonElement | undefined {
    const host = this.#host;
    const doc = host.ownerDocument;
    const hadFocus = host.contains(doc.activeElement);
    const region = state === 'error' ? this.#alert : this.#status;
    host.setAttribute('data-oca-state', state);
    for (const [name, value] of [
      ['aria-busy', state === 'pending' && 'true'],
      ['data-oca-error', code],
    ] as const) {
      if (value) host.setAttribute(name, value);
      else host.removeAttribute(name);
    }
    const template = host.querySelector<HTMLTemplateElement>(
      `template[data-oca-template="${state}"]`,
    );
    const content = template ? template.content.cloneNode(true) : doc.createTextNode(text);
    // Template placeholders are filled in text nodes only, so data never becomes markup.
    // (A walker never returns its root, so the plain text node is left as it is.)
    const walker = doc.createTreeWalker(content, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      node.nodeValue = fill(node.nodeValue!, { ...values, message: text });
    }
    this.#status.replaceChildren();
    this.#alert.replaceChildren();
    this.#actions.replaceChildren();
    region.append(content);

    let control = region.querySelector<HTMLButtonElement>('[data-oca-button]') ?? undefined;
    if (button === undefined) control?.remove();
    else if (!control) {
      control = doc.createElement('button');
      control.type = 'button';
      control.className = 'oca-button';
      control.textContent = button;
      this.#actions.append(control);
    }
    // Keep keyboard users in place: if the clicked button is gone, focus the new content.
    if (hadFocus && !host.contains(doc.activeElement)) (control ?? region).focus();
    return button === undefined ? undefined : control;
  }
}
