/**
 * One sample case per e-form: a full envelope (schemas/case-envelope.schema.json) for the item
 * that reaches the most systems, with form data valid against the form, people whose ID numbers
 * carry computed check characters, and small real materials (a PNG or a PDF) whose size and
 * SHA-256 are computed from their bytes.
 */
import { createHash } from 'node:crypto';
import { CITY, District, LOCAL_DISTRICTS } from './city';
import { ITEMS, sampleItem } from './catalog';
import { FieldDef, fieldDef, SampleContext } from './fields';
import { FORMS, FormSpec } from './forms';
import { addDays, creditCode, districtByCode, hashInt, Persona, PERSONAS, residentId, streetAddress } from './people';
import { lookUpInsurance } from '../simulators/social-insurance-register';

export const CASE_DAY = '2026-11-28';

export interface Material {
  id: string;
  kind: string;
  name: string;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  content: string;
}

export interface CaseEnvelope {
  caseId: string;
  itemCode: string;
  applicant: Record<string, unknown>;
  channel: 'window' | 'web' | 'app' | 'kiosk';
  acceptedAt: { servicePoint: string; servicePointName: string; district: string };
  jurisdiction: string;
  submittedAt: string;
  form: Record<string, unknown>;
  materials: Material[];
}

// ---- materials ----

const MATERIAL_KINDS: Record<string, { name: string; type: 'png' | 'pdf' }> = {
  'id-card': { name: '居民身份证（正反面）', type: 'png' },
  'business-licence': { name: '营业执照副本', type: 'png' },
  'lease-contract': { name: '房屋租赁合同（住所使用证明）', type: 'pdf' },
  'articles-of-association': { name: '公司章程', type: 'pdf' },
  'shareholder-resolution': { name: '股东会决议', type: 'pdf' },
  'liquidation-report': { name: '清算报告', type: 'pdf' },
  'site-plan': { name: '经营场所平面布局图', type: 'png' },
  'inspection-report': { name: '检验检测报告', type: 'pdf' },
  'qualification-certificate': { name: '执业（职业）资格证书', type: 'png' },
  'bank-card': { name: '社会保障卡（银行卡）', type: 'png' },
  'capital-verification': { name: '验资报告', type: 'pdf' },
  'project-proposal': { name: '项目申请报告', type: 'pdf' },
  'land-certificate': { name: '土地权属证明', type: 'pdf' },
  'design-drawings': { name: '设计方案总平面图', type: 'pdf' },
  'sales-contract': { name: '存量房买卖合同', type: 'pdf' },
  'mortgage-contract': { name: '抵押合同', type: 'pdf' },
  'construction-contract': { name: '施工合同', type: 'pdf' },
  'completion-report': { name: '工程竣工验收报告', type: 'pdf' },
  'household-register': { name: '居民户口簿', type: 'png' },
  'birth-certificate': { name: '出生医学证明', type: 'png' },
  diploma: { name: '毕业证书', type: 'png' },
  photo: { name: '近期免冠照片', type: 'png' },
  'divorce-agreement': { name: '离婚协议书', type: 'pdf' },
  'feasibility-study': { name: '设置可行性研究报告', type: 'pdf' },
  'vehicle-licence': { name: '机动车行驶证', type: 'png' },
  'eia-report': { name: '环境影响报告书（报批稿）', type: 'pdf' },
  'monitoring-plan': { name: '自行监测方案', type: 'pdf' },
  'deposit-certificate': { name: '质量保证金存款证明', type: 'pdf' },
  'performance-programme': { name: '演出节目单', type: 'pdf' },
  'energy-report': { name: '节能报告', type: 'pdf' },
  'import-contract': { name: '进口设备合同', type: 'pdf' },
};

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/**
 * A 4×4 PNG of one colour. The image data is zlib with a stored (uncompressed) block, so the bytes
 * do not depend on the zlib version that would otherwise compress them.
 */
function tinyPng(rgb: [number, number, number]): Buffer {
  const size = 4;
  const raw = Buffer.alloc(size * (1 + size * 3));
  for (let y = 0; y < size; y++) {
    const row = y * (1 + size * 3);
    raw[row] = 0; // filter: none
    for (let x = 0; x < size; x++) raw.set(rgb, row + 1 + x * 3);
  }
  let a = 1;
  let b = 0;
  for (const byte of raw) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  const stored = Buffer.alloc(5);
  stored[0] = 1; // final block, stored
  stored.writeUInt16LE(raw.length, 1);
  stored.writeUInt16LE(~raw.length & 0xffff, 3);
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE(((b << 16) | a) >>> 0);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', Buffer.concat([Buffer.from([0x78, 0x01]), stored, raw, adler])),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A one-page PDF saying what it stands for, with a correct cross-reference table. */
export function tinyPdf(text: string): Buffer {
  const stream = `BT /F1 14 Tf 72 770 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

export function material(id: string, kind: string, caseId: string): Material {
  const spec = MATERIAL_KINDS[kind];
  if (!spec) throw new Error(`unknown material kind ${kind}`);
  const h = hashInt(caseId, kind);
  const bytes =
    spec.type === 'png'
      ? tinyPng([h & 0xff, (h >>> 8) & 0xff, (h >>> 16) & 0xff])
      : tinyPdf(`onewindow-hub demo material: ${kind}, case ${caseId}`);
  return {
    id,
    kind,
    name: spec.name,
    fileName: `${kind}.${spec.type}`,
    mediaType: spec.type === 'png' ? 'image/png' : 'application/pdf',
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    content: bytes.toString('base64'),
  };
}

// ---- people of a sample ----

const birthYear = (p: Persona): number => Number(p.birthDate.slice(0, 4));

/** Who can be the applicant of a form, where age matters. */
const APPLICANT_FILTER: Record<string, (p: Persona) => boolean> = {
  'hrss-pension-claim': (p) => (p.gender === 'M' ? birthYear(p) <= 1966 : birthYear(p) <= 1976),
  'psb-talent-settlement': (p) => birthYear(p) >= 1995,
  'psb-birth-registration': (p) => birthYear(p) >= 1986,
  'civil-marriage-registration': (p) => birthYear(p) >= 1986,
  'hrss-startup-subsidy': (p) => birthYear(p) >= 1985,
  'hrss-employment-registration': (p) => birthYear(p) >= 1978,
  // 投靠配偶 from 安徽六安: someone whose ID number was issued there.
  'psb-household-migration': (p) => p.idNumber.startsWith('342401'),
};

function rotate<T>(list: readonly T[], start: number): T[] {
  return [...list.slice(start % list.length), ...list.slice(0, start % list.length)];
}

const CHILD_NAMES = ['梓涵', '一诺', '子轩', '欣怡', '浩宇', '雨桐'];

function childOf(father: Persona, district: District, salt: string): Persona {
  const gender = hashInt(salt, 'child-gender') % 2 === 0 ? 'M' : 'F';
  const year = 2016 + (hashInt(salt, 'child-year') % 5);
  const month = 1 + (hashInt(salt, 'child-month') % 12);
  const day = 1 + (hashInt(salt, 'child-day') % 28);
  const birthDate = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const half = hashInt(salt, 'child-seq') % 499;
  const seq = gender === 'M' ? 1 + 2 * half : 2 + 2 * half;
  return {
    name: father.name[0] + CHILD_NAMES[hashInt(salt, 'child-name') % CHILD_NAMES.length],
    gender,
    birthDate,
    idNumber: residentId(district.code, birthDate, seq),
    mobile: father.mobile,
  };
}

function context(form: FormSpec, index: number, district: District, variant?: ItemSample): SampleContext {
  const accept = variant?.accept ?? APPLICANT_FILTER[form.id] ?? (() => true);
  const pool = rotate(PERSONAS, index * 5);
  const person = pool.find(accept) ?? pool[0];
  const spouse =
    pool.find((p) => p.gender !== person.gender && Math.abs(birthYear(p) - birthYear(person)) <= 6) ?? pool.find((p) => p.gender !== person.gender) ?? pool[1];
  const others = pool.filter((p) => p !== person && p !== spouse);
  const hints = form.sample ?? {};
  const salt = `sample-${form.id}`;
  const companyName = hints.companyName as string | undefined;
  if (form.applicant === 'entity' && !variant && !companyName) throw new Error(`form ${form.id}: an entity form needs sample.companyName`);
  const father = person.gender === 'M' ? person : spouse;
  const ctx: SampleContext = {
    formId: form.id,
    index,
    district,
    person,
    spouse,
    child: childOf(father, district, salt),
    company: {
      name: companyName ?? '',
      // A city-level government organ is registered by the city, a company by its district.
      creditCode: creditCode(form.entityCategory ?? '91', form.entityCategory === '11' ? CITY.code : district.code, salt, 'applicant'),
      address: streetAddress(district, salt, 'company'),
    },
    other: (n) => others[(n - 1) % others.length],
    hint: (key) => hints[key],
    form: {},
    pick: (list, s) => list[hashInt(salt, s) % list.length],
    int: (min, max, s) => min + (hashInt(salt, s) % (max - min + 1)),
    day: (days) => addDays(CASE_DAY, days),
    street: (s) => streetAddress(district, salt, s),
    otherCreditCode: (s) => creditCode('91', district.code, salt, s),
  };
  return ctx;
}

function fieldKey(entry: string): { key: string; optional: boolean } {
  return entry.endsWith('?') ? { key: entry.slice(0, -1), optional: true } : { key: entry, optional: false };
}

export function formFields(form: FormSpec): Array<FieldDef & { optional: boolean }> {
  return form.fields.map((entry) => {
    const { key, optional } = fieldKey(entry);
    return { ...fieldDef(key), optional };
  });
}

// ---- the case ----

type Channel = CaseEnvelope['channel'];

function channelOf(form: FormSpec, index: number): Channel {
  if (form.department === 'civil') return 'window'; // both parties must appear in person
  return (['window', 'window', 'web', 'window', 'app', 'kiosk'] as const)[index % 6];
}

function acceptancePoint(form: FormSpec, index: number, channel: Channel, jurisdiction: District): CaseEnvelope['acceptedAt'] {
  if (form.department === 'civil') return { servicePoint: `${jurisdiction.code}-HYDJ-01`, servicePointName: `${jurisdiction.name}婚姻登记处`, district: jurisdiction.code };
  if (channel === 'web') return { servicePoint: '330200-ZWFW-WEB', servicePointName: '浙江政务服务网（宁波站）', district: CITY.code };
  if (channel === 'app') return { servicePoint: '330200-ZLB-APP', servicePointName: '浙里办', district: CITY.code };
  if (channel === 'kiosk') return { servicePoint: `${jurisdiction.code}-ZZZD-03`, servicePointName: `${jurisdiction.name}24小时自助服务区`, district: jurisdiction.code };
  if (index % 5 < 2) return { servicePoint: '330200-ZWFW-01', servicePointName: '宁波市民服务中心', district: CITY.code };
  // 全城通办、就近办: some window cases are accepted in another district than their jurisdiction.
  const at = index % 5 < 4 ? jurisdiction : LOCAL_DISTRICTS[(LOCAL_DISTRICTS.indexOf(jurisdiction) + 4) % LOCAL_DISTRICTS.length];
  return { servicePoint: `${at.code}-ZWFW-01`, servicePointName: `${at.name}行政服务中心`, district: at.code };
}

function person(p: Persona): Record<string, unknown> {
  return { name: p.name, idType: 'resident-id', idNumber: p.idNumber, phone: p.mobile };
}

/**
 * A sample of one item whose case is not like its form's sample (samples/<form>.<item>.case.json):
 * another kind of applicant, its own district and materials, some of the form's values.
 */
export interface ItemSample {
  item: string;
  applicant: 'person';
  jurisdiction: string;
  /** The applicant's address. */
  address?: string;
  materials: readonly string[];
  /** Who may be the applicant. */
  accept: (p: Persona) => boolean;
  /** Optional fields of the form this case leaves empty. */
  omit: readonly string[];
  /** The form's values that differ from what the samplers give, for this applicant. */
  form: (applicant: Persona) => Record<string, unknown>;
}

/**
 * 乡村建设规划许可证核发 (XK00303002): a villager rebuilding a house in 余姚市梁弄镇, whose social
 * insurance certificate the hub fetches from 人力社保局 (the lookup). The applicant is someone the
 * simulated register knows as insured.
 */
export const ITEM_SAMPLES: readonly ItemSample[] = [
  {
    item: 'XK00303002',
    applicant: 'person',
    jurisdiction: '330281',
    address: '宁波市余姚市梁弄镇横坎头村第三村民小组',
    materials: ['id-card', 'household-register', 'design-drawings'],
    accept: (p) => {
      const answer = lookUpInsurance(p.idNumber, p.name);
      return answer.found && answer.certificate.insured && Number(p.birthDate.slice(0, 4)) <= 1990;
    },
    omit: ['projectCode', 'creditCode'],
    form: (p) => ({
      projectName: `梁弄镇横坎头村${p.name}农村住房翻建`,
      constructionUnit: p.name,
      constructionSite: '宁波市余姚市梁弄镇横坎头村第三村民小组',
      buildingArea: 216.8,
      aboveGroundArea: 216.8,
      undergroundArea: 0,
      buildings: [{ buildingNo: '1#', floorsAbove: 3, floorsBelow: 0, height: 11.4, area: 216.8 }],
      designUnit: '余姚市建筑设计院有限公司',
      contactName: p.name,
      contactPhone: p.mobile,
    }),
  },
];

export function buildSample(form: FormSpec, index: number, variant?: ItemSample): CaseEnvelope {
  const pinned = variant?.jurisdiction ?? (form.sample?.jurisdiction as string | undefined);
  const jurisdiction = pinned ? districtByCode(pinned) : LOCAL_DISTRICTS[(index * 3) % LOCAL_DISTRICTS.length];
  const ctx = context(form, index, jurisdiction, variant);
  const fixed = variant?.form(ctx.person) ?? {};
  for (const field of formFields(form)) {
    if (variant?.omit.includes(field.key)) {
      if (!field.optional) throw new Error(`item ${variant.item}: its sample cannot leave out the required field ${field.key}`);
      continue;
    }
    const value = fixed[field.key] ?? ctx.hint(field.key) ?? field.sample?.(ctx);
    if (value === undefined) {
      if (!field.optional) throw new Error(`form ${form.id}: no sample value for required field ${field.key}`);
      continue;
    }
    ctx.form[field.key] = value;
  }
  const item = variant ? ITEMS.find((i) => i.code === variant.item)! : sampleItem(form.id);
  const caseId = `NB${CASE_DAY.replace(/-/g, '')}${String(index + 1).padStart(5, '0')}`;
  const channel = channelOf(form, index);
  const minutes = 9 * 60 + index * 7;
  const submittedAt = `${CASE_DAY}T${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00+08:00`;
  const applicant: Record<string, unknown> =
    form.applicant === 'person' || variant?.applicant === 'person'
      ? { type: 'person', ...person(ctx.person), address: variant?.address ?? streetAddress(jurisdiction, form.id, 'home') }
      : {
          type: 'legal-entity',
          name: ctx.company.name,
          idType: 'credit-code',
          idNumber: ctx.company.creditCode,
          phone: ctx.person.mobile,
          address: ctx.company.address,
          legalRepresentative: person(ctx.person),
          ...(index % 4 === 1 ? { agent: person(ctx.other(1)) } : {}),
        };
  const materials = (variant?.materials ?? form.materials.slice(0, 2)).map((kind, i) => material(`M${String(i + 1).padStart(2, '0')}`, kind, caseId));
  return {
    caseId,
    itemCode: item.code,
    applicant,
    channel,
    acceptedAt: acceptancePoint(form, index, channel, jurisdiction),
    jurisdiction: jurisdiction.code,
    submittedAt,
    form: ctx.form,
    materials,
  };
}

/** Every form's sample, by form id, in catalog order. */
export function buildSamples(): Map<string, CaseEnvelope> {
  const out = new Map<string, CaseEnvelope>();
  FORMS.forEach((form, i) => out.set(form.id, buildSample(form, i)));
  if (new Set([...out.values()].map((c) => c.caseId)).size !== out.size) throw new Error('duplicate case ids');
  if (!ITEMS.length) throw new Error('no items');
  return out;
}

/** The samples of ITEM_SAMPLES, by item code; their case numbers follow the forms'. */
export function buildItemSamples(): Map<string, CaseEnvelope> {
  const out = new Map<string, CaseEnvelope>();
  ITEM_SAMPLES.forEach((variant, k) => {
    const item = ITEMS.find((i) => i.code === variant.item);
    if (!item) throw new Error(`item sample for unknown item ${variant.item}`);
    const form = FORMS.find((f) => f.id === item.form)!;
    out.set(variant.item, buildSample(form, FORMS.length + k, variant));
  });
  return out;
}
