/**
 * Items derived from forms.ts: their standardised codes, targets and levels, and which
 * (system, form) pairs therefore need a request mapping.
 */
import type { ItemTarget, LookupDef, ParallelRules as HubParallelRules } from '../../../src/catalog/types';
import { defaultRequestMapping } from '../../../src/routing/route';
import { DEPARTMENTS, SYSTEMS, systemById, SystemDef } from './city';
import { FORMS, FormSpec, ItemType } from './forms';

/** A target as items.yaml writes it: the hub's own type. */
export type Target = ItemTarget;

/** How a parallel approval comes to its one result (items.schema.json `parallel`); the defaults when absent. */
export type ParallelRules = Partial<HubParallelRules>;

/** Data the hub fetches from another department's system before delivering the case (数据共享); `waitSeconds` left to its default, a purpose always stated. */
export type Lookup = Omit<LookupDef, 'waitSeconds' | 'purpose'> & { purpose: string };

export interface Item {
  code: string;
  type: ItemType;
  name: string;
  department: string;
  form: string;
  timeLimitDays: number;
  level: 'city' | 'district';
  phase: 1;
  targets: Target[];
  /** Lead and co-handlers for cases of some districts (items.schema.json `jurisdictions`). */
  jurisdictions?: Record<string, { targets: Target[] }>;
  parallel?: ParallelRules;
  lookups?: Lookup[];
}

/** The request mapping of a target: its own, or the system's mapping of the item's form. */
export function targetMapping(item: Item, target: Target): string {
  return target.mapping ?? defaultRequestMapping(target.system, item.form);
}

/** The item-specific request mapping that sends nrp-land the shared social insurance certificate of a 乡村建设规划许可 case. */
export const RURAL_PLANNING_MAPPING = 'mappings/nrp-land/request/XK00303002';
/** The lookup of the applicant's social insurance certificate (参保证明) from 人力社保局's system. */
export const CERTIFICATE_LOOKUP: Lookup = {
  name: 'socialInsuranceCertificate',
  system: 'hrss-social-insurance',
  operation: 'certificate',
  request: 'mappings/hrss-social-insurance/certificate/request',
  answer: 'mappings/hrss-social-insurance/certificate/answer',
  required: true,
  legalBasis:
    '《浙江省公共数据条例》第二十九条（公共管理和服务机构因履行法定职责需要获取其他公共管理和服务机构的公共数据，可以通过公共数据平台共享）；' +
    '《宁波市人力资源和社会保障局 宁波市自然资源和规划局 公共数据共享协议》（甬数共享〔2026〕17号）',
  purpose: '乡村建设规划许可证核发：核验申请人社会保险参保情况（参保证明免提交，材料精简）',
};

/**
 * What some items add to what forms.ts says about them: the parallel approval rules, a lead and
 * co-handlers that differ by jurisdiction, a lookup, an item-specific request mapping.
 * XK00301001 (用地预审与选址, three departments) keeps the default rules: the lead's completion
 * waits for every co-handler's opinion, and any refusal refuses.
 */
const ITEM_SETTINGS: Record<string, Partial<Pick<Item, 'parallel' | 'jurisdictions' | 'lookups'>> & { mappings?: Record<string, string> }> = {
  // 宁海县: the county's land and planning office settles 用地预审 with the DRC alone (no housing review there).
  XK00301001: { jurisdictions: { '330226': { targets: [{ system: 'nrp-land', role: 'lead' }, { system: 'drc-projects', role: 'co-handler' }] } } },
  // 建设用地规划许可: the land bureau may decide before the DRC's opinion is in.
  XK00302001: { parallel: { decision: 'lead-may-decide-early' } },
  // 企业投资项目核准: a co-handler's refusal is an opinion; the DRC's decision stands.
  XK01101001: { parallel: { refusal: 'lead-decides' } },
  // 乡村建设规划许可: the applicant's social insurance certificate comes from 人力社保局, not from the applicant.
  XK00303002: { lookups: [CERTIFICATE_LOOKUP], mappings: { 'nrp-land': RURAL_PLANNING_MAPPING } },
};

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/**
 * Code layout: type of power + main item (department number × 100 + the form's number within
 * the department) + sub-item (000 when the form has one item, else 001, 002 …). XK00101001 is
 * the first item of the first AMR form.
 */
function deriveItems(): Item[] {
  const items: Item[] = [];
  DEPARTMENTS.forEach((dept, d) => {
    FORMS.filter((f) => f.department === dept.id).forEach((form, k) => {
      const main = pad((d + 1) * 100 + (k + 1), 5);
      form.items.forEach(([type, name, days, targets], s) => {
        const systems = (targets ?? form.system).split('+');
        const level = systems.some((id) => systemById(id).perDistrict) ? 'district' : 'city';
        items.push({
          code: `${type}${main}${form.items.length === 1 ? '000' : pad(s + 1, 3)}`,
          type,
          name,
          department: dept.id,
          form: form.id,
          timeLimitDays: days,
          level,
          phase: 1,
          targets: systems.map((system, i) => ({ system, role: i === 0 ? 'lead' : 'co-handler' })),
        });
        const item = items[items.length - 1];
        const settings = ITEM_SETTINGS[item.code];
        if (!settings) return;
        const { mappings, ...rest } = settings;
        Object.assign(item, rest);
        for (const t of item.targets) if (mappings?.[t.system]) t.mapping = mappings[t.system];
      });
    });
  });
  return items;
}

export const ITEMS: readonly Item[] = deriveItems();

export function formById(id: string): FormSpec {
  const f = FORMS.find((x) => x.id === id);
  if (!f) throw new Error(`unknown form ${id}`);
  return f;
}

/** The item a form's sample case is for: the one with the most targets, so its sample reaches every mapping of the form. */
export function sampleItem(formId: string): Item {
  const candidates = ITEMS.filter((i) => i.form === formId);
  return candidates.reduce((best, i) => (i.targets.length > best.targets.length ? i : best), candidates[0]);
}

export interface RequestMappingRef {
  system: SystemDef;
  form: FormSpec;
  /** Items of this form that reach this system. */
  items: Item[];
}

/** Every target of an item, in any jurisdiction. */
export function allTargets(item: Item): Target[] {
  return [item.targets, ...Object.values(item.jurisdictions ?? {}).map((v) => v.targets)].flat();
}

/** Every (system, form) pair some item delivers with the system's own mapping of the form, in catalog order. */
export function requestMappings(): RequestMappingRef[] {
  const out: RequestMappingRef[] = [];
  for (const system of SYSTEMS) {
    for (const form of FORMS) {
      const items = ITEMS.filter((i) => i.form === form.id && allTargets(i).some((t) => t.system === system.id && !t.mapping));
      if (items.length > 0) out.push({ system, form, items });
    }
  }
  return out;
}

/** An item-specific request mapping: the item, its target and the folder. */
export interface ItemMappingRef extends RequestMappingRef {
  folder: string;
}

/** Every item-specific request mapping (targets[].mapping). */
export function itemMappings(): ItemMappingRef[] {
  return ITEMS.flatMap((item) =>
    allTargets(item)
      .filter((t) => t.mapping)
      .map((t) => ({ system: systemById(t.system), form: formById(item.form), items: [item], folder: t.mapping! })),
  );
}

export function isRest(systemId: string): boolean {
  return systemById(systemId).adapter === 'rest';
}
