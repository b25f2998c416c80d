/**
 * The shape of a CLI command, its help, and the error that ends one with a message instead of a
 * stack. Commands declare their options once, with a line of help each: the same declaration
 * parses the arguments (strictly: an unknown option is an error) and writes `--help`.
 */
import { type ParseArgsOptionDescriptor, parseArgs } from 'node:util';
import { type StateCode, stateCodeSchema } from '../functions/core/codes.ts';

/** What `mpr` exits with; `mpr --help` documents them. */
export const exitCodes = { ok: 0, failed: 1, badArguments: 2 } as const;

export class CliError extends Error {
  override readonly name = 'CliError';
  readonly exitCode: number;
  constructor(message: string, exitCode: number = exitCodes.failed) {
    super(message);
    this.exitCode = exitCode;
  }
}

export type OptionSpec = ParseArgsOptionDescriptor & {
  /** One line for `--help`. */
  readonly help: string;
  /** The value's placeholder in the help, e.g. `CODE` for `--state CODE`. */
  readonly value?: string;
};
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

type Parsed<O extends OptionSpecs> = ReturnType<typeof parseArgs<{ options: O & { help: OptionSpec }; allowPositionals: true; strict: true }>>;

export interface CommandSpec<O extends OptionSpecs> {
  readonly name: string;
  /** One line, for the list of commands. */
  readonly summary: string;
  /** What follows the command in its usage line, before `[options]`: required options and operands, e.g. `REFERENCE`. */
  readonly usage?: string;
  /** More than the summary says, if anything: one paragraph per entry. */
  readonly description?: readonly string[];
  readonly options: O;
  /** Names of the operands the command takes (none unless given); a last name ending in `…` takes any number. */
  readonly operands?: readonly string[];
  readonly examples: readonly string[];
  run(input: { readonly values: Parsed<O>['values']; readonly operands: readonly string[] }): Promise<void>;
}

export interface Command {
  readonly name: string;
  /** How it is invoked: `mpr <group> <command>`, or `mpr <command>`. */
  readonly invocation: string;
  readonly summary: string;
  /** The usage line: `usage: mpr <group> <command> … [options]`. */
  readonly usage: string;
  /** The whole `--help` text. */
  readonly help: string;
  run(args: readonly string[]): Promise<void>;
}

export interface CommandGroup {
  readonly name: string;
  readonly summary: string;
  readonly commands: readonly Command[];
}

/** A command, bound to the path it is invoked by (`mpr <group>`, or `mpr` for one that stands alone). */
export type CommandDefinition = (path: string) => Command;

const helpOption: { readonly help: OptionSpec } = { help: { type: 'boolean', short: 'h', help: 'show this help' } };

export function command<const O extends OptionSpecs>(spec: CommandSpec<O>): CommandDefinition {
  return (path) => {
    const invocation = `${path} ${spec.name}`;
    const usage = `usage: ${[invocation, spec.usage, '[options]'].filter(Boolean).join(' ')}`;
    const help = helpText(spec, usage);
    return {
      name: spec.name,
      invocation,
      summary: spec.summary,
      usage,
      help,
      async run(args) {
        const options = { ...spec.options, ...helpOption };
        let parsed: { values: Record<string, unknown>; positionals: string[] };
        try {
          parsed = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
        } catch (error) {
          // parseArgs reports unknown options, missing values and the like with ERR_PARSE_ARGS_* codes.
          if (String((error as NodeJS.ErrnoException).code).startsWith('ERR_PARSE_ARGS'))
            throw new CliError(parseArgsMessage(error as Error), exitCodes.badArguments);
          throw error;
        }
        if (parsed.values.help) return void process.stdout.write(help);
        const allowed = spec.operands?.at(-1)?.endsWith('…') ? Infinity : (spec.operands?.length ?? 0);
        if (parsed.positionals.length > allowed) throw new CliError(`unexpected argument '${parsed.positionals[allowed]}'`, exitCodes.badArguments);
        await spec.run({ values: parsed.values as Parsed<O>['values'], operands: parsed.positionals });
      },
    };
  };
}

export function group(name: string, summary: string, commands: readonly CommandDefinition[]): CommandGroup {
  return { name, summary, commands: commands.map((define) => define(`mpr ${name}`)) };
}

const helpWidth = 100;

/** A paragraph broken into lines of at most `helpWidth` characters, between words. */
function wrap(paragraph: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of paragraph.split(' ')) {
    if (line && line.length + 1 + word.length > helpWidth) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  return [...lines, line];
}

/** parseArgs's first sentence, as this CLI writes messages: `unknown option '--x'`. */
function parseArgsMessage(error: Error): string {
  const sentence = error.message.split('. ')[0]!.replace(/\.$/, '');
  return `${sentence.charAt(0).toLowerCase()}${sentence.slice(1)}`;
}

function helpText(spec: CommandSpec<OptionSpecs>, usage: string): string {
  const rows = Object.entries<OptionSpec>({ ...spec.options, ...helpOption }).map(([name, option]) => {
    const flag = `${option.short ? `-${option.short}, ` : ''}--${name}${option.value ? ` ${option.value}` : option.type === 'string' ? ' VALUE' : ''}`;
    const fallback = option.default === undefined ? '' : ` (default ${String(option.default)})`;
    return [flag, `${option.help}${fallback}`] as const;
  });
  const width = Math.max(...rows.map(([flag]) => flag.length));
  return [
    usage,
    '',
    spec.summary,
    ...(spec.description ?? []).flatMap((paragraph) => ['', ...wrap(paragraph)]),
    '',
    'options:',
    ...rows.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`),
    '',
    spec.examples.length === 1 ? 'example:' : 'examples:',
    ...spec.examples.map((example) => `  ${example}`),
    '',
  ].join('\n');
}

/** A State code option's value, checked: `fra` is FRA; anything but three letters is a usage error. */
export function stateCodeOption(value: string | undefined, option = '--state'): StateCode {
  const code = stateCodeSchema.safeParse(value?.toUpperCase());
  if (!code.success) throw new CliError(`${option} must name a State by its ISO 3166-1 alpha-3 code, e.g. ${option} FRA`, exitCodes.badArguments);
  return code.data;
}

/** A date option's value (`2024-06-01` or an instant), checked. */
export function dateOption(value: string | undefined, option: string): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new CliError(`${option} ${value} is not a date (e.g. 2024-06-01)`, exitCodes.badArguments);
  return date;
}

/** A value of a closed list, checked. */
export function choiceOption<const T extends string>(value: string | undefined, choices: readonly T[], option: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(choices as readonly string[]).includes(value)) throw new CliError(`${option} must be one of ${choices.join(', ')}`, exitCodes.badArguments);
  return value as T;
}
