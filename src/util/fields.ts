/**
 * The dotted paths of a document's leaves (a list counts as one leaf, `name[]`): what the sharing
 * log records as the fields a lookup sent and kept, never their values.
 */
export function fieldsOf(data: unknown, prefix = ''): string[] {
  if (data === null || typeof data !== 'object') return prefix ? [prefix] : [];
  if (Array.isArray(data)) return prefix ? [`${prefix}[]`] : [];
  return Object.entries(data as Record<string, unknown>).flatMap(([k, v]) => fieldsOf(v, prefix ? `${prefix}.${k}` : k));
}
