import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { AdapterDescription } from '../../src/adapters/contract';
import { OwhError } from '../../src/errors/owh-error';
import type { SoapConfig } from './config-schema';
import { inspectWsdl, parse, XmlNode } from './wsdl-inspect';
import { unsafeXmlReason } from './xml-safety';

const WSDL_NS = 'http://schemas.xmlsoap.org/wsdl/';
const XSD_NS = 'http://www.w3.org/2001/XMLSchema';

type Schema = Record<string, unknown>;

/**
 * The WSDL's services, ports and operations, and each operation's input (document/literal: the
 * input message's element) as a JSON Schema derived from the inline XSD: sequences, all and
 * choice of elements, named and anonymous complex types, minOccurs="0" (optional),
 * maxOccurs > 1 (array), and the common built-in simple types. What it cannot follow (imports,
 * extensions, deep recursion) becomes `{}` (anything).
 */
export async function describeWsdl(config: Pick<SoapConfig, 'wsdl' | 'port' | 'service'>, context: { catalogRoot: string }): Promise<AdapterDescription> {
  const path = isAbsolute(config.wsdl) ? config.wsdl : resolve(context.catalogRoot, config.wsdl);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new OwhError('OWH_CONFIG_NOT_FOUND', { message: `cannot read the WSDL ${path}: ${(error as Error).message}`, fix: 'Put the WSDL in the catalog folder and name it relative to that folder.' });
  }
  const unsafe = unsafeXmlReason(text);
  if (unsafe) throw new OwhError('OWH_XML_UNSAFE', { message: `the WSDL ${path} was refused: ${unsafe}` });
  const info = inspectWsdl(text);
  const root = parse(text);

  const byService = new Map<string, AdapterDescription['services'][number]>();
  for (const p of info.ports) {
    const service = byService.get(p.service) ?? { name: p.service, ports: [] };
    service.ports.push({ name: p.name, soapVersion: p.soapVersion, address: p.address, operations: p.operations ?? [] });
    byService.set(p.service, service);
  }
  const chosen = info.ports.find((p) => (!config.service || p.service === config.service) && (!config.port || p.name === config.port));
  const names = [...new Set(chosen?.operations ?? info.ports.flatMap((p) => p.operations ?? []))];

  const schemas = root.children.filter((c) => c.uri === WSDL_NS && c.local === 'types').flatMap((t) => t.children.filter((c) => c.uri === XSD_NS && c.local === 'schema'));
  const all = (local: string) => schemas.flatMap((s) => s.children.filter((c) => c.uri === XSD_NS && c.local === local));
  const elements = new Map(all('element').map((e) => [e.attrs.name, e]));
  const types = new Map(all('complexType').map((e) => [e.attrs.name, e]));
  const simpleTypes = new Map(all('simpleType').map((e) => [e.attrs.name, e]));
  const messages = new Map(root.children.filter((c) => c.uri === WSDL_NS && c.local === 'message').map((m) => [m.attrs.name, m]));
  const portTypeOps = new Map<string, XmlNode>();
  for (const pt of root.children.filter((c) => c.uri === WSDL_NS && c.local === 'portType')) {
    for (const op of pt.children.filter((c) => c.uri === WSDL_NS && c.local === 'operation')) if (!portTypeOps.has(op.attrs.name)) portTypeOps.set(op.attrs.name, op);
  }

  const simple = (type: string | undefined): Schema => {
    const local = localPart(type ?? '');
    if (['int', 'integer', 'long', 'short', 'byte', 'nonNegativeInteger', 'positiveInteger', 'unsignedInt', 'unsignedLong'].includes(local)) return { type: 'integer' };
    if (['decimal', 'double', 'float'].includes(local)) return { type: 'number' };
    if (local === 'boolean') return { type: 'boolean' };
    if (local === 'date') return { type: 'string', format: 'date' };
    if (local === 'dateTime') return { type: 'string', format: 'date-time' };
    const named = simpleTypes.get(local);
    if (named) {
      const restriction = named.children.find((c) => c.local === 'restriction');
      const values = restriction?.children.filter((c) => c.local === 'enumeration').map((c) => c.attrs.value) ?? [];
      return { ...simple(restriction?.attrs.base), ...(values.length > 0 ? { enum: values } : {}) };
    }
    return { type: 'string' };
  };
  const complex = (node: XmlNode, depth: number): Schema => {
    if (depth > 8) return {};
    const properties: Record<string, Schema> = {};
    const required: string[] = [];
    const walkGroup = (group: XmlNode, optional: boolean) => {
      for (const child of group.children) {
        if (child.uri !== XSD_NS) continue;
        if (child.local === 'sequence' || child.local === 'all') walkGroup(child, optional || child.attrs.minOccurs === '0');
        else if (child.local === 'choice') walkGroup(child, true);
        else if (child.local === 'element' && (child.attrs.name || child.attrs.ref)) {
          const name = child.attrs.name ?? localPart(child.attrs.ref);
          let schema = elementSchema(child, depth + 1);
          const max = child.attrs.maxOccurs;
          if (max === 'unbounded' || (max !== undefined && Number(max) > 1)) schema = { type: 'array', items: schema };
          properties[name] = schema;
          if (!optional && child.attrs.minOccurs !== '0') required.push(name);
        }
      }
    };
    walkGroup(node, false);
    return { type: 'object', ...(required.length > 0 ? { required } : {}), properties };
  };
  const elementSchema = (element: XmlNode, depth: number): Schema => {
    if (element.attrs.ref) {
      const target = elements.get(localPart(element.attrs.ref));
      return target && depth < 8 ? elementSchema(target, depth + 1) : {};
    }
    const inline = element.children.find((c) => c.uri === XSD_NS && c.local === 'complexType');
    if (inline) return complex(inline, depth);
    const named = types.get(localPart(element.attrs.type ?? ''));
    if (named) return complex(named, depth);
    return simple(element.attrs.type);
  };

  const operations = names.map((name) => {
    const input = portTypeOps.get(name)?.children.find((c) => c.uri === WSDL_NS && c.local === 'input');
    const message = messages.get(localPart(input?.attrs.message ?? ''));
    const parts = message?.children.filter((c) => c.uri === WSDL_NS && c.local === 'part') ?? [];
    if (parts.length === 0) return { name };
    if (parts.length === 1 && parts[0].attrs.element) {
      const element = elements.get(localPart(parts[0].attrs.element));
      return element ? { name, input: { $schema: 'https://json-schema.org/draft/2020-12/schema', title: `${name} input`, ...elementSchema(element, 0) } } : { name };
    }
    // rpc style: one property per part
    const properties = Object.fromEntries(parts.map((p) => [p.attrs.name, p.attrs.element ? elementSchema(elements.get(localPart(p.attrs.element)) ?? p, 0) : simple(p.attrs.type)]));
    return { name, input: { $schema: 'https://json-schema.org/draft/2020-12/schema', title: `${name} input`, type: 'object', required: Object.keys(properties), properties } };
  });
  return { services: [...byService.values()], operations };
}

function localPart(qname: string): string {
  const colon = qname.indexOf(':');
  return colon === -1 ? qname : qname.slice(colon + 1);
}
