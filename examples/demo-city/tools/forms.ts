/**
 * The 59 e-forms of the demo city and the 118 service items that use them, grouped by
 * department in the order of city.ts. Each form lists its fields (keys of fields.ts; `?` marks an
 * optional one), the materials its sample carries, the sample's own texts, and its items:
 * [type of power, name, statutory time limit in working days, targets]. Targets are written
 * `lead+co-handler+…`; without them an item goes to the form's system alone.
 */

export type ItemType = 'XK' | 'CF' | 'QZ' | 'ZS' | 'JF' | 'JC' | 'QR' | 'JL' | 'CJ' | 'QT' | 'GG';

export type ItemSpec = readonly [type: ItemType, name: string, days: number, targets?: string];

export interface FormSpec {
  id: string;
  title: string;
  department: string;
  /** The system that handles the form's items unless an item says otherwise. */
  system: string;
  applicant: 'person' | 'entity';
  /** For entity applicants: the category of their credit code (91 company, 11 government organ …). */
  entityCategory?: '91' | '11' | '12';
  fields: readonly string[];
  materials: readonly string[];
  /**
   * The sample's own texts, by field key (used before the dictionary's sampler), and a few
   * settings: `jurisdiction` pins the sample's district where its names say where it is.
   */
  sample?: Record<string, unknown>;
  items: readonly ItemSpec[];
}

const CONTACT = ['contactName', 'contactPhone'] as const;
const PROJECT = ['projectName', 'projectCode', 'constructionUnit', 'creditCode', 'constructionSite'] as const;

export const FORMS: readonly FormSpec[] = [
  // ===================== 市场监管局 amr =====================
  {
    id: 'amr-company-setup', title: '企业设立登记申请表', department: 'amr', system: 'amr-registration', applicant: 'person',
    fields: ['companyName', 'companyType', 'registeredCapital', 'businessScope', 'address', 'operatingPeriodYears', 'legalRepName', 'legalRepIdNumber', 'legalRepPhone', 'shareholders', ...CONTACT],
    materials: ['id-card', 'lease-contract', 'articles-of-association'],
    sample: { companyName: '宁波甬新智能科技有限公司', businessScope: '一般项目：技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广；软件开发；智能控制系统集成；电子产品销售（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）。' },
    items: [
      ['XK', '有限责任公司设立登记', 1],
      ['XK', '股份有限公司设立登记', 1],
      ['QT', '企业开办一件事（设立登记、用工登记、社保登记联办）', 1, 'amr-registration+hrss-employment+hrss-social-insurance'],
    ],
  },
  {
    id: 'amr-company-change', title: '企业变更登记申请表', department: 'amr', system: 'amr-registration', applicant: 'entity',
    fields: ['creditCode', 'companyName', 'changeItems', 'changeReason', 'resolutionDate', 'legalRepName', 'legalRepIdNumber', ...CONTACT],
    materials: ['business-licence', 'shareholder-resolution'],
    sample: {
      companyName: '宁波明州华信电子有限公司', changeReason: '因经营发展需要，迁移住所并增加经营范围',
      changeItems: [
        { item: '住所', before: '宁波市江北区洪塘中路215号', after: '宁波市江北区人民路132号7楼' },
        { item: '经营范围', before: '电子元器件制造；电子产品销售', after: '电子元器件制造；电子产品销售；物联网设备销售' },
      ],
    },
    items: [['XK', '有限责任公司变更登记', 1], ['XK', '股份有限公司变更登记', 1]],
  },
  {
    id: 'amr-company-deregistration', title: '企业注销登记申请表', department: 'amr', system: 'amr-registration', applicant: 'entity',
    fields: ['creditCode', 'companyName', 'deregistrationReason', 'liquidationCompletedDate', 'liquidationLeader', 'announcementDate', 'debtsSettled', 'legalRepName', 'legalRepIdNumber', 'contactPhone'],
    materials: ['business-licence', 'liquidation-report'],
    sample: { companyName: '宁波四明轩贸易有限公司' },
    items: [['XK', '企业注销登记', 1], ['XK', '企业简易注销登记', 1]],
  },
  {
    id: 'amr-individual-business', title: '个体工商户登记申请表', department: 'amr', system: 'amr-registration', applicant: 'person',
    fields: ['operatorName', 'operatorIdNumber', 'gender', 'birthDate', 'tradeName', 'businessAddress', 'businessScope', 'capitalAmount', 'employeeCount', 'organisationForm', 'contactPhone'],
    materials: ['id-card', 'lease-contract'],
    sample: { tradeName: '宁波市鄞州区阿芳小吃店', businessScope: '小餐饮；食品销售（仅销售预包装食品）。' },
    items: [['XK', '个体工商户设立登记', 1], ['XK', '个体工商户变更登记', 1]],
  },
  {
    id: 'amr-food-business-licence', title: '食品经营许可申请表', department: 'amr', system: 'amr-licensing', applicant: 'entity',
    fields: ['companyName', 'creditCode', 'legalRepName', 'legalRepIdNumber', 'businessAddress', 'foodBusinessType', 'businessItems', 'businessArea', 'foodSafetyManagerName', 'foodSafetyManagerPhone', 'contactPhone', 'remarks?'],
    materials: ['business-licence', 'site-plan'],
    sample: { companyName: '宁波天一鲜生超市有限公司', foodBusinessType: '食品销售经营者（超市）', businessItems: ['预包装食品销售（含冷藏冷冻食品）', '散装食品销售（含冷藏冷冻食品）'] },
    items: [['XK', '食品经营许可（新办）', 5], ['XK', '食品经营许可（延续）', 5]],
  },
  {
    id: 'amr-food-production-licence', title: '食品生产许可申请表', department: 'amr', system: 'amr-licensing', applicant: 'entity',
    fields: ['companyName', 'creditCode', 'legalRepName', 'productionAddress', 'foodCategories', 'annualCapacityTonnes', 'workshopArea', ...CONTACT],
    materials: ['business-licence', 'site-plan'],
    sample: {
      companyName: '宁波海之味食品有限公司',
      foodCategories: [
        { category: '水产制品', varietyName: '干制水产品（烤鱼片、鱿鱼丝）', standard: 'GB 10136-2015' },
        { category: '调味品', varietyName: '鱼露、虾酱', standard: 'SB/T 10324-1999' },
      ],
    },
    items: [['XK', '食品生产许可（新办）', 10, 'amr-licensing+amr-registration'], ['XK', '食品生产许可（变更）', 10]],
  },
  {
    id: 'amr-special-equipment', title: '特种设备使用登记表', department: 'amr', system: 'amr-licensing', applicant: 'entity',
    fields: ['useUnitName', 'creditCode', 'equipmentCategory', 'equipmentCode', 'manufacturerName', 'manufactureDate', 'installationAddress', 'safetyManagerName', 'safetyManagerPhone', 'inspectionReportNo'],
    materials: ['business-licence', 'inspection-report'],
    sample: { companyName: '宁波港城物业服务有限公司', equipmentCategory: '电梯', manufacturerName: '宁波宏大电梯有限公司' },
    items: [['QT', '特种设备使用登记', 5], ['QT', '特种设备安装改造修理告知', 1]],
  },
  {
    id: 'amr-medical-device-business', title: '医疗器械经营许可（备案）申请表', department: 'amr', system: 'amr-licensing', applicant: 'entity',
    fields: ['companyName', 'creditCode', 'legalRepName', 'businessAddress', 'warehouseAddress', 'deviceCategories', 'qualityManagerName', 'qualityManagerIdNumber', 'warehouseArea', 'contactPhone'],
    materials: ['business-licence', 'site-plan'],
    sample: { companyName: '宁波康泰医疗器械有限公司', deviceCategories: ['07 医用诊察和监护器械', '14 注输、护理和防护器械', '22 临床检验器械'] },
    items: [['XK', '第三类医疗器械经营许可', 15], ['QT', '第二类医疗器械经营备案', 1]],
  },
  {
    id: 'amr-drug-retail', title: '药品零售企业许可申请表', department: 'amr', system: 'amr-licensing', applicant: 'entity',
    fields: ['companyName', 'creditCode', 'legalRepName', 'legalRepIdNumber', 'businessAddress', 'pharmacists', 'businessArea', 'drugScope', 'contactPhone'],
    materials: ['business-licence', 'qualification-certificate'],
    sample: { companyName: '宁波寿全斋大药房有限公司' },
    items: [['XK', '药品零售企业许可（新办）', 15], ['XK', '药品零售企业许可（变更）', 10]],
  },
  {
    id: 'amr-industrial-product-licence', title: '工业产品生产许可证申请表', department: 'amr', system: 'amr-licensing', applicant: 'entity',
    fields: ['companyName', 'creditCode', 'legalRepName', 'productionAddress', 'products', 'annualOutputValue', 'employeeCount', ...CONTACT],
    materials: ['business-licence', 'inspection-report'],
    sample: {
      companyName: '宁波东方电缆材料有限公司',
      products: [
        { productName: '电线电缆', productUnit: '额定电压450/750V及以下聚氯乙烯绝缘电线电缆', specification: 'BV 1.5~240mm²' },
        { productName: '电线电缆', productUnit: '额定电压1kV及以下架空绝缘电缆', specification: 'JKLYJ 16~240mm²' },
      ],
    },
    items: [['XK', '重要工业产品生产许可证核发', 20], ['XK', '重要工业产品生产许可证延续', 20]],
  },
  {
    id: 'amr-restaurant-opening', title: '开办餐饮店一件事联办申请表', department: 'amr', system: 'amr-registration', applicant: 'person',
    fields: ['companyName', 'registeredCapital', 'address', 'legalRepName', 'legalRepIdNumber', 'legalRepPhone', 'businessScope', 'businessItems', 'businessArea', 'seatCount', 'foodSafetyManagerName', 'healthCertificateHolders', 'contactPhone'],
    materials: ['id-card', 'lease-contract', 'site-plan'],
    sample: {
      companyName: '宁波甬味轩餐饮管理有限公司', businessScope: '许可项目：餐饮服务；食品销售。一般项目：餐饮管理；外卖递送服务。',
      businessItems: ['热食类食品制售', '冷食类食品制售', '自制饮品制售（不含自酿酒）'],
    },
    items: [['QT', '开办餐饮店一件事', 5, 'amr-registration+amr-licensing+health-licensing']],
  },

  // ===================== 人力社保局 hrss =====================
  {
    id: 'hrss-employment-registration', title: '就业登记申请表', department: 'hrss', system: 'hrss-employment', applicant: 'person',
    fields: ['name', 'idNumber', 'gender', 'birthDate', 'ethnicity', 'education', 'householdAddress', 'residentialAddress', 'employerName', 'employerCreditCode', 'employmentDate', 'mobile'],
    materials: ['id-card'],
    sample: { employerName: '宁波均胜汽车电子股份有限公司' },
    items: [['GG', '就业登记', 1], ['GG', '失业登记', 1]],
  },
  {
    id: 'hrss-hr-service-licence', title: '人力资源服务许可申请表', department: 'hrss', system: 'hrss-employment', applicant: 'entity',
    fields: ['companyName', 'creditCode', 'legalRepName', 'legalRepIdNumber', 'businessAddress', 'officeArea', 'serviceItems', 'fullTimeStaff', ...CONTACT],
    materials: ['business-licence', 'lease-contract'],
    sample: { companyName: '宁波才聚人力资源服务有限公司', serviceItems: ['为劳动者介绍用人单位', '为用人单位推荐劳动者', '组织开展现场招聘会'] },
    items: [['XK', '人力资源服务许可（新办）', 10, 'hrss-employment+amr-registration'], ['XK', '人力资源服务许可（变更）', 5]],
  },
  {
    id: 'hrss-startup-subsidy', title: '创业补贴申请表', department: 'hrss', system: 'hrss-employment', applicant: 'person',
    fields: ['name', 'idNumber', 'gender', 'birthDate', 'mobile', 'entityName', 'entityCreditCode', 'establishedDate', 'employeesInsured', 'bankName', 'bankAccount', 'subsidyAmount'],
    materials: ['id-card', 'business-licence'],
    sample: { entityName: '宁波市海曙区青创文化传播工作室' },
    items: [['JF', '一次性创业补贴', 20], ['JF', '创业担保贷款贴息', 20]],
  },
  {
    id: 'hrss-social-insurance-registration', title: '单位社会保险登记表', department: 'hrss', system: 'hrss-social-insurance', applicant: 'entity',
    fields: ['companyName', 'creditCode', 'legalRepName', 'legalRepIdNumber', 'address', 'unitType', 'insuranceTypes', 'staffCount', 'bankName', 'bankAccount', ...CONTACT],
    materials: ['business-licence'],
    sample: { jurisdiction: '330206', companyName: '宁波北仑港联物流有限公司' },
    items: [['QR', '单位参保登记', 1], ['QR', '单位社会保险登记变更', 1]],
  },
  {
    id: 'hrss-pension-claim', title: '基本养老保险待遇申领表', department: 'hrss', system: 'hrss-social-insurance', applicant: 'person',
    fields: ['name', 'idNumber', 'gender', 'birthDate', 'retirementDate', 'workStartDate', 'contributionYears', 'bankName', 'bankAccount', 'mobile', 'residentialAddress'],
    materials: ['id-card', 'bank-card'],
    items: [['JF', '职工基本养老保险待遇申领', 10], ['JF', '城乡居民基本养老保险待遇申领', 10]],
  },
  {
    id: 'hrss-labor-dispatch-licence', title: '劳务派遣经营许可申请表', department: 'hrss', system: 'hrss-employment', applicant: 'entity',
    fields: ['companyName', 'creditCode', 'registeredCapital', 'legalRepName', 'legalRepIdNumber', 'businessAddress', 'officeArea', 'dispatchRules', ...CONTACT],
    materials: ['business-licence', 'capital-verification'],
    sample: { companyName: '宁波甬才劳务派遣有限公司' },
    items: [['XK', '劳务派遣经营许可（新办）', 10], ['XK', '劳务派遣经营许可（延续）', 10]],
  },

  // ===================== 资源规划局 nrp =====================
  {
    id: 'nrp-land-preexamination', title: '建设项目用地预审与选址意见书申请表', department: 'nrp', system: 'nrp-land', applicant: 'entity',
    fields: [...PROJECT, 'landArea', 'newConstructionLandArea', 'farmlandArea', 'investmentAmount', 'landUse', ...CONTACT],
    materials: ['business-licence', 'project-proposal'],
    sample: { jurisdiction: '330281', companyName: '宁波舜宇智能光学科技有限公司', projectName: '年产3000万套车载光学镜头智能制造项目' },
    items: [
      ['XK', '建设项目用地预审与选址意见书核发', 10, 'nrp-land+drc-projects+housing-construction'],
      ['XK', '建设项目用地预审与选址意见书变更', 5],
    ],
  },
  {
    id: 'nrp-land-use-planning-permit', title: '建设用地规划许可证申请表', department: 'nrp', system: 'nrp-land', applicant: 'entity',
    fields: [...PROJECT, 'landArea', 'landUse', 'plotRatio', 'landTransferContractNo', ...CONTACT],
    materials: ['business-licence', 'land-certificate'],
    sample: { jurisdiction: '330206', companyName: '宁波北仑临港产业投资有限公司', projectName: '北仑区新能源汽车零部件产业园一期' },
    items: [['XK', '建设用地规划许可证核发', 5, 'nrp-land+drc-projects'], ['XK', '建设用地批准书核发', 5]],
  },
  {
    id: 'nrp-construction-planning-permit', title: '建设工程规划许可证申请表', department: 'nrp', system: 'nrp-land', applicant: 'entity',
    // 乡村建设规划许可 is asked for by villagers too, who have neither a project code nor a credit code.
    fields: ['projectName', 'projectCode?', 'constructionUnit', 'creditCode?', 'constructionSite', 'buildingArea', 'aboveGroundArea', 'undergroundArea', 'buildings', 'designUnit', ...CONTACT],
    materials: ['business-licence', 'design-drawings'],
    sample: { jurisdiction: '330212', companyName: '宁波东部新城开发投资集团有限公司', projectName: '东部新城核心区E5-12地块商务办公楼' },
    items: [
      ['XK', '建设工程规划许可证核发', 10, 'nrp-land+housing-construction+drc-projects'],
      ['XK', '乡村建设规划许可证核发', 10],
    ],
  },
  {
    id: 'nrp-realestate-first-registration', title: '不动产首次登记申请书', department: 'nrp', system: 'nrp-realestate', applicant: 'entity',
    fields: ['rightHolder', 'creditCode', 'location', 'realEstateUnitNo', 'parcelArea', 'rightType', 'acquisitionMethod', 'landTransferContractNo', ...CONTACT],
    materials: ['business-licence', 'land-certificate'],
    sample: { jurisdiction: '330282', companyName: '宁波杭州湾新区开发建设有限公司' },
    items: [
      ['QR', '国有建设用地使用权首次登记', 5, 'nrp-realestate+nrp-land'],
      ['QR', '房屋所有权首次登记', 5],
    ],
  },
  {
    id: 'nrp-realestate-transfer', title: '不动产转移登记申请书', department: 'nrp', system: 'nrp-realestate', applicant: 'person',
    fields: ['transferors', 'transferees', 'location', 'realEstateCertNo', 'buildingArea', 'transactionPrice', 'contractDate', 'mobile'],
    materials: ['id-card', 'sales-contract'],
    sample: { buildingArea: 89.56 },
    items: [
      ['QT', '二手房转移登记一件事（交易备案、缴税、转移登记联办）', 1, 'nrp-realestate+housing-construction'],
      ['QR', '不动产转移登记（继承、受遗赠）', 5],
    ],
  },
  {
    id: 'nrp-realestate-mortgage', title: '不动产抵押登记申请书', department: 'nrp', system: 'nrp-realestate', applicant: 'person',
    fields: ['mortgagorName', 'mortgagorIdNumber', 'mortgageeName', 'mortgageeCreditCode', 'location', 'realEstateCertNo', 'securedAmount', 'debtStartDate', 'debtEndDate', 'mobile'],
    materials: ['id-card', 'mortgage-contract'],
    items: [['QR', '不动产抵押权首次登记', 1], ['QR', '不动产抵押权注销登记', 1]],
  },

  // ===================== 住建局 housing =====================
  {
    id: 'housing-construction-permit', title: '建筑工程施工许可申请表', department: 'housing', system: 'housing-construction', applicant: 'entity',
    fields: [...PROJECT, 'buildingArea', 'contractPrice', 'plannedStartDate', 'plannedCompletionDate', 'participants', 'planningPermitNo', 'wageGuaranteeDeposited', ...CONTACT],
    materials: ['business-licence', 'construction-contract'],
    sample: { jurisdiction: '330212', companyName: '宁波市轨道交通物产置业有限公司', projectName: '鄞州区邱隘站TOD综合开发项目（一期）' },
    items: [
      ['XK', '建筑工程施工许可证核发', 3, 'housing-construction+nrp-land+hrss-employment'],
      ['XK', '建筑工程施工许可证变更', 3],
    ],
  },
  {
    id: 'housing-fire-design-review', title: '建设工程消防设计审查申请表', department: 'housing', system: 'housing-construction', applicant: 'entity',
    fields: ['projectName', 'constructionUnit', 'creditCode', 'constructionSite', 'buildingArea', 'buildingHeight', 'fireHazardCategory', 'usageNature', 'designUnit', ...CONTACT],
    materials: ['business-licence', 'design-drawings'],
    sample: { jurisdiction: '330211', companyName: '宁波镇海炼化配套产业发展有限公司', projectName: '镇海新材料产业园标准厂房（二期）' },
    items: [['XK', '特殊建设工程消防设计审查', 15], ['QT', '其他建设工程消防设计备案', 5]],
  },
  {
    id: 'housing-completion-filing', title: '建设工程竣工验收（备案）申请表', department: 'housing', system: 'housing-construction', applicant: 'entity',
    fields: [...PROJECT, 'buildingArea', 'completionAcceptanceDate', 'constructionPermitNo', 'participants', ...CONTACT],
    materials: ['business-licence', 'completion-report'],
    sample: { jurisdiction: '330205', companyName: '宁波江北城投置业有限公司', projectName: '江北区湾头片区安置房项目' },
    items: [
      ['QT', '房屋建筑和市政基础设施工程竣工验收备案', 5, 'housing-construction+nrp-land'],
      ['XK', '特殊建设工程消防验收', 10],
    ],
  },
  {
    id: 'housing-presale-permit', title: '商品房预售许可申请表', department: 'housing', system: 'housing-construction', applicant: 'entity',
    fields: ['companyName', 'creditCode', 'projectName', 'location', 'presaleBuildings', 'presaleArea', 'realEstateCertNo', 'planningPermitNo', 'constructionPermitNo', 'supervisionBank', 'supervisionAccount', ...CONTACT],
    materials: ['business-licence', 'land-certificate'],
    sample: { jurisdiction: '330213', companyName: '宁波奉化滨海置业有限公司', projectName: '滨海湾·云庐花园' },
    items: [['XK', '商品房预售许可', 7], ['XK', '商品房预售许可变更', 5]],
  },
  {
    id: 'housing-enterprise-qualification', title: '建筑业企业资质申请表', department: 'housing', system: 'housing-construction', applicant: 'entity',
    fields: ['companyName', 'creditCode', 'registeredCapital', 'legalRepName', 'legalRepIdNumber', 'address', 'qualificationsApplied', 'technicalStaff', ...CONTACT],
    materials: ['business-licence', 'qualification-certificate'],
    sample: { companyName: '宁波宏建建设集团有限公司' },
    items: [['XK', '建筑业企业资质核准（新办）', 20], ['XK', '建筑业企业资质延续', 10]],
  },
  {
    id: 'housing-public-rental', title: '公共租赁住房保障申请表', department: 'housing', system: 'housing-construction', applicant: 'person',
    fields: ['name', 'idNumber', 'gender', 'birthDate', 'maritalStatus', 'householdMembers', 'householdAddress', 'perCapitaIncome', 'currentHousingArea', 'mobile'],
    materials: ['id-card', 'household-register'],
    items: [['GG', '公共租赁住房保障资格审核', 20], ['JF', '住房租赁补贴申请', 20]],
  },

  // ===================== 公安局 psb =====================
  {
    id: 'psb-birth-registration', title: '出生登记申请表', department: 'psb', system: 'psb-household', applicant: 'person',
    fields: ['babyName', 'babyGender', 'babyBirthDate', 'birthPlace', 'birthCertificateNo', 'fatherName', 'fatherIdNumber', 'motherName', 'motherIdNumber', 'householdAddress', 'declarantRelation', 'mobile'],
    materials: ['birth-certificate', 'household-register'],
    sample: { babyGivenName: '梓萱', babyGender: 'F' },
    items: [
      ['QR', '出生登记', 1],
      ['QT', '新生儿出生一件事（出生医学证明、户口登记、医保参保联办）', 3, 'psb-household+health-licensing+hrss-social-insurance'],
    ],
  },
  {
    id: 'psb-household-migration', title: '户口迁移申请表', department: 'psb', system: 'psb-household', applicant: 'person',
    fields: ['name', 'idNumber', 'gender', 'birthDate', 'migrationReason', 'fromAddress', 'toAddress', 'hostName', 'hostIdNumber', 'hostRelation', 'movingMembers', 'mobile'],
    materials: ['id-card', 'household-register'],
    items: [['QR', '户口迁入（投靠）', 10], ['QR', '市内户口迁移', 3]],
  },
  {
    id: 'psb-talent-settlement', title: '人才落户申请表', department: 'psb', system: 'psb-household', applicant: 'person',
    fields: ['name', 'idNumber', 'gender', 'birthDate', 'education', 'graduationSchool', 'graduationDate', 'employerName', 'employerCreditCode', 'settlementAddress', 'mobile'],
    materials: ['id-card', 'diploma'],
    sample: { employerName: '宁波舜宇光电信息有限公司' },
    items: [['QR', '人才引进落户', 5, 'psb-household+hrss-employment'], ['QR', '高校毕业生落户', 3]],
  },
  {
    id: 'psb-id-card', title: '居民身份证申领登记表', department: 'psb', system: 'psb-household', applicant: 'person',
    fields: ['name', 'idNumber', 'gender', 'birthDate', 'ethnicity', 'householdAddress', 'applicationReason', 'photoReceiptNo', 'deliveryMethod', 'deliveryAddress?', 'mobile'],
    materials: ['photo'],
    items: [['GG', '居民身份证首次申领', 20], ['GG', '居民身份证换领', 20], ['GG', '居民身份证补领', 20]],
  },
  {
    id: 'psb-residence-permit', title: '浙江省居住证申领表', department: 'psb', system: 'psb-household', applicant: 'person',
    fields: ['name', 'idNumber', 'gender', 'birthDate', 'householdAddress', 'residentialAddress', 'residenceSince', 'residenceReason', 'employerName', 'mobile'],
    materials: ['id-card', 'lease-contract'],
    sample: { employerName: '宁波吉利汽车研究开发有限公司' },
    items: [['GG', '居住证申领', 10]],
  },

  // ===================== 民政局 civil =====================
  {
    id: 'civil-marriage-registration', title: '申请结婚登记声明书', department: 'civil', system: 'civil-marriage', applicant: 'person',
    fields: ['parties', 'registrationDate', 'registrationOffice', 'marriageType', 'declarationSigned', 'contactPhone'],
    materials: ['id-card', 'photo'],
    items: [['QR', '内地居民结婚登记', 0], ['QR', '内地居民补领结婚证', 0]],
  },
  {
    id: 'civil-divorce-registration', title: '申请离婚登记声明书', department: 'civil', system: 'civil-marriage', applicant: 'person',
    fields: ['parties', 'marriageRegistrationDate', 'marriageCertNo', 'childArrangement', 'propertyArrangement', 'coolingOffStartDate', 'registrationOffice', 'contactPhone'],
    materials: ['id-card', 'divorce-agreement'],
    items: [['QR', '内地居民离婚登记', 0], ['QR', '内地居民补领离婚证', 0]],
  },
  {
    id: 'civil-marriage-record-certificate', title: '婚姻登记档案查询申请表', department: 'civil', system: 'civil-marriage', applicant: 'person',
    fields: ['name', 'idNumber', 'gender', 'birthDate', 'purpose', 'queryScope', 'spouseName?', 'mobile'],
    materials: ['id-card'],
    items: [['GG', '婚姻登记档案查询', 1], ['GG', '出具婚姻登记记录证明', 1]],
  },

  // ===================== 卫健委 health =====================
  {
    id: 'health-public-place-licence', title: '公共场所卫生许可申请表', department: 'health', system: 'health-licensing', applicant: 'entity',
    fields: ['companyName', 'creditCode', 'legalRepName', 'legalRepIdNumber', 'businessAddress', 'placeCategory', 'businessArea', 'sanitationManagerName', 'healthCertificateHolders', ...CONTACT],
    materials: ['business-licence', 'site-plan'],
    sample: { jurisdiction: '330212', companyName: '宁波南苑饭店有限公司', placeCategory: '宾馆' },
    items: [['XK', '公共场所卫生许可（新办）', 5, 'health-licensing+amr-registration'], ['XK', '公共场所卫生许可（延续）', 5]],
  },
  {
    id: 'health-medical-institution', title: '医疗机构执业登记申请表', department: 'health', system: 'health-licensing', applicant: 'entity',
    fields: ['institutionName', 'creditCode', 'legalRepName', 'legalRepIdNumber', 'institutionType', 'address', 'bedCount', 'medicalSubjects', 'practitioners', 'buildingArea', ...CONTACT],
    materials: ['business-licence', 'qualification-certificate'],
    sample: { companyName: '宁波明州口腔门诊部有限公司', institutionName: '宁波明州口腔门诊部', institutionType: '门诊部', bedCount: 0, medicalSubjects: ['口腔科', '医学影像科'] },
    items: [['XK', '医疗机构执业登记', 20, 'health-licensing+housing-construction'], ['XK', '医疗机构执业登记变更', 10]],
  },
  {
    id: 'health-private-hospital-opening', title: '开办民营医院一件事申请表', department: 'health', system: 'health-licensing', applicant: 'entity',
    fields: ['companyName', 'creditCode', 'legalRepName', 'legalRepIdNumber', 'institutionName', 'institutionType', 'address', 'registeredCapital', 'investmentAmount', 'bedCount', 'medicalSubjects', 'buildingArea', ...CONTACT],
    materials: ['business-licence', 'feasibility-study'],
    sample: { companyName: '宁波康宁健康产业投资有限公司', institutionName: '宁波康宁医院', institutionType: '综合医院', bedCount: 300, medicalSubjects: ['内科', '外科', '妇产科', '儿科', '医学检验科', '医学影像科'] },
    items: [
      ['QT', '开办民营医院一件事（设置审批、企业登记、消防设计审查联办）', 30, 'health-licensing+amr-registration+housing-construction'],
      ['XK', '医疗机构设置审批', 20],
    ],
  },
  {
    id: 'health-practitioner-registration', title: '医师（护士）执业注册申请表', department: 'health', system: 'health-licensing', applicant: 'person',
    fields: ['name', 'idNumber', 'gender', 'birthDate', 'qualificationCertNo', 'practiceCategory', 'practiceScope', 'practiceInstitution', 'mobile'],
    materials: ['id-card', 'qualification-certificate'],
    items: [['XK', '医师执业注册', 20], ['XK', '护士执业注册', 20]],
  },
  {
    id: 'health-water-supply-licence', title: '集中式供水单位卫生许可申请表', department: 'health', system: 'health-licensing', applicant: 'entity',
    fields: ['companyName', 'creditCode', 'legalRepName', 'plantName', 'plantAddress', 'dailyCapacity', 'waterSourceType', 'servedPopulation', 'disinfectionMethod', ...CONTACT],
    materials: ['business-licence', 'inspection-report'],
    sample: { companyName: '宁波市自来水有限公司', plantName: '毛家坪水厂' },
    items: [['XK', '集中式供水单位卫生许可（新办）', 20], ['XK', '集中式供水单位卫生许可（延续）', 10]],
  },

  // ===================== 交通局 transport =====================
  {
    id: 'transport-road-freight-licence', title: '道路货物运输经营许可申请表', department: 'transport', system: 'transport-permits', applicant: 'entity',
    fields: ['companyName', 'creditCode', 'legalRepName', 'legalRepIdNumber', 'businessAddress', 'transportScope', 'vehicles', 'drivers', 'parkingArea', ...CONTACT],
    materials: ['business-licence', 'vehicle-licence'],
    sample: { companyName: '宁波港通集装箱运输有限公司', transportScope: ['道路普通货物运输', '货物专用运输（集装箱）'] },
    items: [['XK', '道路普通货物运输经营许可', 5], ['XK', '道路危险货物运输经营许可', 15]],
  },
  {
    id: 'transport-road-passenger-licence', title: '道路旅客运输经营许可申请表', department: 'transport', system: 'transport-permits', applicant: 'entity',
    fields: ['companyName', 'creditCode', 'legalRepName', 'businessAddress', 'routes', 'vehicleCount', 'seatTotal', 'safetyOfficerName', 'contactPhone'],
    materials: ['business-licence', 'vehicle-licence'],
    sample: { companyName: '宁波甬城旅游客运有限公司' },
    items: [['XK', '道路旅客运输经营许可', 15], ['XK', '道路客运班线经营许可', 15]],
  },
  {
    id: 'transport-vehicle-certificate', title: '道路运输证配发申请表', department: 'transport', system: 'transport-permits', applicant: 'entity',
    fields: ['companyName', 'creditCode', 'roadTransportLicenceNo', 'vehicles', 'certificateReason', ...CONTACT],
    materials: ['vehicle-licence'],
    sample: { companyName: '宁波通达物流有限公司' },
    items: [['QT', '道路运输证配发', 1], ['QT', '道路运输证换发', 1]],
  },
  {
    id: 'transport-driving-school-filing', title: '机动车驾驶员培训备案表', department: 'transport', system: 'transport-permits', applicant: 'entity',
    fields: ['companyName', 'creditCode', 'legalRepName', 'businessAddress', 'trainingCategories', 'trainingGroundArea', 'instructorCount', 'coachCarCount', ...CONTACT],
    materials: ['business-licence', 'site-plan'],
    sample: { companyName: '宁波顺达机动车驾驶员培训有限公司' },
    items: [['QT', '机动车驾驶员培训业务备案', 5], ['QT', '机动车维修经营备案', 5]],
  },

  // ===================== 生态环境局 eco =====================
  {
    id: 'eco-eia-report', title: '建设项目环境影响评价文件审批申请表', department: 'eco', system: 'eco-eia', applicant: 'entity',
    fields: [...PROJECT, 'investmentAmount', 'envInvestment', 'eiaCategory', 'industryCategory', 'eiaAgency', 'eiaAgencyCreditCode', ...CONTACT],
    materials: ['business-licence', 'eia-report'],
    sample: { jurisdiction: '330205', companyName: '宁波金田新材料有限公司', projectName: '年产5万吨高端铜合金板带项目', industryCategory: 'C3252 铜压延加工' },
    items: [['XK', '建设项目环境影响报告书审批', 20, 'eco-eia+drc-projects'], ['XK', '建设项目环境影响报告表审批', 10]],
  },
  {
    id: 'eco-pollutant-discharge-permit', title: '排污许可证申请表', department: 'eco', system: 'eco-eia', applicant: 'entity',
    fields: ['companyName', 'creditCode', 'legalRepName', 'productionAddress', 'industryCategory', 'managementCategory', 'outlets', ...CONTACT],
    materials: ['business-licence', 'monitoring-plan'],
    sample: { companyName: '宁波东海印染有限公司', industryCategory: 'C1713 棉印染精加工' },
    items: [['XK', '排污许可证核发', 20], ['XK', '排污许可证变更', 10]],
  },
  {
    id: 'eco-hazardous-waste-licence', title: '危险废物经营许可证申请表', department: 'eco', system: 'eco-eia', applicant: 'entity',
    fields: ['companyName', 'creditCode', 'legalRepName', 'legalRepIdNumber', 'facilityAddress', 'wasteCategories', 'annualCapacityTonnes', 'wasteOperationMode', ...CONTACT],
    materials: ['business-licence', 'eia-report'],
    sample: { jurisdiction: '330206', companyName: '宁波北仑环保固废处置有限公司' },
    items: [['XK', '危险废物经营许可证核发', 20], ['XK', '危险废物经营许可证延续', 20]],
  },
  {
    id: 'eco-radiation-safety-licence', title: '辐射安全许可证申请表', department: 'eco', system: 'eco-eia', applicant: 'entity',
    fields: ['companyName', 'creditCode', 'legalRepName', 'address', 'radiationActivities', 'devices', 'radiationSafetyOfficer', ...CONTACT],
    materials: ['business-licence', 'qualification-certificate'],
    sample: { jurisdiction: '330212', companyName: '宁波明州医院有限公司' },
    items: [['XK', '辐射安全许可证核发（使用Ⅲ类射线装置）', 20], ['XK', '辐射安全许可证变更', 10]],
  },

  // ===================== 文广旅游局 culture =====================
  {
    id: 'culture-entertainment-licence', title: '娱乐场所经营许可申请表', department: 'culture', system: 'culture-licensing', applicant: 'entity',
    fields: ['companyName', 'creditCode', 'legalRepName', 'legalRepIdNumber', 'businessAddress', 'venueType', 'businessArea', 'roomCount', 'maxOccupancy', ...CONTACT],
    materials: ['business-licence', 'site-plan'],
    sample: { jurisdiction: '330205', companyName: '宁波老外滩音乐娱乐有限公司' },
    items: [['XK', '娱乐场所经营许可（新办）', 15], ['XK', '娱乐场所经营许可（变更）', 10]],
  },
  {
    id: 'culture-travel-agency-licence', title: '旅行社业务经营许可申请表', department: 'culture', system: 'culture-licensing', applicant: 'entity',
    fields: ['companyName', 'creditCode', 'registeredCapital', 'legalRepName', 'legalRepIdNumber', 'businessAddress', 'qualityDeposit', 'managers', ...CONTACT],
    materials: ['business-licence', 'deposit-certificate'],
    sample: { companyName: '宁波四明山国际旅行社有限公司' },
    items: [['XK', '旅行社业务经营许可', 20], ['QT', '开办旅行社一件事', 10, 'culture-licensing+amr-registration']],
  },
  {
    id: 'culture-performance-licence', title: '营业性演出申请表', department: 'culture', system: 'culture-licensing', applicant: 'entity',
    fields: ['companyName', 'creditCode', 'performanceName', 'venueName', 'performanceStartDate', 'performanceEndDate', 'performers', 'ticketPriceMax', ...CONTACT],
    materials: ['business-licence', 'performance-programme'],
    sample: { companyName: '宁波甬上演艺经纪有限公司' },
    items: [['XK', '营业性演出审批', 3], ['XK', '演出经纪机构从事营业性演出经营活动审批', 15]],
  },
  {
    id: 'culture-internet-service-licence', title: '互联网上网服务营业场所经营单位申请表', department: 'culture', system: 'culture-licensing', applicant: 'entity',
    fields: ['companyName', 'creditCode', 'legalRepName', 'legalRepIdNumber', 'businessAddress', 'businessArea', 'terminalCount', 'networkProvider', ...CONTACT],
    materials: ['business-licence', 'lease-contract'],
    sample: { companyName: '宁波极速网络文化有限公司' },
    items: [['XK', '互联网上网服务营业场所经营单位设立审批', 15], ['XK', '互联网上网服务营业场所经营单位变更审批', 10]],
  },

  // ===================== 发改委 drc =====================
  {
    id: 'drc-project-approval', title: '企业投资项目核准申请表', department: 'drc', system: 'drc-projects', applicant: 'entity',
    fields: [...PROJECT, 'industryCategory', 'investmentAmount', 'fundingSources', 'landArea', 'buildingArea', 'constructionContent', 'plannedStartDate', 'plannedCompletionDate', ...CONTACT],
    materials: ['business-licence', 'project-proposal'],
    sample: {
      jurisdiction: '330206',
      companyName: '宁波梅山港区码头有限公司', projectName: '梅山港区6号至10号集装箱码头工程', industryCategory: 'G5532 货运港口',
      constructionContent: '新建5个20万吨级集装箱泊位，岸线总长1900米，设计年通过能力430万标准箱，配套建设堆场、道路及生产辅助设施。',
    },
    items: [['XK', '企业投资项目核准', 10, 'drc-projects+nrp-land+housing-construction'], ['XK', '外商投资项目核准', 10, 'drc-projects+nrp-land']],
  },
  {
    id: 'drc-project-filing', title: '企业投资项目备案（赋码）信息表', department: 'drc', system: 'drc-projects', applicant: 'entity',
    fields: [...PROJECT, 'industryCategory', 'investmentAmount', 'constructionContent', 'plannedStartDate', 'plannedCompletionDate', ...CONTACT],
    materials: ['business-licence'],
    sample: {
      jurisdiction: '330282',
      companyName: '宁波慈星智能装备有限公司', projectName: '年产2万台智能针织装备技术改造项目', industryCategory: 'C3551 纺织专用设备制造',
      constructionContent: '利用现有厂房3.6万平方米，购置智能加工中心、自动化装配线等设备186台（套），建成后新增年产2万台智能针织装备能力。',
    },
    items: [['QT', '企业投资项目备案', 1], ['QT', '企业投资项目备案变更', 1]],
  },
  {
    id: 'drc-energy-review', title: '固定资产投资项目节能审查申请表', department: 'drc', system: 'drc-projects', applicant: 'entity',
    fields: [...PROJECT, 'annualEnergyTce', 'annualElectricity', 'energySavingMeasures', 'assessmentAgency', ...CONTACT],
    materials: ['business-licence', 'energy-report'],
    sample: { jurisdiction: '330211', companyName: '宁波镇海石化新材料有限公司', projectName: '年产20万吨高性能聚烯烃新材料项目' },
    items: [['XK', '固定资产投资项目节能审查', 10], ['XK', '固定资产投资项目节能审查意见变更', 5]],
  },
  {
    id: 'drc-government-investment', title: '政府投资项目审批申请表', department: 'drc', system: 'drc-projects', applicant: 'entity', entityCategory: '11',
    fields: [...PROJECT, 'investmentAmount', 'fundingSources', 'constructionContent', 'approvalStage', 'plannedStartDate', 'plannedCompletionDate', ...CONTACT],
    materials: ['project-proposal'],
    sample: {
      jurisdiction: '330203',
      companyName: '宁波市教育局', projectName: '宁波市第二中学新校区建设工程', approvalStage: '可行性研究报告', fundingSource: '政府投资',
      constructionContent: '新建教学楼、实验楼、体育馆及学生宿舍等，总建筑面积8.6万平方米，办学规模60个班。',
    },
    items: [['XK', '政府投资项目建议书审批', 10], ['XK', '政府投资项目可行性研究报告审批', 15], ['XK', '政府投资项目初步设计审批', 15]],
  },
  {
    id: 'drc-encouraged-project-confirmation', title: '国家鼓励发展的内外资项目确认书申请表', department: 'drc', system: 'drc-projects', applicant: 'entity',
    fields: ['projectName', 'projectCode', 'constructionUnit', 'creditCode', 'investmentAmount', 'importEquipmentAmount', 'encouragedCategory', 'equipmentList', ...CONTACT],
    materials: ['business-licence', 'import-contract'],
    sample: { jurisdiction: '330206', companyName: '宁波海天精工股份有限公司', projectName: '高端数控机床智能化产线升级项目' },
    items: [['QR', '国家鼓励发展的内外资项目确认', 10]],
  },
];
