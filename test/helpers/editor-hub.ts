import { request } from 'undici';
import { freePort } from '../../src/util/net';
import { eventually, startTestHub } from './hub-harness';
import { tempDir } from './temp-dir';

// node-red bundles bcryptjs; the hub takes only hashes, as an administrator would give them.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const bcrypt = require('bcryptjs') as { hashSync(password: string, rounds: number): string };

const PASSWORD = 'editor-hub-password';

/**
 * A test hub with its embedded editor on a known port (a flow's REST connector points back at the
 * hub), logged in through the admin API, and a way to deploy flows as the editor does.
 */
export async function startHubWithEditor(overrides: (hubUrl: string) => Record<string, unknown> = () => ({})): Promise<{
  harness: Awaited<ReturnType<typeof startTestHub>>;
  hubUrl: string;
  deploy(nodes: unknown[]): Promise<void>;
  cleanup(): Promise<void>;
}> {
  const flows = tempDir('owh-editor-hub-');
  const port = await freePort();
  const hubUrl = `http://127.0.0.1:${port}`;
  const harness = await startTestHub({
    server: { host: '127.0.0.1', port },
    editor: {
      enabled: true,
      path: '/editor',
      nodePath: '/flows-http',
      flowsDir: flows.path,
      users: [{ username: 'admin', passwordHash: { env: 'OWH_TEST_EDITOR_HASH', demoValue: bcrypt.hashSync(PASSWORD, 4) }, permissions: '*' }],
      credentialSecret: { env: 'OWH_TEST_EDITOR_SECRET', demoValue: 'test-credential-secret' },
    },
    ...overrides(hubUrl),
  });
  const login = await request(`${hubUrl}/editor/auth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ client_id: 'node-red-admin', grant_type: 'password', scope: '*', username: 'admin', password: PASSWORD }).toString() });
  const { access_token: token } = (await login.body.json()) as { access_token: string };
  const admin = { authorization: `Bearer ${token}`, 'node-red-api-version': 'v2' };
  return {
    harness,
    hubUrl,
    deploy: async (nodes) => {
      const current = await request(`${hubUrl}/editor/flows`, { headers: admin });
      const { rev } = (await current.body.json()) as { rev: string };
      const deployed = await request(`${hubUrl}/editor/flows`, { method: 'POST', headers: { ...admin, 'content-type': 'application/json', 'node-red-deployment-type': 'full' }, body: JSON.stringify({ flows: nodes, rev }) });
      const text = await deployed.body.text();
      if (deployed.statusCode !== 200) throw new Error(`deploy answered ${deployed.statusCode}: ${text}`);
    },
    cleanup: async () => {
      await harness.cleanup();
      flows.cleanup();
    },
  };
}

/** Waits until a flow's `owh case in` endpoint answers (400: no idempotency key). */
export async function caseInReady(hubUrl: string, system: string): Promise<void> {
  await eventually(async () => {
    const res = await request(`${hubUrl}/flows-http/owh/cases/${system}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    await res.body.dump();
    return res.statusCode === 400 ? true : undefined;
  }, 5000, `the flow's endpoint for ${system}`);
}
