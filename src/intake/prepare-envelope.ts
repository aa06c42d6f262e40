import { createHash } from 'node:crypto';
import { ErrorDetail, OwhError } from '../errors/owh-error';
import type { CaseEnvelope, Material } from '../model/case';
import type { MaterialStore } from '../materials/material-store';

/** Where the hub serves a stored material to the departments a case was delivered to. */
export function materialUrl(hubUrl: string, caseId: string, materialId: string): string {
  return `${hubUrl}/api/v1/cases/${encodeURIComponent(caseId)}/materials/${encodeURIComponent(materialId)}`;
}

export interface DecodedMaterial {
  index: number;
  sha256: string;
  bytes: Buffer;
}

/** Decodes inline materials and checks each against its declared size and sha256. */
export function decodeInlineMaterials(materials: Material[] | undefined): DecodedMaterial[] {
  const decoded: DecodedMaterial[] = [];
  const problems: ErrorDetail[] = [];
  (materials ?? []).forEach((m, index) => {
    if (m.content === undefined) return;
    const bytes = Buffer.from(m.content, 'base64');
    if (bytes.length !== m.size) problems.push({ pointer: `/materials/${index}/size`, keyword: 'size', message: `is ${m.size} but the content decodes to ${bytes.length} bytes` });
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== m.sha256) problems.push({ pointer: `/materials/${index}/sha256`, keyword: 'sha256', message: 'does not match the sha256 of the decoded content' });
    decoded.push({ index, sha256: actual, bytes });
  });
  if (problems.length > 0) throw new OwhError('OWH_MATERIAL_INVALID', { message: `${problems.length} material check${problems.length === 1 ? '' : 's'} failed`, details: problems });
  return decoded;
}

/**
 * The envelope as the hub stores and maps it: inline material bytes moved to the material store
 * and replaced by a URL where the departments can fetch them. `owh map` applies the same step, so
 * a mapping sees exactly what dispatch will give it.
 */
export function prepareEnvelope(envelope: CaseEnvelope, hubUrl: string, decoded: DecodedMaterial[], store?: MaterialStore): CaseEnvelope {
  if (!envelope.materials || decoded.length === 0) return envelope;
  for (const d of decoded) store?.put(d.sha256, d.bytes);
  const materials = envelope.materials.map((m) => {
    if (m.content === undefined) return m;
    const { content: _content, ...rest } = m;
    return { ...rest, uri: materialUrl(hubUrl, envelope.caseId, m.id) };
  });
  return { ...envelope, materials };
}
