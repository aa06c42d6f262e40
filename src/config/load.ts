import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { OwhError } from '../errors/owh-error';
import { packageRoot } from '../util/package-root';
import { locate, parseSourceText, readSourceDocument, SourceDocument } from '../util/yaml-source';
import { validatorFor } from '../validate/ajv';
import { toErrorDetails } from '../validate/errors';
import { HUB_PATHS, HubConfig, pathsOverlap } from './config';

export interface LoadConfigOptions {
  /** The configuration file; when absent, $OWH_CONFIG, then ./owh.yaml, then the embedded defaults. */
  file?: string;
  /** Settings merged over the file's (deeply), e.g. a test's ports and paths. */
  overrides?: Record<string, unknown>;
  cwd?: string;
}

/** Finds the configuration file the way `owh` does. */
export function findConfigFile(options: { file?: string; cwd?: string } = {}): string | undefined {
  const cwd = options.cwd ?? process.cwd();
  if (options.file) return resolve(cwd, options.file);
  if (process.env.OWH_CONFIG) return resolve(cwd, process.env.OWH_CONFIG);
  const local = join(cwd, 'owh.yaml');
  return existsSync(local) ? local : undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep merge of plain objects; arrays and scalars from `over` replace. Inputs are not changed. */
export function deepMerge<T>(base: T, over: unknown): T {
  if (!isPlainObject(base) || !isPlainObject(over)) return (over === undefined ? base : over) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) out[key] = deepMerge(out[key], value);
  return out as T;
}

/**
 * Loads and validates the configuration (schemas/config.schema.json). Errors name the file, the
 * line and the JSON pointer. Relative paths are resolved against the file's folder; without a
 * file, the catalog defaults to the demo city shipped in the package and data paths to the
 * working directory.
 */
export function loadConfig(options: LoadConfigOptions = {}): HubConfig {
  const cwd = options.cwd ?? process.cwd();
  const file = findConfigFile({ file: options.file, cwd });
  const source: SourceDocument = file
    ? readSourceDocument(file, 'OWH_CONFIG_INVALID')
    : parseSourceText('{}', '(embedded defaults)', 'OWH_CONFIG_INVALID');
  if (source.data !== null && source.data !== undefined && !isPlainObject(source.data)) {
    throw new OwhError('OWH_CONFIG_INVALID', { message: `${source.file} must hold a mapping of settings`, details: [{ pointer: '', keyword: 'type', message: 'must be an object', file: source.file, line: 1 }] });
  }
  const data = deepMerge((source.data ?? {}) as Record<string, unknown>, options.overrides ?? {});
  const validate = validatorFor<HubConfig>('urn:owh:schema:config:1');
  if (!validate(data)) {
    throw new OwhError('OWH_CONFIG_INVALID', {
      message: `${source.file} has ${validate.errors!.length === 1 ? 'an invalid setting' : 'invalid settings'}`,
      details: locate(toErrorDetails(validate.errors), source),
    });
  }
  const config = data as unknown as HubConfig & { $schema?: string };
  delete config.$schema;
  const base = file ? dirname(file) : cwd;
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(base, p));
  const catalogGiven = isPlainObject(source.data) && 'catalog' in source.data || (options.overrides && 'catalog' in options.overrides);
  config.catalog = catalogGiven ? abs(config.catalog) : join(packageRoot(), 'examples/demo-city/catalog');
  if (config.store.path !== ':memory:') config.store.path = abs(config.store.path);
  config.materials.path = abs(config.materials.path);
  config.editor.flowsDir = abs(config.editor.flowsDir);
  config.editor.userDir = config.editor.userDir
    ? abs(config.editor.userDir)
    : join(config.store.path === ':memory:' ? resolve(base, 'data') : dirname(config.store.path), 'node-red');
  checkEditorPaths(config, source);
  config.file = file;
  config.baseDir = base;
  return config;
}

/** The editor's paths are dispatched before the hub's router, so they must never cover one of the hub's own. */
function checkEditorPaths(config: HubConfig, source: SourceDocument): void {
  const { path, nodePath } = config.editor;
  const clash = (setting: 'path' | 'nodePath', value: string, others: readonly string[]) => {
    const other = others.find((o) => pathsOverlap(value, o));
    if (other === undefined) return;
    throw new OwhError('OWH_CONFIG_INVALID', {
      message: `${source.file}: editor.${setting} ${value} overlaps ${other}, which the hub serves itself`,
      fix: `choose an editor.${setting} outside ${[...others].join(', ')}`,
      details: locate([{ pointer: `/editor/${setting}`, keyword: 'overlap', message: `must not overlap ${other}` }], source),
    });
  };
  clash('path', path, HUB_PATHS);
  clash('nodePath', nodePath, [...HUB_PATHS, path]);
}

/** The URL callers reach the hub at. */
export function publicUrl(config: HubConfig, port = config.server.port): string {
  if (config.server.publicUrl) return config.server.publicUrl.replace(/\/$/, '');
  const host = config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host;
  return `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
}
