/**
 * Dot paths with `[n]` indices (`form.shareholders[0].name`), parsed once at compile time into
 * segments and turned into small closures, so that no path is parsed or walked generically per call.
 */

export type PathSegment = string | number;

/** Names a spec may never use as a path segment: writing them could reach Object.prototype. */
const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Parses a path into segments, or returns why it cannot be used. `$` alone is the current source
 * itself (no segments).
 */
export function parsePath(path: string): PathSegment[] | string {
  if (path === '$') return [];
  const segments: PathSegment[] = [];
  let i = 0;
  const n = path.length;
  while (i < n) {
    let name = '';
    while (i < n && path[i] !== '.' && path[i] !== '[') {
      if (path[i] === ']') return `unexpected ']' at character ${i + 1}`;
      name += path[i++];
    }
    if (name !== '') segments.push(name);
    else if (path[i] !== '[' || (segments.length > 0 && path[i - 1] === '.')) return `empty segment at character ${i + 1}`;
    while (i < n && path[i] === '[') {
      const close = path.indexOf(']', i);
      if (close < 0) return `unclosed '[' at character ${i + 1}`;
      const digits = path.slice(i + 1, close);
      if (!/^[0-9]+$/.test(digits)) return `index [${digits}] is not a non-negative whole number`;
      segments.push(Number(digits));
      i = close + 1;
    }
    if (i < n) {
      if (path[i] !== '.') return `expected '.' or '[' at character ${i + 1}`;
      i++;
      if (i === n) return 'the path ends with a dot';
    }
  }
  for (const s of segments) {
    if (typeof s === 'string' && FORBIDDEN.has(s)) return `'${s}' may not be used in a path (it could reach Object.prototype)`;
  }
  return segments;
}

/** A name objects or arrays inherit (toString, map, …): read and written only as an own property. */
function isInheritedName(segment: PathSegment): boolean {
  return typeof segment === 'string' && segment !== 'length' && (segment in Object.prototype || segment in Array.prototype || segment in String.prototype);
}

type Getter = (source: unknown) => unknown;

function ownGetter(segments: PathSegment[]): Getter {
  return (source) => {
    let value: unknown = source;
    for (let i = 0; i < segments.length; i++) {
      if (value === null || typeof value !== 'object' || !hasOwn.call(value, segments[i])) return undefined;
      value = (value as Record<PathSegment, unknown>)[segments[i]];
    }
    return value;
  };
}

/** A closure reading the path from a source (undefined wherever the path runs out). */
export function compileGetter(segments: PathSegment[]): Getter {
  if (segments.some(isInheritedName)) return ownGetter(segments);
  switch (segments.length) {
    case 0:
      return (source) => source;
    case 1: {
      const a = segments[0];
      return (source) => (source == null ? undefined : (source as Record<PathSegment, unknown>)[a]);
    }
    case 2: {
      const a = segments[0];
      const b = segments[1];
      return (source) => {
        if (source == null) return undefined;
        const x = (source as Record<PathSegment, unknown>)[a];
        return x == null ? undefined : (x as Record<PathSegment, unknown>)[b];
      };
    }
    case 3: {
      const a = segments[0];
      const b = segments[1];
      const c = segments[2];
      return (source) => {
        if (source == null) return undefined;
        const x = (source as Record<PathSegment, unknown>)[a];
        if (x == null) return undefined;
        const y = (x as Record<PathSegment, unknown>)[b];
        return y == null ? undefined : (y as Record<PathSegment, unknown>)[c];
      };
    }
    default:
      return (source) => {
        let value: unknown = source;
        for (let i = 0; i < segments.length; i++) {
          if (value == null) return undefined;
          value = (value as Record<PathSegment, unknown>)[segments[i]];
        }
        return value;
      };
  }
}

export type Setter = (target: Record<string, unknown>, value: unknown) => void;

/**
 * A closure writing a value at the path inside a target object, creating plain objects (or arrays,
 * before an `[n]`) on the way. The segments were checked by parsePath, so no write can reach a
 * prototype; inherited names are only ever taken as own properties. `conflict` is called (and
 * must throw) when the path crosses a value that is not a container of the right kind.
 */
export function compileSetter(segments: PathSegment[], conflict: (reason: string) => never): Setter {
  const last = segments[segments.length - 1];
  const inherited = segments.some(isInheritedName);
  if (segments.length === 1 && !inherited) {
    return (target, value) => {
      target[last as string] = value;
    };
  }
  if (segments.length === 2 && !inherited && typeof segments[1] === 'string') {
    const a = segments[0] as string;
    const b = segments[1];
    return (target, value) => {
      let inner = target[a] as Record<string, unknown> | undefined;
      if (inner === undefined) {
        inner = {};
        target[a] = inner;
      } else if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) {
        conflict(`'${a}' already holds ${Array.isArray(inner) ? 'an array' : 'a value'}, not an object`);
      }
      inner[b] = value;
    };
  }
  return (target, value) => {
    let container: Record<PathSegment, unknown> = target;
    for (let i = 0; i < segments.length - 1; i++) {
      const segment = segments[i];
      const wantArray = typeof segments[i + 1] === 'number';
      let next = hasOwn.call(container, segment) ? container[segment] : undefined;
      if (next === undefined || next === null) {
        next = wantArray ? [] : {};
        container[segment] = next;
      } else if (typeof next !== 'object' || Array.isArray(next) !== wantArray) {
        conflict(`'${String(segment)}' already holds ${Array.isArray(next) ? 'an array' : typeof next === 'object' ? 'an object' : 'a value'}, not ${wantArray ? 'an array' : 'an object'}`);
      }
      container = next as Record<PathSegment, unknown>;
    }
    container[last] = value;
  };
}
