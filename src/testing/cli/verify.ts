/** `og-oca verify`: does a captured delivery verify, and if not, the likely cause. */
import { readFile } from 'node:fs/promises';
import { DEFAULT_TOLERANCE_SECONDS, verifyWebhook } from '../../webhooks/verify.js';
import { WebhookVerificationError } from '../../webhooks/WebhookVerificationError.js';
import { pythonJson } from '../webhooks.js';
import { type Command, EXIT, parse, required } from './command.js';
import { UsageError } from './UsageError.js';

/** Bodies the captured one may have been made from, and how it would have been changed. */
const changes = (body: string): Array<[string, string]> => {
  const found: Array<[string, string]> = [];
  if (/\r?\n$/.test(body)) {
    found.push([
      body.replace(/\r?\n$/, ''),
      'a newline was added at the end of the body (an editor saving the file, or echo)',
    ]);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return found;
  }
  const reserialized =
    'the body was re-serialized: the relay parsed the JSON and wrote it again (JSON.stringify, express.json()…), which changes its bytes; verify the raw body as received';
  for (const original of [pythonJson(parsed), JSON.stringify(parsed)]) {
    if (original !== body) found.push([original, reserialized]);
  }
  return found;
};

/** Whether `body` verifies with `header` and `secrets`, whatever the clock. */
const signedAs = (body: string, header: string, secrets: string[]) =>
  verifyWebhook({ body, header, secrets, toleranceSeconds: Number.POSITIVE_INFINITY }).then(
    () => true,
    () => false,
  );

/** The likely cause of a failed verification, in one sentence. */
const likelyCause = async (
  error: WebhookVerificationError,
  body: string,
  header: string,
  secrets: string[],
): Promise<string> => {
  switch (error.code) {
    case 'timestamp_out_of_tolerance':
      return 'the timestamp is outside the tolerance: the delivery was captured or replayed too long ago, or a clock is wrong (the body and key are right; --tolerance to accept it)';
    case 'missing_header':
    case 'malformed_header':
    case 'no_signature':
      return "the header is not a whole Ordergroove-Signature value (ts=<unix seconds>,sig=<64 hex>): copy it complete, without the header's name or quotes";
    case 'signature_mismatch': {
      for (const [original, cause] of changes(body)) {
        if (await signedAs(original, header, secrets)) return `body changed: ${cause}`;
      }
      const trimmed = secrets.map((secret) => secret.trim());
      if (
        trimmed.some((secret, i) => secret !== secrets[i]) &&
        (await signedAs(body, header, trimmed))
      ) {
        return 'the key has leading or trailing whitespace (a stray newline from a .env file): trim it';
      }
      return "no matching key: none of the keys signed this body (check the verification key in Ordergroove's admin; while it rotates, give both keys), or the body was changed on the way";
    }
    default:
      return error.message;
  }
};

/** stdin as text; a terminal with nothing piped in is a usage error. */
const readStdin = async (): Promise<string> => {
  if (process.stdin.isTTY) throw new UsageError('give the body with --body-file F or on stdin');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

export const verify: Command = {
  name: 'verify',
  summary: 'check a captured delivery: does it verify, and if not, why',
  help: `Usage: og-oca verify --secret KEY --header 'ts=…,sig=…' [--body-file F | < body]

Checks a delivery your relay received (its raw body and its Ordergroove-Signature header)
as og-oca/webhooks' verifyWebhook does, and when it fails says the likely cause: the
timestamp outside the tolerance, the body changed (re-serialized JSON, a newline added),
or no matching key.

  --secret KEY        the verification key (repeat for two keys during a rotation)
  --header VALUE      the Ordergroove-Signature header's value
  --body-file F       the raw body; without it the body is read from stdin
  --tolerance S       seconds the timestamp may be from now (default ${DEFAULT_TOLERANCE_SECONDS}; Infinity to skip)
  -h, --help          this help

Exit codes: 0 verified, 1 not verified, 2 bad command line.
`,
  async run(args, { out }) {
    const parsed = parse(args, {
      secret: { type: 'string', multiple: true },
      header: { type: 'string' },
      'body-file': { type: 'string' },
      tolerance: { type: 'string' },
    });
    if (!parsed) {
      out(this.help);
      return EXIT.ok;
    }
    const { values } = parsed;
    const secrets = values.secret ?? [];
    if (secrets.length === 0 || secrets.includes('')) throw new UsageError('--secret is required');
    // A header copied with its name (`Ordergroove-Signature: ts=…`) is taken as its value.
    const header = required('header', values.header).replace(
      /^\s*ordergroove-signature\s*:\s*/i,
      '',
    );
    const given = values.tolerance;
    if (given !== undefined && !/^(\d{1,9}|Infinity)$/.test(given)) {
      throw new UsageError(`--tolerance must be whole seconds or Infinity, got ${given}`);
    }
    const toleranceSeconds = given === undefined ? undefined : Number(given);
    const file = values['body-file'];
    let body: string;
    try {
      body = file === undefined ? await readStdin() : await readFile(file, 'utf8');
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(
        `cannot read --body-file ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`,
      );
    }
    try {
      const event = await verifyWebhook({ body, header, secrets, toleranceSeconds });
      const type = typeof event.type === 'string' ? event.type : 'an event';
      const id = typeof event.id === 'string' ? ` (event ${event.id})` : '';
      out(`verified: ${type}${id}\n`);
      return EXIT.ok;
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
      out(`not verified: ${error.code}\n`);
      out(`likely cause: ${await likelyCause(error, body, header, secrets)}\n`);
      out(`${error.message}\n`);
      return EXIT.failed;
    }
  },
};
