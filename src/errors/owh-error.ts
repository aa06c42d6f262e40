import { errorCatalogue, ErrorCode, ErrorDefinition } from './catalogue';

/** One validation or detail entry, pointing where the problem is. */
export interface ErrorDetail {
  /** JSON pointer into the document at fault ('' is the whole document). */
  pointer: string;
  /** The schema keyword or rule that failed (e.g. `required`, `format`). */
  keyword: string;
  message: string;
  /** File and line, when the document came from a file. */
  file?: string;
  line?: number;
}

export interface OwhErrorOptions {
  /** Specific message; the catalogue's title is used when absent. */
  message?: string;
  /** A specific fix overriding the catalogue's general one. */
  fix?: string;
  details?: ErrorDetail[];
  cause?: unknown;
  /** For rate limits: how long the peer asked the hub to wait. */
  retryAfterMs?: number;
}

/** The hub's only error type: a catalogue code plus what was wrong, where, and how to fix it. */
export class OwhError extends Error {
  readonly code: ErrorCode;
  readonly definition: ErrorDefinition;
  readonly fix: string;
  readonly details: ErrorDetail[];
  readonly retryAfterMs?: number;

  constructor(code: ErrorCode, options: OwhErrorOptions = {}) {
    const definition = errorCatalogue[code];
    super(options.message ?? definition.title, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'OwhError';
    this.code = code;
    this.definition = definition;
    this.fix = options.fix ?? definition.fix;
    this.details = options.details ?? [];
    this.retryAfterMs = options.retryAfterMs;
  }

  get status(): number {
    return this.definition.status;
  }
  get exitCode(): number {
    return this.definition.exitCode;
  }
  get retryable(): boolean {
    return this.definition.retryable;
  }

  /** The JSON body the API answers with. */
  toJSON(): Record<string, unknown> {
    const body: Record<string, unknown> = { code: this.code, message: this.message, fix: this.fix };
    if (this.details.length > 0) body.errors = this.details;
    return body;
  }
}

export function isOwhError(value: unknown): value is OwhError {
  return value instanceof OwhError;
}

/** Wraps anything thrown into an OwhError, keeping OwhErrors as they are. */
export function toOwhError(value: unknown, fallback: ErrorCode = 'OWH_INTERNAL'): OwhError {
  if (value instanceof OwhError) return value;
  const message = value instanceof Error ? value.message : String(value);
  return new OwhError(fallback, { message, cause: value });
}

/** Renders an error for a terminal: code, message, where, fix. */
export function formatErrorForHumans(error: OwhError): string {
  const lines = [`${error.code}: ${error.message}`];
  for (const d of error.details) {
    const where = d.file ? `${d.file}${d.line ? `:${d.line}` : ''} ${d.pointer || '/'}` : d.pointer || '/';
    lines.push(`  at ${where}: ${d.message}${d.keyword ? ` (${d.keyword})` : ''}`);
  }
  lines.push(`  fix: ${error.fix}`);
  return lines.join('\n');
}
