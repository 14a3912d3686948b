/** What every `og-oca` subcommand shares: its help, its options, its output. */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from './UsageError.js';

/** Exit codes a script can rely on. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** Where a command writes: stdout for results, stderr for problems. */
export interface Output {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** One subcommand. */
export interface Command {
  name: string;
  /** One line, for `og-oca --help`. */
  summary: string;
  /** The whole `--help` text. */
  help: string;
  /** Runs it; resolves with the exit code. Throws `UsageError` for a bad command line. */
  run: (args: string[], output: Output) => Promise<number>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `node:util` parseArgs, strict, with `--help`; its errors become a `UsageError`.
 * Returns undefined when `--help` was given.
 */
export const parse = <O extends Options>(
  args: string[],
  options: O,
  positionals = false,
):
  | ReturnType<typeof parseArgs<{ options: O; allowPositionals: boolean; strict: true }>>
  | undefined => {
  try {
    const parsed = parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: positionals,
      strict: true,
    });
    return (parsed.values as { help?: boolean }).help ? undefined : parsed;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
};

/** A whole number from `min` to `max`, or a `UsageError` naming the option. */
export const wholeNumber = (name: string, value: string | undefined, min: number, max: number) => {
  if (value === undefined) return undefined;
  const n = /^\d{1,9}$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= min && n <= max)) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got ${value}`);
  }
  return n;
};

/** A `UsageError` unless `value` was given. */
export const required = (name: string, value: string | undefined): string => {
  if (value === undefined || value === '') throw new UsageError(`--${name} is required`);
  return value;
};
