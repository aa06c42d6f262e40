/**
 * The visual mapper's model of a mapping spec (schemas/mapping.schema.json): the spec's nested
 * rules seen as lines from source fields to target fields, and the edits a line stands for —
 * linking a source to a target, a constant, removing a rule, changing a rule's settings — made on
 * the spec itself, so what the editor saves is the same spec format `owh` runs and nothing else.
 *
 * Paths on both sides are the editor's field paths: dots, and `[]` after a list
 * (`materials[].fileName` → `cl[].wjm`). Plain functions over plain JSON, no DOM: the editor loads
 * this file from the node module's resources, and the unit tests require it.
 */
(function (root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory();
  else root.OwhMappingModel = factory();
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  const clone = (value) => JSON.parse(JSON.stringify(value));
  const join = (prefix, path) => (prefix ? `${prefix}.${path}` : path);
  /** `form.list[0].x` reads one element; as a field it is the list's member `form.list[].x`. */
  const fieldPath = (path) => path.replace(/\[\d+\]/g, '[]');
  const escape = (token) => String(token).replace(/~/g, '~0').replace(/\//g, '~1');

  class MappingEditError extends Error {}

  /** The source a rule reads, as a field path, given the source prefix of its list (`materials[]`) or ''. */
  function sourceOf(srcPrefix, from) {
    if (from === '$') return srcPrefix ? srcPrefix.replace(/\[\]$/, '') : '$';
    return fieldPath(join(srcPrefix, from));
  }

  /**
   * Every rule of the spec, depth first, with where it sits (its JSON pointer), the target field it
   * writes and the source fields it reads. Containers (`rules` alone: an object; `each`: a list)
   * are entries too, so a list can be drawn as a line from list to list.
   */
  function flatten(spec) {
    const out = [];
    const walk = (rules, pointer, targetPrefix, srcPrefix) => {
      if (!Array.isArray(rules)) return;
      rules.forEach((rule, i) => {
        if (!rule || typeof rule !== 'object') return;
        const at = `${pointer}/${i}`;
        const to = typeof rule.to === 'string' ? rule.to : '';
        const target = join(targetPrefix, to);
        const entry = { pointer: at, target, rule, sources: [], kind: 'none', srcPrefix };
        if (rule.each !== undefined) {
          entry.kind = 'each';
          entry.sources = [sourceOf(srcPrefix, String(rule.each))];
          out.push(entry);
          if (Array.isArray(rule.rules)) walk(rule.rules, `${at}/rules`, `${target}[]`, `${fieldPath(join(srcPrefix, String(rule.each)))}[]`);
          return;
        }
        if (Array.isArray(rule.rules)) {
          entry.kind = 'object';
          out.push(entry);
          walk(rule.rules, `${at}/rules`, target, srcPrefix);
          return;
        }
        if (typeof rule.from === 'string') {
          entry.kind = 'from';
          entry.sources = [sourceOf(srcPrefix, rule.from)];
        } else if (Array.isArray(rule.concat)) {
          entry.kind = 'concat';
          entry.sources = rule.concat.filter((p) => typeof p === 'string').map((p) => sourceOf(srcPrefix, p));
        } else if (Object.prototype.hasOwnProperty.call(rule, 'value')) {
          entry.kind = 'value';
        }
        out.push(entry);
      });
    };
    walk(spec && spec.rules, '/rules', '', '');
    return out;
  }

  /** The value at a JSON pointer of the spec. */
  function getAt(spec, pointer) {
    return pointer
      .split('/')
      .slice(1)
      .reduce((o, k) => (o == null ? undefined : o[k.replace(/~1/g, '/').replace(/~0/g, '~')]), spec);
  }

  /** The rules array holding the rule at `pointer`, and its index there. */
  function parentOf(spec, pointer) {
    const cut = pointer.lastIndexOf('/');
    return { list: getAt(spec, pointer.slice(0, cut)), index: Number(pointer.slice(cut + 1)) };
  }

  /** The rules writing a target field (several when `when` picks between them), in file order. */
  function rulesFor(spec, target) {
    return flatten(spec).filter((e) => e.target === target);
  }

  /** Which target fields the spec writes (each field once; `cl` for a list built by `each`). */
  function mappedTargets(spec) {
    return new Set(flatten(spec).map((e) => e.target));
  }

  /** A source path as a rule at `srcPrefix` must write it, or why it cannot. */
  function relativeSource(srcPrefix, source, target) {
    if (!srcPrefix) return source;
    const list = srcPrefix.replace(/\[\]$/, '');
    if (source === list) return '$';
    if (source.startsWith(srcPrefix + '.')) return source.slice(srcPrefix.length + 1);
    throw new MappingEditError(`${target} is inside a list built from each element of ${list}: its fields come from ${srcPrefix}.<field> (here ${source} is outside that list)`);
  }

  /** The deepest container rule (object or list) a new rule for `target` belongs in; undefined: the top level. */
  function containerFor(spec, target) {
    let best;
    for (const entry of flatten(spec)) {
      if (entry.kind !== 'object' && entry.kind !== 'each') continue;
      const inner = entry.kind === 'each' ? `${entry.target}[]` : entry.target;
      if (target.startsWith(inner + '.') && (!best || inner.length > best.inner.length)) best = { entry, inner };
    }
    return best;
  }

  /** Appends a rule for `target` where it belongs (inside the object or list that builds its parent); returns its pointer. */
  function insertRule(spec, target, body) {
    const container = containerFor(spec, target);
    const list = container ? container.entry.rule.rules : spec.rules || (spec.rules = []);
    const pointer = container ? `${container.entry.pointer}/rules` : '/rules';
    const srcPrefix = container ? (container.entry.kind === 'each' ? `${fieldPath(join(container.entry.srcPrefix, String(container.entry.rule.each)))}[]` : container.entry.srcPrefix) : '';
    const to = container ? target.slice(container.inner.length + 1) : target;
    const rule = { to };
    if (to.includes('[]')) {
      // A field of a list no rule builds yet: build the list from the source's list, one element each.
      const [listTo, rest] = splitAtList(to);
      if (body.from === undefined) throw new MappingEditError(`${target} is a field of the list ${join(container ? container.inner : '', listTo)}: map a list of the case to that list first`);
      const source = body.from;
      const cut = source.lastIndexOf('[]');
      if (cut === -1) throw new MappingEditError(`${target} is a field of a list: its source must be a field of a list too (like materials[].fileName), not ${source}`);
      const listSource = source.slice(0, cut);
      const member = source.slice(cut + 3) || '$';
      if (rest.includes('[]')) throw new MappingEditError(`${target} is in a list inside a list: map the outer list first`);
      rule.to = listTo;
      rule.each = relativeSource(srcPrefix, listSource, target);
      rule.rules = [{ to: rest, from: member }];
      list.push(rule);
      return `${pointer}/${list.length - 1}/rules/0`;
    }
    if (body.from !== undefined) rule.from = relativeSource(srcPrefix, body.from, target);
    else Object.assign(rule, body);
    list.push(rule);
    return `${pointer}/${list.length - 1}`;
  }

  function splitAtList(path) {
    const cut = path.indexOf('[]');
    return [path.slice(0, cut), path.slice(cut + 3)];
  }

  /** Makes a rule read `source` instead of what it read, keeping its code table, transforms, condition and note. */
  function setSource(spec, pointer, source) {
    const entry = flatten(spec).find((e) => e.pointer === pointer);
    if (!entry) throw new MappingEditError(`no rule at ${pointer}`);
    const rule = entry.rule;
    if (entry.kind === 'each' || entry.kind === 'object') {
      rule.each = relativeSource(entry.srcPrefix, source, entry.target);
      delete rule.from;
      return pointer;
    }
    rule.from = relativeSource(entry.srcPrefix, source, entry.target);
    delete rule.value;
    delete rule.concat;
    delete rule.separator;
    return pointer;
  }

  /**
   * Draws a line: the target reads the source. A target some rule already writes changes that rule
   * (the one at `pointer`, else the first); a target none writes gets a new rule, inside the
   * object or list that builds its parent; a list linked to a list becomes an `each` rule.
   * Returns the new spec and the pointer of the rule that now writes the target.
   */
  function link(spec, source, target, pointer) {
    const next = clone(spec);
    const existing = rulesFor(next, target);
    const chosen = existing.find((e) => e.pointer === pointer) || existing[0];
    if (chosen) return { spec: next, pointer: setSource(next, chosen.pointer, source) };
    return { spec: next, pointer: insertRule(next, target, { from: source }) };
  }

  /** Links a list of the source to a list of the target: an `each` rule with no member rules yet. */
  function linkList(spec, source, target) {
    const next = clone(spec);
    const existing = rulesFor(next, target).find((e) => e.kind === 'each');
    if (existing) return { spec: next, pointer: setSource(next, existing.pointer, source) };
    const container = containerFor(next, target);
    const srcPrefix = container ? (container.entry.kind === 'each' ? `${fieldPath(join(container.entry.srcPrefix, String(container.entry.rule.each)))}[]` : container.entry.srcPrefix) : '';
    const list = container ? container.entry.rule.rules : next.rules || (next.rules = []);
    const at = container ? `${container.entry.pointer}/rules` : '/rules';
    list.push({ to: container ? target.slice(container.inner.length + 1) : target, each: relativeSource(srcPrefix, source, target), rules: [] });
    return { spec: next, pointer: `${at}/${list.length - 1}` };
  }

  /** A constant for the target: the rule at `pointer` (else a new one) writes `value`. */
  function setConstant(spec, target, value, pointer) {
    const next = clone(spec);
    const existing = rulesFor(next, target);
    const chosen = existing.find((e) => e.pointer === pointer) || existing[0];
    if (!chosen) return { spec: next, pointer: insertRule(next, target, { value }) };
    const rule = chosen.rule;
    delete rule.from;
    delete rule.concat;
    delete rule.separator;
    delete rule.map;
    rule.value = value;
    return { spec: next, pointer: chosen.pointer };
  }

  /** The target joins several sources (`concat`), with a separator. */
  function setConcat(spec, pointer, sources, separator) {
    const next = clone(spec);
    const entry = flatten(next).find((e) => e.pointer === pointer);
    if (!entry) throw new MappingEditError(`no rule at ${pointer}`);
    if (sources.length === 0) throw new MappingEditError('a joined value needs at least one source field');
    const rule = entry.rule;
    rule.concat = sources.map((s) => relativeSource(entry.srcPrefix, s, entry.target));
    if (separator) rule.separator = separator;
    else delete rule.separator;
    delete rule.from;
    delete rule.value;
    return { spec: next, pointer };
  }

  /**
   * Changes a rule's settings: each key of `patch` is set, or removed when undefined / '' (an empty
   * transform list too), so the file only says what it means.
   */
  function updateRule(spec, pointer, patch) {
    const next = clone(spec);
    const rule = getAt(next, pointer);
    if (!rule || typeof rule !== 'object') throw new MappingEditError(`no rule at ${pointer}`);
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0 && key === 'transform')) delete rule[key];
      else rule[key] = value;
    }
    return { spec: next, pointer };
  }

  /** Removes a rule; an object rule left with no rules goes too (a list rule stays: it is a line of its own). */
  function removeRule(spec, pointer) {
    let next = clone(spec);
    let at = pointer;
    for (;;) {
      const { list, index } = parentOf(next, at);
      if (!Array.isArray(list)) throw new MappingEditError(`no rule at ${pointer}`);
      list.splice(index, 1);
      const owner = at.slice(0, at.lastIndexOf('/')).replace(/\/rules$/, '');
      if (list.length > 0 || owner === '') break;
      const ownerRule = getAt(next, owner);
      if (!ownerRule || ownerRule.each !== undefined) break;
      at = owner;
    }
    return { spec: next };
  }

  /** Names a code table for the spec: an existing name for the same file, else a new one from the file's name. */
  function useCodeTable(spec, table) {
    const next = clone(spec);
    next.codeTables = next.codeTables || {};
    if (table.name && next.codeTables[table.name]) return { spec: next, name: table.name };
    for (const [name, value] of Object.entries(next.codeTables)) if (value && value.$file === table.file) return { spec: next, name };
    const base = (table.name || String(table.file).split('/').pop().replace(/\.(ya?ml|json)$/, '')).replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    let name = base;
    for (let n = 2; next.codeTables[name]; n++) name = `${base}${n}`;
    next.codeTables[name] = { $file: table.file };
    return { spec: next, name };
  }

  /** The pointer of the first rule a problem's pointer lies in (`/rules/3/transform/0` → `/rules/3`). */
  function ruleOfPointer(spec, pointer) {
    let best;
    for (const entry of flatten(spec)) if (pointer === entry.pointer || pointer.startsWith(entry.pointer + '/')) best = entry;
    return best;
  }

  /** A value of `data` at a field path (first element of a list), for showing what a sample holds. */
  function valueAt(data, path) {
    let value = data;
    for (const part of path.split('.')) {
      if (value == null) return undefined;
      const list = part.endsWith('[]');
      value = value[list ? part.slice(0, -2) : part];
      if (list) value = Array.isArray(value) ? value[0] : undefined;
    }
    return value;
  }

  return { flatten, getAt, rulesFor, mappedTargets, link, linkList, setConstant, setConcat, updateRule, removeRule, useCodeTable, ruleOfPointer, valueAt, fieldPath, escape, MappingEditError };
});
