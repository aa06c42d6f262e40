import type { AdapterSpec } from '../../src/adapters/contract';
import { soapConfigSchema, SoapConfig } from './config-schema';
import { SoapConnector } from './soap-connector';
import { describeWsdl } from './wsdl-describe';

export type { SoapConfig, SoapAuth } from './config-schema';
export { soapConfigSchema } from './config-schema';

/**
 * The `soap` adapter kind: a department system with a SOAP web service, described by a WSDL kept
 * in the catalog. Results come back pushed (the system calls the hub's SOAP callback endpoint or
 * result API) or polled (the connector calls the system's result operation on a schedule).
 */
export const soapAdapter: AdapterSpec<SoapConfig> = {
  kind: 'soap',
  title: 'SOAP (a WSDL web service)',
  description:
    'Calls one operation of the system\'s WSDL (a local file) per case, SOAP 1.1 or 1.2, with the mapping output as its arguments and the idempotency key in a SOAP header or an argument; WS-Security UsernameToken, HTTP basic or TLS client certificate. soap:Client/Sender faults are refused for good; soap:Server/Receiver faults, timeouts and transport errors are retried. Answers with a DOCTYPE, an entity declaration or over maxResponseBytes are refused before parsing. Optionally polls a result operation. Other messages about a case (an opinion, a supplement, a lookup whose result the hub reads) call the WSDL operations named under operations.',
  configSchema: soapConfigSchema,
  capabilities: { results: ['push', 'poll'], payload: 'xml', answers: true },
  create: (config, context) => new SoapConnector(config, context),
  describe: (config, context) => describeWsdl(config, context),
};
