/** The shape of a CLI command, and the error that ends one with a message instead of a stack. */

export interface Command {
  readonly name: string;
  readonly summary: string;
  run(args: readonly string[]): Promise<void>;
}

export interface CommandGroup {
  readonly name: string;
  readonly commands: readonly Command[];
}

export class CliError extends Error {
  override readonly name = 'CliError';
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}
