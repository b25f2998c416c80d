/**
 * How commands print: data as an aligned table for people or as JSON for scripts (`--json`), and
 * the progress of long operations. Progress goes to stdout, except with `--json`, where stdout
 * carries only the JSON and progress goes to stderr.
 */

export const jsonOption = { json: { type: 'boolean', help: 'print the result as JSON, for scripts' } } as const;

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Columns padded to their widest cell, two spaces apart, trailing spaces trimmed; under a header unless `header` is null. */
export function formatTable(header: readonly string[] | null, rows: readonly (readonly string[])[]): string {
  const columns = header?.length ?? Math.max(0, ...rows.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, column) => Math.max(header?.[column]?.length ?? 0, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
  return [...(header ? [line(header), line(widths.map((width) => '-'.repeat(width)))] : []), ...rows.map(line)].join('\n');
}

/**
 * Prints `data` as JSON with `--json`; otherwise the table of `rows`, or `empty` when there are
 * none (a sentence, so that "nothing" is never mistaken for a failure).
 */
export function printRows<T>(json: boolean | undefined, data: readonly T[], table: { readonly header: readonly string[] | null; readonly row: (item: T) => readonly string[]; readonly empty: string }): void {
  if (json) return printJson(data);
  process.stdout.write(`${data.length === 0 ? table.empty : formatTable(table.header, data.map(table.row))}\n`);
}

/** Prints `data` as JSON with `--json`, otherwise the text `describe` makes of it. */
export function printResult<T>(json: boolean | undefined, data: T, describe: (data: T) => string): void {
  if (json) return printJson(data);
  process.stdout.write(`${describe(data)}\n`);
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
    update(line) {
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
