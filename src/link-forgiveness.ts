/**
 * What mail does to a 1-click link on its way to the subscriber, undone where the reading is
 * unambiguous (docs/contract.md, "Links the landing page reads"). Everything else stays as
 * strict as the parser is.
 */

import { TOKEN_PATTERN } from './actions.js';

/**
 * A key an editor HTML-escaped (`&amp;action=…`, once or more, reads as the key `amp;action`):
 * the key itself when `isOurs(key)`, else the name unchanged.
 */
export const unescapedKey = (name: string, isOurs: (key: string) => boolean): string => {
  const key = name.replace(/^(?:amp;)+/, '');
  return key !== name && isOurs(key) ? key : name;
};

/**
 * Punctuation a plain-text autolinker keeps after a URL (the end of a sentence, a closing
 * bracket or quote). None of it can end an action or a number.
 */
const MAIL_PUNCTUATION = /[.,;:!?)\]}>'"]+$/;

/** `value` without the punctuation mail attached at its end. Only for actions and numbers. */
export const withoutMailPunctuation = (value: string): string =>
  value.replace(MAIL_PUNCTUATION, '');

/**
 * A token that still holds percent escapes once the URL is decoded was encoded twice (mail
 * clients have double-encoded `%3D`): decoded once more, but only when that gives a token.
 * Never more than once more, and anything else is returned as it came (and fails the check).
 */
export const decodedToken = (token: string): string => {
  if (!token.includes('%')) return token;
  try {
    const decoded = decodeURIComponent(token);
    return TOKEN_PATTERN.test(decoded) ? decoded : token;
  } catch {
    return token;
  }
};
