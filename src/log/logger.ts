import pino, { Logger, LoggerOptions } from 'pino';
import { maskDeep, maskText } from './mask';

export type { Logger } from 'pino';

export interface LoggerSettings {
  level?: string;
  /** Where log lines go; standard output when absent. */
  destination?: pino.DestinationStream;
  name?: string;
}

/**
 * The hub's logger: pino (JSON lines, cheap on the hot path) with personal data masked in every
 * field and in the message itself, so no code path can leak an ID or phone number by accident.
 */
export function createLogger(settings: LoggerSettings = {}): Logger {
  const options: LoggerOptions = {
    name: settings.name ?? 'owh',
    level: settings.level ?? process.env.OWH_LOG_LEVEL ?? 'info',
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      level: (label) => ({ level: label }),
      log: (object) => maskDeep(object) as Record<string, unknown>,
    },
    hooks: {
      logMethod(args, method) {
        const masked = args.map((a) => (typeof a === 'string' ? maskText(a) : a)) as Parameters<typeof method>;
        method.apply(this, masked);
      },
    },
  };
  return settings.destination ? pino(options, settings.destination) : pino(options);
}

/** A logger that drops everything, for tests and one-shot CLI commands. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
