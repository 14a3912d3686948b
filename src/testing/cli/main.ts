#!/usr/bin/env node
/** The `og-oca` command: `og-oca <command> [options]`; `og-oca <command> --help` for each. */
import { readFileSync } from 'node:fs';
import { type Command, EXIT, type Output } from './command.js';
import { fake } from './fake.js';
import { link } from './link.js';
import { send } from './send.js';
import { UsageError } from './UsageError.js';
import { verify } from './verify.js';

const COMMANDS: readonly Command[] = [fake, send, link, verify];

const HELP = `Usage: og-oca <command> [options]

Test og-oca's 1-click links and webhooks on your machine, without an Ordergroove account.

Commands:
${COMMANDS.map((command) => `  ${command.name.padEnd(18)} ${command.summary}`).join('\n')}

og-oca <command> --help shows a command's options; og-oca --version the version.
Exit codes: 0 ok, 1 a check failed, 2 bad command line.
`;

const version = () => {
  const pkg = new URL('../package.json', import.meta.url);
  return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
};

/** Runs one command line; resolves with the exit code. */
const main = async (args: string[], output: Output): Promise<number> => {
  const [name, ...rest] = args;
  if (name === '--help' || name === '-h' || name === 'help') {
    output.out(HELP);
    return EXIT.ok;
  }
  if (name === '--version') {
    output.out(`${version()}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    output.err(
      `${name === undefined ? 'og-oca: give a command' : `og-oca: unknown command ${name}`}\n\n${HELP}`,
    );
    return EXIT.usage;
  }
  try {
    return await command.run(rest, output);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    output.err(`og-oca ${command.name}: ${error.message}\nSee og-oca ${command.name} --help\n`);
    return EXIT.usage;
  }
};

// Until the command finishes: a process that ends before that has not done its work.
process.exitCode = EXIT.failed;
main(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`og-oca: ${error instanceof Error ? error.stack : error}\n`);
    process.exitCode = EXIT.failed;
  },
);
