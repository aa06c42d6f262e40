/**
 * Items derived from forms.ts: their standardised codes, targets and levels, and which
 * (system, form) pairs therefore need a request mapping.
 */
import { DEPARTMENTS, SYSTEMS, systemById, SystemDef } from './city';
import { FORMS, FormSpec, ItemType } from './forms';

export interface Target {
  system: string;
  role: 'lead' | 'co-handler';
}

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
}

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

/** Every (system, form) pair some item delivers, in catalog order. */
export function requestMappings(): RequestMappingRef[] {
  const out: RequestMappingRef[] = [];
  for (const system of SYSTEMS) {
    for (const form of FORMS) {
      const items = ITEMS.filter((i) => i.form === form.id && i.targets.some((t) => t.system === system.id));
      if (items.length > 0) out.push({ system, form, items });
    }
  }
  return out;
}

export function isRest(systemId: string): boolean {
  return systemById(systemId).adapter === 'rest';
}
