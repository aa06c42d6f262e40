/**
 * The department's decisions, repeatable run after run: each case's outcome comes from a PRNG
 * seeded by a hash of its caseId, so the same case gets the same decision from every run (and
 * from every system that handles it).
 */

export interface Decision {
  /** acceptance: accepted | rejected; completion: approved | denied; a request for more material: requested. */
  outcome: 'accepted' | 'rejected' | 'approved' | 'denied' | 'requested';
  /** Why, for rejections, denials and requests for more material (the applicant reads it). */
  reason?: string;
}

export const ACCEPTANCE_REASONS = ['申请材料不齐全，请补齐后重新申请', '申请事项不属于本机关职权范围', '申请材料不符合法定形式'];
export const DENIAL_REASONS = ['申请人不符合法定条件', '经现场核查，实际情况与申请材料不符', '申请事项不符合相关规划要求'];

/** FNV-1a, 32 bits: a stable seed from a string. */
export function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a small seeded PRNG giving floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The acceptance (rejected with probability `rejectShare`) and, if accepted, the completion (approved with probability `approveShare`). */
export function decide(caseId: string, shares: { approveShare: number; rejectShare: number }): { acceptance: Decision; completion?: Decision } {
  const random = seededRandom(hashSeed(caseId));
  const acceptDraw = random();
  const approveDraw = random();
  const reasonDraw = random();
  if (acceptDraw < shares.rejectShare) {
    return { acceptance: { outcome: 'rejected', reason: pick(ACCEPTANCE_REASONS, reasonDraw) } };
  }
  const completion: Decision = approveDraw < shares.approveShare ? { outcome: 'approved' } : { outcome: 'denied', reason: pick(DENIAL_REASONS, reasonDraw) };
  return { acceptance: { outcome: 'accepted' }, completion };
}

function pick<T>(list: T[], draw: number): T {
  return list[Math.floor(draw * list.length)];
}
