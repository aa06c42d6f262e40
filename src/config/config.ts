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
  /** The embedded Node-RED editor (docs/visual-mapping.md). */
  editor: EditorConfig;
}

/** The embedded Node-RED editor's settings; paths absolute after loading. */
export interface EditorConfig {
  enabled: boolean;
  /** Where the editor and its admin API are served, e.g. `/editor`. */
  path: string;
  /** Root of the flows' own HTTP-in nodes, e.g. `/flows-http`. */
  nodePath: string;
  users: Array<{ username: string; passwordHash: SecretRef; permissions: '*' | 'read' }>;
  credentialSecret?: SecretRef;
  /** The flows kept in git, one file per tab. */
  flowsDir: string;
  /** Node-RED's own folder (credentials, sessions, library); beside the store by default. */
  userDir: string;
}

/** Paths the hub serves itself: the editor's `path` and `nodePath` may not overlap them. */
export const HUB_PATHS = ['/api', '/health', '/soap'] as const;

/** Whether one URL path prefix contains the other (`/api` and `/api/x` overlap, `/api` and `/apix` do not). */
export function pathsOverlap(a: string, b: string): boolean {
  const norm = (p: string) => p.replace(/\/+$/, '') + '/';
  const [x, y] = [norm(a), norm(b)];
  return x.startsWith(y) || y.startsWith(x);
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
