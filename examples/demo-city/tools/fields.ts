/**
 * The e-form field dictionary: every field any of the 59 forms uses, once, with its Chinese
 * title, its kind (which decides its JSON Schema, how gov- and open-dialect mappings carry it, and
 * how its sample value is made), and the pinyin abbreviation gov-dialect systems call it.
 */
import type { District } from './city';
import type { Persona } from './people';

export type Kind =
  | 'text' // a line of text
  | 'longtext' // a paragraph
  | 'name' // a person's name
  | 'idnum' // resident ID number (format cn-resident-id)
  | 'credit' // unified social credit code (format cn-credit-code)
  | 'mobile' // mobile number (format cn-mobile)
  | 'date' // YYYY-MM-DD (format date)
  | 'date2' // YYYY-MM-DD or YYYY年M月D日, as people write them
  | 'gender' // M | F
  | 'money' // 万元 (ten thousand yuan)
  | 'yuan' // 元
  | 'area' // 平方米
  | 'decimal' // any other quantity
  | 'int'
  | 'bool'
  | 'enum'
  | 'idtype' // the hub's id types (resident-id, passport, …, credit-code)
  | 'strings' // several choices from a list
  | 'objects'; // a table (array of records)

export interface SampleContext {
  formId: string;
  /** 0-based index of the sample among all samples. */
  index: number;
  /** The case's jurisdiction. */
  district: District;
  /** The applicant (person forms) or the applicant's legal representative (entity forms). */
  person: Persona;
  /** The applicant entity (entity forms) or the entity being set up. */
  company: { name: string; creditCode: string; address: string };
  /** The n-th other person of this sample (n ≥ 1): never the same as `person`, nor the spouse. */
  other(n: number): Persona;
  /** `person`'s spouse (of the other gender). */
  spouse: Persona;
  /** A child of `person` and the spouse, born 2016–2020. */
  child: Persona;
  /** The form's own sample text for a field, if it has one (forms.ts `sample`). */
  hint(key: string): unknown;
  /** Values of the fields generated so far. */
  form: Record<string, unknown>;
  pick<T>(list: readonly T[], salt: string): T;
  int(min: number, max: number, salt: string): number;
  /** The case's day (2026-11-28) plus `days`, YYYY-MM-DD. */
  day(days: number): string;
  /** An address in the jurisdiction. */
  street(salt: string): string;
  /** A unified social credit code of some other company (category 91). */
  otherCreditCode(salt: string): string;
}

export type Sampler = (ctx: SampleContext) => unknown;

export interface FieldDef {
  key: string;
  title: string;
  kind: Kind;
  /** The field's name in gov-dialect systems (拼音缩写). */
  gov: string;
  /** enum: the choices; strings: the choices of each element. */
  values?: readonly string[];
  /** objects: the columns. */
  items?: FieldDef[];
  pattern?: string;
  /** objects: how many rows a table may have (1–100 when absent). */
  rows?: readonly [min: number, max: number];
  description?: string;
  sample?: Sampler;
}

type Spec = Omit<FieldDef, 'key'>;

function f(title: string, kind: Kind, gov: string, sample?: Sampler, extra: Partial<Spec> = {}): Spec {
  return { title, kind, gov, sample, ...extra };
}

function columns(specs: Record<string, Spec>): FieldDef[] {
  return Object.entries(specs).map(([key, spec]) => ({ key, ...spec }));
}

export const DUAL_DATE_PATTERN = '^([0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日)$';

const EDUCATION = ['初中及以下', '高中', '中专/技校', '大学专科', '大学本科', '硕士研究生', '博士研究生'] as const;
const ID_TYPES = ['resident-id', 'passport', 'hk-macao-permit', 'taiwan-permit', 'foreign-permanent-resident', 'credit-code'] as const;

/** Written as people write it: 年月日 on even samples (two-digit month and day), ISO on odd ones. */
function dual(iso: string, ctx: SampleContext): string {
  return ctx.index % 2 === 0 ? `${iso.slice(0, 4)}年${iso.slice(5, 7)}月${iso.slice(8, 10)}日` : iso;
}

const father = (c: SampleContext): Persona => (c.person.gender === 'M' ? c.person : c.spouse);
const mother = (c: SampleContext): Persona => (c.person.gender === 'F' ? c.person : c.spouse);

/** Both parties of a marriage or divorce registration, the man first. */
function parties(c: SampleContext): unknown[] {
  const divorce = c.formId.includes('divorce');
  const people = [father(c), mother(c)];
  return people.map((p, i) => ({
    role: p.gender === 'M' ? '男方' : '女方',
    name: p.name,
    gender: p.gender,
    birthDate: dual(p.birthDate, c),
    idType: 'resident-id',
    idNumber: p.idNumber,
    nationality: '中国',
    occupation: c.pick(['工程师', '教师', '会计', '销售经理', '医生', '公务员'], `job${i}`),
    education: c.pick(['大学专科', '大学本科', '硕士研究生'], `party-edu${i}`),
    maritalStatus: divorce ? '已婚' : '未婚',
    mobile: p.mobile,
  }));
}

const hinted =
  (key: string): Sampler =>
  (c) => {
    const v = c.hint(key);
    if (v === undefined) throw new Error(`form ${c.formId}: no sample for ${key}; add it to the form's sample`);
    return v;
  };

const SPECS: Record<string, Spec> = {
  // ---- who: companies and their people ----
  companyName: f('企业名称', 'text', 'qymc', (c) => c.company.name),
  companyType: f('企业类型', 'enum', 'qylx', (c) => c.pick(['有限责任公司（自然人投资或控股）', '有限责任公司（自然人独资）'], 'ct'), {
    values: ['有限责任公司（自然人投资或控股）', '有限责任公司（自然人独资）', '有限责任公司（非自然人投资或控股的法人独资）', '股份有限公司（非上市、自然人投资或控股）'],
  }),
  creditCode: f('统一社会信用代码', 'credit', 'tyshxydm', (c) => c.company.creditCode),
  registeredCapital: f('注册资本（万元）', 'money', 'zczb', (c) => c.pick([50, 100, 200, 300, 500, 1000], 'capital')),
  businessScope: f('经营范围', 'longtext', 'jyfw', hinted('businessScope')),
  address: f('住所', 'text', 'zs', (c) => c.company.address),
  businessAddress: f('经营场所', 'text', 'jycs', (c) => c.company.address),
  productionAddress: f('生产地址', 'text', 'scdz', (c) => c.street('production')),
  legalRepName: f('法定代表人姓名', 'name', 'fddbrxm', (c) => c.person.name),
  legalRepIdNumber: f('法定代表人身份证号码', 'idnum', 'fddbrsfzh', (c) => c.person.idNumber),
  legalRepPhone: f('法定代表人手机号码', 'mobile', 'fddbrsjhm', (c) => c.person.mobile),
  contactName: f('联系人', 'name', 'lxr', (c) => c.other(1).name),
  contactPhone: f('联系人手机号码', 'mobile', 'lxdh', (c) => c.other(1).mobile),
  operatingPeriodYears: f('营业期限（年）', 'int', 'yyqx', (c) => c.pick([20, 30, 50], 'period')),
  remarks: f('备注', 'text', 'bz', (c) => c.hint('remarks')),
  shareholders: f('股东（发起人）出资情况', 'objects', 'gdczqk', (c) => {
    const capital = Number(c.form.registeredCapital ?? 100);
    const second =
      c.index % 2 === 1
        ? { name: `宁波${c.pick(['甬禾', '明州', '四明', '东钱'], 'holder')}投资管理有限公司`, idType: 'credit-code', idNumber: c.otherCreditCode('holder') }
        : { name: c.other(2).name, idType: 'resident-id', idNumber: c.other(2).idNumber };
    return [
      { name: c.person.name, idType: 'resident-id', idNumber: c.person.idNumber, contribution: capital * 0.6, contributionMethod: '货币', contributionDate: c.day(1825) },
      { ...second, contribution: capital * 0.4, contributionMethod: '货币', contributionDate: c.day(1825) },
    ];
  }, {
    items: columns({
      name: f('股东名称或姓名', 'text', 'gdmc'),
      idType: f('证件类型', 'idtype', 'zjlx'),
      idNumber: f('证件号码', 'text', 'zjhm'),
      contribution: f('认缴出资额（万元）', 'money', 'rjcze'),
      contributionMethod: f('出资方式', 'enum', 'czfs', undefined, { values: ['货币', '实物', '知识产权', '土地使用权', '股权'] }),
      contributionDate: f('认缴出资期限', 'date', 'czqx'),
    }),
  }),
  changeItems: f('变更事项', 'objects', 'bgsx', hinted('changeItems'), {
    items: columns({
      item: f('变更项目', 'enum', 'bgxm', undefined, { values: ['名称', '住所', '法定代表人', '注册资本', '经营范围', '股东', '营业期限'] }),
      before: f('变更前内容', 'text', 'bgqnr'),
      after: f('变更后内容', 'text', 'bghnr'),
    }),
  }),
  changeReason: f('变更原因', 'text', 'bgyy', hinted('changeReason')),
  resolutionDate: f('股东会决议日期', 'date', 'jyrq', (c) => c.day(-12)),
  deregistrationReason: f('注销原因', 'enum', 'zxyy', (c) => c.pick(['股东会决议解散', '营业期限届满'], 'dereg'), {
    values: ['股东会决议解散', '营业期限届满', '依法被吊销营业执照', '其他原因'],
  }),
  liquidationCompletedDate: f('清算完成日期', 'date', 'qswcrq', (c) => c.day(-9)),
  liquidationLeader: f('清算组负责人', 'name', 'qszfzr', (c) => c.person.name),
  announcementDate: f('债权人公告日期', 'date', 'zqrggrq', (c) => c.day(-64)),
  debtsSettled: f('债权债务已清理完毕', 'bool', 'zwqlwb', () => true),

  // ---- individual businesses ----
  operatorName: f('经营者姓名', 'name', 'jyzxm', (c) => c.person.name),
  operatorIdNumber: f('经营者身份证号码', 'idnum', 'jyzsfzh', (c) => c.person.idNumber),
  gender: f('性别', 'gender', 'xb', (c) => c.person.gender, { description: 'M 男，F 女' }),
  birthDate: f('出生日期', 'date2', 'csrq', (c) => dual(c.person.birthDate, c)),
  tradeName: f('个体工商户名称', 'text', 'gtgshmc', hinted('tradeName')),
  capitalAmount: f('资金数额（万元）', 'money', 'zjse', (c) => c.pick([5, 10, 20, 30], 'capital-amount')),
  employeeCount: f('从业人数', 'int', 'cyrs', (c) => c.int(2, 60, 'employees')),
  organisationForm: f('组成形式', 'enum', 'zcxs', () => '个人经营', { values: ['个人经营', '家庭经营'] }),

  // ---- food, drugs, devices, equipment, products ----
  foodBusinessType: f('经营主体业态', 'enum', 'jyztyt', hinted('foodBusinessType'), {
    values: ['食品销售经营者（超市）', '食品销售经营者（便利店）', '餐饮服务经营者（小型餐馆）', '餐饮服务经营者（中型餐馆）', '单位食堂（职工食堂）'],
  }),
  businessItems: f('经营项目', 'strings', 'jyxm', hinted('businessItems'), {
    values: ['预包装食品销售（含冷藏冷冻食品）', '散装食品销售（含冷藏冷冻食品）', '热食类食品制售', '冷食类食品制售', '糕点类食品制售（不含裱花蛋糕）', '自制饮品制售（不含自酿酒）'],
  }),
  businessArea: f('经营场所面积（平方米）', 'area', 'jycsmj', (c) => c.pick([86.5, 120, 156.8, 240, 320.25], 'area')),
  foodSafetyManagerName: f('食品安全管理人员', 'name', 'spaqglry', (c) => c.other(2).name),
  foodSafetyManagerPhone: f('食品安全管理人员手机号码', 'mobile', 'spaqglrysjhm', (c) => c.other(2).mobile),
  foodCategories: f('申请食品类别', 'objects', 'sqsplb', hinted('foodCategories'), {
    items: columns({
      category: f('食品类别', 'enum', 'splb', undefined, { values: ['粮食加工品', '糕点', '饮料', '调味品', '水产制品', '速冻食品'] }),
      varietyName: f('品种明细', 'text', 'pzmx'),
      standard: f('执行标准', 'text', 'zxbz'),
    }),
  }),
  annualCapacityTonnes: f('年设计产能（吨）', 'decimal', 'nsjcn', (c) => c.pick([1200, 3500, 8000], 'capacity')),
  workshopArea: f('生产车间面积（平方米）', 'area', 'scjmj', (c) => c.pick([1860, 2400.5, 5200], 'workshop')),
  seatCount: f('就餐座位数', 'int', 'jczws', (c) => c.int(24, 120, 'seats')),
  healthCertificateHolders: f('从业人员健康证明', 'objects', 'cyryjkzm', (c) =>
    [2, 3].map((n) => ({ name: c.other(n).name, idNumber: c.other(n).idNumber, healthCertNo: `JK${c.district.code}2026${String(c.int(1000, 9999, `hc${n}`))}`, issueDate: c.day(-30 - n) })), {
    items: columns({
      name: f('姓名', 'name', 'xm'),
      idNumber: f('身份证号码', 'idnum', 'sfzh'),
      healthCertNo: f('健康证明编号', 'text', 'jkzmbh'),
      issueDate: f('发证日期', 'date', 'fzrq'),
    }),
  }),
  useUnitName: f('使用单位名称', 'text', 'sydwmc', (c) => c.company.name),
  equipmentCategory: f('设备类别', 'enum', 'sblb', hinted('equipmentCategory'), { values: ['锅炉', '压力容器', '电梯', '起重机械', '场（厂）内专用机动车辆'] }),
  equipmentCode: f('设备代码', 'text', 'sbdm', (c) => `3110${c.district.code}2026${String(c.int(1000, 9999, 'equipment'))}`),
  manufacturerName: f('制造单位', 'text', 'zzdw', hinted('manufacturerName')),
  manufactureDate: f('制造日期', 'date', 'zzrq', (c) => c.day(-160)),
  installationAddress: f('设备使用地点', 'text', 'sbsydd', (c) => c.street('installation')),
  safetyManagerName: f('安全管理员', 'name', 'aqgly', (c) => c.other(2).name),
  safetyManagerPhone: f('安全管理员手机号码', 'mobile', 'aqglysjhm', (c) => c.other(2).mobile),
  inspectionReportNo: f('监督检验报告编号', 'text', 'jdjybgbh', (c) => `JD-${c.district.code}-2026-${String(c.int(10000, 99999, 'report'))}`),
  warehouseAddress: f('库房地址', 'text', 'kfdz', (c) => c.street('warehouse')),
  deviceCategories: f('经营范围（医疗器械分类）', 'strings', 'ylqxfl', hinted('deviceCategories'), {
    values: ['06 医用成像器械', '07 医用诊察和监护器械', '14 注输、护理和防护器械', '18 妇产科、辅助生殖和避孕器械', '22 临床检验器械'],
  }),
  qualityManagerName: f('质量负责人', 'name', 'zlfzr', (c) => c.other(2).name),
  qualityManagerIdNumber: f('质量负责人身份证号码', 'idnum', 'zlfzrsfzh', (c) => c.other(2).idNumber),
  warehouseArea: f('库房面积（平方米）', 'area', 'kfmj', (c) => c.pick([60, 85.5, 150], 'warehouse-area')),
  pharmacists: f('执业药师', 'objects', 'zyys', (c) =>
    [2].map((n) => ({ name: c.other(n).name, idNumber: c.other(n).idNumber, certificateNo: `ZY${String(c.int(10000000, 99999999, 'pharmacist'))}` })), {
    items: columns({
      name: f('姓名', 'name', 'xm'),
      idNumber: f('身份证号码', 'idnum', 'sfzh'),
      certificateNo: f('执业药师注册证编号', 'text', 'zczbh'),
    }),
  }),
  drugScope: f('药品经营范围', 'strings', 'ypjyfw', () => ['处方药', '甲类非处方药', '乙类非处方药', '中药饮片'], {
    values: ['处方药', '甲类非处方药', '乙类非处方药', '中药饮片', '医疗用毒性药品'],
  }),
  products: f('申请产品', 'objects', 'sqcp', hinted('products'), {
    items: columns({
      productName: f('产品名称', 'text', 'cpmc'),
      productUnit: f('产品单元', 'text', 'cpdy'),
      specification: f('规格型号', 'text', 'ggxh'),
    }),
  }),
  annualOutputValue: f('年产值（万元）', 'money', 'ncz', (c) => c.pick([2600, 4800, 12000], 'output')),

  // ---- people (HR, household, marriage) ----
  name: f('姓名', 'name', 'xm', (c) => c.person.name),
  idNumber: f('公民身份号码', 'idnum', 'gmsfhm', (c) => c.person.idNumber),
  ethnicity: f('民族', 'text', 'mz', () => '汉族'),
  education: f('文化程度', 'enum', 'whcd', (c) => c.pick(['大学专科', '大学本科', '硕士研究生'], 'edu'), { values: EDUCATION }),
  householdAddress: f('户籍地址', 'text', 'hjdz', (c) => c.street('household')),
  residentialAddress: f('居住地址', 'text', 'jzdz', (c) => c.street('residence')),
  employerName: f('用人单位名称', 'text', 'yrdwmc', hinted('employerName')),
  employerCreditCode: f('用人单位统一社会信用代码', 'credit', 'yrdwtyshxydm', (c) => c.otherCreditCode('employer')),
  employmentDate: f('就业日期', 'date', 'jyrq', (c) => c.day(-20)),
  mobile: f('手机号码', 'mobile', 'sjhm', (c) => c.person.mobile),
  officeArea: f('办公场所面积（平方米）', 'area', 'bgcsmj', (c) => c.pick([120, 180.5, 260], 'office')),
  serviceItems: f('服务范围', 'strings', 'fwfw', hinted('serviceItems'), {
    values: ['为劳动者介绍用人单位', '为用人单位推荐劳动者', '为用人单位和个人提供职业介绍信息服务', '根据国家有关规定从事互联网人力资源信息服务', '组织开展现场招聘会', '开展高级人才寻访服务'],
  }),
  fullTimeStaff: f('专职工作人员', 'objects', 'zzgzry', (c) =>
    [2, 3, 4].map((n) => ({ name: c.other(n).name, idNumber: c.other(n).idNumber, qualification: c.pick(['人力资源管理师（三级）', '人力资源管理师（二级）', '职业指导师'], `q${n}`) })), {
    items: columns({
      name: f('姓名', 'name', 'xm'),
      idNumber: f('身份证号码', 'idnum', 'sfzh'),
      qualification: f('职业资格', 'text', 'zyzg'),
    }),
  }),
  entityName: f('创业实体名称', 'text', 'cystmc', hinted('entityName')),
  entityCreditCode: f('创业实体统一社会信用代码', 'credit', 'cysttyshxydm', (c) => c.otherCreditCode('startup')),
  establishedDate: f('创业实体成立日期', 'date', 'clrq', (c) => c.day(-240)),
  employeesInsured: f('带动就业参保人数', 'int', 'ddjycbrs', (c) => c.int(3, 12, 'insured')),
  bankName: f('开户银行', 'text', 'khyh', (c) => c.pick(['宁波银行股份有限公司海曙支行', '中国工商银行宁波分行营业部', '宁波鄞州农村商业银行股份有限公司'], 'bank')),
  bankAccount: f('银行账号', 'text', 'yhzh', (c) => `6230${String(c.int(100000000, 999999999, 'acct-a'))}${String(c.int(100000, 999999, 'acct-b'))}`),
  subsidyAmount: f('申请补贴金额（元）', 'yuan', 'sqbtje', () => 5000),
  unitType: f('单位类型', 'enum', 'dwlx', () => '企业', { values: ['企业', '机关', '事业单位', '社会团体', '民办非企业单位', '个体工商户'] }),
  insuranceTypes: f('参保险种', 'strings', 'cbxz', () => ['企业职工基本养老保险', '失业保险', '工伤保险', '职工基本医疗保险'], {
    values: ['企业职工基本养老保险', '失业保险', '工伤保险', '职工基本医疗保险', '生育保险'],
  }),
  staffCount: f('职工人数', 'int', 'zgrs', (c) => c.int(8, 260, 'staff')),
  retirementDate: f('退休日期', 'date', 'txrq', (c) => c.day(3)),
  workStartDate: f('参加工作时间', 'date2', 'cjgzsj', (c) => dual(`${Number(c.person.birthDate.slice(0, 4)) + 20}-10-15`, c)),
  contributionYears: f('累计缴费年限（年）', 'decimal', 'ljjfnx', (c) => 2026 - (Number(c.person.birthDate.slice(0, 4)) + 20) - 0.5),
  dispatchRules: f('劳务派遣管理制度', 'strings', 'lwpqglzd', () => ['劳动合同', '劳动报酬', '社会保险', '工作时间', '休息休假', '劳动纪律'], {
    values: ['劳动合同', '劳动报酬', '社会保险', '工作时间', '休息休假', '劳动纪律', '与接受以劳务派遣形式用工的单位订立的劳务派遣协议样本'],
  }),

  // ---- land, planning, real estate, construction ----
  projectName: f('项目名称', 'text', 'xmmc', hinted('projectName')),
  projectCode: f('项目代码', 'text', 'xmdm', (c) => `2611-${c.district.code}-04-01-${String(c.int(100000, 999999, 'project-code'))}`, {
    pattern: '^[0-9]{4}-[0-9]{6}-[0-9]{2}-[0-9]{2}-[0-9]{6}$',
    description: '投资项目在线审批监管平台赋予的项目代码',
  }),
  constructionUnit: f('建设单位', 'text', 'jsdw', (c) => c.company.name),
  constructionSite: f('建设地点', 'text', 'jsdd', (c) => c.hint('constructionSite') ?? c.street('site')),
  landArea: f('拟用地面积（公顷）', 'decimal', 'nydmj', (c) => c.pick([2.3512, 5.0678, 8.1235], 'land')),
  newConstructionLandArea: f('新增建设用地面积（公顷）', 'decimal', 'xzjsydmj', (c) => c.pick([1.2031, 2.4408], 'new-land')),
  farmlandArea: f('占用耕地面积（公顷）', 'decimal', 'zygdmj', (c) => c.pick([0.6012, 0.8815], 'farmland')),
  investmentAmount: f('总投资（万元）', 'money', 'ztz', (c) => c.pick([12000, 36500, 58000, 120000], 'investment')),
  landUse: f('用地性质', 'enum', 'ydxz', (c) => c.hint('landUse') ?? '工业用地', {
    values: ['工业用地', '仓储用地', '商业服务业用地', '居住用地', '公共管理与公共服务用地', '交通运输用地'],
  }),
  plotRatio: f('容积率', 'decimal', 'rjl', (c) => c.pick([1.6, 2.0, 2.5], 'plot')),
  landTransferContractNo: f('国有建设用地使用权出让合同编号', 'text', 'crhtbh', (c) => `3302${c.district.code.slice(4)}2026A21${String(c.int(1000, 9999, 'transfer'))}`),
  buildingArea: f('总建筑面积（平方米）', 'area', 'zjzmj', (c) => c.pick([18650.4, 42300, 86520.75], 'building-area')),
  aboveGroundArea: f('地上建筑面积（平方米）', 'area', 'dsjzmj', (c) => Math.round(Number(c.form.buildingArea ?? 20000) * 0.75 * 100) / 100),
  undergroundArea: f('地下建筑面积（平方米）', 'area', 'dxjzmj', (c) => Math.round(Number(c.form.buildingArea ?? 20000) * 0.25 * 100) / 100),
  buildings: f('建筑物', 'objects', 'jzwxx', (c) => [
    { buildingNo: '1#', floorsAbove: 18, floorsBelow: 2, height: 56.4, area: 15820.5 },
    { buildingNo: '2#', floorsAbove: 5, floorsBelow: 1, height: 23.9, area: 4260 },
  ].slice(0, c.index % 2 === 0 ? 2 : 1), {
    items: columns({
      buildingNo: f('楼号', 'text', 'lh'),
      floorsAbove: f('地上层数', 'int', 'dscs'),
      floorsBelow: f('地下层数', 'int', 'dxcs'),
      height: f('建筑高度（米）', 'decimal', 'jzgd'),
      area: f('建筑面积（平方米）', 'area', 'jzmj'),
    }),
  }),
  designUnit: f('设计单位', 'text', 'sjdw', (c) => c.pick(['宁波市建筑设计研究院有限公司', '浙江华展工程研究设计院有限公司'], 'design')),
  rightHolder: f('权利人', 'text', 'qlr', (c) => c.company.name),
  location: f('坐落', 'text', 'zl', (c) => c.street('location')),
  realEstateUnitNo: f('不动产单元号', 'text', 'bdcdyh', (c) => `${c.district.code}006001GB${String(c.int(10000, 99999, 'parcel'))}F00010001`, { pattern: '^[0-9]{12}[A-Z]{2}[0-9]{5}[A-Z][0-9]{8}$' }),
  parcelArea: f('宗地面积（平方米）', 'area', 'zdmj', (c) => c.pick([23512.6, 50678.2], 'parcel-area')),
  rightType: f('权利类型', 'enum', 'qllx', () => '国有建设用地使用权', { values: ['国有建设用地使用权', '国有建设用地使用权/房屋所有权'] }),
  acquisitionMethod: f('取得方式', 'enum', 'qdfs', () => '出让', { values: ['出让', '划拨', '作价出资（入股）'] }),
  transferors: f('转让方（义务人）', 'objects', 'ywrxx', (c) => [{ name: c.other(2).name, idType: 'resident-id', idNumber: c.other(2).idNumber, sharePercent: 100 }], {
    items: columns({
      name: f('姓名或名称', 'text', 'xm'),
      idType: f('证件类型', 'idtype', 'zjlx'),
      idNumber: f('证件号码', 'text', 'zjhm'),
      sharePercent: f('份额（%）', 'decimal', 'fe'),
    }),
  }),
  transferees: f('受让方（权利人）', 'objects', 'qlrxx', (c) => [
    { name: c.person.name, idType: 'resident-id', idNumber: c.person.idNumber, sharePercent: 50 },
    { name: c.spouse.name, idType: 'resident-id', idNumber: c.spouse.idNumber, sharePercent: 50 },
  ], {
    items: columns({
      name: f('姓名或名称', 'text', 'xm'),
      idType: f('证件类型', 'idtype', 'zjlx'),
      idNumber: f('证件号码', 'text', 'zjhm'),
      sharePercent: f('份额（%）', 'decimal', 'fe'),
    }),
  }),
  realEstateCertNo: f('不动产权证书号', 'text', 'bdcqzh', (c) => `浙（2021）宁波市${c.district.name.replace(/[区县市]$/, '')}不动产权第${String(c.int(1000000, 9999999, 'cert'))}号`),
  transactionPrice: f('成交价格（万元）', 'money', 'cjjg', () => 286.5),
  contractDate: f('合同签订日期', 'date', 'htqdrq', (c) => c.day(-6)),
  mortgagorName: f('抵押人', 'name', 'dyr', (c) => c.person.name),
  mortgagorIdNumber: f('抵押人身份证号码', 'idnum', 'dyrsfzh', (c) => c.person.idNumber),
  mortgageeName: f('抵押权人', 'text', 'dyqr', () => '宁波银行股份有限公司鄞州支行'),
  mortgageeCreditCode: f('抵押权人统一社会信用代码', 'credit', 'dyqrtyshxydm', (c) => c.otherCreditCode('bank')),
  securedAmount: f('被担保主债权数额（万元）', 'money', 'bdbzzqse', () => 150),
  debtStartDate: f('债务履行期限（起）', 'date', 'zwlxqxq', (c) => c.day(2)),
  debtEndDate: f('债务履行期限（止）', 'date', 'zwlxqxz', () => '2056-11-29'),
  contractPrice: f('合同价格（万元）', 'money', 'htjg', (c) => c.pick([8650.32, 21500, 46880.5], 'contract')),
  plannedStartDate: f('计划开工日期', 'date', 'jhkgrq', (c) => c.day(33)),
  plannedCompletionDate: f('计划竣工日期', 'date', 'jhjgrq', (c) => c.day(33 + 900)),
  participants: f('参建单位', 'objects', 'cjdw', (c) => [
    { role: '施工总承包单位', unitName: c.pick(['宁波建工工程集团有限公司', '浙江省二建建设集团有限公司'], 'builder'), unitCreditCode: c.otherCreditCode('builder'), projectManager: c.other(2).name },
    { role: '监理单位', unitName: '宁波市斯正项目管理咨询有限公司', unitCreditCode: c.otherCreditCode('supervisor'), projectManager: c.other(3).name },
  ], {
    items: columns({
      role: f('单位类型', 'enum', 'dwlx', undefined, { values: ['施工总承包单位', '监理单位', '勘察单位', '设计单位'] }),
      unitName: f('单位名称', 'text', 'dwmc'),
      unitCreditCode: f('统一社会信用代码', 'credit', 'tyshxydm'),
      projectManager: f('项目负责人', 'name', 'xmfzr'),
    }),
  }),
  planningPermitNo: f('建设工程规划许可证编号', 'text', 'ghxkzbh', (c) => `建字第${c.district.code}202600${String(c.int(100, 999, 'planning'))}号`),
  wageGuaranteeDeposited: f('农民工工资保证金已存储', 'bool', 'nmggzbzj', () => true),
  buildingHeight: f('建筑高度（米）', 'decimal', 'jzgd', (c) => c.pick([23.9, 49.8, 98.6], 'height')),
  fireHazardCategory: f('火灾危险性类别', 'enum', 'hzwxxlb', () => '丙', { values: ['甲', '乙', '丙', '丁', '戊'] }),
  usageNature: f('使用性质', 'text', 'syxz', (c) => c.hint('usageNature') ?? '厂房'),
  completionAcceptanceDate: f('竣工验收日期', 'date', 'jgysrq', (c) => c.day(-5)),
  constructionPermitNo: f('施工许可证编号', 'text', 'sgxkzbh', (c) => `${c.district.code}202406${String(c.int(100000, 999999, 'permit'))}0101`),
  presaleBuildings: f('预售楼栋', 'objects', 'ysld', () => [
    { buildingNo: '3#', unitCount: 68, area: 7520.36 },
    { buildingNo: '5#', unitCount: 96, area: 10388.4 },
  ], {
    items: columns({
      buildingNo: f('楼号', 'text', 'lh'),
      unitCount: f('套数', 'int', 'ts'),
      area: f('预售面积（平方米）', 'area', 'ysmj'),
    }),
  }),
  presaleArea: f('预售总面积（平方米）', 'area', 'yszmj', () => 17908.76),
  supervisionBank: f('预售资金监管银行', 'text', 'jgyh', () => '中国建设银行股份有限公司宁波分行'),
  supervisionAccount: f('预售资金监管账号', 'text', 'jgzh', (c) => `3310${String(c.int(100000000, 999999999, 'escrow-a'))}${String(c.int(1000000, 9999999, 'escrow-b'))}`),
  qualificationsApplied: f('申请资质', 'strings', 'sqzz', () => ['建筑工程施工总承包二级', '建筑装修装饰工程专业承包二级'], {
    values: ['建筑工程施工总承包二级', '市政公用工程施工总承包二级', '建筑装修装饰工程专业承包二级', '地基基础工程专业承包二级'],
  }),
  technicalStaff: f('技术负责人及注册人员', 'objects', 'jsry', (c) =>
    [2, 3].map((n, i) => ({ name: c.other(n).name, idNumber: c.other(n).idNumber, title: i === 0 ? '高级工程师' : '工程师', registrationCertNo: `浙${String(c.int(1000000, 9999999, `reg${n}`))}` })), {
    items: columns({
      name: f('姓名', 'name', 'xm'),
      idNumber: f('身份证号码', 'idnum', 'sfzh'),
      title: f('职称', 'text', 'zc'),
      registrationCertNo: f('注册证书编号', 'text', 'zczsbh'),
    }),
  }),
  maritalStatus: f('婚姻状况', 'enum', 'hyzk', () => '已婚', { values: ['未婚', '已婚', '离异', '丧偶'] }),
  householdMembers: f('家庭成员', 'objects', 'jtcy', (c) => [
    { name: c.spouse.name, relation: '配偶', idNumber: c.spouse.idNumber, monthlyIncome: 3800 },
    { name: c.child.name, relation: '子女', idNumber: c.child.idNumber, monthlyIncome: 0 },
  ], {
    items: columns({
      name: f('姓名', 'name', 'xm'),
      relation: f('与申请人关系', 'enum', 'gx', undefined, { values: ['配偶', '子女', '父母', '其他'] }),
      idNumber: f('身份证号码', 'idnum', 'sfzh'),
      monthlyIncome: f('月收入（元）', 'yuan', 'ysr'),
    }),
  }),
  perCapitaIncome: f('家庭人均月收入（元）', 'yuan', 'rjysr', () => 3650.5),
  currentHousingArea: f('现住房面积（平方米）', 'area', 'xzfmj', () => 0),

  // ---- household registration ----
  babyName: f('新生儿姓名', 'name', 'xsexm', (c) => `${father(c).name[0]}${String(c.hint('babyGivenName'))}`),
  babyGender: f('新生儿性别', 'gender', 'xsexb', (c) => c.hint('babyGender'), { description: 'M 男，F 女' }),
  babyBirthDate: f('新生儿出生日期', 'date2', 'xsecsrq', () => '2026年11月16日'),
  birthPlace: f('出生地点', 'text', 'csdd', () => '宁波市妇女儿童医院'),
  birthCertificateNo: f('出生医学证明编号', 'text', 'csyxzmbh', (c) => `Y33${String(c.int(10000000, 99999999, 'birth-cert'))}`),
  fatherName: f('父亲姓名', 'name', 'fqxm', (c) => father(c).name),
  fatherIdNumber: f('父亲身份证号码', 'idnum', 'fqsfzh', (c) => father(c).idNumber),
  motherName: f('母亲姓名', 'name', 'mqxm', (c) => mother(c).name),
  motherIdNumber: f('母亲身份证号码', 'idnum', 'mqsfzh', (c) => mother(c).idNumber),
  declarantRelation: f('申报人与新生儿关系', 'enum', 'sbrgx', (c) => (c.person.gender === 'M' ? '父亲' : '母亲'), { values: ['父亲', '母亲', '其他监护人'] }),
  migrationReason: f('迁移原因', 'enum', 'qyyy', () => '投靠配偶', { values: ['投靠配偶', '投靠父母', '投靠子女', '购房落户', '市内搬迁'] }),
  fromAddress: f('迁出地址', 'text', 'qcdz', () => '安徽省六安市金安区中市街道梅山南路56号'),
  toAddress: f('迁入地址', 'text', 'qrdz', (c) => c.street('move-in')),
  hostName: f('被投靠人姓名', 'name', 'btkrxm', (c) => c.spouse.name),
  hostIdNumber: f('被投靠人身份证号码', 'idnum', 'btkrsfzh', (c) => c.spouse.idNumber),
  hostRelation: f('与被投靠人关系', 'enum', 'ybtkrgx', () => '配偶', { values: ['配偶', '父母', '子女'] }),
  movingMembers: f('随迁人员', 'objects', 'sqry', (c) => [{ name: c.child.name, idNumber: c.child.idNumber, relation: '子女' }], {
    items: columns({
      name: f('姓名', 'name', 'xm'),
      idNumber: f('身份证号码', 'idnum', 'sfzh'),
      relation: f('与申请人关系', 'enum', 'gx', undefined, { values: ['配偶', '子女', '父母', '其他'] }),
    }),
  }),
  graduationSchool: f('毕业院校', 'text', 'byyx', (c) => c.pick(['宁波大学', '浙江大学', '宁波诺丁汉大学', '浙江万里学院'], 'school')),
  graduationDate: f('毕业时间', 'date2', 'bysj', () => '2026年06月30日'),
  settlementAddress: f('落户地址', 'text', 'lhdz', (c) => c.street('settlement')),
  applicationReason: f('申领原因', 'enum', 'slyy', (c) => c.hint('applicationReason') ?? '有效期满换领', { values: ['首次申领', '有效期满换领', '证件损坏换领', '证件遗失补领'] }),
  photoReceiptNo: f('数码相片回执号', 'text', 'xphzh', (c) => `3302${String(c.int(10000000, 99999999, 'photo'))}`),
  deliveryMethod: f('领取方式', 'enum', 'lqfs', (c) => c.pick(['窗口领取', '邮寄送达'], 'delivery'), { values: ['窗口领取', '邮寄送达'] }),
  deliveryAddress: f('邮寄地址', 'text', 'yjdz', (c) => (c.form.deliveryMethod === '邮寄送达' ? c.street('delivery') : undefined)),
  residenceSince: f('居住起始日期', 'date', 'jzqsrq', (c) => c.day(-190)),
  residenceReason: f('居住事由', 'enum', 'jzsy', () => '就业', { values: ['就业', '就读', '投靠亲属', '其他'] }),

  // ---- marriage ----
  parties: f('当事人', 'objects', 'dsr', parties, {
    rows: [2, 2],
    items: columns({
      role: f('身份', 'enum', 'sf', undefined, { values: ['男方', '女方'] }),
      name: f('姓名', 'name', 'xm'),
      gender: f('性别', 'gender', 'xb'),
      birthDate: f('出生日期', 'date2', 'csrq'),
      idType: f('证件类型', 'idtype', 'zjlx'),
      idNumber: f('证件号码', 'text', 'zjhm'),
      nationality: f('国籍', 'text', 'gj'),
      occupation: f('职业', 'text', 'zy'),
      education: f('文化程度', 'enum', 'whcd', undefined, { values: EDUCATION }),
      maritalStatus: f('婚姻状况', 'enum', 'hyzk', undefined, { values: ['未婚', '已婚', '离婚', '丧偶'] }),
      mobile: f('手机号码', 'mobile', 'sjhm'),
    }),
  }),
  registrationDate: f('预约登记日期', 'date2', 'yydjrq', () => '2026年12月18日'),
  registrationOffice: f('婚姻登记机关', 'text', 'djjg', (c) => `${c.district.name}民政局婚姻登记处`),
  marriageType: f('登记类型', 'enum', 'djlx', () => '内地居民婚姻登记', { values: ['内地居民婚姻登记', '涉外婚姻登记', '涉港澳台居民婚姻登记', '华侨婚姻登记'] }),
  declarationSigned: f('已签署登记声明书', 'bool', 'smsqs', () => true),
  marriageRegistrationDate: f('结婚登记日期', 'date2', 'jhdjrq', () => '2015年10月16日'),
  marriageCertNo: f('结婚证字号', 'text', 'jhzzh', (c) => `J${c.district.code}-2015-${String(c.int(100000, 999999, 'marriage-cert'))}`),
  childArrangement: f('子女抚养安排', 'longtext', 'znfyap', () => '婚生子一名，由女方抚养，男方每月支付抚养费人民币2000元至其年满十八周岁。'),
  propertyArrangement: f('财产及债务处理', 'longtext', 'ccjzwcl', () => '共有住房一套归女方所有，由女方向男方支付补偿款人民币四十万元；双方无共同债务。'),
  coolingOffStartDate: f('离婚冷静期起始日期', 'date', 'ljqqsrq', (c) => c.day(-31)),
  purpose: f('申请用途', 'enum', 'sqyt', () => '出国（境）', { values: ['出国（境）', '办理公证', '诉讼', '其他'] }),
  queryScope: f('查询范围', 'enum', 'cxfw', () => '本人婚姻登记记录', { values: ['本人婚姻登记记录', '本人婚姻登记档案'] }),
  spouseName: f('配偶姓名', 'name', 'poxm', (c) => c.spouse.name),

  // ---- health ----
  placeCategory: f('场所类别', 'enum', 'cslb', (c) => c.hint('placeCategory') ?? '宾馆', { values: ['宾馆', '旅店', '招待所', '公共浴室', '游泳场（馆）', '美容店', '理发店'] }),
  sanitationManagerName: f('卫生管理人员', 'name', 'wsglry', (c) => c.other(2).name),
  institutionName: f('医疗机构名称', 'text', 'yljgmc', hinted('institutionName')),
  institutionType: f('医疗机构类别', 'enum', 'yljglb', hinted('institutionType'), { values: ['综合医院', '中医医院', '专科医院', '门诊部', '诊所', '护理院'] }),
  bedCount: f('床位数', 'int', 'cws', (c) => c.hint('bedCount') ?? 0),
  medicalSubjects: f('诊疗科目', 'strings', 'zlkm', hinted('medicalSubjects'), {
    values: ['内科', '外科', '妇产科', '儿科', '眼科', '口腔科', '医学检验科', '医学影像科', '中医科', '康复医学科'],
  }),
  practitioners: f('卫生技术人员', 'objects', 'wsjsry', (c) =>
    [2, 3].map((n, i) => ({ name: c.other(n).name, idNumber: c.other(n).idNumber, practiceCertNo: `11033${String(c.int(1000000000, 9999999999, `prac${n}`))}`, practiceScope: i === 0 ? '内科专业' : '医学影像和放射治疗专业' })), {
    items: columns({
      name: f('姓名', 'name', 'xm'),
      idNumber: f('身份证号码', 'idnum', 'sfzh'),
      practiceCertNo: f('执业证书编码', 'text', 'zyzsbm'),
      practiceScope: f('执业范围', 'text', 'zyfw'),
    }),
  }),
  qualificationCertNo: f('资格证书编码', 'text', 'zgzsbm', (c) => `2023110330${String(c.int(10000000, 99999999, 'qualification'))}`),
  practiceCategory: f('执业类别', 'enum', 'zylb', () => '临床', { values: ['临床', '中医', '口腔', '公共卫生', '护理'] }),
  practiceScope: f('执业范围', 'text', 'zyfwmc', () => '内科专业'),
  practiceInstitution: f('执业机构', 'text', 'zyjg', () => '宁波市第二医院'),
  plantName: f('水厂名称', 'text', 'scmc', hinted('plantName')),
  plantAddress: f('水厂地址', 'text', 'scwz', (c) => c.street('plant')),
  dailyCapacity: f('日供水能力（万吨）', 'decimal', 'rgsnl', () => 20),
  waterSourceType: f('水源类型', 'enum', 'sylx', () => '地表水', { values: ['地表水', '地下水'] }),
  servedPopulation: f('供水人口（万人）', 'decimal', 'gsrk', () => 46.8),
  disinfectionMethod: f('消毒方式', 'enum', 'xdfs', () => '次氯酸钠', { values: ['液氯', '二氧化氯', '次氯酸钠', '紫外线'] }),

  // ---- transport ----
  transportScope: f('道路运输经营范围', 'strings', 'dlysjyfw', hinted('transportScope'), {
    values: ['道路普通货物运输', '货物专用运输（集装箱）', '大型物件运输', '道路危险货物运输（第3类）', '道路危险货物运输（第8类）'],
  }),
  vehicles: f('车辆信息', 'objects', 'clxx', (c) => [
    { plateNumber: `浙B${String(c.int(10000, 99999, 'plate1'))}`, vehicleType: '重型半挂牵引车', loadTonnes: 40 },
    { plateNumber: `浙B${String(c.int(10000, 99999, 'plate2'))}`, vehicleType: '重型厢式货车', loadTonnes: 18.5 },
  ], {
    items: columns({
      plateNumber: f('车牌号码', 'text', 'cphm'),
      vehicleType: f('车辆类型', 'enum', 'cllx', undefined, { values: ['重型半挂牵引车', '重型厢式货车', '中型厢式货车', '大型普通客车', '中型普通客车'] }),
      loadTonnes: f('核定载质量（吨）', 'decimal', 'hdzzl'),
    }),
  }),
  drivers: f('驾驶员', 'objects', 'jsy', (c) =>
    [2, 3].map((n) => ({ name: c.other(n).name, idNumber: c.other(n).idNumber, qualificationCertNo: c.other(n).idNumber })), {
    items: columns({
      name: f('姓名', 'name', 'xm'),
      idNumber: f('身份证号码', 'idnum', 'sfzh'),
      qualificationCertNo: f('从业资格证号', 'text', 'cyzgzh'),
    }),
  }),
  parkingArea: f('停车场面积（平方米）', 'area', 'tccmj', () => 3600),
  routes: f('客运线路', 'objects', 'kyxl', () => [
    { origin: '宁波汽车南站', destination: '上海长途客运总站', dailyTrips: 12 },
    { origin: '宁波汽车南站', destination: '杭州汽车客运中心', dailyTrips: 8 },
  ], {
    items: columns({
      origin: f('起点站', 'text', 'qdz'),
      destination: f('终点站', 'text', 'zdz'),
      dailyTrips: f('日发班次', 'int', 'rfbc'),
    }),
  }),
  vehicleCount: f('客车数量', 'int', 'kcsl', () => 24),
  seatTotal: f('总座位数', 'int', 'zzws', () => 1080),
  roadTransportLicenceNo: f('道路运输经营许可证号', 'text', 'dlysxkzh', (c) => `浙交运管许可甬字${c.district.code}${String(c.int(100000, 999999, 'transport-licence'))}号`),
  certificateReason: f('配发原因', 'enum', 'pfyy', () => '新增车辆', { values: ['新增车辆', '到期换发', '损毁换发', '遗失补发'] }),
  trainingCategories: f('培训类型', 'strings', 'pxlx', () => ['普通机动车驾驶员培训（C1）', '普通机动车驾驶员培训（C2）'], {
    values: ['普通机动车驾驶员培训（C1）', '普通机动车驾驶员培训（C2）', '道路运输驾驶员从业资格培训'],
  }),
  trainingGroundArea: f('教练场面积（平方米）', 'area', 'jlcmj', () => 16800),
  instructorCount: f('教练员人数', 'int', 'jlyrs', () => 36),
  coachCarCount: f('教练车数量', 'int', 'jlcsl', () => 30),
  safetyOfficerName: f('安全负责人', 'name', 'aqfzr', (c) => c.other(2).name),

  // ---- ecology ----
  envInvestment: f('环保投资（万元）', 'money', 'hbtz', (c) => c.pick([360, 980, 1520], 'env-investment')),
  eiaCategory: f('环评类别', 'enum', 'hplb', (c) => c.hint('eiaCategory') ?? '环境影响报告书', { values: ['环境影响报告书', '环境影响报告表'] }),
  industryCategory: f('国民经济行业类别', 'text', 'hylb', hinted('industryCategory')),
  eiaAgency: f('环评编制单位', 'text', 'hpbzdw', () => '宁波市环境保护科学研究设计院'),
  eiaAgencyCreditCode: f('环评编制单位统一社会信用代码', 'credit', 'hpbzdwtyshxydm', (c) => c.otherCreditCode('eia-agency')),
  managementCategory: f('排污许可管理类别', 'enum', 'gllb', () => '重点管理', { values: ['重点管理', '简化管理'] }),
  outlets: f('排放口', 'objects', 'pfk', () => [
    { outletCode: 'DA001', pollutant: '颗粒物、挥发性有机物', standard: 'GB 16297-1996', annualLimitTonnes: 12.6 },
    { outletCode: 'DW001', pollutant: '化学需氧量、氨氮', standard: 'GB 8978-1996', annualLimitTonnes: 3.85 },
  ], {
    items: columns({
      outletCode: f('排放口编号', 'text', 'pfkbh'),
      pollutant: f('污染物种类', 'text', 'wrwzl'),
      standard: f('执行标准', 'text', 'zxbz'),
      annualLimitTonnes: f('许可排放量（吨/年）', 'decimal', 'xkpfl'),
    }),
  }),
  facilityAddress: f('设施地址', 'text', 'ssdz', (c) => c.street('facility')),
  wasteCategories: f('危险废物类别', 'strings', 'wfxflb', () => ['HW08 废矿物油与含矿物油废物', 'HW49 其他废物'], {
    values: ['HW08 废矿物油与含矿物油废物', 'HW12 染料、涂料废物', 'HW17 表面处理废物', 'HW49 其他废物'],
  }),
  wasteOperationMode: f('经营方式', 'enum', 'jyfs', () => '收集、贮存、利用', { values: ['收集', '贮存', '利用', '处置', '收集、贮存、利用'] }),
  radiationActivities: f('辐射活动种类', 'strings', 'fshdzl', () => ['使用Ⅲ类射线装置'], { values: ['使用Ⅱ类射线装置', '使用Ⅲ类射线装置', '销售Ⅲ类射线装置'] }),
  devices: f('射线装置', 'objects', 'sxzz', () => [
    { deviceName: '数字化X射线摄影系统（DR）', model: 'uDR 780i', category: 'Ⅲ类', location: '门诊楼一层放射科DR室' },
    { deviceName: '口腔全景X射线机', model: 'OP 3D', category: 'Ⅲ类', location: '门诊楼二层口腔科' },
  ], {
    items: columns({
      deviceName: f('装置名称', 'text', 'zzmc'),
      model: f('型号', 'text', 'xh'),
      category: f('类别', 'enum', 'lb', undefined, { values: ['Ⅱ类', 'Ⅲ类'] }),
      location: f('使用场所', 'text', 'sycs'),
    }),
  }),
  radiationSafetyOfficer: f('辐射安全负责人', 'name', 'fsaqfzr', (c) => c.other(2).name),

  // ---- culture and tourism ----
  venueType: f('场所类型', 'enum', 'cslx', () => '歌舞娱乐场所', { values: ['歌舞娱乐场所', '游艺娱乐场所'] }),
  roomCount: f('包厢数量', 'int', 'bxsl', () => 26),
  maxOccupancy: f('核定消费者人数', 'int', 'hdxfzrs', () => 420),
  qualityDeposit: f('质量保证金（万元）', 'money', 'zlbzj', () => 20),
  managers: f('经理人员', 'objects', 'jlry', (c) =>
    [2, 3].map((n, i) => ({ name: c.other(n).name, idNumber: c.other(n).idNumber, position: i === 0 ? '总经理' : '副总经理' })), {
    items: columns({
      name: f('姓名', 'name', 'xm'),
      idNumber: f('身份证号码', 'idnum', 'sfzh'),
      position: f('职务', 'text', 'zw'),
    }),
  }),
  performanceName: f('演出名称', 'text', 'ycmc', () => '“甬上风华”民族音乐会'),
  venueName: f('演出场所', 'text', 'yccs', () => '宁波文化广场大剧院'),
  performanceStartDate: f('演出开始日期', 'date', 'ycksrq', (c) => c.day(40)),
  performanceEndDate: f('演出结束日期', 'date', 'ycjsrq', (c) => c.day(41)),
  performers: f('主要演员', 'objects', 'zyyy', (c) => [
    { name: c.other(2).name, nationality: '中国', role: '二胡独奏' },
    { name: c.other(3).name, nationality: '中国', role: '指挥' },
  ], {
    items: columns({
      name: f('姓名', 'text', 'xm'),
      nationality: f('国籍', 'text', 'gj'),
      role: f('角色', 'text', 'js'),
    }),
  }),
  ticketPriceMax: f('最高票价（元）', 'yuan', 'zgpj', () => 680),
  terminalCount: f('计算机台数', 'int', 'jsjts', () => 120),
  networkProvider: f('网络接入服务商', 'text', 'jrfws', () => '中国电信股份有限公司宁波分公司'),

  // ---- development and reform ----
  fundingSources: f('资金来源', 'objects', 'zjly', (c) => {
    const total = Number(c.form.investmentAmount ?? 10000);
    return [
      { source: c.hint('fundingSource') ?? '企业自有资金', amount: total * 0.7 },
      { source: '银行贷款', amount: total * 0.3 },
    ];
  }, {
    items: columns({
      source: f('来源', 'enum', 'ly', undefined, { values: ['企业自有资金', '银行贷款', '政府投资', '其他'] }),
      amount: f('金额（万元）', 'money', 'je'),
    }),
  }),
  constructionContent: f('建设规模及内容', 'longtext', 'jsgmjnr', hinted('constructionContent')),
  annualEnergyTce: f('年综合能源消费量（吨标准煤，当量值）', 'decimal', 'nzhnyxfl', () => 6850.32),
  annualElectricity: f('年电力消费量（万千瓦时）', 'decimal', 'ndlxfl', () => 4210.5),
  energySavingMeasures: f('主要节能措施', 'longtext', 'zyjncs', () => '采用一级能效空压机和永磁变频电机，余热回收用于生活热水，屋顶建设分布式光伏3.2兆瓦。'),
  assessmentAgency: f('节能报告编制单位', 'text', 'jnbgbzdw', () => '宁波市节能技术服务中心'),
  approvalStage: f('审批阶段', 'enum', 'spjd', hinted('approvalStage'), { values: ['项目建议书', '可行性研究报告', '初步设计'] }),
  importEquipmentAmount: f('进口设备用汇额度（万美元）', 'decimal', 'jksbyhed', () => 860),
  encouragedCategory: f('产业结构调整指导目录鼓励类条目', 'text', 'gllmt', () => '第一类 鼓励类 十四、机械 第39条'),
  equipmentList: f('进口设备清单', 'objects', 'jksbqd', () => [
    { name: '五轴联动加工中心', model: 'DMU 65 monoBLOCK', quantity: 2, amount: 520 },
    { name: '三坐标测量机', model: 'CONTURA 10/16/10', quantity: 1, amount: 340 },
  ], {
    items: columns({
      name: f('设备名称', 'text', 'sbmc'),
      model: f('型号', 'text', 'xh'),
      quantity: f('数量（台/套）', 'int', 'sl'),
      amount: f('金额（万美元）', 'decimal', 'je'),
    }),
  }),
};

export const FIELDS: Record<string, FieldDef> = Object.fromEntries(Object.entries(SPECS).map(([key, spec]) => [key, { key, ...spec }]));

export function fieldDef(key: string): FieldDef {
  const def = FIELDS[key];
  if (!def) throw new Error(`unknown form field ${key}`);
  return def;
}

export { ID_TYPES };
