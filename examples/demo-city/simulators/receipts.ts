/** Receipt numbers and the Beijing-time stamps department systems write (UTC+8, no daylight saving). */

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

function beijingParts(at: Date): { y: string; mo: string; d: string; h: string; mi: string; s: string } {
  const b = new Date(at.getTime() + BEIJING_OFFSET_MS);
  const two = (n: number) => String(n).padStart(2, '0');
  return {
    y: String(b.getUTCFullYear()),
    mo: two(b.getUTCMonth() + 1),
    d: two(b.getUTCDate()),
    h: two(b.getUTCHours()),
    mi: two(b.getUTCMinutes()),
    s: two(b.getUTCSeconds()),
  };
}

/** `YYYYMMDD` in Beijing time. */
export function beijingDate(at: Date): string {
  const p = beijingParts(at);
  return p.y + p.mo + p.d;
}

/** `YYYYMMDDHHmmss` in Beijing time, as the gov dialect's `jgsj`. */
export function beijingStamp(at: Date): string {
  const p = beijingParts(at);
  return p.y + p.mo + p.d + p.h + p.mi + p.s;
}

/** RFC 3339 with the +08:00 offset, as the open dialect's `decidedAt`. */
export function beijingRfc3339(at: Date): string {
  const p = beijingParts(at);
  return `${p.y}-${p.mo}-${p.d}T${p.h}:${p.mi}:${p.s}+08:00`;
}

/**
 * Numbers a system's receipts `<prefix><yyyymmdd><6-digit sequence>`. One book per system, shared
 * by its district instances, so two districts never hand out the same number.
 */
export class ReceiptBook {
  private sequence = 0;

  constructor(readonly prefix: string, private readonly now: () => Date = () => new Date()) {}

  next(): string {
    this.sequence = (this.sequence % 999_999) + 1;
    return `${this.prefix}${beijingDate(this.now())}${String(this.sequence).padStart(6, '0')}`;
  }
}
