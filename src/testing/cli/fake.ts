/** `og-oca fake`: the fake Ordergroove API on this machine, with a token and ready links. */
import { buildActionUrl } from '../../webhooks/url.js';
import { startFakeOrdergroove } from '../http.js';
import { createFakeOrdergroove } from '../model.js';
import { type Command, EXIT, parse, wholeNumber } from './command.js';
import { UsageError } from './UsageError.js';

/** The links printed for `--landing`: one per action, each with its own single-use token. */
const LINKS = [
  { action: 'delay', days: 14 },
  { action: 'skip' },
  { action: 'reactivate' },
  { action: 'upsell', product: 'SKU-123', quantity: 1 },
] as const;

/** Resolves when the process is told to stop. */
const stopped = () =>
  new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });

export const fake: Command = {
  name: 'fake',
  summary: 'run the fake Ordergroove one-click API on this machine',
  help: `Usage: og-oca fake [--port 4747] [--landing URL] [options]

Runs a fake Ordergroove one-click API (GET /one_click/delay|skip|reactivate|upsell, with
single-use tokens and Ordergroove's 400 reasons) until Ctrl-C, and prints the
data-api-base for your landing page, a token and, with --landing, ready 1-click links.

  --port N                  the port (default 4747; 0 = any free port)
  --host ADDRESS            the address to listen on (default 127.0.0.1)
  --landing URL             your landing page: print a 1-click link for each action
  --latency MS              answer every request after MS milliseconds (default 0)
  --expose-control-routes   allow a host other than loopback (also EXPOSE_CONTROL_ROUTES=1):
                            the control routes below then answer anyone on the network
  -h, --help                this help

Control routes, for your test scripts (not for web pages):
  POST /__fake/tokens       {"action":"skip","fault":"error503"} → {"token":"…"}
  GET  /__fake/requests     every request the API received
  GET  /__fake/performed    every action carried out
  POST /__fake/reset        forget all tokens

Exit codes: 0 stopped, 1 could not listen, 2 bad command line.
`,
  async run(args, { out, err }) {
    const parsed = parse(args, {
      port: { type: 'string', default: '4747' },
      host: { type: 'string', default: '127.0.0.1' },
      landing: { type: 'string' },
      latency: { type: 'string', default: '0' },
      'expose-control-routes': { type: 'boolean' },
    });
    if (!parsed) {
      out(this.help);
      return EXIT.ok;
    }
    const { values } = parsed;
    const port = wholeNumber('port', values.port, 0, 65535) as number;
    const latencyMs = wholeNumber('latency', values.latency, 0, 600_000) as number;
    const model = createFakeOrdergroove({ latencyMs });
    const links = (landing: string) =>
      LINKS.map((params) =>
        buildActionUrl(landing, { ...params, token: model.mint({ action: params.action }) }),
      );
    let printed: string[] = [];
    if (values.landing !== undefined) {
      try {
        printed = links(values.landing);
      } catch (error) {
        throw new UsageError(`--landing: ${error instanceof Error ? error.message : error}`);
      }
    }
    let running: Awaited<ReturnType<typeof startFakeOrdergroove>>;
    try {
      running = await startFakeOrdergroove({
        port,
        host: values.host,
        fake: model,
        exposeControlRoutes:
          values['expose-control-routes'] === true || process.env.EXPOSE_CONTROL_ROUTES === '1',
      });
    } catch (error) {
      err(`og-oca fake: ${error instanceof Error ? error.message : error}\n`);
      return EXIT.failed;
    }
    const lines = [
      `Fake Ordergroove API listening on ${running.url}`,
      '',
      "Your landing page's og-oca tag:",
      `  <script src="/assets/oca.js" async data-api-base="${running.url}"></script>`,
      '',
      `A token valid for any action: ${model.mint()}`,
      `More: curl -X POST ${running.url}/__fake/tokens -d '{"action":"skip"}'`,
    ];
    if (printed.length)
      lines.push('', '1-click links (each token works once):', ...printed.map((l) => `  ${l}`));
    out(`${lines.join('\n')}\n\nCtrl-C to stop.\n`);
    await stopped();
    await running.close();
    return EXIT.ok;
  },
};
