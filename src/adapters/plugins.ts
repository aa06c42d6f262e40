import { isAbsolute, resolve } from 'node:path';
import type { AdapterSpec } from './contract';
import { AdapterRegistry } from './registry';

export interface PluginProblem {
  module: string;
  message: string;
}

/** Is this a usable adapter spec? Returns what is wrong, if anything. */
export function checkSpec(value: unknown): string | undefined {
  const spec = value as Partial<AdapterSpec<unknown>> | undefined;
  if (!spec || typeof spec !== 'object') return 'it exports no adapter spec (export `adapter` or `adapters`)';
  if (typeof spec.kind !== 'string' || !/^[a-z][a-z0-9-]{1,40}$/.test(spec.kind)) return 'its spec has no valid `kind` (lower-case letters, digits and dashes)';
  if (typeof spec.create !== 'function') return `adapter '${spec.kind}' has no create() function`;
  if (!spec.configSchema || typeof spec.configSchema !== 'object') return `adapter '${spec.kind}' has no configSchema`;
  if (!spec.capabilities || !Array.isArray(spec.capabilities.results)) return `adapter '${spec.kind}' declares no capabilities.results`;
  return undefined;
}

/**
 * Loads plug-in adapters named in the configuration (`plugins: [{ module }]`): an npm package
 * name, or a folder or file relative to the configuration file. Each module exports `adapter`
 * (one spec) or `adapters` (a list). A plug-in that cannot be loaded or whose spec is broken is
 * reported, by name, and left out: it must not take the hub down.
 */
export function loadPlugins(entries: Array<{ module: string }>, baseDir: string): { specs: Array<{ module: string; spec: AdapterSpec<any> }>; problems: PluginProblem[] } {
  const specs: Array<{ module: string; spec: AdapterSpec<any> }> = [];
  const problems: PluginProblem[] = [];
  for (const { module } of entries) {
    let exported: Record<string, unknown>;
    try {
      const path = module.startsWith('.') || isAbsolute(module) ? resolve(baseDir, module) : require.resolve(module, { paths: [baseDir, process.cwd()] });
      exported = require(path) as Record<string, unknown>;
    } catch (error) {
      problems.push({ module, message: `cannot be loaded: ${(error as Error).message.split('\n')[0]}` });
      continue;
    }
    const candidates = Array.isArray(exported.adapters) ? exported.adapters : [exported.adapter ?? (exported.default as Record<string, unknown> | undefined)?.adapter ?? exported.default];
    for (const candidate of candidates) {
      const problem = checkSpec(candidate);
      if (problem) problems.push({ module, message: problem });
      else specs.push({ module, spec: candidate as AdapterSpec<any> });
    }
  }
  return { specs, problems };
}

/**
 * The registry of the built-in kinds plus the configured plug-ins. A plug-in whose kind is taken
 * or whose config schema does not compile is refused like one that does not load.
 */
export function buildRegistry(builtins: Array<AdapterSpec<any>>, plugins: Array<{ module: string }>, baseDir: string): { registry: AdapterRegistry; problems: PluginProblem[] } {
  const registry = new AdapterRegistry(builtins);
  const loaded = loadPlugins(plugins, baseDir);
  const problems = [...loaded.problems];
  for (const { module, spec } of loaded.specs) {
    try {
      registry.register(spec);
    } catch (error) {
      problems.push({ module, message: `adapter '${spec.kind}' refused: ${(error as Error).message}` });
    }
  }
  return { registry, problems };
}
