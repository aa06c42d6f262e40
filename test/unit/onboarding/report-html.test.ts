import { renderOnboardingHtml } from '../../../src/onboarding/report-html';
import type { OnboardingReport, PhaseReport, Stage } from '../../../src/onboarding/types';

type Department = PhaseReport['byDepartment'][number];

function stages(counts: Partial<Record<Stage, number>> = {}): Record<Stage, number> {
  return { planned: 0, mapped: 0, connected: 0, verified: 0, live: 0, paused: 0, retired: 0, ...counts };
}

function department(id: string, items: number, live: number, name = `部门 ${id}`): Department {
  return { department: id, name, items, live, pairs: items * 2, pairsLive: live * 2 };
}

function phase(overrides: Partial<PhaseReport> = {}): PhaseReport {
  const byDepartment = overrides.byDepartment ?? [department('city-amr', 20, 10, '市场监督管理局'), department('city-hrss', 20, 5, '人力资源和社会保障局')];
  const total = byDepartment.reduce((s, d) => s + d.items, 0);
  const live = byDepartment.reduce((s, d) => s + d.live, 0);
  return {
    phase: 2,
    name: '办件量前100',
    basis: 'the top 100 items by case volume',
    items: { total, live },
    systems: { needed: 9, connected: 4 },
    departments: { total: byDepartment.length, withLiveItems: byDepartment.filter((d) => d.live > 0).length },
    forms: { total: 31, digitised: 17 },
    stages: stages({ planned: 3, mapped: 7, connected: 5, verified: 2, live: live, paused: 1, retired: 0 }),
    byDepartment,
    blockers: [
      { item: 'XK00101001', system: 'amr-approval', stage: 'mapped', next: 'connected', lacks: 'a connector for amr-approval' },
      { item: 'GG00302000', system: 'hrss-social', stage: 'planned', next: 'mapped', lacks: 'a mapping for form F-017' },
    ],
    blockersTotal: 2,
    ...overrides,
  };
}

function report(phases: PhaseReport[], city = '宁波市'): OnboardingReport {
  return { generatedAt: '2026-03-02T01:30:00.000Z', city, phases };
}

/** The bars of one chart kind, as `key → width (percent of the chart)`. */
function bars(html: string, attribute: 'data-department' | 'data-phase'): Map<string, number> {
  const found = new Map<string, number>();
  for (const m of html.matchAll(new RegExp(`<rect class="bar" ${attribute}="([^"]*)"[^>]*? width="([^"]*)%"`, 'g'))) {
    found.set(m[1], Number(m[2]));
  }
  return found;
}

const ATTRIBUTE = /\s([\w:-]+)(?:="([^"]*)")?/g;

function tags(html: string): string[] {
  return html.match(/<[a-zA-Z][^>]*>/g) ?? [];
}

function attributeNames(html: string): string[] {
  return tags(html).flatMap((tag) => [...tag.matchAll(ATTRIBUTE)].map((m) => m[1]));
}

function attributeValues(html: string): string[] {
  return tags(html).flatMap((tag) => [...tag.matchAll(ATTRIBUTE)].map((m) => m[2] ?? ''));
}

describe('onboarding report as HTML', () => {
  it('is one UTF-8 page in zh-CN that loads nothing from anywhere and runs no script', () => {
    const html = renderOnboardingHtml(report([phase({ phase: 1, name: '行政服务中心' }), phase()]));

    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).not.toMatch(/https?:/i);
    expect(html).not.toMatch(/\s(?:src|href|xlink:href|action|poster|srcset)\s*=/i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).not.toMatch(/@import/i);
    expect(html).not.toMatch(/<(?:script|link|iframe|object|embed|img)\b/i);
    expect(html).toContain(`default-src 'none'`);
  });

  it('shows the city, the generated time, the title and bilingual labels in the header', () => {
    const html = renderOnboardingHtml(report([phase()]), { title: '宁波对接周报 Weekly onboarding' });

    expect(html).toContain('<title>宁波对接周报 Weekly onboarding · 宁波市</title>');
    expect(html).toContain('<h1>宁波对接周报 Weekly onboarding · 宁波市</h1>');
    expect(html).toContain('<time datetime="2026-03-02T01:30:00.000Z">2026-03-02 01:30 UTC</time>');
    expect(renderOnboardingHtml(report([phase()]))).toContain('对接进度 Onboarding progress');
  });

  it('renders hostile names from imported files as text, in elements and in attributes', () => {
    const hostile = phase({
      name: '<img src=x onerror=alert(1)>',
      basis: '</section><script>alert("basis")</script>',
      byDepartment: [department('x" onmouseover="alert(1)', 4, 2, '<script>alert("dept")</script>'), department('dept&co', 4, 4, "O'Brien & 合作")],
      blockers: [{ item: '<b>XK</b>', system: '<svg onload=alert(1)>', stage: 'planned', next: 'mapped', lacks: '"quoted" & <tagged>' }],
      blockersTotal: 1,
    });
    const html = renderOnboardingHtml(report([hostile], '<script>alert("city")</script>'), { title: '<i>title</i>' });

    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<svg onload/i);
    expect(html).not.toContain('<b>XK</b>');
    expect(html).not.toContain('<i>title</i>');
    expect(html).toContain('&lt;script&gt;alert(&quot;dept&quot;)&lt;/script&gt;');
    expect(html).toContain('&lt;script&gt;alert(&quot;city&quot;)&lt;/script&gt;');
    expect(html).toContain('data-department="x&quot; onmouseover=&quot;alert(1)"');
    // Escaped values hold no raw quote, so every attribute is `name="value"`: none is an event handler.
    expect(attributeNames(html).filter((name) => /^on/i.test(name))).toEqual([]);
    expect(html).toContain('O&#39;Brien &amp; 合作');
    expect(html).toContain('&quot;quoted&quot; &amp; &lt;tagged&gt;');
    expect(bars(html, 'data-department').get('x&quot; onmouseover=&quot;alert(1)')).toBe(30);
  });

  it('shows the figures: summary, stage counts, department and phase shares, blockers and how many more', () => {
    const p = phase({ blockersTotal: 152 });
    const html = renderOnboardingHtml(report([p]));

    expect(html).toMatch(/<div data-summary="items"><dt>[^<]+<\/dt><dd>15 \/ 40<\/dd>/);
    expect(html).toMatch(/<div data-summary="systems"><dt>[^<]+<\/dt><dd>4 \/ 9<\/dd>/);
    expect(html).toMatch(/<div data-summary="departments"><dt>[^<]+<\/dt><dd>2 \/ 2<\/dd>/);
    expect(html).toMatch(/<div data-summary="forms"><dt>[^<]+<\/dt><dd>17 \/ 31<\/dd>/);
    for (const [stage, n] of Object.entries(p.stages)) expect(html).toContain(`<li data-stage="${stage}"><b>${n}</b>`);
    expect(html).toContain('10 / 20 · 50%');
    expect(html).toContain('5 / 20 · 25%');
    expect(html).toContain('15 / 40 · 37.5%');
    expect(html.match(/<tr data-blocker>/g)).toHaveLength(2);
    expect(html).toContain('a mapping for form F-017');
    expect(html).toContain('还有 150 个 and 150 more');
    // Every chart can be read without seeing it.
    expect(html).toMatch(/<svg class="chart" role="img" data-chart="department"[^>]* aria-label="[^"]*市场监督管理局: 10 \/ 20 事项已上线 items live \(50%\)/);
    expect(html).toMatch(/data-chart="department"[^>]*><title>[^<]+<\/title>/);
  });

  it('says nothing about more blockers when all of them are listed', () => {
    expect(renderOnboardingHtml(report([phase()]))).not.toContain('more</p>');
  });

  it('draws each bar in proportion to live / total, one per department and one per phase', () => {
    const p1 = phase({ phase: 1, byDepartment: [department('a', 30, 30), department('b', 10, 0)] });
    const p2 = phase({ phase: 2, byDepartment: [department('c', 20, 10), department('d', 20, 5), department('e', 8, 2)] });
    const html = renderOnboardingHtml(report([p1, p2]));

    const departments = bars(html, 'data-department');
    expect([...departments.keys()]).toEqual(['a', 'b', 'c', 'd', 'e']);
    const full = departments.get('a')!;
    expect(full).toBeGreaterThan(0);
    expect(departments.get('b')).toBe(0);
    expect(departments.get('c')! / full).toBeCloseTo(0.5, 2);
    expect(departments.get('d')! / full).toBeCloseTo(0.25, 2);
    expect(departments.get('e')! / full).toBeCloseTo(0.25, 2);
    // The full bar fills its track.
    expect(html).toContain(`<rect class="track" x="0" y="22" width="${full}%"`);

    const phases = bars(html, 'data-phase');
    expect([...phases.keys()]).toEqual(['1', '2']);
    expect(phases.get('1')! / full).toBeCloseTo(30 / 40, 2);
    expect(phases.get('2')! / full).toBeCloseTo(17 / 48, 2);
    expect(html).toContain('30 / 40 · 75%');
  });

  it('renders empty phases and departments without items as such, with no NaN anywhere', () => {
    const empty: PhaseReport = {
      phase: 3,
      name: '全部',
      basis: 'every item of the register',
      items: { total: 0, live: 0 },
      systems: { needed: 0, connected: 0 },
      departments: { total: 0, withLiveItems: 0 },
      forms: { total: 0, digitised: 0 },
      stages: stages(),
      byDepartment: [],
      blockers: [],
      blockersTotal: 0,
    };
    const withIdle = phase({ byDepartment: [department('idle', 0, 0)] });
    const html = renderOnboardingHtml(report([withIdle, empty]));

    expect(html).toContain('<p class="empty" data-empty="phase">无事项 No items in this phase.</p>');
    expect(html).toContain('data-empty="departments"');
    expect(html).toContain('data-empty="blockers"');
    expect(html).toContain('无事项 no items');
    expect(bars(html, 'data-department').get('idle')).toBe(0);
    expect(bars(html, 'data-phase').get('3')).toBe(0);
    expect(html).not.toMatch(/NaN|Infinity|undefined/);
    for (const value of attributeValues(html)) expect(value).not.toMatch(/NaN|Infinity|undefined/);

    const none = renderOnboardingHtml({ generatedAt: 'not a date', phases: [] });
    expect(none).toContain('无阶段 No phases');
    expect(none).toContain('<time>not a date</time>');
    expect(none).not.toMatch(/NaN|undefined/);
  });

  it('cuts long names in a chart to fit a phone, counting Chinese characters double, and keeps them whole elsewhere', () => {
    const chinese = '宁波市某某区某某街道办事处社会事务管理服务中心综合受理窗口'; // 29 wide characters
    const latin = 'Municipal Bureau of Human Resources and Social Security, Ningbo';
    const html = renderOnboardingHtml(report([phase({ byDepartment: [department('zh', 2, 1, chinese), department('en', 2, 1, latin), department('short', 2, 1, '市商务局')] })]));
    const labels = (kind: string) => [...html.matchAll(new RegExp(`<text class="label${kind}"[^>]*>([^<]*)</text>`, 'g'))].map((m) => m[1]);

    // On a phone (48 width units): 23 Chinese characters or 47 Latin ones, and the ellipsis.
    expect(labels(' label-narrow')).toEqual([`${chinese.slice(0, 23)}…`, `${latin.slice(0, 47)}…`]);
    // On a wide screen both fit whole; a short name is written once.
    expect(labels(' label-wide')).toEqual([chinese, latin]);
    expect(labels('')).toContain('市商务局');
    expect(html).toContain(`<th scope="row">${chinese} <code>zh</code></th>`);
    expect(html).toMatch(new RegExp(`aria-label="[^"]*${chinese}: 1 / 2`));
  });

  it('writes 100% only when every item is live, and a start as more than 0%', () => {
    const html = renderOnboardingHtml(report([phase({ byDepartment: [department('almost', 2500, 2499), department('started', 5000, 1), department('third', 3, 1)] })]));
    expect(html).toContain('2,499 / 2,500 · 99.9%');
    expect(html).toContain('1 / 5,000 · &lt;0.1%');
    expect(html).toContain('1 / 3 · 33.3%');
  });

  it('keeps bars inside their track when the data says more are live than exist', () => {
    const html = renderOnboardingHtml(report([phase({ byDepartment: [department('over', 4, 9), department('full', 4, 4)] })]));
    const found = bars(html, 'data-department');
    expect(found.get('over')).toBe(found.get('full'));
    expect(html).toContain('9 / 4 · 100%');
  });

  it('renders a city-scale report (3 phases, 60 departments, 200 blockers each) in a few ms and under 300 KB', () => {
    const big = (id: number): PhaseReport => {
      const byDepartment = Array.from({ length: 60 }, (_, i) =>
        department(`dept-${String(i).padStart(2, '0')}`, 40 + i, (i * 7) % (40 + i), `宁波市第${i + 1}局 Bureau ${i + 1}`),
      );
      return phase({
        phase: id,
        byDepartment,
        blockers: Array.from({ length: 200 }, (_, i) => ({
          item: `XK${String(i).padStart(5, '0')}001`,
          system: `system-${i % 40}`,
          stage: 'mapped' as const,
          next: 'connected' as const,
          lacks: `a connector for system-${i % 40} (department dept-${i % 60})`,
        })),
        blockersTotal: 1200,
      });
    };
    const city = report([big(1), big(2), big(3)]);

    // The fastest of a few runs: what rendering costs, not what a busy machine adds to it.
    let html = '';
    let ms = Infinity;
    for (let i = 0; i < 10; i++) {
      const started = process.hrtime.bigint();
      html = renderOnboardingHtml(city);
      ms = Math.min(ms, Number(process.hrtime.bigint() - started) / 1e6);
    }

    expect(bars(html, 'data-department').size).toBe(60); // same ids in each phase
    expect(html.match(/<rect class="bar" data-department=/g)).toHaveLength(180);
    expect(html.match(/<tr data-blocker>/g)).toHaveLength(600);
    expect(Buffer.byteLength(html, 'utf8')).toBeLessThan(300 * 1024);
    expect(ms).toBeLessThan(20); // a few ms here (2–8 ms), a margin for slow CI machines
  });
});
