import type { SecretRef } from './secrets';

/** The hub's configuration after validation: every default applied, every path absolute. */
export interface HubConfig {
  /** The file it came from, if any. */
  file?: string;
  catalog: string;
  server: { host: string; port: number; publicUrl?: string };
  store: { kind: 'sqlite'; path: string; synchronous: 'full' | 'normal' };
  materials: { path: string };
  intake: { bodyLimit: number };
  clients: Array<{ id: string; name?: string; key: SecretRef }>;
  delivery: DeliveryPolicy;
  connectors: Record<string, Record<string, unknown>>;
  health: { probeIntervalMs: number };
  /** Plug-in adapter modules; relative ones are resolved against the configuration file's folder (`baseDir`). */
  plugins: Array<{ module: string }>;
  /** The folder relative settings were resolved against. */
  baseDir: string;
  demo: { simulators: boolean; resultDelayMs: number };
  /** Files the register is seeded from when it is empty (paths resolved against baseDir). */
  onboarding: { seed?: { files: string[]; stages?: string } };
  log: { level: string };
}

export interface DeliveryPolicy {
  maxAttempts: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
  backoffMultiplier: number;
  jitter: number;
  concurrency: number;
  timeoutMs: number;
  leaseMs: number;
  pollIntervalMs: number;
  breakerThreshold: number;
  breakerCooldownMs: number;
  thread: boolean;
}
