import { OwhError } from '../errors/owh-error';

/**
 * XML from a department is untrusted. A DOCTYPE is where entities are declared (internal ones
 * that expand a billion times, external ones that read files or call addresses), and no SOAP
 * message needs one (SOAP 1.1 §3, SOAP 1.2 part 1 §5: "a SOAP message MUST NOT contain a
 * Document Type Declaration"), so any answer with a DOCTYPE or an entity declaration is refused
 * before a parser sees it. The check is on the decoded text, the same text the parser would get;
 * a declaration quoted inside a comment or CDATA is refused too (safe, and never legitimate).
 */
const DOCTYPE = /<!\s*DOCTYPE/i;
const ENTITY = /<!\s*ENTITY/i;

/** Why this XML text is refused, or undefined when it may be parsed. */
export function unsafeXmlReason(text: string): string | undefined {
  if (DOCTYPE.test(text)) return 'it has a DOCTYPE declaration (no department message needs one; it can declare entities)';
  if (ENTITY.test(text)) return 'it has an entity declaration';
  return undefined;
}

/** Throws OWH_XML_UNSAFE when `text` has a DOCTYPE or an entity declaration. */
export function assertSafeXml(text: string, what: string): void {
  const reason = unsafeXmlReason(text);
  if (reason) throw new OwhError('OWH_XML_UNSAFE', { message: `${what} was refused before parsing: ${reason}` });
}

const XML_DECLARED_ENCODING = /^<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/;

/**
 * Decodes an XML answer: by the charset of its content type, else by its byte-order mark, else by
 * its XML declaration (older department systems answer in GBK or GB18030), else as UTF-8.
 */
export function decodeXml(bytes: Buffer, contentType: string | undefined): string {
  const declared = /;\s*charset\s*=\s*"?([\w.:-]+)"?/i.exec(contentType ?? '')?.[1];
  const bom = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : undefined;
  const inDeclaration = XML_DECLARED_ENCODING.exec(bytes.subarray(0, 200).toString('latin1'))?.[1];
  for (const label of [declared, bom, inDeclaration]) {
    if (!label) continue;
    try {
      return new TextDecoder(label).decode(bytes);
    } catch {
      // an unknown label: try the next clue
    }
  }
  return new TextDecoder('utf-8').decode(bytes);
}
