/** The JSON answers of the delivery handler. */

/** The JSON body of every answer: `{ status }` for 2xx, `{ error, message }` otherwise. */
export type WebhookAnswer =
  | { status: 'handled' | 'duplicate' | 'ignored' }
  | { error: string; message: string };

/** A JSON response of the handler. */
export const reply = (
  status: number,
  body: WebhookAnswer,
  headers: Record<string, string> = {},
): Response =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
  });

/** An error response of the handler: `{ error, message }`. */
export const refusal = (
  status: number,
  error: string,
  message: string,
  headers?: Record<string, string>,
): Response => reply(status, { error, message }, headers);
