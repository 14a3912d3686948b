/** A command line the `og-oca` command cannot run: exit code 2, with the subcommand's usage. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
