import { OwhError } from '../../src/errors/owh-error';

export { assertSafeXml, decodeXml, unsafeXmlReason } from '../../src/util/xml-safety';

export function tooLargeError(what: string, limit: number): OwhError {
  return new OwhError('OWH_XML_UNSAFE', {
    message: `${what} was refused before parsing: it is larger than maxResponseBytes (${limit} bytes)`,
    fix: 'Raise the connector\'s maxResponseBytes if the system really answers this much, or ask the department to answer with less.',
  });
}
