import { Parser } from 'xml2js';

const WSDL_NS = 'http://schemas.xmlsoap.org/wsdl/';
const SOAP11_NS = 'http://schemas.xmlsoap.org/wsdl/soap/';
const SOAP12_NS = 'http://schemas.xmlsoap.org/wsdl/soap12/';

/** One port of a WSDL service, with what its binding says. */
export interface WsdlPort {
  service: string;
  name: string;
  /** The binding's SOAP version; undefined when the binding is not in this file or is not SOAP. */
  soapVersion?: '1.1' | '1.2';
  /** The port's soap:address (or soap12:address) location. */
  address?: string;
  /** The binding's operations; undefined when the binding is not in this file. */
  operations?: string[];
}

export interface WsdlInfo {
  targetNamespace: string;
  /** Every port of every service, in document order. */
  ports: WsdlPort[];
  /** Imports and includes that name an absolute http(s) address (the hub never fetches those). */
  remoteImports: string[];
}

export interface XmlNode {
  uri: string;
  local: string;
  attrs: Record<string, string>;
  children: XmlNode[];
}

/**
 * What the `soap` package does not keep from a WSDL but the connector needs before it builds a
 * client: each port's binding version (soap: or soap12:), address and operations, and the
 * addresses of imports. The soap package drops the binding's namespace, so a WSDL with a 1.1 and a
 * 1.2 binding would look the same to it.
 *
 * Parsed with xml2js (sax underneath), synchronously: `create()` must report a wrong service,
 * port or operation at start. Call it only on text that passed {@link unsafeXmlReason}.
 */
export function inspectWsdl(text: string): WsdlInfo {
  const root = parse(text);
  if (root.uri !== WSDL_NS || root.local !== 'definitions') {
    throw new Error(`the document is not a WSDL 1.1 (its root element is {${root.uri}}${root.local}, not wsdl:definitions)`);
  }
  const bindings = new Map<string, { soapVersion?: '1.1' | '1.2'; operations: string[] }>();
  for (const binding of root.children.filter((c) => c.uri === WSDL_NS && c.local === 'binding')) {
    const soap = binding.children.find((c) => c.local === 'binding' && (c.uri === SOAP11_NS || c.uri === SOAP12_NS));
    bindings.set(binding.attrs.name, {
      soapVersion: soap ? (soap.uri === SOAP12_NS ? '1.2' : '1.1') : undefined,
      operations: binding.children.filter((c) => c.uri === WSDL_NS && c.local === 'operation').map((c) => c.attrs.name),
    });
  }
  const ports: WsdlPort[] = [];
  for (const service of root.children.filter((c) => c.uri === WSDL_NS && c.local === 'service')) {
    for (const port of service.children.filter((c) => c.uri === WSDL_NS && c.local === 'port')) {
      const binding = bindings.get(localPart(port.attrs.binding ?? ''));
      const address = port.children.find((c) => c.local === 'address' && (c.uri === SOAP11_NS || c.uri === SOAP12_NS));
      ports.push({
        service: service.attrs.name,
        name: port.attrs.name,
        soapVersion: binding?.soapVersion,
        address: address?.attrs.location,
        operations: binding?.operations,
      });
    }
  }
  const remoteImports: string[] = [];
  walk(root, (node) => {
    if (node.local !== 'import' && node.local !== 'include' && node.local !== 'redefine') return;
    for (const name of ['location', 'schemaLocation']) {
      const location = node.attrs[name];
      if (location && /^[A-Za-z][A-Za-z0-9+.-]+:/.test(location)) remoteImports.push(location);
    }
  });
  return { targetNamespace: root.attrs.targetNamespace ?? '', ports, remoteImports };
}

function localPart(qname: string): string {
  const colon = qname.indexOf(':');
  return colon === -1 ? qname : qname.slice(colon + 1);
}

function walk(node: XmlNode, visit: (node: XmlNode) => void): void {
  visit(node);
  for (const child of node.children) walk(child, visit);
}

type RawNode = {
  $?: Record<string, { local: string; uri: string; value: string }>;
  $ns?: { uri: string; local: string };
  $$?: RawNode[];
};

export function parse(text: string): XmlNode {
  let raw: Record<string, RawNode> | undefined;
  let failure: unknown;
  // xml2js calls back synchronously (its `async` option is off by default).
  new Parser({ xmlns: true, explicitChildren: true, preserveChildrenOrder: true, explicitRoot: true }).parseString(text, (error: unknown, result: Record<string, RawNode>) => {
    failure = error;
    raw = result;
  });
  if (failure) throw failure instanceof Error ? failure : new Error(String(failure));
  const top = raw && Object.values(raw)[0];
  if (!top) throw new Error('the document is empty');
  return convert(top);
}

function convert(node: RawNode): XmlNode {
  const attrs: Record<string, string> = {};
  for (const attr of Object.values(node.$ ?? {})) {
    // Attributes of WSDL elements are unqualified; xmlns declarations are not attributes here.
    if (attr.uri === '' || attr.uri === undefined) attrs[attr.local] = attr.value;
  }
  return {
    uri: node.$ns?.uri ?? '',
    local: node.$ns?.local ?? '',
    attrs,
    children: (node.$$ ?? []).filter((c) => typeof c === 'object' && c.$ns).map(convert),
  };
}
