/**
 * The API's reason for a refusal (`{"error": "…"}`), bounded and without the token
 * (docs/decisions.md, "The request and its answer"). Linear time: each position of the
 * reason is looked up once per spelling of the token.
 */

/** The most of a refusal body that is read, in bytes. */
export const MAX_BODY = 4096;

/** Characters in a row of the token that may never appear in a reason. */
const RUN = 16;

/** Letters and digits in lower case; anything else one placeholder (the same length). */
const fold = (text: string) => text.replace(/[^a-z\d]/gi, '_').toLowerCase();

/** Every `RUN`-character piece of each spelling of the token, folded. */
const piecesOf = (token: string) => {
  const spellings = [
    token,
    encodeURIComponent(token),
    new URLSearchParams({ t: token }).toString().slice(2),
  ];
  return spellings.map((spelling) => {
    const folded = fold(spelling);
    const size = Math.min(RUN, folded.length);
    const pieces = new Set<string>();
    for (let i = 0; i + size <= folded.length; i++) pieces.add(folded.slice(i, i + size));
    return { size, pieces };
  });
};

/** Positions of `text` covered by a piece of the token. */
const covered = (text: string, spellings: ReturnType<typeof piecesOf>) => {
  const folded = fold(text);
  const hidden = new Uint8Array(text.length);
  let any = false;
  for (const { size, pieces } of spellings)
    for (let i = 0; i + size <= folded.length; i++)
      if (pieces.has(folded.slice(i, i + size))) {
        hidden.fill(1, i, i + size);
        any = true;
      }
  return any && hidden;
};

/** `reason` with every piece of `token` replaced by `…`, or `undefined` if that is not enough. */
export const scrub = (reason: string, token: string): string | undefined => {
  const spellings = piecesOf(token);
  const hidden = covered(reason, spellings);
  if (!hidden) return reason;
  let out = '';
  for (let i = 0; i < reason.length; i++)
    if (!hidden[i]) out += reason[i];
    else if (!hidden[i - 1]) out += '…';
  return covered(out, spellings) ? undefined : out;
};

/** Logs an exception og-oca did not expect (error code `unexpected`), without the token. */
export const logUnexpected = (thrown: unknown, token: string): void => {
  const detail = thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : typeof thrown;
  console.error(`[og-oca] unexpected error: ${scrub(detail, token) ?? '(not shown)'}`);
};
