/**
 * `mpr` as a program: its help, its usage errors and its exit codes (0 done, 1 failed, 2 bad
 * arguments). No engine: these fail before any data is read, or read none.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError, type CommandGroup } from '../../cli/command.ts';
import { circularCommands } from '../../cli/commands/circular.ts';
import { commandGroups as groups, standaloneCommands } from '../../cli/commands/index.ts';
import { mailboxesCommands } from '../../cli/commands/mailboxes.ts';
import { obligationsCommands } from '../../cli/commands/obligations.ts';
import { reportsCommands } from '../../cli/commands/reports.ts';
import { triageCommands } from '../../cli/commands/triage.ts';
import { mpr, run } from './support.ts';

const publish = standaloneCommands[0]!;

// A folder with no endpoints.json: the local engine is "not running" for the commands.
let empty: string;
beforeAll(async () => {
  empty = await mkdtemp(join(tmpdir(), 'mpr-none-'));
});
afterAll(() => rm(empty, { recursive: true, force: true }));

describe('mpr --help', () => {
  it('lists every command with its summary, says where commands act and documents the exit codes', async () => {
    const { code, stdout } = await mpr(empty, '--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^usage: mpr <group> <command> \[options\]\n/);
    for (const group of groups) for (const command of group.commands) expect(stdout).toContain(`  ${command.invocation} `);
    expect(stdout).toMatch(/\n {2}mpr publish +Build the site of the full texts/);
    expect(stdout).toMatch(/\n {2}mpr triage classify +/);
    expect(stdout).toContain('--aws [--stack NAME]');
    expect(stdout).toMatch(/Exit codes:\n {2}0 {2}done\n {2}1 {2}the operation failed or was refused.*\n {2}2 {2}bad arguments/);
  });

  it('answers no command, an unknown group or an unknown command with the usage, exit 2', async () => {
    const none = await mpr(empty);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^usage: mpr <group> <command>/);
    const group = await mpr(empty, 'nothing');
    expect(group).toMatchObject({ code: 2, stderr: expect.stringMatching(/^mpr: unknown command group 'nothing'/) as unknown });
    const command = await mpr(empty, 'reports', 'nothing');
    expect(command.code).toBe(2);
    expect(command.stderr).toMatch(
      /^mpr reports: unknown command 'nothing'\n\nusage: mpr reports <command> \[options\]\n\nthe submissions received.*\n\n {2}list +The submissions of a cycle/,
    );
  });
});

describe('a command', () => {
  it('shows its usage, its options and an example with --help, exit 0', async () => {
    const { code, stdout } = await mpr(empty, 'reports', 'list', '--help');
    expect(code).toBe(0);
    expect(stdout).toBe(reportsCommands.commands.find((command) => command.name === 'list')!.help);
    expect(stdout).toMatch(/^usage: mpr reports list \[options\]\n\nThe submissions of a cycle/);
    expect(stdout).toMatch(/\n {2}--kind KIND +only submissions holding a report of this kind: violation, follow-up, views\n/);
    expect(stdout).toMatch(/\n {2}--aws +act on the deployed stack/);
    expect(stdout).toMatch(/\nexamples:\n {2}mpr reports list --state FRA --kind violation\n/);
  });

  it('refuses an unknown option with the usage, exit 2, before reading anything', async () => {
    const { code, stdout, stderr } = await mpr(empty, 'reports', 'list', '--bogus');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      "mpr reports list: unknown option '--bogus'\nusage: mpr reports list [options]\n(mpr reports list --help shows the options and an example)\n",
    );
  });

  it('fails with exit 1 and a message, no stack, when the operation cannot be done', async () => {
    const { code, stderr } = await mpr(empty, 'mailboxes', 'list');
    expect(code).toBe(1);
    expect(stderr).toMatch(/^mpr mailboxes list: the local engine is not running \(no \.local\/endpoints\.json\): start it with npm start \(or pass --aws/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('every command has a usage line, a summary, options and at least one example', () => {
    for (const command of [...groups.flatMap((group) => group.commands), publish]) {
      expect(command.help, command.invocation).toMatch(
        new RegExp(`^usage: ${command.invocation} .*\\[options\\]\\n\\n${command.summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n`),
      );
      expect(command.help, command.invocation).toMatch(/\noptions:\n(?: {2}.+\n)+\n/);
      expect(command.help, command.invocation).toMatch(/\n {2}-h, --help +show this help\n/);
      expect(command.help, command.invocation).toMatch(/\nexamples?:\n {2}\S/);
    }
  });

  it('prints its help in process too, and checks its arguments before touching anything', async () => {
    expect(await run(triageCommands, 'classify', '--help')).toMatch(
      /^usage: mpr triage classify ID --kind views \| --form FILE \[options\]\n\nClassify a free-form e-mail/,
    );
    const refusals: [CommandGroup, string[], RegExp][] = [
      [reportsCommands, ['list', '--kind', 'rumour'], /--kind must be one of violation, follow-up, views/],
      [reportsCommands, ['list', '--circulated', 'maybe'], /--circulated must be one of yes, no/],
      [reportsCommands, ['show', 'REF-1'], /name the submission by its reference/],
      [reportsCommands, ['show', 'MPR-2024-0001', 'extra'], /unexpected argument 'extra'/],
      [obligationsCommands, ['list', '--at', 'someday'], /--at someday is not a date/],
      [obligationsCommands, ['list', '--state', 'France'], /--state must name a State by its ISO 3166-1 alpha-3 code/],
      [mailboxesCommands, ['clear', '--state', 'FRA'], /name the mailbox: --address ADDRESS/],
      [circularCommands, ['status', '--cycle'], /option '--cycle <value>' argument missing/],
    ];
    for (const [group, args, message] of refusals) {
      const refused = await run(group, ...args).catch((error: unknown) => error);
      expect(refused, args.join(' ')).toBeInstanceOf(CliError);
      expect((refused as CliError).message, args.join(' ')).toMatch(message);
      expect((refused as CliError).exitCode, args.join(' ')).toBe(2);
    }
    const noFolder = await run(publish).catch((error: unknown) => error);
    expect(noFolder).toMatchObject({ exitCode: 2, message: 'name the folder to write the site to: --out DIR' });
    const badBucket = await run(publish, '--out', join(empty, 'site'), '--sync-to', 'https://example.org/site').catch((error: unknown) => error);
    expect(badBucket).toMatchObject({ exitCode: 2, message: '--sync-to https://example.org/site is not s3://BUCKET/PREFIX' });
  });
});
