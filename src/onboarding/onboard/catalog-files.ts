import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document, isMap, isSeq, parseDocument, visit, YAMLMap, YAMLSeq } from 'yaml';
import { OnboardRefusal } from './settings';

/** A catalog file as read, to write changed or to put back as it was. */
export interface CatalogFile {
  path: string;
  original: string;
  text: string;
}

function catalogFile(root: string, name: string): string {
  for (const ext of ['yaml', 'yml']) {
    const path = join(root, `${name}.${ext}`);
    if (existsSync(path)) return path;
  }
  throw new OnboardRefusal(`the catalog ${root} has no ${name}.yaml`, 'Point the configuration\'s catalog at a catalog folder (owh catalog validate).');
}

/** A node for the file, secret references (`{env}`) written inline as the catalog writes them. */
function nodeOf(doc: Document, value: unknown) {
  const node = doc.createNode(value);
  visit(node, { Map: (_, map) => {
    if (map.has('env')) map.flow = true;
  } });
  return node;
}

const plain = (node: unknown): unknown => (node && typeof node === 'object' && 'toJSON' in node ? (node as { toJSON(): unknown }).toJSON() : node);

/**
 * Adds the system entry to systems.yaml, or updates it in place (only the keys that change), with
 * the yaml Document API so comments and every other entry stay as they are.
 */
export function upsertSystemEntry(root: string, entry: Record<string, unknown>): { file: CatalogFile; before?: Record<string, unknown>; after: Record<string, unknown> } {
  const path = catalogFile(root, 'systems');
  const original = readFileSync(path, 'utf8');
  const doc = parseDocument(original);
  const seq = doc.get('systems');
  if (!isSeq(seq)) throw new OnboardRefusal(`${path} has no systems list`, 'Fix systems.yaml (owh catalog validate).');
  const index = seq.items.findIndex((n) => isMap(n) && n.get('id') === entry.id);
  let before: Record<string, unknown> | undefined;
  if (index === -1) {
    seq.add(nodeOf(doc, entry));
  } else {
    const node = seq.items[index] as YAMLMap;
    before = plain(node) as Record<string, unknown>;
    for (const [key, value] of Object.entries(entry)) {
      if (JSON.stringify(plain(node.get(key, true))) !== JSON.stringify(value)) node.set(key, nodeOf(doc, value));
    }
  }
  const text = doc.toString({ lineWidth: 0 });
  const after = plain((parseDocument(text).get('systems') as YAMLSeq).items.find((n) => isMap(n) && n.get('id') === entry.id)) as Record<string, unknown>;
  return { file: { path, original, text }, before, after };
}

/** Adds `{system, role}` to the targets of each item (or changes the role), keeping the file's layout. */
export function addItemTargets(root: string, systemId: string, codes: string[], role: 'lead' | 'co-handler'): { file: CatalogFile; changed: string[] } {
  const path = catalogFile(root, 'items');
  const original = readFileSync(path, 'utf8');
  const doc = parseDocument(original);
  const seq = doc.get('items');
  if (!isSeq(seq)) throw new OnboardRefusal(`${path} has no items list`, 'Fix items.yaml (owh catalog validate).');
  const changed: string[] = [];
  for (const code of codes) {
    const item = seq.items.find((n) => isMap(n) && n.get('code') === code) as YAMLMap | undefined;
    if (!item) throw new OnboardRefusal(`--items: ${code} is not an item of the catalog`, 'Give item codes from items.yaml (owh catalog list items).');
    const targets = item.get('targets');
    if (!isSeq(targets)) throw new OnboardRefusal(`--items: ${code} has no targets list`, 'Fix items.yaml.');
    const existing = targets.items.find((t) => isMap(t) && t.get('system') === systemId) as YAMLMap | undefined;
    const otherLead = targets.items.find((t) => isMap(t) && t.get('system') !== systemId && t.get('role') === 'lead');
    if (role === 'lead' && otherLead) {
      throw new OnboardRefusal(`--role lead: ${code} is already led by ${(otherLead as YAMLMap).get('system')}`, 'An item has exactly one lead: use --role co-handler, or change the lead in items.yaml first.');
    }
    if (existing) {
      if (existing.get('role') !== role) {
        existing.set('role', role);
        changed.push(code);
      }
      continue;
    }
    const node = doc.createNode({ system: systemId, role }) as YAMLMap;
    node.flow = targets.items.some((t) => isMap(t) && t.flow);
    targets.add(node);
    changed.push(code);
  }
  return { file: { path, original, text: doc.toString({ lineWidth: 0 }) }, changed };
}

/** Writes the files, runs `check`; when it throws, puts every file back as it was and rethrows. */
export function writeChecked(files: CatalogFile[], check: () => void): void {
  const changed = files.filter((f) => f.text !== f.original);
  for (const f of changed) writeFileSync(f.path, f.text);
  try {
    check();
  } catch (error) {
    for (const f of changed) writeFileSync(f.path, f.original);
    throw error;
  }
}
