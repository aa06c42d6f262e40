/**
 * The onboarding report (分阶段对接) as one self-contained HTML page: inline CSS and inline SVG,
 * no script and nothing fetched, so it can be mailed or opened from a folder and read offline.
 * A Content-Security-Policy that forbids every fetch and every script backs that up: should a
 * name from an imported file slip past escaping, it still cannot run or call out.
 */
import type { OnboardingReport, PhaseReport, Stage } from './types';
import { barChart, count, escapeHtml, formatCount, percent, stackedBar } from './report-html-svg';

export interface OnboardingHtmlOptions {
  /** The page's heading and `<title>` (the city is added after it). */
  title?: string;
}

const DEFAULT_TITLE = '对接进度 Onboarding progress';

/** Every stage, forward ones first, with the label people read. */
const STAGE_LABELS: Array<[Stage, string]> = [
  ['planned', '已规划 planned'],
  ['mapped', '已映射 mapped'],
  ['connected', '已联通 connected'],
  ['verified', '已验证 verified'],
  ['live', '已上线 live'],
  ['paused', '已暂停 paused'],
  ['retired', '已退役 retired'],
];

const STAGE_NAMES = new Map<string, string>(STAGE_LABELS);

const CSS = `
:root{color-scheme:light;--ink:#1f2933;--muted:#52606d;--line:#cbd2d9;--track:#e4e7eb;--bar:#1b6e3a;--bg:#fff;--panel:#f5f7fa}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 system-ui,-apple-system,"Segoe UI","PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Zen Hei",sans-serif}
main{max-width:1120px;margin:0 auto;padding:24px 32px 48px}
header{border-bottom:2px solid var(--ink);margin-bottom:8px}
h1{font-size:26px;margin:0 0 4px}
h2{font-size:21px;margin:36px 0 4px;padding-top:12px;border-top:1px solid var(--line)}
h3{font-size:16px;margin:20px 0 8px}
.meta,.basis,.note{color:var(--muted);margin:0 0 12px}
h3 .note{font-weight:400;font-size:13px;margin:0 0 0 6px}
.summary{display:grid;grid-template-columns:repeat(4,minmax(0,1fr));gap:8px;margin:12px 0}
.summary div{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:8px 12px}
.summary dt{color:var(--muted);font-size:13px}
.summary dd{margin:0;font-size:20px;font-weight:600;font-variant-numeric:tabular-nums}
.stages{list-style:none;display:grid;grid-template-columns:repeat(7,minmax(0,1fr));gap:6px;padding:0;margin:8px 0 0}
.stages li{border:1px solid var(--line);border-radius:6px;padding:6px 8px;font-size:13px;color:var(--muted)}
.stages li b{display:block;color:var(--ink);font-size:18px;font-variant-numeric:tabular-nums}
.swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px;vertical-align:baseline}
svg{display:block;overflow:hidden}
svg text{fill:var(--ink);font-size:13px}
svg .figures{fill:var(--muted);font-variant-numeric:tabular-nums}
svg .label-narrow{display:none}
svg .track{fill:var(--track)}
svg .bar{fill:var(--bar)}
.seg-planned{fill:#7b8794;background:#7b8794}.seg-mapped{fill:#3e7cb1;background:#3e7cb1}.seg-connected{fill:#1f5f99;background:#1f5f99}
.seg-verified{fill:#6a4fb3;background:#6a4fb3}.seg-live{fill:#1b6e3a;background:#1b6e3a}.seg-paused{fill:#b35c00;background:#b35c00}.seg-retired{fill:#3e4c59;background:#3e4c59}
.empty{background:var(--panel);border:1px dashed var(--line);border-radius:6px;padding:10px 12px;color:var(--muted)}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{background:var(--panel)}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
code{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;font-size:13px}
details{margin:8px 0}
summary{cursor:pointer;color:var(--muted)}
@media (max-width:720px){
main{padding:12px 12px 32px}
h1{font-size:21px}
.summary{grid-template-columns:repeat(2,minmax(0,1fr))}
.stages{grid-template-columns:repeat(4,minmax(0,1fr))}
svg text{font-size:12px}
svg .figures{font-size:11px}
svg .label-wide{display:none}
svg .label-narrow{display:inline}
table[data-table="blockers"] thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
table[data-table="blockers"] tr{display:grid;grid-template-columns:auto 1fr;border-bottom:1px solid var(--line);padding:4px 0}
table[data-table="blockers"] td{display:block;border:0;padding:2px 6px}
table[data-table="blockers"] td:nth-child(4)::before{content:"→ "}
table[data-table="blockers"] td:nth-child(5){grid-column:1/-1}
}
@media print{h2{break-before:page}details{display:none}}
`;

/**
 * The whole onboarding report as one HTML page (UTF-8, `lang="zh-CN"`). Every text from the report
 * is escaped; empty phases and departments without items render as such, never as NaN. Charts are
 * `<svg role="img">` with a `<title>` and an `aria-label` giving the figures, and every figure is
 * also in a table. Stable hooks for tests and tools: `data-phase` on each phase's section,
 * `data-chart="department"` (one `rect[data-department]` per department), `data-chart="phase"`
 * (one `rect[data-phase]` per phase), `data-chart="stages"`, `table[data-table="blockers"]`.
 */
export function renderOnboardingHtml(report: OnboardingReport, options: OnboardingHtmlOptions = {}): string {
  const title = options.title ?? DEFAULT_TITLE;
  const city = report.city ? String(report.city) : '';
  const fullTitle = city ? `${title} · ${city}` : title;
  const phases = report.phases ?? [];

  const parts: string[] = [
    '<!DOCTYPE html>',
    '<html lang="zh-CN">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${escapeHtml(fullTitle)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    '<main>',
    '<header>',
    `<h1>${escapeHtml(fullTitle)}</h1>`,
    `<p class="meta">${city ? `城市 City: <span data-field="city">${escapeHtml(city)}</span> · ` : ''}生成时间 Generated: ${generatedAt(report.generatedAt)}</p>`,
    '</header>',
    overview(phases),
  ];
  for (const phase of phases) parts.push(phaseSection(phase));
  parts.push('</main>', '</body>', '</html>', '');
  return parts.join('\n');
}

function generatedAt(value: string | undefined): string {
  const date = value ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) return `<time>${escapeHtml(value ?? '—')}</time>`;
  const iso = date.toISOString();
  return `<time datetime="${escapeHtml(iso)}">${escapeHtml(`${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`)}</time>`;
}

function phaseLabel(phase: PhaseReport): string {
  const name = phase.name ? ` ${phase.name}` : '';
  return `第 ${count(phase.phase)} 阶段 Phase ${count(phase.phase)}${name}`;
}

const NO_ITEMS = '无事项 no items';

/** Beside a bar: `37 / 40 · 92.5%` (the chart's title says what is counted). */
function itemFigures(live: number, total: number): string {
  if (count(total) <= 0) return NO_ITEMS;
  return `${formatCount(live)} / ${formatCount(total)} · ${percent(live, total)}`;
}

/** For a screen reader: `37 / 40 事项已上线 items live (92.5%)`. */
function spokenFigures(live: number, total: number): string {
  if (count(total) <= 0) return NO_ITEMS;
  return `${formatCount(live)} / ${formatCount(total)} 事项已上线 items live (${percent(live, total)})`;
}

function overview(phases: PhaseReport[]): string {
  const heading = '<section id="overview"><h2>各阶段进度 Progress per phase</h2><p class="note">已上线事项 / 事项数 Items live / items</p>';
  if (phases.length === 0) return `${heading}<p class="empty">无阶段 No phases in this report.</p></section>`;
  const chart = barChart({
    kind: 'phase',
    title: '各阶段已上线事项 / 事项数 Items live / items per phase',
    bars: phases.map((p) => ({
      key: ['data-phase', String(count(p.phase))],
      label: phaseLabel(p),
      part: count(p.items?.live),
      whole: count(p.items?.total),
      figures: itemFigures(count(p.items?.live), count(p.items?.total)),
      spoken: spokenFigures(count(p.items?.live), count(p.items?.total)),
    })),
  });
  const rows = phases.map((p) =>
    row([
      escapeHtml(phaseLabel(p)),
      num(p.items?.live),
      num(p.items?.total),
      `<td class="n">${escapeHtml(percent(count(p.items?.live), count(p.items?.total)))}</td>`,
      num(p.systems?.connected),
      num(p.systems?.needed),
    ]),
  );
  return (
    heading +
    chart +
    dataTable(
      '各阶段数据 Figures per phase',
      ['阶段 Phase', '已上线 Live', '事项 Items', '进度 Share', '已联通系统 Systems connected', '需对接系统 Systems needed'],
      rows,
    ) +
    '</section>'
  );
}

function phaseSection(phase: PhaseReport): string {
  const id = count(phase.phase);
  const items = { total: count(phase.items?.total), live: count(phase.items?.live) };
  const out: string[] = [
    `<section id="phase-${id}" data-phase="${id}">`,
    `<h2>${escapeHtml(phaseLabel(phase))}</h2>`,
  ];
  if (phase.basis) out.push(`<p class="basis">${escapeHtml(phase.basis)}</p>`);
  out.push(summary(phase));
  if (items.total <= 0) {
    out.push('<p class="empty" data-empty="phase">无事项 No items in this phase.</p>');
  }
  out.push(stages(phase), departments(phase), blockers(phase), '</section>');
  return out.join('\n');
}

function summary(phase: PhaseReport): string {
  const cells: Array<[string, string, string]> = [
    ['items', '已上线事项 Items live', `${formatCount(count(phase.items?.live))} / ${formatCount(count(phase.items?.total))}`],
    ['systems', '已联通系统 Systems connected', `${formatCount(count(phase.systems?.connected))} / ${formatCount(count(phase.systems?.needed))}`],
    ['departments', '有上线事项的部门 Departments with live items', `${formatCount(count(phase.departments?.withLiveItems))} / ${formatCount(count(phase.departments?.total))}`],
    ['forms', '已电子化表格 E-forms digitised', `${formatCount(count(phase.forms?.digitised))} / ${formatCount(count(phase.forms?.total))}`],
  ];
  return (
    '<dl class="summary">' +
    cells.map(([key, label, value]) => `<div data-summary="${key}"><dt>${label}</dt><dd>${value}</dd></div>`).join('') +
    '</dl>'
  );
}

function stages(phase: PhaseReport): string {
  const counts = phase.stages ?? ({} as Partial<Record<Stage, number>>);
  const segments = STAGE_LABELS.map(([key, label]) => ({ key, label, value: count(counts[key]) }));
  const list = segments
    .map((s) => `<li data-stage="${s.key}"><b>${formatCount(s.value)}</b><span class="swatch seg-${s.key}"></span>${s.label}</li>`)
    .join('');
  return (
    '<h3>各阶段事项系统对 (item, system) pairs per stage</h3>' +
    stackedBar('stages', `${phaseLabel(phase)}: 事项系统对 pairs per stage`, segments) +
    `<ol class="stages">${list}</ol>`
  );
}

function departments(phase: PhaseReport): string {
  const list = phase.byDepartment ?? [];
  const heading = '<h3>各部门进度 Progress per department <span class="note">已上线事项 / 事项数 items live / items</span></h3>';
  if (list.length === 0) return `${heading}<p class="empty" data-empty="departments">无部门 No departments.</p>`;
  const chart = barChart({
    kind: 'department',
    title: `${phaseLabel(phase)}: 各部门已上线事项 / 事项数 Items live / items per department`,
    bars: list.map((d) => ({
      key: ['data-department', String(d.department ?? '')],
      label: d.name || String(d.department ?? ''),
      part: count(d.live),
      whole: count(d.items),
      figures: itemFigures(count(d.live), count(d.items)),
      spoken: spokenFigures(count(d.live), count(d.items)),
    })),
  });
  const rows = list.map((d) =>
    row([
      `${escapeHtml(d.name || d.department)} <code>${escapeHtml(d.department)}</code>`,
      num(d.live),
      num(d.items),
      `<td class="n">${escapeHtml(percent(count(d.live), count(d.items)))}</td>`,
      num(d.pairsLive),
      num(d.pairs),
    ]),
  );
  return (
    heading +
    chart +
    dataTable(
      '各部门数据 Figures per department',
      ['部门 Department', '已上线 Live', '事项 Items', '进度 Share', '已上线对 Pairs live', '事项系统对 Pairs'],
      rows,
    )
  );
}

function blockers(phase: PhaseReport): string {
  const list = phase.blockers ?? [];
  const total = Math.max(count(phase.blockersTotal), list.length);
  const heading = `<h3>阻碍 Blockers <span class="note">(${formatCount(total)})</span></h3>`;
  if (list.length === 0) return `${heading}<p class="empty" data-empty="blockers">无阻碍 No blockers.</p>`;
  const rows = list.map(
    (b) =>
      `<tr data-blocker><td><code>${escapeHtml(b.item)}</code></td><td>${escapeHtml(b.system)}</td>` +
      `<td>${escapeHtml(STAGE_NAMES.get(b.stage) ?? b.stage)}</td><td>${escapeHtml(STAGE_NAMES.get(b.next) ?? b.next)}</td>` +
      `<td>${escapeHtml(b.lacks)}</td></tr>`,
  );
  const more = total - list.length;
  return (
    heading +
    '<div class="table-wrap"><table data-table="blockers">' +
    '<thead><tr><th scope="col">事项 Item</th><th scope="col">系统 System</th><th scope="col">当前阶段 Stage</th>' +
    '<th scope="col">下一阶段 Next stage</th><th scope="col">缺少 Lacks</th></tr></thead>' +
    `<tbody>${rows.join('')}</tbody></table></div>` +
    (more > 0 ? `<p class="note" data-more="${more}">还有 ${formatCount(more)} 个 and ${formatCount(more)} more</p>` : '')
  );
}

function num(value: unknown): string {
  return `<td class="n">${formatCount(count(value))}</td>`;
}

function row(cells: string[]): string {
  const [first, ...rest] = cells;
  return `<tr><th scope="row">${first}</th>${rest.join('')}</tr>`;
}

function dataTable(caption: string, headings: string[], rows: string[]): string {
  const head = headings.map((h, i) => `<th scope="col"${i > 0 ? ' class="n"' : ''}>${h}</th>`).join('');
  return (
    `<details><summary>${caption}</summary><div class="table-wrap"><table>` +
    `<thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table></div></details>`
  );
}
