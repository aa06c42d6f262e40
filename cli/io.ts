import { formatErrorForHumans, toOwhError } from '../src/errors/owh-error';
import { maskText } from '../src/log/mask';

/** Where a command writes: the process's streams, or a test's buffers. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** Whether stdout is a terminal (progress bars, colours, prompts). */
  isTTY: boolean;
}

export const processIO: CliIO = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  isTTY: Boolean(process.stdout.isTTY),
};

/**
 * Prints JSON. Screens follow the logs' rule (mission.md): ID and phone numbers are masked unless
 * a command offers, and the user asks for, the real values.
 */
export function printJson(io: CliIO, value: unknown, unmasked = false): void {
  const text = JSON.stringify(value, null, 2);
  io.out(unmasked ? text : maskText(text));
}

/** Prints a line of free text, masked. */
export function printLine(io: CliIO, text: string): void {
  io.out(maskText(text));
}

/** A plain text table: the first row is the header. Cells are masked (they may hold personal data). */
export function printTable(io: CliIO, rows: string[][]): void {
  if (rows.length === 0) return;
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\uFFEF]/.test(ch) ? 2 : 1), 0);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => width(r[i] ?? ''))));
  for (const row of rows) {
    io.out(row.map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat(widths[i] - width(cell)))).map(maskText).join('  ').trimEnd());
  }
}

/** Prints an error the way every command does (code, what, where, fix) and gives the exit code. */
export function reportError(io: CliIO, error: unknown, json: boolean): number {
  const e = toOwhError(error);
  if (json) io.err(JSON.stringify(e.toJSON(), null, 2));
  else io.err(formatErrorForHumans(e));
  return e.exitCode;
}
