/**
 * The file adapter against the same atomic write done straight with `fs` (temporary name, write,
 * fsync, rename, fsync of the folder), on the same case files, in the same run: what the
 * connector costs on top of the transport (serialising, naming, the re-send check, the receipt).
 *
 *   npx tsc -p tsconfig.build.json && node dist/bench/file.bench.js [files]
 */
import { pooled } from './pooled';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileAdapter } from '../adapters/file';
import type { OutboundMessage } from '../src/adapters/contract';
import { AdapterRegistry } from '../src/adapters/registry';
import { silentLogger } from '../src/log/logger';

export interface FileBenchResult {
  adapterPerSec: number;
  directPerSec: number;
  /** adapter / direct: 1 means the connector costs nothing over the bare write. */
  ratio: number;
}

const IN_FLIGHT = 16;

function cases(n: number): OutboundMessage[] {
  return Array.from({ length: n }, (_, i) => {
    const caseId = `NB2026112800${String(i).padStart(4, '0')}`;
    return {
      idempotencyKey: `${caseId}:nrp-realestate`,
      caseId,
      itemCode: 'QR00201001',
      systemId: 'nrp-realestate',
      deliveryId: i + 1,
      attempt: 1,
      payload: {
        ywlsh: caseId,
        sxbm: 'QR00201001',
        sqsj: '2026-11-28 09:30:00',
        xzqh: '330203',
        qlr: [{ xm: '王小明', zjlx: '1', zjhm: '330203199001011234', lxdh: '13812345678' }],
        bdcdy: { zl: '宁波市海曙区中山西路1号', mj: '89.50', yt: '住宅' },
        cl: Array.from({ length: 4 }, (_m, k) => ({ mc: `材料${k + 1}`, uri: `http://127.0.0.1:8080/api/v1/cases/${caseId}/materials/M${k + 1}` })),
      },
    };
  });
}


/** The bare transport: what any careful file drop does, and nothing more. */
async function directWrite(folder: string, name: string, bytes: Buffer): Promise<void> {
  const tmp = join(folder, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(tmp, 'wx');
  await handle.writeFile(bytes);
  await handle.sync();
  await handle.close();
  await rename(tmp, join(folder, name));
  const dir = await open(folder, 'r');
  await dir.sync();
  await dir.close();
}

async function adapterRun(messages: OutboundMessage[]): Promise<number> {
  const outbox = mkdtempSync(join(tmpdir(), 'owh-bench-file-adapter-'));
  const connector = new AdapterRegistry([fileAdapter]).create('file', { outbox }, {
    connectorId: 'nrp-realestate',
    systemId: 'nrp-realestate',
    logger: silentLogger(),
    secret: () => '',
    defaultTimeoutMs: 30_000,
    results: { submit: () => Promise.reject(new Error('no results in this bench')) },
    catalogRoot: process.cwd(),
  });
  try {
    return await pooled(messages, IN_FLIGHT, (m) => connector.send(m));
  } finally {
    await connector.close();
    rmSync(outbox, { recursive: true, force: true });
  }
}

async function directRun(messages: OutboundMessage[]): Promise<number> {
  const outbox = mkdtempSync(join(tmpdir(), 'owh-bench-file-direct-'));
  try {
    // The same bytes the adapter writes (JSON, 2-space indent, final newline), serialised in the timed loop too.
    return await pooled(messages, IN_FLIGHT, (m) => directWrite(outbox, `${m.caseId}.json`, Buffer.from(`${JSON.stringify(m.payload, null, 2)}\n`, 'utf8')));
  } finally {
    rmSync(outbox, { recursive: true, force: true });
  }
}

export async function runFileBench(options: { files?: number } = {}): Promise<FileBenchResult> {
  const n = options.files ?? 2000;
  const messages = cases(n);
  await adapterRun(messages.slice(0, 100)); // warm up both paths
  await directRun(messages.slice(0, 100));

  // Rounds alternate, so neither side always runs on a warmer disk cache.
  const rounds = 5;
  const adapter: number[] = [];
  const direct: number[] = [];
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) {
      adapter.push(await adapterRun(messages));
      direct.push(await directRun(messages));
    } else {
      direct.push(await directRun(messages));
      adapter.push(await adapterRun(messages));
    }
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const result: FileBenchResult = { adapterPerSec: median(adapter), directPerSec: median(direct), ratio: median(adapter) / median(direct) };

  const fmt = (x: number): string => Math.round(x).toLocaleString('en-US').padStart(8);
  console.log(
    [
      `file drop: ${n} JSON case files, ${IN_FLIGHT} in flight, into ${tmpdir()} (median of ${rounds} alternating rounds)`,
      `  file adapter (send)                   ${fmt(result.adapterPerSec)} files/s`,
      `  direct fs (tmp, fsync, rename, fsync) ${fmt(result.directPerSec)} files/s`,
      `  adapter / direct: ${result.ratio.toFixed(2)}×`,
    ].join('\n'),
  );
  return result;
}

if (require.main === module) {
  const files = process.argv[2] ? Number(process.argv[2]) : undefined;
  runFileBench({ files }).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
