/** `og-oca link`: a 1-click link for an email, through buildActionUrl. */
import { buildActionUrl } from '../../webhooks/url.js';
import { type Command, EXIT, parse, required } from './command.js';
import { UsageError } from './UsageError.js';

export const link: Command = {
  name: 'link',
  summary: 'print a 1-click link for a landing page (buildActionUrl)',
  help: `Usage: og-oca link LANDING_URL --token TOKEN --action ACTION [options]

Prints the 1-click link an email would carry, built by og-oca/webhooks' buildActionUrl.

  LANDING_URL          your landing page, https: (http: on localhost, 127.0.0.1, [::1])
  --token TOKEN        the action token (one_click_token of a webhook event)
  --action ACTION      delay, skip, reactivate or upsell
  --days N             delay: days to move the next order (1-365)
  --product ID         upsell: the product to add (required for upsell)
  --quantity N         upsell: how many (1-999)
  --winback ID         reactivate: the winback offer id
  --fragment           put the keys after # (never sent to a server, kept out of logs)
  -h, --help           this help

Exit codes: 0 printed, 2 bad command line or link parameters.
`,
  async run(args, { out }) {
    const parsed = parse(
      args,
      {
        token: { type: 'string' },
        action: { type: 'string' },
        days: { type: 'string' },
        product: { type: 'string' },
        quantity: { type: 'string' },
        winback: { type: 'string' },
        fragment: { type: 'boolean' },
      },
      true,
    );
    if (!parsed) {
      out(this.help);
      return EXIT.ok;
    }
    const { values, positionals } = parsed;
    if (positionals.length !== 1) {
      throw new UsageError(`give one landing URL (got ${positionals.length})`);
    }
    try {
      const url = buildActionUrl(positionals[0] as string, {
        token: required('token', values.token),
        action: required('action', values.action),
        ...(values.days !== undefined && { days: values.days }),
        ...(values.product !== undefined && { product: values.product }),
        ...(values.quantity !== undefined && { quantity: values.quantity }),
        ...(values.winback !== undefined && { winbackId: values.winback }),
        in: values.fragment ? 'fragment' : 'query',
      });
      out(`${url}\n`);
      return EXIT.ok;
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
  },
};
