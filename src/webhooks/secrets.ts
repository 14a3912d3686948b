/** Validation of the `secrets` option shared by {@link verifyWebhook} and {@link signWebhook}. */

/** One verification key, or several (during a key rotation). */
export type WebhookSecrets = string | readonly string[];

/**
 * Returns `secrets` as a non-empty list of non-empty strings, or throws a `TypeError`
 * naming the problem (a programmer error, not a property of the request). Never includes
 * a secret in the message.
 *
 * @param secrets - the caller's `secrets` option
 * @param caller - the public function name, for the message
 */
export const secretList = (secrets: unknown, caller: string): readonly string[] => {
  const list = typeof secrets === 'string' ? [secrets] : secrets;
  if (!Array.isArray(list)) {
    const got = secrets === null ? 'null' : typeof secrets;
    throw new TypeError(
      `${caller}: secrets must be your Ordergroove webhook verification key (a string) or a list ` +
        `of keys, but got ${got}. If it comes from an environment variable, check that it is set.`,
    );
  }
  if (list.length === 0)
    throw new TypeError(`${caller}: secrets is an empty list; give at least one key.`);
  // An index loop visits holes too (`[key, , other]`), which forEach would skip.
  for (let index = 0; index < list.length; index++) {
    const secret: unknown = list[index];
    if (typeof secret === 'string' && secret.trim() !== '') continue;
    const where = typeof secrets === 'string' ? 'secrets' : `secrets[${index}]`;
    throw new TypeError(
      typeof secret === 'string'
        ? `${caller}: ${where} is empty or only whitespace.`
        : `${caller}: ${where} must be a string, but got ${secret === null ? 'null' : typeof secret}.`,
    );
  }
  return list as readonly string[];
};
