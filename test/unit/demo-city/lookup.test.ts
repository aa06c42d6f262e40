/**
 * The demo city's data sharing (数据共享): the item that fetches the applicant's social insurance
 * certificate, its legal basis, what leaves the hub (the ID number and the name), what the hub
 * keeps (an allow-list, not the employer), and the simulated register it asks.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadMapping } from '../../../src/mapping';
import { packageRoot } from '../../../src/util/package-root';
import { isResidentId } from '../../../src/validate/cn-codes';
import { lookUpInsurance } from '../../../examples/demo-city/simulators/social-insurance-register';
import { residentId } from '../../../examples/demo-city/tools/people';

/* eslint-disable @typescript-eslint/no-explicit-any */
const ROOT = join(packageRoot(), 'examples', 'demo-city');
const CATALOG = join(ROOT, 'catalog');
const items = parse(readFileSync(join(CATALOG, 'items.yaml'), 'utf8')).items as any[];
const sample = JSON.parse(readFileSync(join(ROOT, 'samples', 'nrp-construction-planning-permit.XK00303002.case.json'), 'utf8'));
const item = items.find((i) => i.code === 'XK00303002');
const [lookup] = item.lookups;

describe('the social insurance certificate lookup (XK00303002 乡村建设规划许可证核发)', () => {
  it('is a required lookup from hrss-social-insurance, with its legal basis and purpose', () => {
    expect(item.targets).toEqual([{ system: 'nrp-land', role: 'lead', mapping: 'mappings/nrp-land/request/XK00303002' }]);
    expect(lookup).toMatchObject({ name: 'socialInsuranceCertificate', system: 'hrss-social-insurance', operation: 'certificate', required: true });
    expect(lookup.legalBasis).toContain('《浙江省公共数据条例》第二十九条');
    expect(lookup.legalBasis).toContain('数据共享协议');
    expect(lookup.purpose).toMatch(/参保/);
    // Only this item asks for it.
    expect(items.filter((i) => i.lookups).map((i) => i.code)).toEqual(['XK00303002']);
  });

  it('has a sample case of a person with a valid resident ID, whom the register knows as insured', () => {
    expect(sample.itemCode).toBe('XK00303002');
    expect(sample.applicant).toMatchObject({ type: 'person', idType: 'resident-id' });
    expect(isResidentId(sample.applicant.idNumber)).toBe(true);
    const answer = lookUpInsurance(sample.applicant.idNumber, sample.applicant.name);
    expect(answer).toMatchObject({ found: true, certificate: { insured: true, name: sample.applicant.name, idNumber: sample.applicant.idNumber } });
    expect(sample.form.creditCode).toBeUndefined();
    expect(sample.form.constructionUnit).toBe(sample.applicant.name);
  });

  it('sends only the applicant\'s ID number and name (with the case id and the purpose)', () => {
    const request = loadMapping(join(CATALOG, lookup.request)).map(sample) as Record<string, unknown>;
    expect(request).toEqual({ idNumber: sample.applicant.idNumber, name: sample.applicant.name, purpose: expect.stringContaining('参保'), caseId: sample.caseId });
    const text = JSON.stringify(request);
    for (const personal of [sample.applicant.phone, sample.applicant.address]) expect(text).not.toContain(personal);
  });

  it('keeps only certificateNo, insured, monthsPaid and validUntil of the answer: never the employer', () => {
    const answer = loadMapping(join(CATALOG, lookup.answer));
    const register = lookUpInsurance(sample.applicant.idNumber, sample.applicant.name, new Date('2026-11-28T10:00:00+08:00'));
    expect(register.found && register.certificate.currentEmployer).toBeTruthy();
    // What the soap connector returns: its answer is the operation's result (numbers and booleans may come as text).
    const kept = answer.map({ status: 200, body: { found: 'true', code: '0000', certificate: { ...(register as any).certificate, insured: 'true', monthsPaid: '54' } } });
    expect(kept).toEqual({ certificateNo: (register as any).certificate.certificateNo, insured: true, monthsPaid: 54, validUntil: '2027-02-28' });
    expect(answer.map({ status: 200, body: { found: false, code: '0000', msg: '未查询到参保记录' } })).toEqual({ insured: false });
  });

  it('gives nrp-land the shared certificate in sbzm', () => {
    const mapping = loadMapping(join(CATALOG, item.targets[0].mapping));
    const shared = { certificateNo: 'SBZM0000000001', insured: false, monthsPaid: 30, validUntil: '2027-02-28' };
    const payload = mapping.map({ ...sample, shared: { socialInsuranceCertificate: shared } }) as any;
    expect(payload.sbzm).toEqual({ sbzmbh: 'SBZM0000000001', cbzt: '0', jfys: 30, yxqz: '20270228', sjly: expect.stringContaining('人力资源和社会保障局') });
    expect(payload.sxbm).toBe('XK00303002');
    expect(payload.sqr.zjhm).toBe(sample.applicant.idNumber);
    // Without the lookup's answer the case cannot be mapped: the lookup is required.
    expect(() => mapping.map(sample)).toThrow(/cbzt/);
  });
});

describe('the simulated social insurance register', () => {
  const ids = Array.from({ length: 2000 }, (_, i) => residentId('330203', `19${60 + (i % 40)}-0${1 + (i % 9)}-1${i % 10}`, 1 + ((i * 7) % 997)));

  it('answers the same for an ID number on every call', () => {
    const now = new Date('2026-11-28T02:00:00Z');
    for (const id of ids.slice(0, 50)) expect(lookUpInsurance(id, '张三', now)).toEqual(lookUpInsurance(id, '张三', now));
  });

  it('knows most people as insured, some as not insured now, and some not at all', () => {
    const answers = ids.map((id) => lookUpInsurance(id, '张三'));
    const insured = answers.filter((a) => a.found && a.certificate.insured).length / ids.length;
    const notInsured = answers.filter((a) => a.found && !a.certificate.insured).length / ids.length;
    const notFound = answers.filter((a) => !a.found).length / ids.length;
    expect(insured).toBeGreaterThan(0.7);
    expect(notInsured).toBeGreaterThan(0.05);
    expect(notFound).toBeGreaterThan(0.05);
    for (const a of answers) {
      if (!a.found) continue;
      expect(a.certificate.monthsPaid).toBeGreaterThanOrEqual(12);
      expect(a.certificate.currentEmployer === undefined).toBe(!a.certificate.insured);
      expect(a.certificate.validUntil > a.certificate.issuedOn).toBe(true);
    }
  });

  it('never finds an ID number whose check character is wrong', () => {
    const id = ids.find((x) => lookUpInsurance(x, '张三').found)!;
    const wrong = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    expect(lookUpInsurance(wrong, '张三')).toEqual({ found: false });
  });
});
