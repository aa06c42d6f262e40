/**
 * The demo city's departments, districts, systems and code tables: Ningbo's phase 1 (the
 * administrative service centre): 11 city departments and 14 department self-built systems.
 */

export interface Department {
  id: string;
  name: string;
  shortName: string;
  nameEn: string;
}

export const DEPARTMENTS: readonly Department[] = [
  { id: 'amr', name: '宁波市市场监督管理局', shortName: '市场监管局', nameEn: 'Ningbo Administration for Market Regulation' },
  { id: 'hrss', name: '宁波市人力资源和社会保障局', shortName: '人力社保局', nameEn: 'Ningbo Human Resources and Social Security Bureau' },
  { id: 'nrp', name: '宁波市自然资源和规划局', shortName: '资源规划局', nameEn: 'Ningbo Natural Resources and Planning Bureau' },
  { id: 'housing', name: '宁波市住房和城乡建设局', shortName: '住建局', nameEn: 'Ningbo Housing and Urban-Rural Development Bureau' },
  { id: 'psb', name: '宁波市公安局', shortName: '公安局', nameEn: 'Ningbo Public Security Bureau' },
  { id: 'civil', name: '宁波市民政局', shortName: '民政局', nameEn: 'Ningbo Civil Affairs Bureau' },
  { id: 'health', name: '宁波市卫生健康委员会', shortName: '卫健委', nameEn: 'Ningbo Health Commission' },
  { id: 'transport', name: '宁波市交通运输局', shortName: '交通局', nameEn: 'Ningbo Transport Bureau' },
  { id: 'eco', name: '宁波市生态环境局', shortName: '生态环境局', nameEn: 'Ningbo Ecology and Environment Bureau' },
  { id: 'culture', name: '宁波市文化广电旅游局', shortName: '文广旅游局', nameEn: 'Ningbo Culture, Radio, Television and Tourism Bureau' },
  { id: 'drc', name: '宁波市发展和改革委员会', shortName: '发改委', nameEn: 'Ningbo Development and Reform Commission' },
];

export interface District {
  code: string;
  name: string;
  aliases?: Array<{ code: string; name: string; endedOn: string }>;
}

export const CITY: District = { code: '330200', name: '宁波市' };

/** The districts (区、县、县级市) under the city, GB/T 2260, with the codes they replaced. */
export const DISTRICTS: readonly District[] = [
  CITY,
  { code: '330203', name: '海曙区' },
  { code: '330205', name: '江北区' },
  { code: '330206', name: '北仑区' },
  { code: '330211', name: '镇海区' },
  { code: '330212', name: '鄞州区', aliases: [{ code: '330204', name: '江东区', endedOn: '2016-09-30' }] },
  { code: '330213', name: '奉化区', aliases: [{ code: '330283', name: '奉化市', endedOn: '2016-09-30' }] },
  { code: '330225', name: '象山县' },
  { code: '330226', name: '宁海县' },
  { code: '330281', name: '余姚市' },
  { code: '330282', name: '慈溪市' },
];

/** The ten districts below the city (every district with a marriage registration office). */
export const LOCAL_DISTRICTS: readonly District[] = DISTRICTS.filter((d) => d.code !== CITY.code);

export type Dialect = 'gov' | 'open';
export type Adapter = 'rest' | 'soap' | 'file' | 'amqp';

/** A SOAP system: its WSDL (written by wsdl.ts) and how its results come back. */
export interface SoapDef {
  endpointPath: string;
  service: string;
  port: string;
  /** The submit operation (the department's own name for it). */
  operation: string;
  /** The WSDL's targetNamespace: the department's own. */
  namespace: string;
  version: '1.1' | '1.2';
  /** poll: the hub calls the system's QueryResults; push: the system calls the hub's SOAP callback (SubmitResult). */
  results: 'poll' | 'push';
  /** The operation that answers the social insurance certificate lookup (参保证明查询), for the system that holds the register. */
  certificate?: string;
}

/** A file-drop system: what its case files and its result files look like. */
export interface FileDef {
  format: 'xml' | 'csv';
  encoding?: 'gb18030';
  /** XML systems: the case file's root element and namespace, and those of the result files it writes. */
  xml?: { prefix: string; root: string; namespace: string; resultRoot: string; resultNamespace: string };
  /** The case file name template (the file adapter's `fileName`). */
  fileName: string;
  /** The prefix of the result files the department writes into the inbox. */
  resultPrefix: string;
}

/** An AMQP system: the exchange and routing key it is bound to, its own queue, and where it replies. */
export interface AmqpDef {
  exchange: string;
  routingKey: string;
  replyQueue: string;
  /** The department's own queue, bound to the exchange with the routing key. */
  queue: string;
}

export interface SystemDef {
  id: string;
  name: string;
  department: string;
  adapter: Adapter;
  /**
   * How request bodies are spelled (see README): gov (pinyin) or open (English). SOAP and file
   * systems speak gov; culture-licensing's CSV is gov flattened to one row.
   */
  dialect?: Dialect;
  /** Open-dialect systems: how their own form-field names are written. */
  naming?: 'camel' | 'snake';
  port?: number;
  path?: string;
  /** Prefix of the receipts (受理编号) the system's simulator issues. */
  receiptPrefix?: string;
  /**
   * What the system's response and result fixtures show: a case of `form`, not accepted for
   * `rejection`, approved with the `licence` document.
   */
  fixture?: { form: string; licence: string; rejection: string };
  soap?: SoapDef;
  file?: FileDef;
  amqp?: AmqpDef;
  /** Systems run once per district (婚姻登记): base ports of the districts' instances. */
  perDistrict?: { firstPort: number };
}

export const SYSTEMS: readonly SystemDef[] = [
  {
    id: 'amr-registration', name: '企业登记管理系统', department: 'amr', adapter: 'rest', dialect: 'gov', port: 18101, path: '/api/sl/sqxx', receiptPrefix: 'AMRDJ',
    fixture: { form: 'amr-company-setup', licence: '营业执照', rejection: '申请材料不齐全：未提供住所使用证明（房屋租赁合同或产权证明），请补正后重新申请。' },
  },
  {
    id: 'amr-licensing', name: '市场监管许可审批系统', department: 'amr', adapter: 'rest', dialect: 'open', naming: 'camel', port: 18102, path: '/api/v1/applications', receiptPrefix: 'AMRXK',
    fixture: { form: 'amr-food-business-licence', licence: '食品经营许可证', rejection: '申请材料不齐全：未提供经营场所平面布局图，请补正后重新申请。' },
  },
  {
    id: 'hrss-employment', name: '就业创业服务系统', department: 'hrss', adapter: 'rest', dialect: 'gov', port: 18103, path: '/api/jycy/sqxx', receiptPrefix: 'RSJY',
    fixture: { form: 'hrss-hr-service-licence', licence: '人力资源服务许可证', rejection: '专职工作人员少于5名，不符合人力资源服务许可条件，不予受理。' },
  },
  {
    id: 'nrp-land', name: '国土资源审批系统', department: 'nrp', adapter: 'rest', dialect: 'gov', port: 18104, path: '/api/gtsp/sqxx', receiptPrefix: 'ZRGT',
    fixture: { form: 'nrp-land-preexamination', licence: '建设项目用地预审与选址意见书', rejection: '项目尚未取得项目代码，请先办理项目核准（备案）后再申请。' },
  },
  {
    id: 'housing-construction', name: '建设工程审批系统', department: 'housing', adapter: 'rest', dialect: 'open', naming: 'snake', port: 18105, path: '/api/v2/permit-applications', receiptPrefix: 'ZJJS',
    fixture: { form: 'housing-construction-permit', licence: '建筑工程施工许可证', rejection: '建设工程规划许可证编号与审批系统记录不一致，请核实后重新申请。' },
  },
  {
    id: 'health-licensing', name: '卫生健康审批系统', department: 'health', adapter: 'rest', dialect: 'open', naming: 'camel', port: 18106, path: '/api/v1/licence-applications', receiptPrefix: 'WJXK',
    fixture: { form: 'health-public-place-licence', licence: '公共场所卫生许可证', rejection: '部分从业人员健康证明已过有效期，请更新后重新申请。' },
  },
  {
    id: 'drc-projects', name: '投资项目在线审批监管平台', department: 'drc', adapter: 'rest', dialect: 'gov', port: 18107, path: '/api/tzxm/sqxx', receiptPrefix: 'FGTZ',
    fixture: { form: 'drc-project-approval', licence: '企业投资项目核准批复', rejection: '项目申请报告未附用地预审与选址意见书，请补正后重新申请。' },
  },
  {
    id: 'civil-marriage', name: '婚姻登记系统', department: 'civil', adapter: 'rest', dialect: 'gov', path: '/api/hydj/sqxx', receiptPrefix: 'MZHY', perDistrict: { firstPort: 18121 },
    fixture: { form: 'civil-marriage-registration', licence: '结婚证（电子证照）', rejection: '当事人双方须共同到场办理结婚登记，本次不予受理。' },
  },
  {
    id: 'hrss-social-insurance', name: '社会保险业务系统', department: 'hrss', adapter: 'soap', dialect: 'gov', port: 18111, receiptPrefix: 'RSSB',
    soap: { endpointPath: '/ws/shbx', service: 'SocialInsuranceService', port: 'SocialInsurancePort', operation: 'SubmitApplication', namespace: 'http://shbx.rsj.ningbo.gov.cn/ws/sqfw', version: '1.1', results: 'poll', certificate: 'QueryCertificate' },
    fixture: { form: 'hrss-social-insurance-registration', licence: '社会保险登记证（电子）', rejection: '单位参保信息与市场主体登记信息不一致，请核实后重新申请。' },
  },
  {
    id: 'psb-household', name: '户籍管理系统', department: 'psb', adapter: 'soap', dialect: 'gov', port: 18112, receiptPrefix: 'GAHJ',
    soap: { endpointPath: '/ws/hjgl', service: 'HouseholdRegisterService', port: 'HouseholdRegisterPort', operation: 'acceptApplication', namespace: 'http://hjgl.gaj.ningbo.gov.cn/ws/hjsl', version: '1.2', results: 'poll' },
    fixture: { form: 'psb-talent-settlement', licence: '准予迁入证明', rejection: '申请人学历证书未通过学信网核验，请补正后重新申请。' },
  },
  {
    id: 'eco-eia', name: '建设项目环境影响评价审批系统', department: 'eco', adapter: 'soap', dialect: 'gov', port: 18113, receiptPrefix: 'STHP',
    soap: { endpointPath: '/ws/hpsp', service: 'EiaApprovalService', port: 'EiaApprovalPort', operation: 'submitApplication', namespace: 'http://hpsp.sthjj.ningbo.gov.cn/ws/hpsp', version: '1.1', results: 'push' },
    fixture: { form: 'eco-eia-report', licence: '建设项目环境影响报告书批复', rejection: '环境影响报告书未附公众参与说明，请补正后重新申请。' },
  },
  {
    id: 'nrp-realestate', name: '不动产登记系统', department: 'nrp', adapter: 'file', dialect: 'gov', receiptPrefix: 'BDCDJ',
    file: {
      format: 'xml',
      xml: { prefix: 'bdc', root: 'sqxx', namespace: 'http://bdc.zrzyj.ningbo.gov.cn/schema/sqxx/1', resultRoot: 'jgxx', resultNamespace: 'http://bdc.zrzyj.ningbo.gov.cn/schema/jgxx/1' },
      fileName: '{itemCode}_{caseId}.{ext}',
      resultPrefix: 'JG_',
    },
    fixture: { form: 'nrp-realestate-transfer', licence: '不动产权证书（电子证照）', rejection: '不动产单元存在查封登记，暂不予受理。' },
  },
  {
    id: 'culture-licensing', name: '文化市场综合审批系统', department: 'culture', adapter: 'file', dialect: 'gov', receiptPrefix: 'WGLY',
    file: { format: 'csv', encoding: 'gb18030', fileName: 'WH_{date}_{caseId}.{ext}', resultPrefix: 'JG_' },
    fixture: { form: 'culture-entertainment-licence', licence: '娱乐经营许可证', rejection: '经营场所与中小学校的距离不符合设立条件，不予受理。' },
  },
  {
    id: 'transport-permits', name: '交通运输行政审批系统', department: 'transport', adapter: 'amqp', dialect: 'open', naming: 'camel', receiptPrefix: 'JTXK',
    amqp: { exchange: 'owh.transport', routingKey: 'permits.apply', replyQueue: 'owh.transport.results', queue: 'jtys.xzsp.sqxx' },
    fixture: { form: 'transport-road-freight-licence', licence: '道路运输经营许可证', rejection: '营运车辆行驶证信息与车辆登记信息不一致，请核实后重新申请。' },
  },
];

export const REST_SYSTEMS = SYSTEMS.filter((s) => s.adapter === 'rest');

export function systemById(id: string): SystemDef {
  const s = SYSTEMS.find((x) => x.id === id);
  if (!s) throw new Error(`unknown system ${id}`);
  return s;
}

/** amr-registration → AMR_REGISTRATION */
export function upperSnake(id: string): string {
  return id.toUpperCase().replace(/-/g, '_');
}

/** The port of a per-district system's instance for a district. */
export function instancePort(system: SystemDef, districtCode: string): number {
  const i = LOCAL_DISTRICTS.findIndex((d) => d.code === districtCode);
  if (!system.perDistrict || i < 0) throw new Error(`${system.id} has no instance for ${districtCode}`);
  return system.perDistrict.firstPort + i;
}

/** The system's base URL (the instance's, for a per-district system). */
export function baseUrl(system: SystemDef, districtCode?: string): string {
  const port = system.perDistrict ? instancePort(system, districtCode ?? '') : system.port;
  return `http://127.0.0.1:${port}`;
}

// ---- Code tables (catalog/code-tables/*.yaml): shared by the mappings. ----

export type CodeTable = Record<string, string>;

export const CODE_TABLES: Record<string, { description: string; table: CodeTable }> = {
  gender: { description: '性别 (GB/T 2261.1): the hub\'s M/F to the national codes gov-dialect systems use.', table: { M: '1', F: '2' } },
  'id-type': {
    description: '证件类型: the hub\'s id types to the codes gov-dialect systems use (111 居民身份证, 414 普通护照, 516 港澳居民来往内地通行证, 511 台湾居民来往大陆通行证, 553 外国人永久居留身份证, 001 统一社会信用代码).',
    table: { 'resident-id': '111', passport: '414', 'hk-macao-permit': '516', 'taiwan-permit': '511', 'foreign-permanent-resident': '553', 'credit-code': '001' },
  },
  channel: { description: '受理渠道: where the case was accepted (1 窗口, 2 网上, 3 移动端, 4 自助终端).', table: { window: '1', web: '2', app: '3', kiosk: '4' } },
  'district-names': {
    description: '行政区划名称 (GB/T 2260): district code to its Chinese name, old codes included (江东区 and 奉化市 ended on 2016-09-30).',
    table: Object.fromEntries(
      DISTRICTS.flatMap((d) => [[d.code, d.name] as [string, string], ...(d.aliases ?? []).map((a) => [a.code, a.name] as [string, string])]),
    ),
  },
  'open-id-type': {
    description: 'ID types as open-dialect systems spell them.',
    table: { 'resident-id': 'ID_CARD', passport: 'PASSPORT', 'hk-macao-permit': 'HK_MACAO_PERMIT', 'taiwan-permit': 'TAIWAN_PERMIT', 'foreign-permanent-resident': 'FOREIGN_PERMANENT_RESIDENT', 'credit-code': 'USCC' },
  },
  'gov-result-kind': { description: '结果类型 (jglx) of gov-dialect result posts: sl 受理, bj 办结, bz 补正告知 (a request for more material).', table: { sl: 'acceptance', bj: 'completion', bz: 'supplement' } },
  'gov-result-outcome': {
    description: '结果代码 (jgdm) of gov-dialect result posts: 01 受理通过, 02 不予受理, 03 准予许可, 04 不予许可, 05 需补正材料.',
    table: { '01': 'accepted', '02': 'rejected', '03': 'approved', '04': 'denied', '05': 'requested' },
  },
  'open-result-stage': { description: 'stage of open-dialect result posts (SUPPLEMENT: a request for more material).', table: { ACCEPTANCE: 'acceptance', DECISION: 'completion', SUPPLEMENT: 'supplement' } },
  'gov-opinion-kind': {
    description: '结果类型 (jglx) of a co-handler\'s opinion forwarded to a gov-dialect lead (协办意见): the hub\'s result kinds to sl 受理, bj 办结, bz 补正告知.',
    table: { acceptance: 'sl', completion: 'bj', supplement: 'bz' },
  },
  'gov-opinion-outcome': {
    description: '结果代码 (jgdm) of a forwarded opinion: the hub\'s outcomes to 01 受理通过, 02 不予受理, 03 准予许可, 04 不予许可, 05 需补正材料.',
    table: { accepted: '01', rejected: '02', approved: '03', denied: '04', requested: '05' },
  },
  'gov-opinion-type': {
    description: '意见类型 (yjlx) of a forwarded opinion: 1 已受理, 2 同意, 3 不同意, 4 需补正材料.',
    table: { accepted: '1', agree: '2', disagree: '3', 'more-material': '4' },
  },
};

export function codeTable(name: string): CodeTable {
  const t = CODE_TABLES[name];
  if (!t) throw new Error(`unknown code table ${name}`);
  return t.table;
}
