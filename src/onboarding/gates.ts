import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AdapterSpec, Connector } from '../adapters/contract';
import { buildRegistry } from '../adapters/plugins';
import type { AdapterRegistry } from '../adapters/registry';
import type { MappingSet } from '../catalog/mapping-set';
import { Catalog, connectorIdOf } from '../catalog/types';
import type { HubConfig } from '../config/config';
import { deepMerge } from '../config/load';
import { createSecretResolver, isLoopback, SecretResolver } from '../config/secrets';
import { connectorSettings } from '../dispatch/connector-set';
import { OwhError, toOwhError } from '../errors/owh-error';
import { Logger, silentLogger } from '../log/logger';
import { maskText } from '../log/mask';
import { listFixtures, runMappingFixtures } from '../mapping/fixtures';
import { idempotencyKey } from '../model/case';
import { defaultRequestMapping } from '../routing/route';
import type { OnboardingStore, StageEvent } from './contract';
import { ForwardStage, Stage, STAGES } from './types';

/** Case ids of sandbox test cases start with this: the `live` gate never counts them. */
export const SANDBOX_PREFIX = 'SANDBOX-';

export interface GateContext {
  catalog: Catalog;
  config: HubConfig;
  mappings: MappingSet;
  registry: AdapterRegistry;
  secret: SecretResolver;
  logger: Logger;
  store: OnboardingStore;
}

/** What a gate found: passed with its evidence, or what is lacking. */
export interface GateCheck {
  stage: ForwardStage;
  ok: boolean;
  evidence?: Record<string, unknown>;
  lacks?: string;
}

/**
 * The evidence each stage asks for, checked by the hub itself:
 * - `mapped`: the (item, system) request mapping loads and all its fixtures (at least one) pass;
 * - `connected`: the system's connector answers its health probe;
 * - `verified`: a test case (the mapping's first fixture, under a SANDBOX- case id) is delivered to
 *   the system's sandbox (its `sandbox.connector` settings, else the system itself) and answered;
 * - `live`: the system has acknowledged a real case of the item.
 */
export async function checkGate(ctx: GateContext, itemCode: string, systemId: string, stage: ForwardStage): Promise<GateCheck> {
  const item = ctx.catalog.items.get(itemCode);
  const system = ctx.catalog.systems.get(systemId);
  const target = item?.targets.find((t) => t.system === systemId) ?? Object.values(item?.jurisdictions ?? {}).flatMap((v) => v.targets).find((t) => t.system === systemId);
  if (stage === 'planned') return { stage, ok: true };
  if (!item || !system || !target) {
    return { stage, ok: false, lacks: !system ? `system ${systemId} is not in the catalog's systems.yaml` : `item ${itemCode} does not name ${systemId} as a target in the catalog's items.yaml` };
  }
  const folder = target.mapping ?? defaultRequestMapping(systemId, item.form);
  switch (stage) {
    case 'mapped': {
      let mapping;
      try {
        mapping = ctx.mappings.get(folder);
      } catch (error) {
        return { stage, ok: false, lacks: `the request mapping ${folder} does not load: ${toOwhError(error).message}` };
      }
      const results = runMappingFixtures(mapping);
      if (results.length === 0) return { stage, ok: false, lacks: `${folder} has no fixtures: add fixtures/<name>.input.json and <name>.expected.json` };
      const failed = results.filter((r) => !r.passed);
      if (failed.length > 0) return { stage, ok: false, lacks: `${failed.length} of ${results.length} fixtures of ${folder} fail (${failed.map((f) => f.fixture).join(', ')}): owh mapping test ${folder}` };
      return { stage, ok: true, evidence: { mapping: folder, fixtures: results.length } };
    }
    case 'connected':
      return withConnector(ctx, systemId, false, async (connector, id) => {
        const report = await connector.health();
        if (report.state !== 'up') return { stage, ok: false, lacks: `${id}'s health probe says ${report.state}: ${maskText(report.detail)}` };
        return { stage, ok: true, evidence: { connector: id, probe: report.detail, latencyMs: report.latencyMs, checkedAt: report.checkedAt } };
      });
    case 'verified': {
      const fixtures = listFixtures(join(ctx.catalog.root, folder));
      if (fixtures.length === 0) return { stage, ok: false, lacks: `${folder} has no fixture to use as the test case` };
      const input = JSON.parse(readFileSync(join(ctx.catalog.root, folder, 'fixtures', `${fixtures[0]}.input.json`), 'utf8')) as Record<string, unknown>;
      const caseId = `${SANDBOX_PREFIX}${itemCode}-${Date.now().toString(36)}`;
      return withConnector(ctx, systemId, true, async (connector, id, sandbox) => {
        const payload = ctx.mappings.get(folder).map({ ...input, caseId });
        const started = Date.now();
        try {
          const answer = await connector.send({ idempotencyKey: idempotencyKey(caseId, systemId), caseId, itemCode, systemId, deliveryId: 0, attempt: 1, payload });
          const receipt = ctx.mappings.response(systemId)?.map(answer)?.receipt;
          return { stage, ok: true, evidence: { caseId, connector: id, sandbox, ms: Date.now() - started, receipt: receipt === undefined ? undefined : String(receipt), status: answer.status } };
        } catch (error) {
          const e = toOwhError(error);
          return { stage, ok: false, lacks: `the test case ${caseId} was not taken by ${id}${sandbox ? ' (sandbox)' : ''}: ${e.code}: ${maskText(e.message)}` };
        }
      });
    }
    case 'live': {
      const first = await ctx.store.firstDelivered(itemCode, systemId, SANDBOX_PREFIX);
      return first ? { stage, ok: true, evidence: { firstCase: first.caseId, deliveredAt: first.deliveredAt } } : { stage, ok: false, lacks: `${systemId} has not acknowledged a real case of ${itemCode} yet` };
    }
  }
}

/** What building a connector outside the delivery side needs. */
export type ProbeDeps = Pick<GateContext, 'catalog' | 'config' | 'registry' | 'secret' | 'logger'>;

/**
 * Those, for a command or a flow beside the hub: the adapters given (the built-in ones: src never
 * imports a concrete adapter) and the configuration's plug-ins, secrets from the environment
 * (demo values only on a loopback hub, as the hub itself allows), no log.
 */
export function probeDeps(config: HubConfig, adapters: AdapterSpec[]): Omit<ProbeDeps, 'catalog'> {
  const { registry } = buildRegistry(adapters, config.plugins, config.baseDir);
  return { config, registry, secret: createSecretResolver({ allowDemoValues: isLoopback(config.server.host) }), logger: silentLogger() };
}

/**
 * The system's connector, built for a probe or a test case outside the delivery side (the city's
 * instance, or the first district's), with `extra` settings merged over it. Throws when it cannot
 * be built; the caller closes it.
 */
export function buildProbeConnector(deps: ProbeDeps, systemId: string, extra?: Record<string, unknown>): { connector: Connector; id: string } {
  const { catalog } = deps;
  const system = catalog.systems.get(systemId)!;
  const district = system.instances ? (catalog.districts.city && system.instances[catalog.districts.city] ? catalog.districts.city : Object.keys(system.instances)[0]) : undefined;
  const id = connectorIdOf(systemId, district);
  const connector = deps.registry.create(system.adapter, deepMerge(connectorSettings(system, district, deps.config), extra ?? {}), {
    connectorId: id,
    systemId,
    logger: deps.logger.child({ connector: id }),
    secret: deps.secret,
    defaultTimeoutMs: deps.config.delivery.timeoutMs,
    results: { submit: () => Promise.reject(new OwhError('OWH_INTERNAL', { message: 'an onboarding probe takes no results' })) },
    catalogRoot: catalog.root,
  });
  return { connector, id };
}

/** Builds the system's connector for one check (its sandbox settings merged over it when asked), and closes it after. */
async function withConnector(ctx: GateContext, systemId: string, sandbox: boolean, run: (connector: Connector, id: string, sandbox: boolean) => Promise<GateCheck>): Promise<GateCheck> {
  const system = ctx.catalog.systems.get(systemId)!;
  const stage: ForwardStage = sandbox ? 'verified' : 'connected';
  if (!ctx.registry.get(system.adapter)) return { stage, ok: false, lacks: `adapter kind '${system.adapter}' is not registered (owh adapters list)` };
  const sandboxSettings = sandbox ? system.sandbox?.connector : undefined;
  let built: { connector: Connector; id: string };
  try {
    built = buildProbeConnector(ctx, systemId, sandboxSettings);
  } catch (error) {
    return { stage, ok: false, lacks: `the connector of ${systemId} cannot be built: ${toOwhError(error).message}` };
  }
  try {
    return await run(built.connector, built.id, sandboxSettings !== undefined);
  } finally {
    await built.connector.close();
  }
}

export interface AdvanceResult {
  from: Stage;
  to: Stage;
  checks: GateCheck[];
  event?: StageEvent;
}

/**
 * Moves a pair forward as far as the evidence allows (to `to` at most), recording the stage it
 * reaches with every check's evidence; `force` records `to` without the evidence, as forced, with
 * the reason given. `paused` and `retired` are set directly (recorded like any change).
 */
export async function advance(ctx: GateContext, itemCode: string, systemId: string, options: { to?: Stage; by: string; force?: boolean; reason?: string }): Promise<AdvanceResult> {
  const pair = await ctx.store.getPair(itemCode, systemId);
  const role = pair?.role ?? ctx.catalog.items.get(itemCode)?.targets.find((t) => t.system === systemId)?.role ?? 'lead';
  const from: Stage = pair?.stage ?? 'planned';
  const record = async (to: Stage, forced: boolean, evidence: Record<string, unknown>) =>
    to === from ? undefined : ctx.store.recordStage({ itemCode, systemId, role, to, by: options.by, forced, evidence });

  if (options.force) {
    if (!options.to) throw new OwhError('OWH_USAGE', { message: '--force needs --to <stage>', fix: 'Say which stage to record, and why with --reason.' });
    if (!options.reason) throw new OwhError('OWH_USAGE', { message: 'a forced stage change needs --reason', fix: 'Say why the evidence is not needed (it is recorded with the change).' });
    return { from, to: options.to, checks: [], event: await record(options.to, true, { reason: options.reason }) };
  }
  if (options.to === 'paused' || options.to === 'retired') {
    return { from, to: options.to, checks: [], event: await record(options.to, false, { reason: options.reason ?? '' }) };
  }
  const target = (options.to as ForwardStage | undefined) ?? 'live';
  const current = from === 'paused' || from === 'retired' ? -1 : STAGES.indexOf(from as ForwardStage);
  if (STAGES.indexOf(target) < current) {
    throw new OwhError('OWH_USAGE', {
      message: `${itemCode} × ${systemId} is already ${from}, past ${target}`,
      fix: `To move it back, record it with --force --to ${target} --reason "…".`,
    });
  }
  // A stage holds only with the evidence of every stage before it: each is checked, in order.
  const checks: GateCheck[] = [];
  for (let i = 1; i <= STAGES.indexOf(target); i++) {
    const check = await checkGate(ctx, itemCode, systemId, STAGES[i]);
    checks.push(check);
    if (!check.ok) break;
  }
  const passed = checks.filter((c) => c.ok);
  const reached: ForwardStage = passed.length > 0 ? passed.at(-1)!.stage : 'planned';
  // Only forward: a pair whose evidence no longer holds keeps its stage (the failing check says why).
  if (STAGES.indexOf(reached) <= current) return { from, to: from, checks };
  const evidence = Object.fromEntries(passed.map((c) => [c.stage, c.evidence ?? {}]));
  return { from, to: reached, checks, event: await record(reached, false, evidence) };
}
