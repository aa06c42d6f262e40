/**
 * What the synthetic register is made of: Ningbo's city departments beyond the demo city's 11,
 * the subjects each deals with, and the fragments item and system names are built from.
 * Names are plausible, not official.
 */
import type { PowerKind } from '../../../src/onboarding/types';

export interface DepartmentDef {
  id: string;
  name: string;
  shortName: string;
  /** How many items it implements, relative to others (1: an ordinary bureau). */
  weight: number;
  /** What its items are about (事项 names are built from these). */
  subjects: readonly string[];
  /** A company, not an organ of government: its credit code starts 91, not 11. */
  company?: boolean;
  /** It has a system in each district (区县分局/分中心). */
  districts?: boolean;
}

/** Subjects and weights of the demo city's 11 departments (their names come from its departments.yaml). */
export const DEMO_DEPARTMENT_PROFILES: Readonly<Record<string, Omit<DepartmentDef, 'id' | 'name' | 'shortName'>>> = {
  amr: { weight: 3, districts: true, subjects: ['企业登记', '食品经营', '药品零售', '特种设备', '计量器具', '广告发布', '化妆品生产', '医疗器械经营', '工业产品生产'] },
  hrss: { weight: 2.5, districts: true, subjects: ['社会保险', '就业登记', '职业技能鉴定', '劳务派遣', '人力资源服务', '技工学校', '失业保险金', '工伤认定'] },
  nrp: { weight: 2.5, districts: true, subjects: ['建设用地', '不动产登记', '建设工程规划', '林木采伐', '测绘资质', '矿产资源开采', '土地复垦'] },
  housing: { weight: 2, districts: true, subjects: ['建筑工程施工', '商品房预售', '建筑业企业资质', '物业服务', '房屋租赁', '城镇燃气经营', '建设工程竣工验收'] },
  psb: { weight: 3, districts: true, subjects: ['户口迁移', '居民身份证', '出入境证件', '机动车登记', '机动车驾驶证', '旅馆业特种行业', '枪支弹药', '大型群众性活动', '剧毒化学品购买'] },
  civil: { weight: 1.5, districts: true, subjects: ['婚姻登记', '社会团体', '养老机构', '最低生活保障', '殡葬服务', '民办非企业单位', '慈善组织', '地名命名'] },
  health: { weight: 2, districts: true, subjects: ['医疗机构执业', '医师执业', '出生医学证明', '公共场所卫生', '放射诊疗', '母婴保健技术服务', '饮用水供水单位卫生'] },
  transport: { weight: 2, districts: true, subjects: ['道路运输经营', '出租汽车经营', '公路超限运输', '港口经营', '机动车驾驶员培训', '船舶营运', '公路占用挖掘'] },
  eco: { weight: 1.5, subjects: ['排污许可', '环境影响评价', '危险废物经营', '辐射安全', '机动车排气检验', '固体废物处置'] },
  culture: { weight: 1.5, subjects: ['娱乐场所经营', '营业性演出', '旅行社业务', '文物保护工程', '互联网上网服务营业场所', '广播电视节目制作', '卫星电视接收设施'] },
  drc: { weight: 1, subjects: ['企业投资项目核准', '固定资产投资项目节能审查', '政府定价', '招标投标', '粮食收购资格', '重点建设项目'] },
};

/** Ningbo's other city departments (and the utilities whose 水电气 services the windows accept). */
export const MORE_DEPARTMENTS: readonly DepartmentDef[] = [
  { id: 'edu', name: '宁波市教育局', shortName: '市教育局', weight: 1.5, districts: true, subjects: ['民办学校办学', '教师资格', '校外培训机构', '中小学生学籍', '学历证明', '幼儿园办园', '中外合作办学'] },
  { id: 'sci', name: '宁波市科学技术局', shortName: '市科技局', weight: 0.8, subjects: ['高新技术企业', '科技型中小企业', '技术合同登记', '科技成果登记', '实验动物生产', '外国人来华工作'] },
  { id: 'econ', name: '宁波市经济和信息化局', shortName: '市经信局', weight: 1, subjects: ['工业企业技术改造', '无线电台站设置', '新型墙体材料', '电力设施保护', '节能监察', '民用爆炸物品'] },
  { id: 'ethnic', name: '宁波市民族宗教事务局', shortName: '市民宗局', weight: 0.4, subjects: ['宗教活动场所', '宗教团体', '清真食品', '宗教教职人员', '宗教临时活动地点'] },
  { id: 'justice', name: '宁波市司法局', shortName: '市司法局', weight: 1, subjects: ['律师执业', '公证员执业', '司法鉴定机构', '基层法律服务工作者', '人民调解员', '法律援助'] },
  { id: 'finance', name: '宁波市财政局', shortName: '市财政局', weight: 0.8, subjects: ['政府采购', '代理记账机构', '财政票据', '非税收入', '会计人员信息', '资产评估机构'] },
  { id: 'water', name: '宁波市水利局', shortName: '市水利局', weight: 1, subjects: ['取水许可', '河道管理范围内建设项目', '水土保持方案', '水利工程建设', '洪水影响评价', '农村集体经济组织修建水库'] },
  { id: 'agri', name: '宁波市农业农村局', shortName: '市农业农村局', weight: 2, districts: true, subjects: ['农药经营', '兽药经营', '农作物种子生产经营', '渔业捕捞', '动物防疫条件', '拖拉机和联合收割机登记', '生猪定点屠宰', '水产苗种生产'] },
  { id: 'commerce', name: '宁波市商务局', shortName: '市商务局', weight: 1, subjects: ['对外贸易经营者备案', '成品油零售经营', '报废机动车回收拆解', '单用途商业预付卡', '拍卖企业', '外商投资企业'] },
  { id: 'ema', name: '宁波市应急管理局', shortName: '市应急管理局', weight: 1.5, subjects: ['危险化学品经营', '烟花爆竹经营', '安全生产', '非煤矿山安全生产', '生产安全事故应急预案', '特种作业人员'] },
  { id: 'hsa', name: '宁波市医疗保障局', shortName: '市医保局', weight: 1.5, districts: true, subjects: ['基本医疗保险参保', '医疗费用报销', '异地就医备案', '定点医药机构', '大病保险', '生育保险待遇', '门诊慢特病'] },
  { id: 'enforcement', name: '宁波市综合行政执法局', shortName: '市综合执法局', weight: 3, districts: true, subjects: ['城市道路占用', '户外广告设施设置', '城市绿地占用', '建筑垃圾处置', '市容环境卫生', '城市排水', '夜景灯光设置'] },
  { id: 'tax', name: '国家税务总局宁波市税务局', shortName: '市税务局', weight: 2, districts: true, subjects: ['增值税发票', '纳税申报', '税务登记', '个人所得税', '出口退税', '社会保险费缴纳', '车辆购置税'] },
  { id: 'audit', name: '宁波市审计局', shortName: '市审计局', weight: 0.3, subjects: ['政府投资项目审计', '经济责任审计', '内部审计'] },
  { id: 'sasac', name: '宁波市人民政府国有资产监督管理委员会', shortName: '市国资委', weight: 0.3, subjects: ['国有产权登记', '国有资产评估', '国有企业投资'] },
  { id: 'stats', name: '宁波市统计局', shortName: '市统计局', weight: 0.3, subjects: ['统计调查项目', '统计执法', '统计数据'] },
  { id: 'sport', name: '宁波市体育局', shortName: '市体育局', weight: 0.6, subjects: ['高危险性体育项目经营', '体育赛事活动', '社会体育指导员', '体育类民办非企业单位'] },
  { id: 'veterans', name: '宁波市退役军人事务局', shortName: '市退役军人局', weight: 0.8, subjects: ['退役士兵安置', '优抚对象抚恤', '烈士褒扬', '军队离退休干部', '退役军人就业创业'] },
  { id: 'bigdata', name: '宁波市大数据发展管理局', shortName: '市大数据局', weight: 0.4, subjects: ['公共数据共享', '政务信息系统项目', '公共数据开放'] },
  { id: 'hpf', name: '宁波住房公积金管理中心', shortName: '市公积金中心', weight: 1, subjects: ['住房公积金提取', '住房公积金贷款', '住房公积金缴存登记', '公积金汇缴', '公积金转移接续'] },
  { id: 'tobacco', name: '宁波市烟草专卖局', shortName: '市烟草专卖局', weight: 0.4, subjects: ['烟草专卖零售', '烟草专卖批发', '烟草专卖品准运'] },
  { id: 'weather', name: '宁波市气象局', shortName: '市气象局', weight: 0.4, subjects: ['雷电防护装置设计审核', '升放无人驾驶自由气球', '气象探测环境保护', '防雷装置检测'] },
  { id: 'fire', name: '宁波市消防救援支队', shortName: '市消防支队', weight: 1, districts: true, subjects: ['公众聚集场所投入使用营业前消防安全检查', '消防设计审查', '消防安全检查', '火灾事故认定', '消防产品质量'] },
  { id: 'customs', name: '中华人民共和国宁波海关', shortName: '宁波海关', weight: 1, subjects: ['进出口货物收发货人备案', '报关企业注册', '出入境检验检疫', '保税仓库设立', '进境动植物检疫'] },
  { id: 'msa', name: '中华人民共和国宁波海事局', shortName: '宁波海事局', weight: 0.8, subjects: ['船舶登记', '船员适任证书', '水上水下施工作业', '船舶污染物接收', '危险货物水路运输'] },
  { id: 'civil-defence', name: '宁波市人民防空办公室', shortName: '市人防办', weight: 0.4, subjects: ['人防工程建设', '防空警报设施', '人防工程拆除', '易地建设费'] },
  { id: 'grain', name: '宁波市粮食和物资储备局', shortName: '市粮储局', weight: 0.3, subjects: ['粮食收购', '粮食储存', '军粮供应'] },
  { id: 'archives', name: '宁波市档案馆', shortName: '市档案馆', weight: 0.3, subjects: ['档案查阅利用', '婚姻档案', '知青档案', '档案寄存'] },
  { id: 'dpf', name: '宁波市残疾人联合会', shortName: '市残联', weight: 0.6, subjects: ['残疾人证', '残疾人就业', '残疾人两项补贴', '残疾人辅助器具', '残疾儿童康复救助'] },
  { id: 'union', name: '宁波市总工会', shortName: '市总工会', weight: 0.3, subjects: ['困难职工帮扶', '工会法人资格', '职工互助保障'] },
  { id: 'postal', name: '宁波市邮政管理局', shortName: '市邮政管理局', weight: 0.3, subjects: ['快递业务经营', '邮政普遍服务', '快递末端网点'] },
  { id: 'power-grid', name: '国网浙江省电力有限公司宁波供电公司', shortName: '宁波供电公司', weight: 0.6, company: true, subjects: ['低压居民用电报装', '高压用电报装', '电费缴纳', '用电过户', '分布式光伏并网'] },
  { id: 'water-supply', name: '宁波市水务环境集团有限公司', shortName: '宁波水务集团', weight: 0.5, company: true, subjects: ['用水报装', '水表迁移', '排水接入', '用水过户'] },
  { id: 'gas', name: '宁波兴光燃气集团有限公司', shortName: '宁波燃气', weight: 0.4, company: true, subjects: ['燃气报装', '燃气过户', '燃气设施改装'] },
];

/** Ningbo's districts and counties (GB/T 2260), with the ids their systems take. */
export const DISTRICTS: ReadonlyArray<{ code: string; name: string; slug: string }> = [
  { code: '330203', name: '海曙区', slug: 'haishu' },
  { code: '330205', name: '江北区', slug: 'jiangbei' },
  { code: '330206', name: '北仑区', slug: 'beilun' },
  { code: '330211', name: '镇海区', slug: 'zhenhai' },
  { code: '330212', name: '鄞州区', slug: 'yinzhou' },
  { code: '330213', name: '奉化区', slug: 'fenghua' },
  { code: '330225', name: '象山县', slug: 'xiangshan' },
  { code: '330226', name: '宁海县', slug: 'ninghai' },
  { code: '330281', name: '余姚市', slug: 'yuyao' },
  { code: '330282', name: '慈溪市', slug: 'cixi' },
];

/** Kinds of department system: the id's suffix and the name's ending. */
export const SYSTEM_KINDS: ReadonlyArray<{ slug: string; name: string }> = [
  { slug: 'approval', name: '行政审批系统' },
  { slug: 'business', name: '业务管理系统' },
  { slug: 'enforcement', name: '执法办案系统' },
  { slug: 'supervision', name: '监管平台' },
  { slug: 'registration', name: '登记管理系统' },
  { slug: 'licence', name: '证照管理系统' },
  { slug: 'service', name: '便民服务系统' },
  { slug: 'archive', name: '电子档案系统' },
  { slug: 'credit', name: '信用信息系统' },
  { slug: 'inspection', name: '监督检查系统' },
  { slug: 'payment', name: '缴费结算系统' },
  { slug: 'appointment', name: '预约办理系统' },
  { slug: 'complaint', name: '投诉举报处理系统' },
  { slug: 'exchange', name: '数据交换平台' },
  { slug: 'gis', name: '地理信息系统' },
  { slug: 'monitor', name: '在线监测系统' },
  { slug: 'subsidy', name: '补贴发放系统' },
  { slug: 'filing', name: '备案管理系统' },
  { slug: 'statistics', name: '统计分析系统' },
  { slug: 'mobile', name: '移动审批系统' },
];

/** How common each type of power is among the city's items (licensing, public services and penalties most). */
export const POWER_WEIGHTS: Readonly<Record<PowerKind, number>> = {
  XK: 20,
  GG: 22,
  CF: 20,
  JC: 8,
  QR: 8,
  QZ: 5,
  JF: 4,
  ZS: 3,
  JL: 3,
  CJ: 1,
  QT: 6,
};

/** How much a type of power draws cases: services and licences many, penalties and inspections few. */
export const POWER_DEMAND: Readonly<Record<PowerKind, number>> = {
  GG: 30,
  XK: 20,
  QR: 10,
  JF: 6,
  QT: 3,
  ZS: 2,
  JL: 0.3,
  JC: 0.2,
  CJ: 0.2,
  CF: 0.1,
  QZ: 0.05,
};

/** Item names by type of power, from a subject (e.g. 食品经营). */
export const NAME_TEMPLATES: Readonly<Record<PowerKind, ReadonlyArray<(s: string) => string>>> = {
  XK: [(s) => `${s}许可`, (s) => `${s}审批`, (s) => `${s}核准`, (s) => `${s}资格认定`, (s) => `${s}许可证核发`, (s) => `${s}备案审核`],
  CF: [
    (s) => `对未经许可从事${s}活动的行政处罚`,
    (s) => `对${s}违反规定的行政处罚`,
    (s) => `对伪造、变造${s}相关证明的行政处罚`,
    (s) => `对拒不配合${s}监督检查的行政处罚`,
    (s) => `对${s}未按规定备案的行政处罚`,
    (s) => `对${s}中提供虚假材料的行政处罚`,
    (s) => `对${s}超出核定范围的行政处罚`,
  ],
  QZ: [(s) => `对${s}违法物品的查封、扣押`, (s) => `对${s}违法场所的查封`, (s) => `${s}违法行为的代履行`, (s) => `暂扣${s}相关证照`],
  ZS: [(s) => `${s}相关费用征收`, (s) => `${s}保证金收取`, (s) => `${s}补偿费征收`],
  JF: [(s) => `${s}补助发放`, (s) => `${s}补贴给付`, (s) => `${s}救助金给付`],
  JC: [(s) => `对${s}的监督检查`, (s) => `${s}日常检查`, (s) => `${s}专项检查`, (s) => `${s}年度检查`],
  QR: [(s) => `${s}确认`, (s) => `${s}认定`, (s) => `${s}证明出具`, (s) => `${s}信息变更确认`],
  JL: [(s) => `对${s}先进单位和个人的表彰奖励`, (s) => `${s}工作奖励`, (s) => `举报${s}违法行为奖励`],
  CJ: [(s) => `${s}争议裁决`, (s) => `${s}权属纠纷裁决`],
  QT: [(s) => `${s}备案`, (s) => `${s}年度报告`, (s) => `${s}信息公示`, (s) => `${s}注销`],
  GG: [(s) => `${s}咨询服务`, (s) => `${s}信息查询`, (s) => `${s}办理进度查询`, (s) => `${s}证明开具`, (s) => `${s}预约服务`, (s) => `${s}材料补发`],
};

/** Sub-items (子项) of a main item: the name's ending. */
export const SUB_ITEMS: readonly string[] = ['（新办）', '（变更）', '（延续）', '（注销）', '（补证）', '（换证）', '（迁移）', '（分立合并）'];
