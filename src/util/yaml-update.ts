import { isDeepStrictEqual } from 'node:util';
import { Document, isCollection, isMap, isNode, isScalar, isSeq, parse, parseDocument, stringify, visit, Node as YamlNode, YAMLMap, YAMLSeq } from 'yaml';

/** How {@link updateYamlText} writes the text. */
export interface YamlUpdateOptions {
  /** Where long lines are folded; 0 (the default) never folds, so a changed value does not re-wrap its neighbours. */
  lineWidth?: number;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/**
 * The YAML text of `value`, written over `original` so that what did not change keeps its comments,
 * flow/block style and key order.
 *
 * `value` is read with JSON semantics, and `parse(result)` always deep-equals it. An unchanged value gives
 * back `original` byte for byte. A changed one is re-rendered by the `yaml` package, which normalises
 * spacing it does not record (flow padding `[ a ]`, comment alignment) everywhere in the file. Items of a
 * list are matched by content, then (for mapping rules) by their `to`, so a rule's comments stay with it
 * when rules are inserted, deleted or moved.
 */
export function updateYamlText(original: string, value: unknown, options: YamlUpdateOptions = {}): string {
  const lineWidth = options.lineWidth ?? 0;
  const wanted = toJson(value);
  const doc = parseDocument(original);
  if (doc.errors.length > 0) return stringify(wanted, { lineWidth });
  if (doc.contents !== null && jsonText(doc, doc.contents) === canonical(wanted)) return original;
  if (doc.contents !== null) {
    // Aliases are kept on the first try; only when editing an anchored node changed what an alias says are they inlined.
    for (const inlineAliases of [false, true]) {
      const text = rewrite(original, wanted, lineWidth, inlineAliases);
      if (text !== undefined) return text;
    }
  }
  // Nothing to edit (an empty or comment-only file) or a document this walk cannot express: keep at least its comments.
  const fresh = new Document(wanted);
  fresh.commentBefore = doc.commentBefore;
  fresh.comment = doc.comment;
  return fresh.toString({ lineWidth });
}

/** One attempt on a fresh parse (the walk mutates the document); undefined when the result does not read back as `wanted`. */
function rewrite(original: string, wanted: Json, lineWidth: number, inlineAliases: boolean): string | undefined {
  const doc: Document = parseDocument(original);
  if (inlineAliases && !replaceAliases(doc)) return undefined;
  const header = detachHeader(doc);
  doc.contents = merge(doc, doc.contents, wanted) as YamlNode;
  if (header !== undefined) {
    const first = firstEntry(doc.contents);
    if (first) first.commentBefore = joinComments(header, first.commentBefore);
    else doc.commentBefore = joinComments(doc.commentBefore, header) ?? null;
  }
  try {
    const text = doc.toString({ lineWidth });
    return isDeepStrictEqual(toJson(parse(text)), wanted) ? text : undefined;
  } catch {
    return undefined;
  }
}

/** The node to put where `node` was: `node` itself, edited in place where it can be, or a new node. */
function merge(doc: Document, node: unknown, value: Json): unknown {
  if (isNode(node) && jsonText(doc, node) === canonical(value)) return node;
  if (isMap(node) && isObject(value)) {
    mergeMap(doc, node, value);
    return node;
  }
  if (isSeq(node) && Array.isArray(value)) {
    mergeSeq(doc, node, value);
    return node;
  }
  return create(doc, node, value);
}

function mergeMap(doc: Document, map: YAMLMap, value: JsonObject): void {
  const oldFirst = firstEntry(map);
  const pairs = new Map<string, (typeof map.items)[number]>();
  for (const pair of map.items) {
    const key = keyText(pair.key);
    if (key !== undefined && !pairs.has(key)) pairs.set(key, pair);
  }
  const keys = Object.keys(value);
  for (const key of keys) {
    const pair = pairs.get(key);
    if (pair) pair.value = merge(doc, pair.value, value[key]);
  }
  const kept = map.items.filter((pair) => {
    const key = keyText(pair.key);
    return key !== undefined && pairs.get(key) === pair && Object.hasOwn(value, key);
  });
  const added = new Map(keys.filter((key) => !pairs.has(key)).map((key) => [key, doc.createPair(key, create(doc, undefined, value[key]))]));
  // Kept keys stay where they are and new ones go last, unless the editor ordered them otherwise: then its order
  // wins, or the next save of the same value would move them. JavaScript puts integer-like keys first whatever
  // the editor meant, so their order says nothing.
  const appended = [...kept.map((pair) => keyText(pair.key) as string), ...added.keys()].filter((key) => !isIndexKey(key));
  map.items = isDeepStrictEqual(appended, keys.filter((key) => !isIndexKey(key)))
    ? [...kept, ...added.values()]
    : keys.map((key) => pairs.get(key) ?? (added.get(key) as (typeof map.items)[number]));
  keepLeadingComment(map, oldFirst);
}

function mergeSeq(doc: Document, seq: YAMLSeq, value: Json[]): void {
  const oldFirst = firstEntry(seq);
  const olds = seq.items.map((item) => {
    const text = jsonText(doc, item);
    const js = text === undefined ? undefined : (JSON.parse(text) as Json);
    return { item, text, fields: isMap(item) && isObject(js) ? js : undefined };
  });
  const used = new Set<number>();
  // The old item that fits, scores best and, among those, lies nearest the new position; it is used up.
  const take = (index: number, fits: (old: (typeof olds)[number]) => boolean, score = (_: (typeof olds)[number]) => 0): number | undefined => {
    let best: number | undefined;
    let bestScore = 0;
    olds.forEach((old, j) => {
      if (used.has(j) || !fits(old)) return;
      const s = score(old);
      if (best === undefined || s > bestScore || (s === bestScore && Math.abs(j - index) < Math.abs(best - index))) [best, bestScore] = [j, s];
    });
    if (best !== undefined) used.add(best);
    return best;
  };
  const picks = value.map((item, i) => take(i, (old) => old.text === canonical(item)));
  value.forEach((item, i) => {
    if (picks[i] !== undefined || !isObject(item) || !Object.hasOwn(item, 'to')) return;
    const same = (fields: JsonObject, key: string): boolean => Object.hasOwn(fields, key) && canonical(fields[key]) === canonical(item[key]);
    // Rules often share a `to` (one per item code); the one that kept more of its other fields is the edited one.
    picks[i] = take(
      i,
      (old) => old.fields !== undefined && same(old.fields, 'to'),
      (old) => Object.keys(item).filter((key) => same(old.fields as JsonObject, key)).length,
    );
  });
  seq.items = value.map((item, i) => {
    const pick = picks[i];
    return pick === undefined ? create(doc, undefined, item) : merge(doc, olds[pick].item, item);
  });
  keepLeadingComment(seq, oldFirst);
}

/**
 * A new node for `value`, taking over the comments of the `old` node it replaces. It is created in block style:
 * yaml writes everything inside a flow collection in flow style, so a step added to `[ { trim: true } ]` stays flow.
 */
function create(doc: Document, old: unknown, value: Json): YamlNode {
  const node = doc.createNode(value) as YamlNode;
  if (isNode(old)) {
    node.commentBefore = old.commentBefore;
    node.spaceBefore = old.spaceBefore;
    // A collection's trailing comment follows its last item, so it only fits another collection.
    if (isScalar(old) === isScalar(node)) node.comment = old.comment;
    if (isScalar(old) && isScalar(node) && typeof old.value === 'string' && typeof node.value === 'string') node.type = old.type;
  }
  return node;
}

/**
 * yaml hangs a comment above the first entry of a nested block collection on the collection, where it would
 * stay put when that entry is deleted or moved; it belongs to the entry, as every other entry's comment does.
 */
function keepLeadingComment(collection: YAMLMap | YAMLSeq, oldFirst: YamlNode | undefined): void {
  if (collection.flow || !collection.commentBefore || !oldFirst || firstEntry(collection) === oldFirst) return;
  oldFirst.commentBefore = joinComments(collection.commentBefore, oldFirst.commentBefore);
  collection.commentBefore = undefined;
}

/**
 * A file's header comment with no blank line under it is parsed onto the first key; it is taken off so that it
 * stays at the top whatever happens to that key.
 */
function detachHeader(doc: Document): string | undefined {
  if (doc.commentBefore) return undefined;
  const first = firstEntry(doc.contents);
  const header = first?.commentBefore ?? undefined;
  if (first) first.commentBefore = undefined;
  return header;
}

/** The node that carries the comment above a block collection's first entry (a map's first key). */
function firstEntry(node: unknown): YamlNode | undefined {
  if (!isCollection(node) || node.flow || node.items.length === 0) return undefined;
  const first: unknown = isMap(node) ? node.items[0].key : node.items[0];
  return isNode(first) ? first : undefined;
}

/** Replaces every alias by a copy of what it points to; false when there was none. */
function replaceAliases(doc: Document): boolean {
  let found = false;
  visit(doc, {
    Alias(_, alias) {
      found = true;
      const copy = alias.resolve(doc)?.clone() as YamlNode | undefined;
      // The copy stands where the alias stood: the alias's comments, not a second copy of the source's.
      if (copy) [copy.commentBefore, copy.comment, copy.spaceBefore] = [alias.commentBefore, alias.comment, alias.spaceBefore];
      return copy;
    },
  });
  // The copies carry their source's anchor; with no alias left, no anchor is needed.
  visit(doc, {
    Node(_, node) {
      (node as { anchor?: string }).anchor = undefined;
    },
  });
  return found;
}

/** The key as a JavaScript object would name it (yaml's `toJS` rule); undefined for keys that are collections. */
function keyText(key: unknown): string | undefined {
  const raw = isScalar(key) ? key.value : key;
  if (raw === null || raw === undefined) return '';
  return typeof raw === 'object' ? undefined : String(raw);
}

function isIndexKey(key: string): boolean {
  return /^(0|[1-9]\d*)$/.test(key) && Number(key) < 2 ** 32 - 1;
}

/** The node's value as canonical JSON, or undefined when it cannot be read (a broken alias), so that it matches nothing. */
function jsonText(doc: Document, node: unknown): string | undefined {
  try {
    return canonical(isNode(node) ? node.toJS(doc) : node);
  } catch {
    return undefined;
  }
}

/** Order-sensitive, so that reordered keys count as a change. */
function canonical(value: unknown): string {
  return JSON.stringify(value) ?? 'null';
}

function toJson(value: unknown): Json {
  return JSON.parse(canonical(value)) as Json;
}

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function joinComments(first: string | null | undefined, second: string | null | undefined): string | undefined {
  return [first, second].filter((c): c is string => Boolean(c)).join('\n') || undefined;
}
