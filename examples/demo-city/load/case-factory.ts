import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalog, ItemDef } from '../../../src/catalog/types';
import type { CaseEnvelope } from '../../../src/model/case';

/** Where the demo city's sample cases are (one per e-form). */
export function samplesDir(catalogRoot: string): string {
  return join(catalogRoot, '..', 'samples');
}

/**
 * The sample case of each e-form, by form id, and of each item whose case is unlike its form's
 * (`samples/<form>.<item>.case.json`), by `<form>.<item>`.
 */
export function loadSamples(catalogRoot: string): Map<string, CaseEnvelope> {
  const dir = samplesDir(catalogRoot);
  const samples = new Map<string, CaseEnvelope>();
  if (!existsSync(dir)) return samples;
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.case.json')).sort()) {
    samples.set(name.slice(0, -'.case.json'.length), JSON.parse(readFileSync(join(dir, name), 'utf8')) as CaseEnvelope);
  }
  return samples;
}

export interface CaseFactoryOptions {
  catalog: Catalog;
  /** Only items all of whose targets and lookups' systems use these adapter kinds (default: every item). */
  adapterKinds?: Set<string>;
  /** Only items with at least this many targets (the fan-out), or exactly, with `exactFanOut`. */
  fanOut?: number;
  exactFanOut?: boolean;
  /** Prefix of generated case ids, so runs do not collide. */
  prefix: string;
  /** Deterministic choice of items and districts. */
  seed?: number;
}

/**
 * Makes valid cases of the demo city's items from its sample cases: a fresh caseId, the item's
 * code, and a jurisdiction and acceptance point spread over the city (an applicant often applies
 * away from home: city-wide handling). Used by `owh demo load`, the end-to-end tests and the
 * benchmarks, so all three submit the same kind of traffic.
 */
export class CaseFactory {
  readonly items: ItemDef[];
  private readonly samples: Map<string, CaseEnvelope>;
  private readonly districts: string[];
  private n = 0;
  private state: number;

  constructor(private readonly options: CaseFactoryOptions) {
    const { catalog } = options;
    this.samples = loadSamples(catalog.root);
    this.districts = catalog.districts.list.map((d) => d.code).filter((c) => c !== catalog.districts.city);
    this.items = [...catalog.items.values()].filter((item) => {
      if (!this.samples.has(item.form)) return false;
      if (options.fanOut !== undefined && (options.exactFanOut ? item.targets.length !== options.fanOut : item.targets.length < options.fanOut)) return false;
      // Every system a case of it reaches: its targets (in any jurisdiction) and the systems its lookups ask.
      const systems = [
        ...item.targets,
        ...Object.values(item.jurisdictions ?? {}).flatMap((v) => v.targets),
        ...(item.lookups ?? []),
      ].map((t) => t.system);
      return !options.adapterKinds || systems.every((id) => options.adapterKinds!.has(catalog.systems.get(id)!.adapter));
    });
    this.state = options.seed ?? 20261128;
  }

  private random(): number {
    // mulberry32: small, fast, repeatable
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  private pick<T>(list: T[]): T {
    return list[Math.floor(this.random() * list.length)];
  }

  /** Districts a case of this item may come from: where every per-district system has an instance. */
  private districtsFor(item: ItemDef): string[] {
    let allowed = this.districts;
    for (const t of item.targets) {
      const instances = this.options.catalog.systems.get(t.system)!.instances;
      if (instances && item.level !== 'city') allowed = allowed.filter((d) => d in instances);
    }
    // An exact fan-out (the benchmark counts deliveries) leaves out districts whose variant has other targets.
    if (this.options.exactFanOut && item.jurisdictions) {
      const variants = item.jurisdictions;
      allowed = allowed.filter((d) => variants[d] === undefined || variants[d].targets.length === this.options.fanOut);
    }
    return allowed;
  }

  next(item: ItemDef = this.pick(this.items)): CaseEnvelope {
    if (!item) throw new Error('no demo items match the requested adapter kinds and fan-out');
    const sample = this.samples.get(`${item.form}.${item.code}`) ?? this.samples.get(item.form)!;
    const jurisdiction = this.pick(this.districtsFor(item));
    const acceptedIn = this.random() < 0.7 ? jurisdiction : this.pick(this.districts);
    this.n++;
    return {
      ...structuredClone(sample),
      caseId: `${this.options.prefix}${String(this.n).padStart(7, '0')}`,
      itemCode: item.code,
      jurisdiction,
      acceptedAt: { servicePoint: `${acceptedIn}-ZWFW-01`, district: acceptedIn },
      submittedAt: new Date().toISOString(),
    };
  }
}
