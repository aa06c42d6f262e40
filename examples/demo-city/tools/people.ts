/**
 * The demo city's people, companies and codes: realistic, deterministic, and with check
 * characters computed the way intake checks them (src/validate/cn-codes). Nothing here is random:
 * every value is derived from a SHA-256 of a stable salt, so regenerating yields the same bytes and
 * editing one form does not reshuffle every other sample.
 */
import { createHash } from 'node:crypto';
import { creditCodeCheckChar, residentIdCheckChar } from '../../../src/validate/cn-codes';
import { DISTRICTS, District } from './city';

/** A stable unsigned 32-bit number from the salt parts. */
export function hashInt(...parts: Array<string | number>): number {
  return createHash('sha256').update(parts.join('|')).digest().readUInt32BE(0);
}

export function pickBy<T>(list: readonly T[], ...salt: Array<string | number>): T {
  return list[hashInt(...salt) % list.length];
}

export type Gender = 'M' | 'F';

export interface Persona {
  name: string;
  gender: Gender;
  /** YYYY-MM-DD, the same date as in the ID number. */
  birthDate: string;
  idNumber: string;
  mobile: string;
}

// Surnames common in Ningbo (王 陈 张 李 周 林 胡 徐 应 俞 邵 史 毛 蒋 …), given names of several generations.
const NAMES: ReadonlyArray<readonly [string, Gender]> = [
  ['王建国', 'M'], ['刘芳', 'F'], ['陈俊杰', 'M'], ['杨丽娟', 'F'], ['张伟', 'M'], ['黄晓燕', 'F'],
  ['李志强', 'M'], ['赵敏', 'F'], ['周浩', 'M'], ['孙静', 'F'], ['吴斌', 'M'], ['胡佳怡', 'F'],
  ['徐海波', 'M'], ['朱丽萍', 'F'], ['孙立军', 'M'], ['郑雅琴', 'F'], ['胡晓东', 'M'], ['陈思雨', 'F'],
  ['朱文斌', 'M'], ['王晓红', 'F'], ['郑国华', 'M'], ['张秀英', 'F'], ['林涛', 'M'], ['林佳', 'F'],
  ['何建明', 'M'], ['钱梦婷', 'F'], ['罗鹏', 'M'], ['蒋琳', 'F'], ['施宇航', 'M'], ['叶倩', 'F'],
  ['俞杰', 'M'], ['沈婷婷', 'F'], ['应振华', 'M'], ['方雪', 'F'], ['邵斌', 'M'], ['金莉莉', 'F'],
  ['毛伟军', 'M'], ['俞巧玲', 'F'], ['史晨阳', 'M'], ['谢雨欣', 'F'], ['董立新', 'M'], ['邬亚萍', 'F'],
  ['竺海峰', 'M'], ['袁丹丹', 'F'], ['贺磊', 'M'], ['柴佳敏', 'F'], ['楼国栋', 'M'], ['翁小燕', 'F'],
];

// Where the people were born (the first six digits of their ID numbers). People born before 2016 in
// 江东区 or 奉化市 keep those codes for life, which is why districts.yaml lists them as aliases.
const BIRTH_PLACES = [
  '330203', '330204', '330205', '330206', '330211', '330212', '330283', '330225', '330226', '330281',
  '330282', '330102', '342401', '360121', '411302', '330204', '330212', '330281',
];

const MOBILE_PREFIXES = ['138', '139', '135', '136', '137', '150', '151', '152', '157', '158', '159', '186', '187', '188', '130', '131', '132', '155', '156', '185', '133', '153', '180', '189'];

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** A GB 11643 resident ID number; `seq` is odd for men, even for women. */
export function residentId(place: string, birthDate: string, seq: number): string {
  const first17 = place + birthDate.replace(/-/g, '') + pad(seq, 3);
  return first17 + residentIdCheckChar(first17);
}

export function mobileNumber(...salt: Array<string | number>): string {
  const prefix = pickBy(MOBILE_PREFIXES, 'mobile-prefix', ...salt);
  return prefix + pad(hashInt('mobile', ...salt) % 100000000, 8);
}

function persona(index: number): Persona {
  const [name, gender] = NAMES[index % NAMES.length];
  const salt = `persona-${index}`;
  const year = 1962 + (hashInt(salt, 'year') % 38);
  const month = 1 + (hashInt(salt, 'month') % 12);
  const day = 1 + (hashInt(salt, 'day') % 28);
  const birthDate = `${year}-${pad(month, 2)}-${pad(day, 2)}`;
  const half = hashInt(salt, 'seq') % 499;
  const seq = gender === 'M' ? 1 + 2 * half : 2 + 2 * half;
  const place = BIRTH_PLACES[index % BIRTH_PLACES.length];
  return { name, gender, birthDate, idNumber: residentId(place, birthDate, seq), mobile: mobileNumber(salt) };
}

export const PERSONAS: readonly Persona[] = NAMES.map((_, i) => persona(i));

const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/**
 * A GB 32100 unified social credit code: registration authority category (`91` company, `92`
 * individual business, `11` government organ, `12` public institution), the registering
 * district, a 9-character organisation code, and the MOD 31 check character.
 */
export function creditCode(category: '91' | '92' | '11' | '12', district: string, ...salt: Array<string | number>): string {
  let org: string;
  if (category === '11' || category === '12') {
    org = '00' + pad(hashInt('org', ...salt) % 10000000, 7);
  } else {
    org = 'MA2';
    for (let i = 0; i < 6; i++) org += CREDIT_ALPHABET[hashInt('org', i, ...salt) % CREDIT_ALPHABET.length];
  }
  const first17 = category + district + org;
  return first17 + creditCodeCheckChar(first17);
}

// A few real streets of each district, for addresses that read as Ningbo addresses.
const STREETS: Record<string, readonly string[]> = {
  '330200': ['宁穿路', '中山东路', '环城南路'],
  '330203': ['中山西路', '解放南路', '望春路', '西河街'],
  '330205': ['人民路', '大庆南路', '洪塘中路', '庄桥街道天合路'],
  '330206': ['明州路', '新大路', '长江路', '太河路'],
  '330211': ['车站路', '骆驼街道兴业路', '庄市大道', '沿江东路'],
  '330212': ['天童南路', '宁南北路', '钱湖北路', '鄞县大道'],
  '330213': ['南山路', '中山路', '大成东路', '岳林东路'],
  '330225': ['丹峰西路', '天安路', '象山港路', '靖南大街'],
  '330226': ['桃源北路', '兴宁中路', '金水路', '时代大道'],
  '330281': ['阳明西路', '新建北路', '谭家岭东路', '舜水南路'],
  '330282': ['新城大道', '孙塘北路', '慈甬路', '峙山路'],
};

/** A street address in a district, e.g. 宁波市海曙区中山西路188号. */
export function streetAddress(district: District, ...salt: Array<string | number>): string {
  const street = pickBy(STREETS[district.code], 'street', ...salt);
  const no = 1 + (hashInt('house-no', ...salt) % 998);
  const prefix = district.code === '330200' ? '宁波市' : `宁波市${district.name}`;
  return `${prefix}${street}${no}号`;
}

export function districtByCode(code: string): District {
  const d = DISTRICTS.find((x) => x.code === code);
  if (!d) throw new Error(`unknown district ${code}`);
  return d;
}

/** YYYY-MM-DD, `days` after `from` (YYYY-MM-DD). */
export function addDays(from: string, days: number): string {
  const t = Date.UTC(Number(from.slice(0, 4)), Number(from.slice(5, 7)) - 1, Number(from.slice(8, 10))) + days * 86400000;
  return new Date(t).toISOString().slice(0, 10);
}

/** 1988-11-23 → 1988年11月23日 */
export function chineseDate(iso: string): string {
  return `${iso.slice(0, 4)}年${iso.slice(5, 7)}月${iso.slice(8, 10)}日`;
}
