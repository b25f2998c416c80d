/** Small helpers every benchmark script shares: order statistics, plain-text tables, child scripts. */
import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { projectRoot } from '../local/project-root.ts';

/** The `p`-th percentile (0–100) by the nearest-rank method: a value that was measured. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('no values');
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Columns padded to their widest cell: the first `leftColumns` left-aligned (text), the others right-aligned (figures). */
export function table(rows: readonly (readonly (string | number)[])[], leftColumns = 1): string {
  const text = rows.map((row) => row.map(String));
  const widths = text[0]!.map((_cell, column) => Math.max(...text.map((row) => row[column]!.length)));
  return text
    .map((row) =>
      row
        .map((cell, column) => (column < leftColumns ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/**
 * `Node v24.21.0, 2 × AMD EPYC …, load 0.4`: the machine a figure was measured on, and how busy it
 * was (the 1-minute load average) when the figure was printed: other work on the cores shows up
 * in every latency.
 */
export function machine(): string {
  return `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, load ${loadavg()[0]!.toFixed(1)}`;
}

/**
 * Runs `node <script> <args>` from the project root (one engine per process: the handlers' SDK
 * clients are per process, as in a Lambda container) and resolves with its stdout, which is also
 * shown as it comes with `echo`. Its stderr is shown only if it fails, unless `stderr: 'inherit'`.
 */
export async function runScript(
  script: string,
  args: readonly string[] = [],
  options: { echo?: boolean; stderr?: 'inherit' | 'on-failure' } = {},
): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', options.stderr === 'inherit' ? 'inherit' : 'pipe'],
    });
    let output = '';
    let errors = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (options.echo) process.stdout.write(chunk);
    });
    child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) return resolve(output);
      process.stderr.write(errors);
      reject(new Error(`${script} ${args.join(' ')} exited ${code}`));
    });
  });
}
