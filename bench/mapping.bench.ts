/**
 * The mapping engine against the same request mapping written by hand in plain TypeScript (the
 * floor: what a careful engineer would write for one system) and in JSONata (the usual
 * declarative alternative), on the same cases, in the same run.
 *
 *   npx tsc -p tsconfig.build.json && node dist/bench/mapping.bench.js
 */
import jsonata from 'jsonata';
import { compileMapping, diffValues, MappingSpec } from '../src/mapping';
import { residentIdCheckChar } from '../src/validate/cn-codes';

export interface MappingBenchResult {
  engineOpsPerSec: number;
  handWrittenOpsPerSec: number;
  jsonataOpsPerSec: number;
}

const CHANNELS = { window: '01', web: '02', app: '03', kiosk: '04' };
const GENDERS = { '1': '男', '2': '女' };
const SHAREHOLDER_TYPES = { person: '1', company: '2' };

/** A company-registration request to the market-supervision system (市场监管): 29 rules. */
export const benchSpec: MappingSpec = {
  kind: 'request',
  form: 'urn:owh:form:company-registration:1',
  system: 'scjg-qydj',
  timezone: '+08:00',
  codeTables: { channel: CHANNELS, gender: GENDERS, shareholderType: SHAREHOLDER_TYPES },
  rules: [
    { to: 'ywlsh', from: 'caseId', required: true },
    { to: 'sxbm', from: 'itemCode', required: true },
    { to: 'sqqd', from: 'channel', map: 'channel' },
    { to: 'sqsj', from: 'submittedAt', transform: [{ datetime: { to: 'YYYY-MM-DD HH:mm:ss' } }] },
    { to: 'slsj', from: 'submittedAt', transform: [{ datetime: { to: 'YYYYMMDDHHmmss' } }] },
    { to: 'xzqh', from: 'jurisdiction' },
    { to: 'sldw', from: 'acceptedAt.servicePoint' },
    { to: 'xtbs', value: 'OWH' },
    { to: 'qymc', from: 'form.companyName', transform: [{ trim: true }], required: true },
    { to: 'zczb', from: 'form.registeredCapital', transform: [{ number: { scale: 4, integer: true } }] },
    { to: 'clrq', from: 'form.establishedOn', transform: [{ date: { to: 'YYYYMMDD' } }] },
    { to: 'zs', concat: ['form.address.province', 'form.address.city', 'form.address.district', 'form.address.street'] },
    { to: 'jyfw', from: 'form.businessScope', transform: [{ replace: { find: ';', with: '；' } }] },
    {
      to: 'fddbr',
      rules: [
        { to: 'xm', from: 'form.legalRepresentative.name', required: true },
        { to: 'xb', from: 'form.legalRepresentative.gender', map: 'gender' },
        { to: 'zjhm', from: 'form.legalRepresentative.idNumber', transform: [{ upper: true }] },
        { to: 'csrq', from: 'form.legalRepresentative.birthDate', transform: [{ date: { to: 'YYYY年MM月DD日' } }] },
        { to: 'lxdh', from: 'form.legalRepresentative.phone' },
        { to: 'dzyx', from: 'form.legalRepresentative.email', transform: [{ trim: true }, { lower: true }] },
      ],
    },
    {
      to: 'gdxx',
      each: 'form.shareholders',
      rules: [
        { to: 'gdmc', from: 'name', required: true },
        { to: 'gdlx', from: 'type', map: 'shareholderType' },
        { to: 'zjhm', from: 'idNumber' },
        { to: 'rjcze', from: 'contribution', transform: [{ number: { scale: 2 } }] },
        { to: 'czbl', from: 'share', transform: [{ number: { scale: 2, decimals: 2 } }] },
        { to: 'czrq', from: 'contributedOn', transform: [{ date: { to: 'YYYYMMDD' } }] },
      ],
    },
    { to: 'wztz', from: 'form.foreignInvested', transform: [{ boolean: { true: 'Y', false: 'N' } }] },
    { to: 'bz', from: 'form.remarks', default: '无' },
    { to: 'tyshxydm', from: 'applicant.idNumber', when: { path: 'applicant.type', equals: 'legal-entity' } },
  ],
};

function residentId(first17: string): string {
  return first17 + residentIdCheckChar(first17);
}

/** Realistic cases (made-up people), a few so no implementation sees one object only. */
export function benchCases(count = 16): Record<string, unknown>[] {
  const surnames = ['张', '王', '李', '赵', '陈', '刘', '杨', '黄'];
  return Array.from({ length: count }, (_, i) => {
    const n = String(i + 1).padStart(6, '0');
    const day = String((i % 28) + 1).padStart(2, '0');
    return {
      caseId: `NB20261128${n}`,
      itemCode: 'XK00101001',
      channel: ['window', 'web', 'app', 'kiosk'][i % 4],
      acceptedAt: { servicePoint: '330281-ZWFWZX-01', district: '330281' },
      jurisdiction: '330203',
      submittedAt: i % 2 === 0 ? `2026-11-${day}T17:${String(i % 60).padStart(2, '0')}:05Z` : `2026-11-${day}T09:15:00+08:00`,
      applicant: { type: 'legal-entity', name: `宁波海曙示例贸易有限公司${i}`, idType: 'credit-code', idNumber: '91330203MA2H4J7K1X' },
      form: {
        companyName: `  宁波海曙示例贸易有限公司${i} `,
        registeredCapital: `${100 + i}.5`,
        establishedOn: `2026年${(i % 12) + 1}月${(i % 28) + 1}日`,
        address: { province: '浙江省', city: '宁波市', district: '海曙区', street: `中山西路${i + 1}号` },
        businessScope: '日用百货销售;五金产品零售;货物进出口',
        legalRepresentative: {
          name: `${surnames[i % 8]}三`,
          gender: i % 2 === 0 ? '1' : '2',
          idNumber: residentId(`33020319850307${String(100 + i).slice(-3)}`),
          birthDate: '1985-03-07',
          phone: `138${String(10000000 + i * 7919).slice(-8)}`,
          email: ` Owner${i}@Example.COM `,
        },
        shareholders: [
          { name: `${surnames[i % 8]}三`, type: 'person', idNumber: residentId(`33020319850307${String(100 + i).slice(-3)}`), contribution: '500.25', share: 0.5, contributedOn: '2026/01/05' },
          { name: `${surnames[(i + 1) % 8]}四`, type: 'person', idNumber: residentId(`33020419900101${String(200 + i).slice(-3)}`), contribution: 300.1, share: 0.3, contributedOn: '2026-01-05' },
          { name: '宁波示例投资有限公司', type: 'company', idNumber: '91330200MA2AAAAA0X', contribution: '200.15', share: 0.2, contributedOn: '20260105' },
        ],
        foreignInvested: i % 3 === 0,
        remarks: i % 2 === 0 ? '' : '加急',
      },
    };
  });
}

// --- the same mapping by hand -------------------------------------------------------------------

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const p2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

function handDateTime(text: string, pattern: 'dash' | 'compact'): string {
  const t = new Date(text).getTime() + 8 * 3600_000;
  const d = new Date(t);
  const y = d.getUTCFullYear();
  const date = [y, p2(d.getUTCMonth() + 1), p2(d.getUTCDate())];
  const time = [p2(d.getUTCHours()), p2(d.getUTCMinutes()), p2(d.getUTCSeconds())];
  return pattern === 'dash' ? `${date.join('-')} ${time.join(':')}` : date.join('') + time.join('');
}

function handDate(text: string): [string, string, string] {
  const m = /^(\d{4})(?:[-/年]?)(\d{1,2})(?:[-/月]?)(\d{1,2})日?$/.exec(text);
  if (!m) throw new Error(`not a date: ${text}`);
  return [m[1], m[2].padStart(2, '0'), m[3].padStart(2, '0')];
}

export function handWrittenMapping(c: Any): Record<string, unknown> {
  const form = c.form;
  const rep = form.legalRepresentative;
  const out: Any = {
    ywlsh: c.caseId,
    sxbm: c.itemCode,
    sqqd: (CHANNELS as Any)[c.channel],
    sqsj: handDateTime(c.submittedAt, 'dash'),
    slsj: handDateTime(c.submittedAt, 'compact'),
    xzqh: c.jurisdiction,
    sldw: c.acceptedAt.servicePoint,
    xtbs: 'OWH',
    qymc: form.companyName.trim(),
    zczb: Math.round(Number(form.registeredCapital) * 10000),
    clrq: handDate(form.establishedOn).join(''),
    zs: [form.address.province, form.address.city, form.address.district, form.address.street].filter((x) => x != null && x !== '').join(''),
    jyfw: form.businessScope.split(';').join('；'),
  };
  const [by, bm, bd] = handDate(rep.birthDate);
  out.fddbr = {
    xm: rep.name,
    xb: (GENDERS as Any)[rep.gender],
    zjhm: rep.idNumber.toUpperCase(),
    csrq: `${by}年${bm}月${bd}日`,
    lxdh: rep.phone,
    dzyx: rep.email.trim().toLowerCase(),
  };
  out.gdxx = form.shareholders.map((s: Any) => ({
    gdmc: s.name,
    gdlx: (SHAREHOLDER_TYPES as Any)[s.type],
    zjhm: s.idNumber,
    rjcze: Math.round(Number(s.contribution) * 100),
    czbl: (Number(s.share) * 100).toFixed(2),
    czrq: handDate(s.contributedOn).join(''),
  }));
  out.wztz = form.foreignInvested ? 'Y' : 'N';
  out.bz = form.remarks === undefined || form.remarks === null || form.remarks === '' ? '无' : form.remarks;
  if (c.applicant.type === 'legal-entity') out.tyshxydm = c.applicant.idNumber;
  return out;
}

// --- the same mapping in JSONata ----------------------------------------------------------------

export const jsonataExpression = `(
  $d := function($s) {(
    $m := $match($s, /^(\\d{4})[-\\/年]?(\\d{1,2})[-\\/月]?(\\d{1,2})日?$/);
    [$m.groups[0], $pad($m.groups[1], -2, '0'), $pad($m.groups[2], -2, '0')]
  )};
  $rep := form.legalRepresentative;
  {
    "ywlsh": caseId,
    "sxbm": itemCode,
    "sqqd": $lookup($channels, channel),
    "sqsj": $fromMillis($toMillis(submittedAt), '[Y0001]-[M01]-[D01] [H01]:[m01]:[s01]', '+0800'),
    "slsj": $fromMillis($toMillis(submittedAt), '[Y0001][M01][D01][H01][m01][s01]', '+0800'),
    "xzqh": jurisdiction,
    "sldw": acceptedAt.servicePoint,
    "xtbs": 'OWH',
    "qymc": $trim(form.companyName),
    "zczb": $round($number(form.registeredCapital) * 10000),
    "clrq": $join($d(form.establishedOn), ''),
    "zs": $join([form.address.province, form.address.city, form.address.district, form.address.street], ''),
    "jyfw": $replace(form.businessScope, ';', '；'),
    "fddbr": {
      "xm": $rep.name,
      "xb": $lookup($genders, $rep.gender),
      "zjhm": $uppercase($rep.idNumber),
      "csrq": ($b := $d($rep.birthDate); $b[0] & '年' & $b[1] & '月' & $b[2] & '日'),
      "lxdh": $rep.phone,
      "dzyx": $lowercase($trim($rep.email))
    },
    "gdxx": [form.shareholders.{
      "gdmc": name,
      "gdlx": $lookup($shareholderTypes, type),
      "zjhm": idNumber,
      "rjcze": $round($number(contribution) * 100),
      "czbl": $formatNumber($number(share) * 100, '0.00'),
      "czrq": $join($d(contributedOn), '')
    }],
    "wztz": form.foreignInvested ? 'Y' : 'N',
    "bz": form.remarks ? form.remarks : '无',
    "tyshxydm": applicant.type = 'legal-entity' ? applicant.idNumber : undefined
  }
)`;

// --- the run ------------------------------------------------------------------------------------

function plain(value: unknown): unknown {
  // JSONata marks its arrays (sequences); compare as JSON data.
  return JSON.parse(JSON.stringify(value));
}

async function measure(run: (i: number) => unknown, budget: { ms?: number; iterations?: number }): Promise<{ ops: number; ns: bigint }> {
  let ops = 0;
  let sink = 0;
  const start = process.hrtime.bigint();
  const deadline = budget.ms === undefined ? undefined : start + BigInt(Math.round(budget.ms * 1e6));
  for (;;) {
    // Check the clock every 64 calls: cheap next to any of the three.
    for (let k = 0; k < 64; k++) {
      let out = run(ops);
      if (out instanceof Promise) out = await out;
      sink += (out as Record<string, unknown>).ywlsh === undefined ? 1 : 0;
      ops++;
      if (budget.iterations !== undefined && ops >= budget.iterations) break;
    }
    if (budget.iterations !== undefined && ops >= budget.iterations) break;
    if (deadline !== undefined && process.hrtime.bigint() >= deadline) break;
  }
  const ns = process.hrtime.bigint() - start;
  if (sink !== 0) throw new Error('a mapping lost the case id');
  return { ops, ns };
}

export async function runMappingBench(options: { iterations?: number } = {}): Promise<MappingBenchResult> {
  const cases = benchCases();
  const engine = compileMapping(benchSpec, { name: 'bench' });
  const expression = jsonata(jsonataExpression);
  const bindings = { channels: CHANNELS, genders: GENDERS, shareholderTypes: SHAREHOLDER_TYPES };

  // Same output from all three, on every case, before anything is timed.
  for (const c of cases) {
    const fromEngine = engine(c);
    const byHand = handWrittenMapping(c);
    const fromJsonata = plain(await expression.evaluate(c, bindings));
    for (const [name, other] of [['hand-written', byHand], ['jsonata', fromJsonata]] as const) {
      const differences = diffValues(fromEngine, other);
      if (differences.length > 0) throw new Error(`the engine and ${name} disagree on ${String(c.caseId)}: ${JSON.stringify(differences.slice(0, 5))}`);
    }
  }

  const n = cases.length;
  const impls: Array<{ name: string; run: (i: number) => unknown }> = [
    { name: 'engine', run: (i) => engine(cases[i % n]) },
    { name: 'hand-written', run: (i) => handWrittenMapping(cases[i % n]) },
    { name: 'jsonata', run: (i) => expression.evaluate(cases[i % n], bindings) },
  ];

  // Warm up (JIT), then interleave rounds so drift in the machine hits all three alike.
  for (const impl of impls) await measure(impl.run, options.iterations !== undefined ? { iterations: Math.min(options.iterations, 2000) } : { ms: 300 });
  const rounds = 3;
  const totals = impls.map(() => ({ ops: 0, ns: 0n }));
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < impls.length; k++) {
      const budget = options.iterations !== undefined ? { iterations: Math.max(1, Math.ceil(options.iterations / rounds)) } : { ms: 500 };
      const m = await measure(impls[k].run, budget);
      totals[k].ops += m.ops;
      totals[k].ns += m.ns;
    }
  }
  const opsPerSec = totals.map((t) => (t.ops * 1e9) / Number(t.ns));
  const result: MappingBenchResult = { engineOpsPerSec: opsPerSec[0], handWrittenOpsPerSec: opsPerSec[1], jsonataOpsPerSec: opsPerSec[2] };

  const fmt = (x: number): string => Math.round(x).toLocaleString('en-US').padStart(12);
  const lines = [
    `mapping: company registration request, ${countRules(benchSpec.rules)} rules, 3 shareholders, ${n} cases`,
    `  implementation      ops/s    engine ×`,
    ...impls.map((impl, k) => `  ${impl.name.padEnd(13)}${fmt(opsPerSec[k])}  ${(opsPerSec[0] / opsPerSec[k]).toFixed(2).padStart(8)}`),
    `  engine / hand-written: ${(result.engineOpsPerSec / result.handWrittenOpsPerSec).toFixed(2)}×   engine / jsonata: ${(result.engineOpsPerSec / result.jsonataOpsPerSec).toFixed(1)}×`,
  ];
  console.log(lines.join('\n'));
  return result;
}

function countRules(rules: MappingSpec['rules']): number {
  return rules.reduce((sum, r) => sum + 1 + (r.rules ? countRules(r.rules) : 0), 0);
}

if (require.main === module) {
  runMappingBench().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
