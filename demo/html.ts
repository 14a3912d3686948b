/** Server-side HTML: a template tag that escapes every value unless it is already `Html`. */

/** Markup that is safe as it is (built by `html` or marked by `raw`). */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for element content and quoted attribute values. */
export const esc = (value: unknown): string =>
  String(value).replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);

/** Marks a string the server wrote itself as markup. */
export const raw = (value: string) => new Html(value);

const part = (value: unknown): string => {
  if (value == null || value === false) return '';
  if (Array.isArray(value)) return value.map(part).join('');
  return value instanceof Html ? value.value : esc(value);
};

/** Template tag: values are escaped unless they are `Html`; arrays are joined; null and false vanish. */
export const html = (strings: TemplateStringsArray, ...values: unknown[]): Html =>
  new Html(strings.reduce((out, s, i) => out + s + (i < values.length ? part(values[i]) : ''), ''));

/** ` name="value"` when `on`, else nothing: for boolean and optional attributes. */
export const attr = (on: unknown, name: string, value = '') =>
  raw(on ? ` ${name}${value ? `="${esc(value)}"` : ''}` : '');
