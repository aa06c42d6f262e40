/** The mapping engine: a declarative spec (schemas/mapping.schema.json) compiled once into a plain function. */
export type { MappingSpec, MappingRule, MappingTransform, MappingCondition, MappingKind, CodeTable, CodeTableFile } from './spec';
export { compileMapping, MAPPING_SCHEMA_ID } from './compile';
export type { MappingFunction, CompileOptions } from './compile';
export { loadMapping, findMappingFolders, MAPPING_FILE_NAMES } from './load';
export type { LoadedMapping } from './load';
export { runMappingFixtures, diffValues, listFixtures } from './fixtures';
export type { FixtureDifference, FixtureResult } from './fixtures';
