import type { ErrorDetail } from '../../../src/errors/owh-error';
import type { Decision } from './decisions';
import type { ResultDocument } from './documents';
import type { RequiredMaterial } from './scripts';
import { beijingRfc3339, beijingStamp } from './receipts';

/**
 * How a simulated department system speaks: the shape of its answers and of the results it posts.
 * `gov` is the style of the province's older systems (pinyin abbreviations, code/msg envelopes,
 * Beijing-time stamps); `open` is a newer system's plain REST.
 */
export type DialectName = 'gov' | 'open';

export interface Answer {
  status: number;
  body: unknown;
}

/** One result, in the simulator's terms, before the dialect writes it. */
export interface ResultInput {
  caseId: string;
  /** supplement: a request for more material (补正告知), outcome `requested`. */
  kind: 'acceptance' | 'completion' | 'supplement';
  decision: Decision;
  /** Who decided (a post, never a person's data). */
  handler: string;
  decidedAt: Date;
  receipt: string;
  documents: ResultDocument[];
  /** With a supplement: what the applicant must supply. */
  materials?: RequiredMaterial[];
}

export interface Dialect {
  name: DialectName;
  /** The case's business key in a request body (the hub's caseId). */
  caseIdOf(body: unknown): string | undefined;
  received(receipt: string): Answer;
  unauthorized(): Answer;
  missingKey(header: string): Answer;
  invalid(details: ErrorDetail[]): Answer;
  keyReused(): Answer;
  failure(status: number): Answer;
  refused(status: number, reason: string): Answer;
  result(input: ResultInput): Record<string, unknown>;
}

const GOV_RESULT_CODES = { accepted: '01', rejected: '02', approved: '03', denied: '04', requested: '05' } as const;
/** 结果类型 jglx: sl 受理, bj 办结, bz 补正告知. */
const GOV_RESULT_KINDS = { acceptance: 'sl', completion: 'bj', supplement: 'bz' } as const;

const gov: Dialect = {
  name: 'gov',
  caseIdOf: (body) => stringField(body, 'ywlsh'),
  received: (receipt) => ({ status: 200, body: { code: '0000', msg: '成功', data: { sjbh: receipt } } }),
  unauthorized: () => ({ status: 401, body: { code: '4010', msg: '身份认证失败：令牌无效或缺失' } }),
  missingKey: (header) => ({ status: 400, body: { code: '4002', msg: `缺少请求头 ${header}（幂等键）` } }),
  invalid: (details) => ({ status: 400, body: { code: '4001', msg: '请求数据校验不通过', errors: details } }),
  keyReused: () => ({ status: 409, body: { code: '4090', msg: '幂等键已用于另一份申请数据' } }),
  failure: (status) => ({ status, body: { code: String(status * 10), msg: '系统繁忙，请稍后再试' } }),
  refused: (status, reason) => ({ status, body: { code: status === 422 ? '4220' : '4000', msg: reason } }),
  result: (r) => ({
    ywlsh: r.caseId,
    jglx: GOV_RESULT_KINDS[r.kind],
    jgdm: GOV_RESULT_CODES[r.decision.outcome],
    ...(r.decision.reason ? { yj: r.decision.reason } : {}),
    blr: r.handler,
    jgsj: beijingStamp(r.decidedAt),
    sjbh: r.receipt,
    wsxx: r.documents.map((d) => ({ wsmc: d.title, wjm: d.fileName, xzdz: d.url })),
    ...(r.materials ? { bzcl: r.materials.map((m) => ({ clmc: m.name, ...(m.note ? { sm: m.note } : {}) })) } : {}),
  }),
};

const OPEN_DECISIONS = { accepted: 'ACCEPTED', rejected: 'REJECTED', approved: 'APPROVED', denied: 'DENIED', requested: 'REQUESTED' } as const;
const OPEN_STAGES = { acceptance: 'ACCEPTANCE', completion: 'DECISION', supplement: 'SUPPLEMENT' } as const;

const open: Dialect = {
  name: 'open',
  caseIdOf: (body) => stringField(body, 'applicationNo'),
  received: (receipt) => ({ status: 201, body: { receiptNo: receipt, status: 'RECEIVED' } }),
  unauthorized: () => ({ status: 401, body: { error: 'UNAUTHORIZED', message: 'a valid bearer token is required' } }),
  missingKey: (header) => ({ status: 400, body: { error: 'IDEMPOTENCY_KEY_REQUIRED', message: `the ${header} header is required` } }),
  invalid: (details) => ({ status: 400, body: { error: 'VALIDATION_FAILED', details } }),
  keyReused: () => ({ status: 409, body: { error: 'IDEMPOTENCY_KEY_REUSED', message: 'this Idempotency-Key was used with a different request body' } }),
  failure: (status) => ({ status, body: { error: status === 503 ? 'SERVICE_UNAVAILABLE' : 'INTERNAL_ERROR', message: 'try again later' } }),
  refused: (status, reason) => ({ status, body: { error: status === 422 ? 'UNPROCESSABLE' : 'REJECTED', message: reason } }),
  result: (r) => ({
    applicationNo: r.caseId,
    stage: OPEN_STAGES[r.kind],
    decision: OPEN_DECISIONS[r.decision.outcome],
    ...(r.decision.reason ? { comment: r.decision.reason } : {}),
    officer: r.handler,
    decidedAt: beijingRfc3339(r.decidedAt),
    receiptNo: r.receipt,
    documents: r.documents.map((d) => ({ title: d.title, fileName: d.fileName, url: d.url })),
    ...(r.materials ? { requiredMaterials: r.materials.map((m) => ({ ...m })) } : {}),
  }),
};

export const dialects: Record<DialectName, Dialect> = { gov, open };

export { OPEN_DECISIONS, OPEN_STAGES, GOV_RESULT_KINDS };

function stringField(body: unknown, name: string): string | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
