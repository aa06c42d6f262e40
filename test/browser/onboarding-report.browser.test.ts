import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { renderOnboardingHtml } from '../../src/onboarding/report-html';
import type { ForwardStage, OnboardingReport, PhaseReport, Stage } from '../../src/onboarding/types';
import { describeWithBrowser, launchBrowser } from '../helpers/browser';
import { tempDir } from '../helpers/temp-dir';

const ARTIFACTS = resolve(__dirname, '../../test-artifacts');
const SCREENSHOT = join(ARTIFACTS, 'onboarding-report.png');
const PHONE_SCREENSHOT = join(ARTIFACTS, 'onboarding-report-phone.png');
/** The page the screenshots show, kept beside them to open by hand. */
const PAGE_COPY = join(ARTIFACTS, 'onboarding-report.html');

type Department = PhaseReport['byDepartment'][number];

/** The little of the DOM that the in-page checks use (the project compiles without lib "dom"). */
interface BrowserElement {
  textContent: string | null;
  ownerSVGElement: BrowserElement | null;
  getBoundingClientRect(): { right: number };
}
interface BrowserWindow {
  document: { documentElement: { scrollWidth: number }; querySelectorAll(selector: string): ArrayLike<BrowserElement> };
}
type Blocker = PhaseReport['blockers'][number];

/** A name from an imported file that would run, and call out, if it were not escaped. */
const HOSTILE = '<script>window.__owned = 1; alert("dept")</script>市某局<img src="x.png" onerror="window.__owned = 2">';

/** The service centre's 11 city departments (phase 1), with their share of the 118 items. */
const CITY_DEPARTMENTS: Array<[string, string, number]> = [
  ['nb-amr', '市市场监督管理局 Market Supervision', 18],
  ['nb-hrss', '市人力资源和社会保障局 Human Resources and Social Security', 15],
  ['nb-nrp', '市自然资源和规划局 Natural Resources and Planning', 14],
  ['nb-housing', '市住房和城乡建设局 Housing and Urban-Rural Development', 13],
  ['nb-transport', '市交通运输局 Transport', 12],
  ['nb-psb', '市公安局 Public Security', 11],
  ['nb-health', '市卫生健康委员会 Health', 10],
  ['nb-civil', '市民政局 Civil Affairs', 9],
  ['nb-edu', '市教育局 Education', 7],
  ['nb-commerce', '市商务局 Commerce', 5],
  ['nb-eco', '市生态环境局 Ecology and Environment', 4],
];

const DISTRICTS = ['海曙区', '江北区', '北仑区', '镇海区', '鄞州区', '奉化区', '象山县', '宁海县', '余姚市', '慈溪市'];
const BUREAUS = ['市场监督管理局', '人力资源和社会保障局', '自然资源和规划局'];

const NEXT: Record<ForwardStage, ForwardStage> = { planned: 'mapped', mapped: 'connected', connected: 'verified', verified: 'live', live: 'live' };
const LACKS: Record<ForwardStage, (system: string, i: number) => string> = {
  planned: (_s, i) => `表单映射 a mapping for form F-${String(i % 59).padStart(3, '0')}`,
  mapped: (s) => `接口 a connector for ${s}`,
  connected: (s) => `联调 a verified test case against ${s}`,
  verified: () => `部门确认 the department's sign-off`,
  live: () => '',
};

function stagesOf(counts: Partial<Record<Stage, number>>): Record<Stage, number> {
  return { planned: 0, mapped: 0, connected: 0, verified: 0, live: 0, paused: 0, retired: 0, ...counts };
}

function blockers(n: number, departments: Department[]): Blocker[] {
  const order: ForwardStage[] = ['mapped', 'planned', 'connected', 'verified'];
  return Array.from({ length: n }, (_, i) => {
    const stage = order[i % order.length];
    const system = `${departments[i % departments.length].department}-approval`;
    return { item: `XK${String(100 + i).padStart(5, '0')}${String(i % 7).padStart(3, '0')}`, system, stage, next: NEXT[stage], lacks: LACKS[stage](system, i) };
  });
}

function phaseOf(phase: number, name: string, basis: string, byDepartment: Department[], extra: Partial<PhaseReport>): PhaseReport {
  const total = byDepartment.reduce((s, d) => s + d.items, 0);
  const live = byDepartment.reduce((s, d) => s + d.live, 0);
  return {
    phase,
    name,
    basis,
    items: { total, live },
    systems: { needed: 0, connected: 0 },
    departments: { total: byDepartment.length, withLiveItems: byDepartment.filter((d) => d.live > 0).length },
    forms: { total: 0, digitised: 0 },
    stages: stagesOf({}),
    byDepartment,
    blockers: [],
    blockersTotal: 0,
    ...extra,
  };
}

/** A city part of the way through: phase 1 done, phases 2 and 3 under way, with blockers. */
function cityReport(): OnboardingReport {
  const phase1 = phaseOf(
    1,
    '行政服务中心 Administrative service centre',
    '市行政服务中心办理的 118 个事项 the 118 items handled in the city service centre',
    CITY_DEPARTMENTS.map(([department, name, items]) => ({ department, name, items, live: items, pairs: items + 4, pairsLive: items + 4 })),
    { systems: { needed: 14, connected: 14 }, forms: { total: 59, digitised: 59 }, stages: stagesOf({ live: 162, retired: 2 }) },
  );

  const top: Department[] = [
    ...CITY_DEPARTMENTS.map(([department, name, items], i) => ({
      department,
      name,
      items: items - 4 + (i % 3),
      live: Math.max(0, items - 4 - i),
      pairs: items,
      pairsLive: Math.max(0, items - 6 - i),
    })),
    { department: 'nb-tax', name: '市税务局 Taxation', items: 9, live: 0, pairs: 9, pairsLive: 0 },
    { department: 'nb-hostile', name: HOSTILE, items: 5, live: 2, pairs: 6, pairsLive: 2 },
    { department: 'nb-fund', name: '市住房公积金管理中心 Housing Provident Fund', items: 6, live: 3, pairs: 6, pairsLive: 3 },
  ];
  const phase2 = phaseOf(2, '办件量前100 Top 100 by volume', '按办件量排名前 100 的事项 the top 100 items by case volume', top, {
    systems: { needed: 21, connected: 15 },
    forms: { total: 100, digitised: 71 },
    stages: stagesOf({ planned: 9, mapped: 12, connected: 8, verified: 6, live: 74, paused: 2 }),
    blockers: [
      { item: 'XK00301001', system: 'nb-hostile-approval', stage: 'mapped', next: 'connected', lacks: HOSTILE },
      ...blockers(24, top),
    ],
    blockersTotal: 38,
  });

  const all: Department[] = [
    ...top.map((d) => ({ ...d, items: d.items * 6, pairs: d.pairs * 6 })),
    ...DISTRICTS.flatMap((district, di) =>
      BUREAUS.map((bureau, bi) => {
        const items = 80 + ((di * 3 + bi) * 37) % 120;
        const live = (di + bi) % 4 === 0 ? 0 : Math.round(items * (((di * 7 + bi * 3) % 9) / 10));
        return { department: `d${di}-${bi}`, name: `${district}${bureau}`, items, live, pairs: items, pairsLive: live };
      }),
    ),
  ];
  const phase3 = phaseOf(3, '全部事项 Every item', '所有市级及区县事项 every item of the register', all, {
    systems: { needed: 96, connected: 31 },
    forms: { total: 4100, digitised: 1380 },
    stages: stagesOf({ planned: 3120, mapped: 900, connected: 410, verified: 150, live: 1700, paused: 40, retired: 12 }),
    blockers: blockers(200, all),
    blockersTotal: 5440,
  });

  return { generatedAt: '2026-03-02T01:30:00.000Z', city: '宁波市', phases: [phase1, phase2, phase3] };
}

describeWithBrowser('onboarding report in a real Chromium', () => {
  const report = cityReport();
  const folder = tempDir('owh-report-');
  const file = join(folder.path, 'onboarding-report.html');
  const url = pathToFileURL(file).href;
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  const dialogs: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    writeFileSync(file, renderOnboardingHtml(report), 'utf8');
    browser = (await launchBrowser())!;
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('request', (request) => requests.push(request.url()));
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(url, { waitUntil: 'load' });
  });

  afterAll(async () => {
    await browser?.close();
    folder.cleanup();
  });

  it('opens from file: with the report title and city', async () => {
    expect(await page.title()).toBe('对接进度 Onboarding progress · 宁波市');
    await expect(page.locator('h1').textContent()).resolves.toBe('对接进度 Onboarding progress · 宁波市');
    expect(await page.locator('time').getAttribute('datetime')).toBe('2026-03-02T01:30:00.000Z');
  });

  it('draws one bar per department, wide in proportion to its live items, in each phase', async () => {
    for (const phase of report.phases) {
      const chart = page.locator(`section[data-phase="${phase.phase}"] svg[data-chart="department"]`);
      await expect(chart.getAttribute('role')).resolves.toBe('img');
      await expect(chart.locator('title').count()).resolves.toBe(1);
      const label = (await chart.getAttribute('aria-label')) ?? '';
      const bars = chart.locator('rect[data-department]');
      expect(await bars.count()).toBe(phase.byDepartment.length);

      const boxes = await Promise.all(
        phase.byDepartment.map(async (d) => {
          const bar = chart.locator(`rect[data-department="${d.department}"]`);
          const track = bar.locator('xpath=..').locator('rect.track');
          const [barBox, trackBox] = await Promise.all([bar.boundingBox(), track.boundingBox()]);
          return { d, bar: barBox?.width ?? 0, track: trackBox!.width };
        }),
      );
      for (const { d, bar, track } of boxes) {
        expect(track).toBeGreaterThan(300);
        if (d.live > 0) {
          expect(bar).toBeGreaterThan(0);
          expect(bar / track).toBeCloseTo(Math.min(1, d.live / d.items), 2);
        } else {
          expect(bar).toBe(0);
        }
        expect(label).toContain(`${d.live.toLocaleString('en-US')} / ${d.items.toLocaleString('en-US')}`);
      }
    }
  });

  it('draws the phase overview with three bars and their percentages', async () => {
    const chart = page.locator('svg[data-chart="phase"]');
    const bars = chart.locator('rect[data-phase]');
    expect(await bars.count()).toBe(3);
    const widths = await Promise.all([1, 2, 3].map(async (n) => (await chart.locator(`rect[data-phase="${n}"]`).boundingBox())!.width));
    expect(widths.every((w) => w > 0)).toBe(true);
    expect(widths[0]).toBeGreaterThan(widths[1]); // phase 1 is complete
    const figures = await chart.locator('text.figures').allTextContents();
    expect(figures[0]).toBe('118 / 118 · 100%');
    const [p2, p3] = [report.phases[1], report.phases[2]];
    expect(figures[1]).toContain(`${p2.items.live} / ${p2.items.total} · `);
    expect(figures[2]).toContain(`${p3.items.live.toLocaleString('en-US')} / ${p3.items.total.toLocaleString('en-US')} · `);
  });

  it('lists the blockers of each phase and says how many more there are', async () => {
    const rows = (n: number) => page.locator(`section[data-phase="${n}"] table[data-table="blockers"] tbody tr`);
    expect(await page.locator('section[data-phase="1"] table[data-table="blockers"]').count()).toBe(0);
    await expect(page.locator('section[data-phase="1"] [data-empty="blockers"]').textContent()).resolves.toContain('No blockers');
    expect(await rows(2).count()).toBe(25);
    expect(await rows(3).count()).toBe(200);
    await expect(page.locator('section[data-phase="2"] [data-more]').textContent()).resolves.toBe('还有 13 个 and 13 more');
    await expect(page.locator('section[data-phase="3"] [data-more]').textContent()).resolves.toBe('还有 5,240 个 and 5,240 more');
    const first = await rows(3).first().locator('td').allTextContents();
    expect(first).toEqual(['XK00100000', 'nb-amr-approval', '已映射 mapped', '已联通 connected', '接口 a connector for nb-amr-approval']);
  });

  it('shows a hostile department name as text: nothing ran, nothing was inserted', async () => {
    const label = page.locator('section[data-phase="2"] svg[data-chart="department"] text.label:visible', { hasText: '<script>' });
    await expect(label.count()).resolves.toBe(1);
    expect(await label.textContent()).toBe(HOSTILE);
    expect(await page.locator('section[data-phase="2"] th', { hasText: HOSTILE }).count()).toBe(1);
    expect(await page.locator('section[data-phase="2"] table[data-table="blockers"] td', { hasText: HOSTILE }).count()).toBe(1);
    expect(await page.locator('script, img, iframe, object, embed').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as unknown as { __owned?: number }).__owned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('makes no network request: the only request is the file itself', () => {
    expect(requests).toEqual([url]);
  });

  it('fits a phone: no sideways scrolling, every figure inside its chart', async () => {
    const phone = await browser.newPage({ viewport: { width: 360, height: 780 }, isMobile: true });
    try {
      const phoneRequests: string[] = [];
      phone.on('request', (request) => phoneRequests.push(request.url()));
      await phone.goto(url, { waitUntil: 'load' });
      expect(await phone.evaluate(() => (globalThis as unknown as BrowserWindow).document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      const overflowing = await phone.evaluate(() =>
        Array.from((globalThis as unknown as BrowserWindow).document.querySelectorAll('svg.chart text'))
          .filter((text) => text.getBoundingClientRect().right > text.ownerSVGElement!.getBoundingClientRect().right + 0.5)
          .map((text) => text.textContent),
      );
      expect(overflowing).toEqual([]);
      mkdirSync(ARTIFACTS, { recursive: true });
      await phone.screenshot({ path: PHONE_SCREENSHOT, fullPage: true });
      expect(phoneRequests).toEqual([url]);
    } finally {
      await phone.close();
    }
  });

  it('saves a full-page screenshot at 1280px', async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    copyFileSync(file, PAGE_COPY);
    const png = await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.length).toBeGreaterThan(10_000);
  });
});
