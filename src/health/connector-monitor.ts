import type { Connector, HealthReport } from '../adapters/contract';
import type { BreakerState } from '../dispatch/circuit-breaker';
import type { Logger } from '../log/logger';

/** How many recent sends the error rate and latencies are computed over. */
const WINDOW = 100;

export type ConnectorState = 'up' | 'degraded' | 'down' | 'unavailable';

/** What the hub knows of one connector's health: its active probe and what its deliveries show. */
export interface ConnectorHealth {
  state: ConnectorState;
  probe?: HealthReport;
  breaker?: { state: BreakerState; consecutiveFailures: number };
  deliveries: {
    /** Sends in the window (the last 100), and how many failed. */
    recent: number;
    recentFailures: number;
    errorRate: number;
    p50Ms?: number;
    p95Ms?: number;
    lastSuccessAt?: string;
    lastFailureAt?: string;
    lastError?: { code: string; message: string };
  };
}

class Stats {
  private readonly outcomes: Array<{ ok: boolean; ms: number }> = [];
  lastSuccessAt?: string;
  lastFailureAt?: string;
  lastError?: { code: string; message: string };

  record(ok: boolean, ms: number, error?: { code: string; message: string }): void {
    this.outcomes.push({ ok, ms });
    if (this.outcomes.length > WINDOW) this.outcomes.shift();
    const at = new Date().toISOString();
    if (ok) this.lastSuccessAt = at;
    else {
      this.lastFailureAt = at;
      this.lastError = error;
    }
  }

  summary(): ConnectorHealth['deliveries'] {
    const failures = this.outcomes.filter((o) => !o.ok).length;
    const ms = this.outcomes.filter((o) => o.ok).map((o) => o.ms).sort((a, b) => a - b);
    const pick = (p: number) => (ms.length ? Math.round(ms[Math.min(ms.length - 1, Math.floor(p * ms.length))]) : undefined);
    return {
      recent: this.outcomes.length,
      recentFailures: failures,
      errorRate: this.outcomes.length ? failures / this.outcomes.length : 0,
      p50Ms: pick(0.5),
      p95Ms: pick(0.95),
      lastSuccessAt: this.lastSuccessAt,
      lastFailureAt: this.lastFailureAt,
      lastError: this.lastError,
    };
  }
}

/**
 * Connector health, from both sides: an active probe of each connector on an interval (the
 * adapter's `health()`: an HTTP request, the WSDL endpoint, the folders, the AMQP channel), and
 * what its deliveries show (last success and failure, error rate and latency over the last 100).
 * A connector is `down` when its probe says so, `degraded` when its breaker is not closed, its
 * probe says degraded, or more than half its recent sends failed; `up` otherwise.
 */
export class ConnectorMonitor {
  private readonly stats = new Map<string, Stats>();
  private readonly probes = new Map<string, HealthReport>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly connectors: Map<string, Connector>, private readonly logger: Logger) {}

  /** Probes every connector now, then every `intervalMs`. */
  start(intervalMs: number): void {
    void this.probeAll();
    this.timer = setInterval(() => void this.probeAll(), intervalMs);
    this.timer.unref();
  }

  async probeAll(): Promise<void> {
    await Promise.all(
      [...this.connectors].map(async ([id, connector]) => {
        try {
          const report = await connector.health();
          const before = this.probes.get(id)?.state;
          this.probes.set(id, report);
          if (before && before !== report.state) this.logger.warn({ connector: id, from: before, to: report.state, detail: report.detail }, `connector ${id} is ${report.state}`);
        } catch (error) {
          // health() must not throw; one that does is reported as down rather than trusted.
          this.probes.set(id, { state: 'down', detail: `the health probe failed: ${(error as Error).message}`, checkedAt: new Date().toISOString() });
        }
      }),
    );
  }

  record(connectorId: string, ok: boolean, ms: number, error?: { code: string; message: string }): void {
    let stats = this.stats.get(connectorId);
    if (!stats) this.stats.set(connectorId, (stats = new Stats()));
    stats.record(ok, ms, error);
  }

  snapshot(breakers: Map<string, { state: BreakerState; consecutiveFailures: number }>): Map<string, ConnectorHealth> {
    const out = new Map<string, ConnectorHealth>();
    for (const id of this.connectors.keys()) {
      const probe = this.probes.get(id);
      const breaker = breakers.get(id);
      const deliveries = this.stats.get(id)?.summary() ?? { recent: 0, recentFailures: 0, errorRate: 0 };
      let state: ConnectorState = 'up';
      if (probe?.state === 'down') state = 'down';
      else if (probe?.state === 'degraded' || (breaker && breaker.state !== 'closed') || (deliveries.recent >= 10 && deliveries.errorRate > 0.5)) state = 'degraded';
      out.set(id, { state, probe, breaker, deliveries });
    }
    return out;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
