import type { ConnectorContext, ResultSink } from '../../src/adapters/contract';
import { createSecretResolver } from '../../src/config/secrets';
import { silentLogger } from '../../src/log/logger';

/** A result sink that records what a connector hands it, answering as the hub would. */
export class RecordingResultSink implements ResultSink {
  readonly submitted: Array<{ caseId?: string; body: unknown }> = [];
  /** Set to make the next submissions fail as the hub would refuse them. */
  refuse: ((input: { caseId?: string; body: unknown }) => Error | undefined) | undefined;

  async submit(input: { caseId?: string; body: unknown }): Promise<{ caseId: string; status: string; duplicate: boolean }> {
    const refusal = this.refuse?.(input);
    if (refusal) throw refusal;
    this.submitted.push(input);
    const caseId = input.caseId ?? String((input.body as { caseId?: unknown })?.caseId ?? 'unknown');
    return { caseId, status: 'accepted', duplicate: false };
  }
}

/** A ConnectorContext for adapter tests: silent logger, secrets from `env`, a recording result sink. */
export function testConnectorContext(overrides: Partial<ConnectorContext> & { env?: NodeJS.ProcessEnv; allowDemoValues?: boolean } = {}): ConnectorContext {
  const { env, allowDemoValues, ...rest } = overrides;
  return {
    connectorId: 'test-system',
    systemId: 'test-system',
    logger: silentLogger(),
    secret: createSecretResolver({ env: env ?? {}, allowDemoValues: allowDemoValues ?? false }),
    defaultTimeoutMs: 5000,
    results: new RecordingResultSink(),
    catalogRoot: process.cwd(),
    ...rest,
  };
}
