/**
 * The WSDLs of the demo city's SOAP systems (catalog/wsdl/<system>.wsdl), written as their
 * departments publish them: document/literal, the department's own namespace, field names in the
 * gov dialect's pinyin with their Chinese titles as annotations, a submit operation taking the
 * request mapping's output and answering {sjbh, code, msg}, the idempotency key as a SOAP header,
 * WS-Security UsernameToken, and (for systems whose results are polled) QueryResults.
 */
import { codeTable, DEPARTMENTS, SystemDef } from './city';
import type { FieldDef } from './fields';

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The XML Schema type a gov-dialect value is written as. */
function xsdType(def: FieldDef): string {
  switch (def.kind) {
    case 'int':
      return 'xsd:int';
    case 'decimal':
      return 'xsd:decimal';
    default:
      return 'xsd:string';
  }
}

function doc(title: string, indent: string): string {
  return `\n${indent}  <xsd:annotation><xsd:documentation>${esc(title)}</xsd:documentation></xsd:annotation>\n${indent}`;
}

function element(name: string, type: string, title: string, indent: string, occurs = ' minOccurs="0"'): string {
  return `${indent}<xsd:element name="${name}" type="${type}"${occurs}>${doc(title, indent)}</xsd:element>`;
}

/** `Gdczqk` for the table `gdczqk`: the complex type of one row. */
function rowType(def: FieldDef): string {
  return `${def.gov[0].toUpperCase()}${def.gov.slice(1)}Row`;
}

/**
 * The WSDL of a SOAP system. `fields`: every form field its request mappings can send (the union
 * over its forms, one element each in `bdsj`, all optional: each form fills its own).
 */
export function wsdlOf(system: SystemDef, fields: FieldDef[]): string {
  const soap = system.soap!;
  const department = DEPARTMENTS.find((d) => d.id === system.department)!;
  const ns = soap.namespace;
  const soap12 = soap.version === '1.2';
  const bindingNs = soap12 ? 'soap12' : 'soap';
  const op = soap.operation;
  const poll = soap.results === 'poll';
  const I = '      ';

  const rowTypes = fields
    .filter((f) => f.kind === 'objects')
    .map(
      (f) => `      <xsd:complexType name="${rowType(f)}">
        <xsd:annotation><xsd:documentation>${esc(f.title)}（每行一条）</xsd:documentation></xsd:annotation>
        <xsd:sequence>
${(f.items ?? []).map((i) => element(i.gov, xsdType(i), i.title, '          ')).join('\n')}
        </xsd:sequence>
      </xsd:complexType>`,
    )
    .join('\n');
  const formElements = [
    ...fields.map((f) =>
      f.kind === 'objects'
        ? element(f.gov, `tns:${rowType(f)}`, f.title, `${I}    `, ' minOccurs="0" maxOccurs="unbounded"')
        : element(f.gov, xsdType(f), f.kind === 'strings' ? `${f.title}（多个值以英文逗号分隔）` : f.title, `${I}    `),
    ),
    element('lxrxx', 'xsd:string', '联系人信息（姓名 电话）', `${I}    `),
  ].join('\n');

  const idTypes = Object.entries(codeTable('id-type')).map(([, code]) => code).join(' ');
  const channels = Object.entries(codeTable('channel')).map(([, code]) => code).join(' ');

  const certificate = soap.certificate;
  const operations: Array<{ name: string; action: string; header: boolean }> = [
    { name: op, action: `${ns}/${op}`, header: true },
    { name: 'ReceiveOpinion', action: `${ns}/ReceiveOpinion`, header: true },
    { name: 'ReceiveSupplement', action: `${ns}/ReceiveSupplement`, header: true },
    ...(certificate ? [{ name: certificate, action: `${ns}/${certificate}`, header: true }] : []),
    ...(poll ? [{ name: 'QueryResults', action: `${ns}/QueryResults`, header: false }] : []),
    { name: 'Ping', action: `${ns}/Ping`, header: false },
  ];
  const receipt = (name: string, indent: string): string => `      <xsd:element name="${name}Response">
        <xsd:complexType>
          <xsd:sequence>
${element('sjbh', 'xsd:string', '收件编号', `${indent}`, '')}
${element('code', 'xsd:string', '处理代码（0000 成功）', `${indent}`, '')}
${element('msg', 'xsd:string', '处理说明', `${indent}`, '')}
          </xsd:sequence>
        </xsd:complexType>
      </xsd:element>`;
  const messages = `      <xsd:complexType name="OpinionDocument">
        <xsd:annotation><xsd:documentation>协办意见附带的文书。</xsd:documentation></xsd:annotation>
        <xsd:sequence>
${element('wsmc', 'xsd:string', '文书名称', '          ')}
${element('wjm', 'xsd:string', '文书文件名', '          ', '')}
${element('xzdz', 'xsd:anyURI', '文书下载地址', '          ')}
        </xsd:sequence>
      </xsd:complexType>
      <xsd:complexType name="RequiredMaterial">
        <xsd:annotation><xsd:documentation>要求补正的材料（一次性告知）。</xsd:documentation></xsd:annotation>
        <xsd:sequence>
${element('clmc', 'xsd:string', '材料名称', '          ', '')}
${element('sm', 'xsd:string', '说明', '          ')}
        </xsd:sequence>
      </xsd:complexType>
      <xsd:complexType name="SupplementRequest">
        <xsd:annotation><xsd:documentation>本次补正所答复的补正要求。</xsd:documentation></xsd:annotation>
        <xsd:sequence>
${element('xt', 'xsd:string', '提出补正要求的系统', '          ', '')}
${element('yy', 'xsd:string', '补正原因', '          ')}
${element('tzsj', 'xsd:string', '告知时间（北京时间 YYYYMMDDHHmmss）', '          ')}
        </xsd:sequence>
      </xsd:complexType>

      <xsd:element name="ReceiveOpinion">
        <xsd:annotation><xsd:documentation>接收协办意见：本系统牵头办理的并联审批事项，协办部门的受理结果、办结结果或补正告知由统一受理平台转来。</xsd:documentation></xsd:annotation>
        <xsd:complexType>
          <xsd:sequence>
${element('ywlsh', 'xsd:string', '业务流水号（统一受理平台办件编号）', '            ', '')}
${element('sxbm', 'xsd:string', '事项编码', '            ', '')}
${element('xbbm', 'xsd:string', '协办部门编码', '            ', '')}
${element('xbbmmc', 'xsd:string', '协办部门名称', '            ')}
${element('xbxt', 'xsd:string', '协办系统标识', '            ', '')}
${element('jglx', 'xsd:string', '结果类型：sl 受理，bj 办结，bz 补正告知', '            ', '')}
${element('jgdm', 'xsd:string', '结果代码：01 受理通过，02 不予受理，03 准予许可，04 不予许可，05 需补正材料', '            ', '')}
${element('yjlx', 'xsd:string', '意见类型：1 已受理，2 同意，3 不同意，4 需补正材料', '            ', '')}
${element('yj', 'xsd:string', '意见', '            ')}
${element('blr', 'xsd:string', '办理人（岗位）', '            ')}
${element('jgsj', 'xsd:string', '结果时间（北京时间 YYYYMMDDHHmmss）', '            ')}
${element('sjbh', 'xsd:string', '协办部门收件编号', '            ')}
${element('jgbh', 'xsd:string', '结果编号', '            ')}
${element('jssj', 'xsd:string', '平台接收时间（北京时间 YYYYMMDDHHmmss）', '            ', '')}
${element('wsxx', 'tns:OpinionDocument', '文书', '            ', ' minOccurs="0" maxOccurs="unbounded"')}
${element('bzcl', 'tns:RequiredMaterial', '要求补正的材料', '            ', ' minOccurs="0" maxOccurs="unbounded"')}
          </xsd:sequence>
        </xsd:complexType>
      </xsd:element>
${receipt('ReceiveOpinion', '            ')}
      <xsd:element name="ReceiveSupplement">
        <xsd:annotation><xsd:documentation>接收补正材料：申请人按补正告知补交的材料，由统一受理平台转来（材料为引用，下载地址由平台提供）。</xsd:documentation></xsd:annotation>
        <xsd:complexType>
          <xsd:sequence>
${element('ywlsh', 'xsd:string', '业务流水号（统一受理平台办件编号）', '            ', '')}
${element('sxbm', 'xsd:string', '事项编码', '            ', '')}
${element('bzbh', 'xsd:string', '补正编号', '            ', '')}
${element('tjsj', 'xsd:string', '补正提交时间（北京时间 YYYYMMDDHHmmss）', '            ', '')}
${element('bzsm', 'xsd:string', '补正说明', '            ')}
${element('cl', 'tns:Material', '补正材料', '            ', ' minOccurs="0" maxOccurs="unbounded"')}
${element('bzyq', 'tns:SupplementRequest', '所答复的补正要求', '            ', ' minOccurs="0" maxOccurs="unbounded"')}
          </xsd:sequence>
        </xsd:complexType>
      </xsd:element>
${receipt('ReceiveSupplement', '            ')}
`;
  const lookup = certificate
    ? `      <xsd:complexType name="InsuranceCertificate">
        <xsd:annotation><xsd:documentation>社会保险参保证明。</xsd:documentation></xsd:annotation>
        <xsd:sequence>
${element('certificateNo', 'xsd:string', '参保证明编号', '          ', '')}
${element('name', 'xsd:string', '姓名', '          ', '')}
${element('idNumber', 'xsd:string', '公民身份号码', '          ', '')}
${element('insured', 'xsd:boolean', '当前是否正常参保', '          ', '')}
${element('insuranceTypes', 'xsd:string', '参保险种（多个以英文逗号分隔）', '          ')}
${element('monthsPaid', 'xsd:int', '累计缴费月数', '          ', '')}
${element('currentEmployer', 'xsd:string', '当前参保单位（未参保时为空）', '          ')}
${element('issuedOn', 'xsd:string', '开具日期（YYYY-MM-DD）', '          ', '')}
${element('validUntil', 'xsd:string', '有效期至（YYYY-MM-DD）', '          ', '')}
        </xsd:sequence>
      </xsd:complexType>
      <xsd:element name="${certificate}">
        <xsd:annotation><xsd:documentation>参保证明查询（公共数据共享）：按公民身份号码和姓名查询参保情况。查无此人时返回 found=false，不返回故障。</xsd:documentation></xsd:annotation>
        <xsd:complexType>
          <xsd:sequence>
${element('idNumber', 'xsd:string', '公民身份号码', '            ', '')}
${element('name', 'xsd:string', '姓名', '            ', '')}
${element('purpose', 'xsd:string', '查询事由', '            ')}
${element('caseId', 'xsd:string', '办件编号', '            ')}
          </xsd:sequence>
        </xsd:complexType>
      </xsd:element>
      <xsd:element name="${certificate}Response">
        <xsd:complexType>
          <xsd:sequence>
${element('found', 'xsd:boolean', '是否查到参保记录', '            ', '')}
${element('code', 'xsd:string', '处理代码（0000 成功）', '            ', '')}
${element('msg', 'xsd:string', '处理说明', '            ', '')}
${element('certificate', 'tns:InsuranceCertificate', '参保证明（查到时）', '            ')}
          </xsd:sequence>
        </xsd:complexType>
      </xsd:element>
`
    : '';
  const results = poll
    ? `      <xsd:complexType name="Result">
        <xsd:annotation><xsd:documentation>一条受理结果或办结结果。一个结果至多附一份文书。</xsd:documentation></xsd:annotation>
        <xsd:sequence>
${element('ywlsh', 'xsd:string', '业务流水号（统一受理平台办件编号）', '          ', '')}
${element('jglx', 'xsd:string', '结果类型：sl 受理，bj 办结，bz 补正告知', '          ', '')}
${element('jgdm', 'xsd:string', '结果代码：01 受理通过，02 不予受理，03 准予许可，04 不予许可，05 需补正材料', '          ', '')}
${element('yj', 'xsd:string', '意见（不予受理、不予许可时必填）', '          ')}
${element('blr', 'xsd:string', '办理人（岗位）', '          ', '')}
${element('jgsj', 'xsd:string', '结果时间（北京时间 YYYYMMDDHHmmss）', '          ', '')}
${element('sjbh', 'xsd:string', '收件编号', '          ', '')}
${element('wsmc', 'xsd:string', '文书名称', '          ')}
${element('wjm', 'xsd:string', '文书文件名', '          ')}
${element('xzdz', 'xsd:anyURI', '文书下载地址', '          ')}
${element('bzclmc', 'xsd:string', '要求补正的材料名称（补正告知时，多个以“；”分隔）', '          ')}
${element('bzclsm', 'xsd:string', '各补正材料的说明（与材料名称一一对应，以“；”分隔）', '          ')}
        </xsd:sequence>
      </xsd:complexType>

      <xsd:element name="QueryResults">
        <xsd:annotation><xsd:documentation>查询待取的结果（按产生顺序）。每条结果在两次查询中返回，之后不再返回。</xsd:documentation></xsd:annotation>
        <xsd:complexType>
          <xsd:sequence>
${element('maxCount', 'xsd:int', '本次最多返回的条数（缺省 100）', '            ')}
          </xsd:sequence>
        </xsd:complexType>
      </xsd:element>
      <xsd:element name="QueryResultsResponse">
        <xsd:complexType>
          <xsd:sequence>
            <xsd:element name="results" minOccurs="0">
              <xsd:complexType>
                <xsd:sequence>
                  <xsd:element name="result" type="tns:Result" minOccurs="0" maxOccurs="unbounded"/>
                </xsd:sequence>
              </xsd:complexType>
            </xsd:element>
          </xsd:sequence>
        </xsd:complexType>
      </xsd:element>
`
    : '';
  const resultsNote = poll
    ? '结果回传：统一受理平台调用 QueryResults 定时查询受理结果和办结结果（按 ywlsh 对应办件）。'
    : '结果回传：本系统产生受理结果和办结结果后，调用统一受理平台的结果回传接口（SubmitResult，WSDL 见平台 /soap/results?wsdl），以 WS-Security UsernameToken（用户名为系统标识，密码为结果回传令牌）认证。';

  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- Generated by examples/demo-city/tools/generate-demo-city.ts: do not edit by hand. -->
<wsdl:definitions
    xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
    xmlns:${bindingNs}="${soap12 ? 'http://schemas.xmlsoap.org/wsdl/soap12/' : 'http://schemas.xmlsoap.org/wsdl/soap/'}"
    xmlns:xsd="http://www.w3.org/2001/XMLSchema"
    xmlns:tns="${ns}"
    targetNamespace="${ns}"
    name="${soap.service}">

  <wsdl:documentation>
    ${esc(department.name)} ${esc(system.name)} 收件服务（SOAP ${soap.version}，document/literal）。
    ${op}：接收统一受理平台推送的办件（业务流水号 ywlsh、事项编码 sxbm、申请人 sqr、受理时间 slsj、受理地点 sldd、
    属地 gsd、受理渠道 qd、表单数据 bdsj、申请材料 cl），返回收件编号 sjbh。
    ReceiveOpinion：接收本系统牵头的并联审批事项中协办部门的意见（受理、办结、补正告知）；ReceiveSupplement：接收申请人补交的补正材料。${certificate ? `
    ${certificate}：参保证明查询（公共数据共享），按公民身份号码和姓名返回参保证明，查无记录时 found=false。` : ''}
    幂等：每次调用在 SOAP 头 IdempotencyKey 中携带幂等键（收件为 办件编号:系统标识，其他消息为 办件编号:系统标识:操作:引用）；同一幂等键只办理一次，重复调用返回同一收件编号。
    认证：WS-Security UsernameToken（PasswordText），账号由本系统分配。
    ${resultsNote}
    下方地址为示例，实际地址以接入配置为准。
  </wsdl:documentation>

  <wsdl:types>
    <xsd:schema targetNamespace="${ns}" elementFormDefault="qualified">
      <xsd:complexType name="Applicant">
        <xsd:sequence>
${element('xm', 'xsd:string', '姓名或单位名称', '          ', '')}
${element('zjlx', 'xsd:string', `证件类型（${idTypes}）`, '          ', '')}
${element('zjhm', 'xsd:string', '证件号码', '          ', '')}
${element('lxdh', 'xsd:string', '联系电话', '          ')}
${element('fddbrxm', 'xsd:string', '法定代表人姓名（单位申请人）', '          ')}
${element('fddbrzjhm', 'xsd:string', '法定代表人证件号码（单位申请人）', '          ')}
        </xsd:sequence>
      </xsd:complexType>
      <xsd:complexType name="AcceptancePlace">
        <xsd:sequence>
${element('fwdbm', 'xsd:string', '服务点编码', '          ', '')}
${element('fwdmc', 'xsd:string', '服务点名称', '          ')}
${element('xzqh', 'xsd:string', '服务点行政区划代码', '          ', '')}
        </xsd:sequence>
      </xsd:complexType>
${rowTypes}
      <xsd:complexType name="FormData">
        <xsd:annotation><xsd:documentation>表单数据：各事项表单的字段，按所办事项填写。</xsd:documentation></xsd:annotation>
        <xsd:sequence>
${formElements}
        </xsd:sequence>
      </xsd:complexType>
      <xsd:complexType name="Material">
        <xsd:sequence>
${element('clbh', 'xsd:string', '材料编号', '          ', '')}
${element('clmc', 'xsd:string', '材料名称', '          ', '')}
${element('wjm', 'xsd:string', '文件名', '          ', '')}
${element('wjlx', 'xsd:string', '文件类型（MIME）', '          ', '')}
${element('dx', 'xsd:long', '文件大小（字节）', '          ', '')}
${element('sha256', 'xsd:string', 'SHA-256 摘要（十六进制）', '          ', '')}
${element('url', 'xsd:anyURI', '下载地址', '          ')}
        </xsd:sequence>
      </xsd:complexType>

      <xsd:element name="${op}">
        <xsd:complexType>
          <xsd:sequence>
${element('ywlsh', 'xsd:string', '业务流水号（统一受理平台办件编号）', '            ', '')}
${element('sxbm', 'xsd:string', '事项编码', '            ', '')}
${element('sxmc', 'xsd:string', '事项名称', '            ')}
${element('sqr', 'tns:Applicant', '申请人', '            ', '')}
${element('slsj', 'xsd:string', '受理时间（北京时间 YYYYMMDDHHmmss）', '            ', '')}
${element('sldd', 'tns:AcceptancePlace', '受理地点', '            ', '')}
${element('gsd', 'xsd:string', '属地（行政区划代码，决定由哪个属地办理）', '            ', '')}
${element('gsdmc', 'xsd:string', '属地名称', '            ')}
${element('qd', 'xsd:string', `受理渠道（${channels}：窗口、网上、移动端、自助终端）`, '            ', '')}
${element('bdsj', 'tns:FormData', '表单数据', '            ', '')}
${element('cl', 'tns:Material', '申请材料', '            ', ' minOccurs="0" maxOccurs="unbounded"')}
          </xsd:sequence>
        </xsd:complexType>
      </xsd:element>
      <xsd:element name="${op}Response">
        <xsd:complexType>
          <xsd:sequence>
${element('sjbh', 'xsd:string', '收件编号', '            ', '')}
${element('code', 'xsd:string', '处理代码（0000 成功）', '            ', '')}
${element('msg', 'xsd:string', '处理说明', '            ', '')}
          </xsd:sequence>
        </xsd:complexType>
      </xsd:element>
${messages}${lookup}${results}
      <xsd:element name="Ping">
        <xsd:complexType>
          <xsd:sequence/>
        </xsd:complexType>
      </xsd:element>
      <xsd:element name="PingResponse">
        <xsd:complexType>
          <xsd:sequence>
            <xsd:element name="status" type="xsd:string"/>
          </xsd:sequence>
        </xsd:complexType>
      </xsd:element>

      <xsd:element name="IdempotencyKey" type="xsd:string">
        <xsd:annotation><xsd:documentation>幂等键（办件编号:系统标识），同一键只办理一次。</xsd:documentation></xsd:annotation>
      </xsd:element>
    </xsd:schema>
  </wsdl:types>

${operations.map((o) => `  <wsdl:message name="${o.name}Request"><wsdl:part name="parameters" element="tns:${o.name}"/></wsdl:message>\n  <wsdl:message name="${o.name}Response"><wsdl:part name="parameters" element="tns:${o.name}Response"/></wsdl:message>`).join('\n')}
  <wsdl:message name="IdempotencyHeader"><wsdl:part name="IdempotencyKey" element="tns:IdempotencyKey"/></wsdl:message>

  <wsdl:portType name="${soap.service}PortType">
${operations.map((o) => `    <wsdl:operation name="${o.name}">\n      <wsdl:input message="tns:${o.name}Request"/>\n      <wsdl:output message="tns:${o.name}Response"/>\n    </wsdl:operation>`).join('\n')}
  </wsdl:portType>

  <wsdl:binding name="${soap.service}Binding" type="tns:${soap.service}PortType">
    <${bindingNs}:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
${operations
  .map(
    (o) => `    <wsdl:operation name="${o.name}">
      <${bindingNs}:operation soapAction="${o.action}"/>
      <wsdl:input>${o.header ? `\n        <${bindingNs}:header message="tns:IdempotencyHeader" part="IdempotencyKey" use="literal"/>` : ''}
        <${bindingNs}:body use="literal"/>
      </wsdl:input>
      <wsdl:output><${bindingNs}:body use="literal"/></wsdl:output>
    </wsdl:operation>`,
  )
  .join('\n')}
  </wsdl:binding>

  <wsdl:service name="${soap.service}">
    <wsdl:port name="${soap.port}" binding="tns:${soap.service}Binding">
      <${bindingNs}:address location="http://127.0.0.1:${system.port}${soap.endpointPath}"/>
    </wsdl:port>
  </wsdl:service>
</wsdl:definitions>
`;
}
