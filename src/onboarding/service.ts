import { MappingSet } from '../catalog/mapping-set';
import type { Catalog } from '../catalog/types';
import type { OnboardingStore } from './contract';
import { formStatuses } from './coverage';
import { buildReport, ReportOptions } from './report';
import type { OnboardingReport } from './types';

/** The report as `owh onboarding report` and GET /api/v1/onboarding give it: one snapshot, the forms' coverage, the phases. */
export async function onboardingReport(store: OnboardingStore, catalog: Catalog, options: ReportOptions & { mappings?: MappingSet } = {}): Promise<OnboardingReport> {
  const snapshot = await store.snapshot({ lean: true });
  const forms = formStatuses(catalog, options.mappings ?? new MappingSet(catalog));
  return buildReport(snapshot, catalog, forms, options);
}
