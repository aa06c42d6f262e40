/**
 * Masking of personal data (mission.md): an ID number keeps its first 6 and last 4 characters,
 * a mobile number its first 3 and last 4 digits. Applied to every string that reaches a log line
 * or an error shown on a screen, wherever in the text it stands — a department's error message
 * may echo back the very field the hub sent.
 */
const RESIDENT_ID = /(?<![0-9A-Za-z])(\d{6})(\d{8})(\d{3}[0-9Xx])(?![0-9A-Za-z])/g;
const MOBILE = /(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)/g;

export function maskIdNumber(value: string): string {
  if (value.length <= 10) return '*'.repeat(value.length);
  return value.slice(0, 6) + '*'.repeat(value.length - 10) + value.slice(-4);
}

export function maskPhone(value: string): string {
  if (value.length <= 7) return '*'.repeat(value.length);
  return value.slice(0, 3) + '*'.repeat(value.length - 7) + value.slice(-4);
}

/** Masks every ID number and mobile number found in free text. */
export function maskText(text: string): string {
  if (text.length < 11) return text;
  // Cheap exit for the common line that holds no run of 11 digits.
  if (!/\d{11}/.test(text)) return text;
  return text
    .replace(RESIDENT_ID, (_m, head: string, mid: string, tail: string) => head + '*'.repeat(mid.length) + tail)
    .replace(MOBILE, (_m, head: string, mid: string, tail: string) => head + '*'.repeat(mid.length) + tail);
}

/** Masks strings anywhere inside a value (objects and arrays copied, never changed in place). */
export function maskDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskText(value);
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (value instanceof Error) {
    return { type: value.name, message: maskText(value.message), code: (value as { code?: unknown }).code, stack: value.stack ? maskText(value.stack) : undefined };
  }
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = maskDeep(v, depth + 1);
  return out;
}
