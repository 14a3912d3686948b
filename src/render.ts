import type { State } from './events';
import { fill } from './messages';

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
    const region = (name: string, role?: string) => {
      let element = host.querySelector<HTMLElement>(`:scope > .oca-${name}`);
      if (!element) {
        element = host.ownerDocument.createElement('div');
        element.className = `oca-${name}`;
        if (role) {
          element.setAttribute('role', role);
          element.tabIndex = -1;
        }
        host.append(element);
      }
      return element;
    };
    this.#status = region('status', 'status');
    this.#alert = region('alert', 'alert');
    this.#actions = region('actions');
  }

  /**
   * Shows a state: sets `data-oca-state` and `aria-busy`, puts `text` (or the merchant's
   * `<template data-oca-template="state">`, with placeholders filled from `values`) in the
   * right live region, sets `data-oca-error` to `code`, and adds a button labelled `button`
   * if one is given. Returns that button (the merchant template may supply it, marked `data-oca-button`).
   */
  show(
    state: State,
    text: string,
    values: Record<string, unknown>,
    button?: string,
    code?: string,
  ): HTMLButtonElement | undefined {
    const host = this.#host;
    const hadFocus = host.contains(host.ownerDocument.activeElement);
    const region = state === 'error' ? this.#alert : this.#status;
    host.setAttribute('data-oca-state', state);
    setOrRemove(host, 'aria-busy', state === 'pending' ? 'true' : undefined);
    setOrRemove(host, 'data-oca-error', code);

    const template = host.querySelector<HTMLTemplateElement>(
      `template[data-oca-template="${state}"]`,
    );
    const content = template ? fillTemplate(template, { ...values, message: text }) : text;
    for (const other of [this.#status, this.#alert, this.#actions]) other.replaceChildren();
    region.replaceChildren(content);

    let control = region.querySelector<HTMLButtonElement>('button[data-oca-button]') ?? undefined;
    if (control && !button) control.remove();
    if (button && !control) {
      control = host.ownerDocument.createElement('button');
      control.type = 'button';
      control.className = 'oca-button';
      control.textContent = button;
      this.#actions.append(control);
    }
    // Keep keyboard users in place: if the clicked button is gone, focus the new message.
    if (hadFocus && !host.contains(host.ownerDocument.activeElement)) (control ?? region).focus();
    return control;
  }
}

const setOrRemove = (element: Element, name: string, value: string | undefined) =>
  value === undefined ? element.removeAttribute(name) : element.setAttribute(name, value);

/** Clones a merchant template and fills `{placeholders}` in its text nodes, as text. */
const fillTemplate = (template: HTMLTemplateElement, values: Record<string, unknown>) => {
  const fragment = template.content.cloneNode(true) as DocumentFragment;
  const walker = template.ownerDocument.createTreeWalker(fragment, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    node.nodeValue = fill(node.nodeValue ?? '', values);
  }
  return fragment;
};
