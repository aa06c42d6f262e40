/** Reading register import files (CSV, YAML, JSON) into checked rows: see parse.ts. */
export { parseImportFile, parseImportText, importFormatOf, REGISTER_KINDS } from './parse';
export type { ImportFormat, ParseImportOptions } from './parse';
export { readCsv, writeCsv, csvField, decodeImportText } from './csv';
export type { CsvRecord, ImportEncoding } from './csv';
export { headerOf, COLUMNS } from './columns';
export { REGISTER_SCHEMA_IDS } from './rows';
