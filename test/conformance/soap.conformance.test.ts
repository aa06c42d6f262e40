import { dirname } from 'node:path';
import { soapAdapter } from '../../adapters/soap';
import { HRSS_WSDL, HrssSoapServer } from '../fixtures/soap/hrss-soap-server';
import { ConformancePeer, describeConformance } from './suite';

/**
 * A department system with a SOAP web service (soap.listen from the fixture WSDL) that honours
 * idempotency keys, faults on request, stalls on request, and returns queued results from its
 * QueryResults operation, which the connector polls.
 */
class SoapPeer implements ConformancePeer {
  private readonly server = new HrssSoapServer();

  get settings(): Record<string, unknown> {
    return {
      wsdl: 'hrss-social-insurance.wsdl',
      endpoint: this.server.url(),
      operation: 'SubmitApplication',
      poll: { operation: 'QueryResults', intervalMs: 100 },
    };
  }

  async start(): Promise<void> {
    await this.server.start();
  }

  effects(key: string): number {
    return this.server.effects(key);
  }

  rejectNext(): void {
    this.server.faultNext('client', '申请材料不齐全');
  }

  stallNext(): void {
    this.server.stallNext();
  }

  async emitResult(caseId: string): Promise<void> {
    this.server.queueResult({ ywlsh: caseId, caseId, kind: 'acceptance', outcome: 'accepted', receipt: `SJ-${caseId}` });
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  async restart(): Promise<void> {
    await this.server.restart();
  }

  close(): Promise<void> {
    return this.server.stop();
  }
}

describeConformance({
  spec: soapAdapter,
  timeoutMs: 300,
  catalogRoot: dirname(HRSS_WSDL),
  async startPeer() {
    const peer = new SoapPeer();
    await peer.start();
    return peer;
  },
  unreachableSettings: (peer) => ({ ...peer.settings, endpoint: 'http://127.0.0.1:9/hrss/ws/shbx' }),
  operationSettings: (peer) => ({ ...peer.settings, operations: { opinion: 'ReceiveOpinion' } }),
});
