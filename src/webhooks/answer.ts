/** The JSON answers of the delivery handler. */

/** The JSON body of every answer: `{ status }` for 2xx, `{ error, message }` otherwise. */
export type WebhookAnswer =
  | { status: 'handled' | 'duplicate' | 'ignored' }
  | { error: string; message: string };

/** Builds an answer. */
export const answer = (
  status: number,
  body: WebhookAnswer,
  headers: Record<string, string> = {},
): Response =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
  });

/** Builds an error answer. */
export const failure = (
  status: number,
  error: string,
  message: string,
  headers?: Record<string, string>,
): Response => answer(status, { error, message }, headers);
