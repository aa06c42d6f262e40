import pino, { Logger, LoggerOptions } from 'pino';
import { maskText } from './mask';

export type { Logger } from 'pino';

export interface LoggerSettings {
  level?: string;
  /** Where log lines go; standard output when absent. */
  destination?: pino.DestinationStream;
  name?: string;
}

/**
 * The hub's logger: pino (JSON lines, cheap on the hot path) with personal data masked in the
 * finished line, just before it is written. Masking the line rather than the fields covers
 * everything at once: fields, a child logger's bindings, error messages and stacks, the message.
 */
export function createLogger(settings: LoggerSettings = {}): Logger {
  const options: LoggerOptions = {
    name: settings.name ?? 'owh',
    level: settings.level ?? process.env.OWH_LOG_LEVEL ?? 'info',
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    hooks: { streamWrite: maskText },
  };
  return settings.destination ? pino(options, settings.destination) : pino(options);
}

/** A logger that drops everything, for tests and one-shot CLI commands. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
