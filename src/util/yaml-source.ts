import { readFileSync } from 'node:fs';
import { isMap, isSeq, isScalar, LineCounter, parseDocument, Node as YamlNode } from 'yaml';
import { ErrorCode } from '../errors/catalogue';
import { ErrorDetail, OwhError } from '../errors/owh-error';

/** A YAML or JSON document read from a file, which can say on which line a JSON pointer lies. */
export interface SourceDocument {
  file: string;
  data: unknown;
  lineOf(pointer: string): number | undefined;
}

/**
 * Reads a YAML or JSON file (JSON is YAML) keeping positions, so that every error about the data
 * can name the file and line as well as the JSON pointer. A syntax error is an OwhError of `code`.
 */
export function readSourceDocument(file: string, code: ErrorCode): SourceDocument {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new OwhError('OWH_CONFIG_NOT_FOUND', { message: `cannot read ${file}: ${(err as Error).message}` });
  }
  return parseSourceText(text, file, code);
}

export function parseSourceText(text: string, file: string, code: ErrorCode): SourceDocument {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const details: ErrorDetail[] = doc.errors.map((e) => ({
      pointer: '',
      keyword: 'syntax',
      message: e.message.split('\n')[0],
      file,
      line: e.linePos?.[0]?.line,
    }));
    throw new OwhError(code, { message: `${file} is not valid YAML/JSON`, details });
  }
  const data = doc.toJS({ maxAliasCount: 100 });
  const lineOf = (pointer: string): number | undefined => {
    let node: unknown = doc.contents;
    let last: YamlNode | undefined = node as YamlNode;
    for (const raw of pointer.split('/').slice(1)) {
      const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      if (isMap(node)) {
        const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === token);
        if (!pair) break;
        node = pair.value;
        last = (pair.value ?? pair.key) as YamlNode;
      } else if (isSeq(node)) {
        node = node.items[Number(token)];
        if (!node) break;
        last = node as YamlNode;
      } else break;
    }
    const offset = last?.range?.[0];
    return offset === undefined ? undefined : lineCounter.linePos(offset).line;
  };
  return { file, data, lineOf };
}

/** Adds file and line to details that point into a source document. */
export function locate(details: ErrorDetail[], source: SourceDocument, pointerPrefix = ''): ErrorDetail[] {
  return details.map((d) => ({ ...d, file: source.file, line: source.lineOf(pointerPrefix + d.pointer) }));
}
