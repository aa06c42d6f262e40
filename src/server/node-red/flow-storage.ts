import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { OwhError } from '../../errors/owh-error';
import { writeFileAtomically } from '../../util/write-atomically';

/** One node of a Node-RED flow as the runtime hands it to storage: only `id`, `type` and `z` matter here. */
export interface FlowNode {
  id: string;
  type: string;
  z?: string;
  label?: string;
  [key: string]: unknown;
}

/** The file global config nodes (and subflows) are kept in. */
export const GLOBAL_FILE = '_config.json';

/**
 * The tabs' order in the editor, one tab file name per line: files have no order of their own, and
 * a restart should not shuffle the tabs. A tab missing from it (a file added by hand or by git)
 * comes after the listed ones, by name.
 */
export const TAB_ORDER_FILE = '_tab-order.txt';

/**
 * The part of Node-RED's storage API (`settings.storageModule`) this module answers; everything
 * else (credentials, settings, sessions, library) is the stock local-filesystem module's, in
 * Node-RED's userDir.
 */
export interface StorageModule {
  init(settings: Record<string, unknown>, runtime: unknown): Promise<void>;
  getFlows(): Promise<FlowNode[]>;
  saveFlows(flows: FlowNode[], user?: unknown): Promise<void>;
  getCredentials(): Promise<Record<string, unknown>>;
  saveCredentials(credentials: Record<string, unknown>): Promise<void>;
  getSettings(): Promise<Record<string, unknown>>;
  saveSettings(settings: Record<string, unknown>): Promise<void>;
  getSessions(): Promise<Record<string, unknown>>;
  saveSessions(sessions: Record<string, unknown>): Promise<void>;
  getLibraryEntry(type: string, path: string): Promise<unknown>;
  saveLibraryEntry(type: string, path: string, meta: unknown, body: unknown): Promise<void>;
}

/** The storage module plus what the hub needs to shut Node-RED down cleanly. */
export interface FlowStorage extends StorageModule {
  /**
   * For shutdown: marks every login session expired in memory only (saving sessions stops, so the
   * logins on disk survive a restart) and returns one session's token, or undefined if none.
   * Node-RED keeps a week-long timer for session expiry that its stop() does not clear; looking
   * up an expired token makes it clear that timer, so the process can exit.
   */
  expireSessionsInMemory(): string | undefined;
}

/**
 * Node-RED storage that keeps the flows in git-friendly files: `flowsDir/<tab-label>.json` per
 * tab (the tab, its nodes, and the global config nodes only its nodes use) and
 * `flowsDir/_config.json` for the rest (config nodes shared by tabs, subflows, global settings).
 * Files are written pretty, keys sorted, nodes ordered by id after the tab, atomically, and only
 * when they change; a deleted tab's file is removed. Credentials stay encrypted in the userDir.
 */
export function createFlowStorage(flowsDir: string): FlowStorage {
  // Deep import: the stock module is not exported by name, but it is the runtime's own default.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const local = require('@node-red/runtime/lib/storage/localfilesystem') as StorageModule;
  let sessions: Record<string, { expires?: number }> | undefined;
  let frozen = false;
  return {
    init: (settings, runtime) => local.init(settings, runtime),
    getFlows: async () => readFlows(flowsDir),
    saveFlows: async (flows) => writeFlows(flowsDir, flows),
    getCredentials: () => local.getCredentials(),
    saveCredentials: (c) => local.saveCredentials(c),
    getSettings: () => local.getSettings(),
    saveSettings: (s) => local.saveSettings(s),
    getSessions: async () => {
      const loaded = await local.getSessions();
      sessions = loaded as typeof sessions;
      return loaded;
    },
    saveSessions: async (s) => {
      sessions = s as typeof sessions;
      if (!frozen) await local.saveSessions(s);
    },
    getLibraryEntry: (type, path) => local.getLibraryEntry(type, path),
    saveLibraryEntry: (type, path, meta, body) => local.saveLibraryEntry(type, path, meta, body),
    expireSessionsInMemory: () => {
      frozen = true;
      const tokens = Object.keys(sessions ?? {});
      for (const token of tokens) sessions![token].expires = 0;
      return tokens[0];
    },
  };
}

/** Every `*.json` of the folder merged into one flow list: global config first, then the tabs in their recorded order. */
export function readFlows(flowsDir: string): FlowNode[] {
  let names: string[];
  try {
    names = readdirSync(flowsDir).filter((n) => n.endsWith('.json'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  let order: string[] = [];
  try {
    order = readFileSync(join(flowsDir, TAB_ORDER_FILE), 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
  } catch {
    order = []; // no order recorded yet: by name
  }
  const rank = (name: string) => (name === GLOBAL_FILE ? -1 : order.includes(name) ? order.indexOf(name) : order.length);
  names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const flows: FlowNode[] = [];
  const seen = new Map<string, string>();
  for (const name of names) {
    const file = join(flowsDir, name);
    let nodes: unknown;
    try {
      nodes = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new OwhError('OWH_CONFIG_INVALID', { message: `flow file ${file} is not valid JSON: ${(error as Error).message}`, fix: 'correct the file (git diff shows what changed) or remove it' });
    }
    if (!Array.isArray(nodes) || nodes.some((n) => typeof n !== 'object' || n === null || typeof n.id !== 'string' || typeof n.type !== 'string')) {
      throw new OwhError('OWH_CONFIG_INVALID', { message: `flow file ${file} must hold a list of nodes, each with an id and a type` });
    }
    for (const node of nodes as FlowNode[]) {
      const other = seen.get(node.id);
      if (other) throw new OwhError('OWH_CONFIG_INVALID', { message: `node ${node.id} is in both ${other} and ${name}`, fix: 'keep it in one file' });
      seen.set(node.id, name);
      flows.push(node);
    }
  }
  return flows;
}

/** Splits the flow list into one file per tab plus `_config.json`, writes what changed and removes the files of deleted tabs. */
export function writeFlows(flowsDir: string, flows: FlowNode[]): void {
  mkdirSync(flowsDir, { recursive: true });
  const files = splitFlows(flows);
  for (const [name, nodes] of files) {
    const file = join(flowsDir, name);
    writeIfChanged(file, JSON.stringify(nodes.map(sortKeys), null, 2) + '\n');
  }
  for (const name of readdirSync(flowsDir)) {
    if (name.endsWith('.json') && !files.has(name)) rmSync(join(flowsDir, name));
  }
  writeIfChanged(join(flowsDir, TAB_ORDER_FILE), [...files.keys()].filter((n) => n !== GLOBAL_FILE).map((n) => `${n}\n`).join(''));
}

function writeIfChanged(file: string, text: string): void {
  let current: string | undefined;
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    current = undefined;
  }
  if (current !== text) writeFileAtomically(file, text);
}

/** File name → its nodes (the tab first, then by id). `_config.json` only when it has nodes. */
export function splitFlows(flows: FlowNode[]): Map<string, FlowNode[]> {
  const tabs = flows.filter((n) => n.type === 'tab');
  const tabIds = new Set(tabs.map((t) => t.id));
  const byTab = new Map<string, FlowNode[]>(tabs.map((t) => [t.id, []]));
  const global: FlowNode[] = [];
  const unscoped: FlowNode[] = [];
  for (const node of flows) {
    if (node.type === 'tab') continue;
    if (node.z && tabIds.has(node.z)) byTab.get(node.z)!.push(node);
    else if (node.z) global.push(node); // a subflow's nodes go with the subflow
    else unscoped.push(node);
  }
  // A global config node used by one tab only travels with that tab.
  for (const node of unscoped) {
    const users = new Set<string>();
    for (const [tabId, nodes] of byTab) if (nodes.some((n) => refersTo(n, node.id))) users.add(tabId);
    if (users.size === 1 && node.type !== 'subflow') byTab.get([...users][0])!.push(node);
    else global.push(node);
  }
  const files = new Map<string, FlowNode[]>();
  const byId = (a: FlowNode, b: FlowNode) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  for (const tab of tabs) {
    let name = fileNameOf(tab);
    if (name === GLOBAL_FILE || files.has(name)) name = `${basename(name, '.json')}-${kebab(tab.id)}.json`;
    files.set(name, [tab, ...byTab.get(tab.id)!.sort(byId)]);
  }
  if (global.length > 0) files.set(GLOBAL_FILE, global.sort(byId));
  return files;
}

/** `nrp-land` → `nrp-land.json`; `NRP Land (test)` → `nrp-land-test.json`; a tab without a usable label goes by its id. */
export function fileNameOf(tab: FlowNode): string {
  return `${kebab(typeof tab.label === 'string' ? tab.label : '') || kebab(tab.id)}.json`;
}

function kebab(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9\u4e00-\u9fff]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function refersTo(node: FlowNode, id: string): boolean {
  return Object.entries(node).some(([key, value]) => key !== 'id' && key !== 'z' && value === id);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
  return out;
}
