/**
 * The social insurance register of the demo city's 社会保险业务系统 (hrss-social-insurance), as its
 * QueryCertificate operation (参保证明查询) answers it: invented, but the same for an ID number on
 * every run, derived from a hash of the number. About four people in five are insured, with
 * months paid and a current employer; about one in ten is in the register without current
 * insurance (缴费中断); about one in ten is not in it at all (`found: false`). An ID number whose
 * check character is wrong is never found.
 */
import { isResidentId } from '../../../src/validate/cn-codes';
import { hashSeed } from './decisions';
import { beijingDate } from './receipts';

/** 参保证明: what the register says about one person. */
export interface InsuranceCertificate {
  /** 参保证明编号. */
  certificateNo: string;
  name: string;
  idNumber: string;
  /** 当前是否参保（正常缴费）. */
  insured: boolean;
  /** 参保险种, comma-separated as the department writes them. */
  insuranceTypes: string;
  /** 累计缴费月数. */
  monthsPaid: number;
  /** 当前参保单位 (absent when not insured now). */
  currentEmployer?: string;
  /** 开具日期, YYYY-MM-DD (Beijing). */
  issuedOn: string;
  /** 有效期至, YYYY-MM-DD: three months after it is issued. */
  validUntil: string;
}

export type RegisterAnswer = { found: false } | { found: true; certificate: InsuranceCertificate };

const EMPLOYERS = [
  '宁波舜宇智能光学科技有限公司',
  '宁波北仑临港产业投资有限公司',
  '宁波东部新城开发投资集团有限公司',
  '宁波杭州湾新区开发建设有限公司',
  '余姚市梁弄镇人民政府',
  '宁波市鄞州区第二医院',
];

const TYPES = ['企业职工基本养老保险', '职工基本医疗保险', '失业保险', '工伤保险'];

function ymd(day: string): string {
  return `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}`;
}

/** Looks a person up by ID number; `name` is the name asked with (the register answers about that person). */
export function lookUpInsurance(idNumber: string, name: string, now: Date = new Date()): RegisterAnswer {
  const id = idNumber.trim().toUpperCase();
  if (!isResidentId(id)) return { found: false };
  const h = hashSeed(`shbx|${id}`);
  if (h % 10 === 0) return { found: false };
  const insured = h % 10 !== 1;
  const issued = beijingDate(now);
  const until = new Date(now.getTime());
  until.setUTCMonth(until.getUTCMonth() + 3);
  return {
    found: true,
    certificate: {
      certificateNo: `SBZM${String(h % 1e10).padStart(10, '0')}`,
      name: name.trim(),
      idNumber: id,
      insured,
      insuranceTypes: TYPES.slice(0, 2 + ((h >>> 8) % 3)).join(','),
      monthsPaid: 12 + ((h >>> 12) % 240),
      ...(insured ? { currentEmployer: EMPLOYERS[(h >>> 20) % EMPLOYERS.length] } : {}),
      issuedOn: ymd(issued),
      validUntil: ymd(beijingDate(until)),
    },
  };
}
