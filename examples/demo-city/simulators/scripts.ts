import { OwhError } from '../../../src/errors/owh-error';
import { ACCEPTANCE_REASONS, Decision, DENIAL_REASONS } from './decisions';
import type { MessageBook } from './messages';
import type { PosterStep } from './result-poster';

/** What a department asks the applicant to supply (一次性告知): a name, and a note on it. */
export interface RequiredMaterial {
  name: string;
  note?: string;
}

/** A request for more material (补正告知) a scripted department makes. */
export interface SupplementScript {
  /** Why (the applicant reads it). */
  reason: string;
  materials: RequiredMaterial[];
  /** `after-acceptance` (default): accepts, then asks; `before-acceptance`: asks instead of accepting first. */
  stage?: 'after-acceptance' | 'before-acceptance';
}

/**
 * A department's results for one case, scripted by a test instead of the seeded `decide()`
 * (what is not scripted stays as it was decided):
 * - `acceptance`: `accepted` or `rejected` (with a reason; a default one otherwise);
 * - `completion`: `approved` or `denied`;
 * - `supplement`: it posts a result of kind `supplement` (outcome `requested`), then waits until
 *   the hub sends it the case's `supplement` message, and only then goes on;
 * - `waitForOpinions`: its completion waits until that many opinions have come (a lead); every
 *   opinion message counts (a co-handler's acceptance and its completion are two).
 * Scripting a completion, a supplement or a wait makes the acceptance `accepted` unless it is scripted too.
 */
export interface CaseScript {
  acceptance?: Decision;
  completion?: Decision;
  supplement?: SupplementScript;
  waitForOpinions?: number;
}

/** One result as the department decides it, before its own format writes it. */
export interface PlannedResult {
  kind: 'acceptance' | 'completion' | 'supplement';
  decision: Decision;
  /** With a supplement: what it asks for. */
  materials?: RequiredMaterial[];
}

/** The department's way through a case: results to post, and what it waits for in between. */
export type PlanStep = { result: PlannedResult } | { waitFor: 'supplement' } | { waitFor: 'opinions'; count: number };

/** What is wrong with a script (empty when it is fine). */
export function checkScript(script: unknown): string[] {
  if (script === null || typeof script !== 'object' || Array.isArray(script)) return ['a script is an object: {acceptance?, completion?, supplement?, waitForOpinions?}'];
  const s = script as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(s)) if (!['acceptance', 'completion', 'supplement', 'waitForOpinions'].includes(key)) problems.push(`unknown key ${key}`);
  const decision = (key: string, outcomes: string[]) => {
    const d = s[key] as Record<string, unknown> | undefined;
    if (d === undefined) return;
    if (d === null || typeof d !== 'object' || !outcomes.includes(String(d.outcome))) problems.push(`${key}.outcome must be ${outcomes.join(' or ')}`);
    else if (d.reason !== undefined && (typeof d.reason !== 'string' || d.reason.trim() === '')) problems.push(`${key}.reason must be text`);
  };
  decision('acceptance', ['accepted', 'rejected']);
  decision('completion', ['approved', 'denied']);
  const supplement = s.supplement as Record<string, unknown> | undefined;
  if (supplement !== undefined) {
    if (supplement === null || typeof supplement !== 'object') problems.push('supplement must be {reason, materials, stage?}');
    else {
      if (typeof supplement.reason !== 'string' || supplement.reason.trim() === '') problems.push('supplement.reason must be text');
      const materials = supplement.materials;
      if (!Array.isArray(materials) || materials.some((m) => !m || typeof m !== 'object' || typeof m.name !== 'string' || m.name.trim() === '' || (m.note !== undefined && typeof m.note !== 'string'))) {
        problems.push('supplement.materials must be a list of {name, note?}');
      }
      if (supplement.stage !== undefined && supplement.stage !== 'after-acceptance' && supplement.stage !== 'before-acceptance') problems.push('supplement.stage must be after-acceptance or before-acceptance');
    }
  }
  if (s.waitForOpinions !== undefined && !(Number.isInteger(s.waitForOpinions) && (s.waitForOpinions as number) >= 1)) problems.push('waitForOpinions must be a whole number, 1 or more');
  return problems;
}

/** Refuses a script that is not one (OWH_USAGE). */
export function assertScript(connectorId: string, script: unknown): asserts script is CaseScript {
  const problems = checkScript(script);
  if (problems.length > 0) throw new OwhError('OWH_USAGE', { message: `invalid script for ${connectorId}: ${problems.join('; ')}` });
}

function withReason(decision: Decision, reasons: string[]): Decision {
  const refusal = decision.outcome === 'rejected' || decision.outcome === 'denied';
  return refusal && !decision.reason ? { ...decision, reason: reasons[0] } : { ...decision };
}

/** The department's way through a case: the seeded decisions, with what the script changes. */
export function planResults(seeded: { acceptance: Decision; completion?: Decision }, script?: CaseScript): PlanStep[] {
  const scripted = script !== undefined && (script.completion !== undefined || script.supplement !== undefined || script.waitForOpinions !== undefined);
  const acceptance = withReason(script?.acceptance ?? (scripted ? { outcome: 'accepted' } : seeded.acceptance), ACCEPTANCE_REASONS);
  const supplement = script?.supplement;
  const request: PlanStep[] = supplement
    ? [
        { result: { kind: 'supplement', decision: { outcome: 'requested', reason: supplement.reason }, materials: supplement.materials.map((m) => ({ ...m })) } },
        { waitFor: 'supplement' },
      ]
    : [];
  const steps: PlanStep[] = [];
  if (supplement?.stage === 'before-acceptance') steps.push(...request);
  steps.push({ result: { kind: 'acceptance', decision: acceptance } });
  if (acceptance.outcome === 'rejected') return steps;
  if (supplement && supplement.stage !== 'before-acceptance') steps.push(...request);
  if (script?.waitForOpinions) steps.push({ waitFor: 'opinions', count: script.waitForOpinions });
  const completion = script?.completion ?? seeded.completion ?? { outcome: 'approved' };
  steps.push({ result: { kind: 'completion', decision: withReason(completion, DENIAL_REASONS) } });
  return steps;
}

/**
 * The steps of a plan for the result poster: each result written by `write` when it is posted,
 * each wait on the department's messages. A wait for material counts only supplements that come
 * after the request was posted.
 */
export function posterSteps(caseId: string, plan: PlanStep[], messages: MessageBook, write: (result: PlannedResult) => Record<string, unknown>): PosterStep[] {
  let before = 0;
  return plan.map((step): PosterStep => {
    if ('result' in step) {
      const { result } = step;
      if (result.kind !== 'supplement') return () => write(result);
      return () => {
        before = messages.count(caseId, 'supplement');
        return write(result);
      };
    }
    if (step.waitFor === 'supplement') return { wait: (signal) => messages.waitFor(caseId, 'supplement', before + 1, signal) };
    const count = step.count;
    return { wait: (signal) => messages.waitFor(caseId, 'opinion', count, signal) };
  });
}
