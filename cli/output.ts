/**
 * How commands print: data as an aligned table for people or as JSON for scripts (`--json`), and
 * the progress of long operations. Progress goes to stdout, except with `--json`, where stdout
 * carries only the JSON and progress goes to stderr.
 */
import { bidiControls } from '../functions/core/bidi.ts';

/**
 * Text for a terminal: every stored string a command prints goes through here (the tables, the
 * described results, the JSON, the progress lines). C0 and C1 control characters and DEL would
 * drive the terminal (`ESC [2J` clears it, `ESC ] 0;… BEL` retitles it), and bidirectional
 * controls reorder what follows them; each is shown as a visible escape (`\x1b`, `\u202e`)
 * instead. Line breaks and tabs are kept in described text, escaped in table cells.
 */
export function terminalText(text: string, options: { readonly lineBreaks?: boolean } = {}): string {
  const keep = options.lineBreaks === false ? '' : '\n\t';
  return text.replace(unsafeForTerminal, (character) => (keep.includes(character) ? character : visibleEscape(character)));
}

const unsafeForTerminal = new RegExp(`[\\u0000-\\u001f\\u007f-\\u009f]|${bidiControls.source}`, 'g');

function visibleEscape(character: string): string {
  const code = character.codePointAt(0)!;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** A line of text to stdout, made safe for the terminal. */
export function printLine(text: string): void {
  process.stdout.write(`${terminalText(text)}\n`);
}

export const jsonOption = { json: { type: 'boolean', help: 'print the result as JSON, for scripts' } } as const;

/** JSON escapes C0 controls itself; C1 and bidirectional controls are escaped here, the JSON staying valid. */
export function printJson(value: unknown): void {
  const text = JSON.stringify(value, null, 2).replace(
    new RegExp(`[\\u007f-\\u009f]|${bidiControls.source}`, 'g'),
    (character) => `\\u${character.codePointAt(0)!.toString(16).padStart(4, '0')}`,
  );
  process.stdout.write(`${text}\n`);
}

/** Columns padded to their widest cell, two spaces apart, trailing spaces trimmed; under a header unless `header` is null. */
export function formatTable(givenHeader: readonly string[] | null, givenRows: readonly (readonly string[])[]): string {
  const cell = (text: string) => terminalText(text, { lineBreaks: false });
  const header = givenHeader?.map(cell) ?? null;
  const rows = givenRows.map((row) => row.map(cell));
  const columns = header?.length ?? Math.max(0, ...rows.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, column) => Math.max(header?.[column]?.length ?? 0, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd();
  return [...(header ? [line(header), line(widths.map((width) => '-'.repeat(width)))] : []), ...rows.map(line)].join('\n');
}

/**
 * Prints `data` as JSON with `--json`; otherwise the table of `rows`, or `empty` when there are
 * none (a sentence, so that "nothing" is never mistaken for a failure).
 */
export function printRows<T>(
  json: boolean | undefined,
  data: readonly T[],
  table: { readonly header: readonly string[] | null; readonly row: (item: T) => readonly string[]; readonly empty: string },
): void {
  if (json) return printJson(data);
  process.stdout.write(`${data.length === 0 ? terminalText(table.empty) : formatTable(table.header, data.map(table.row))}\n`);
}

/** Prints `data` as JSON with `--json`, otherwise the text `describe` makes of it. */
export function printResult<T>(json: boolean | undefined, data: T, describe: (data: T) => string): void {
  if (json) return printJson(data);
  printLine(describe(data));
}

/** Progress of a long operation: rewritten in place on a terminal, a line every few seconds in a log. */
export interface Progress {
  update(line: string): void;
  /** The last state, kept on screen (or printed once in a log). */
  done(): void;
}

const logIntervalMillis = 5000;

export function progress(options: { readonly json?: boolean | undefined } = {}): Progress {
  const stream = options.json ? process.stderr : process.stdout;
  let last = '';
  let logged = '';
  let loggedAt = Date.now();
  return {
    update(text) {
      const line = terminalText(text, { lineBreaks: false });
      last = line;
      if (stream.isTTY) return void stream.write(`\r${line}\x1b[K`);
      if (Date.now() - loggedAt < logIntervalMillis) return;
      loggedAt = Date.now();
      logged = line;
      stream.write(`${line}\n`);
    },
    done() {
      if (stream.isTTY && last) stream.write('\n');
      else if (last !== logged) stream.write(`${last}\n`);
      last = logged = '';
    },
  };
}

export const yesNo = (value: boolean): string => (value ? 'yes' : 'no');
