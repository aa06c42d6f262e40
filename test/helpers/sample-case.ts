import type { CaseEnvelope } from '../../src/model/case';

/** A valid case of the small test catalog's item XK00001001 (a Haishu applicant accepted in Yuyao). */
export function sampleCase(overrides: Partial<CaseEnvelope> = {}): CaseEnvelope {
  return {
    caseId: 'NB2026112800001',
    itemCode: 'XK00001001',
    applicant: { type: 'person', name: '王小明', idType: 'resident-id', idNumber: '11010519491231002X', phone: '13812345678' },
    channel: 'window',
    acceptedAt: { servicePoint: '330281-ZWFW-01', district: '330281' },
    jurisdiction: '330203',
    submittedAt: '2026-11-28T09:30:00+08:00',
    form: { companyName: ' 宁波海曙甬江贸易有限公司 ', birthDate: '1985年6月12日', gender: 'M', capital: 100 },
    ...overrides,
  };
}
