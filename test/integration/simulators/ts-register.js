/**
 * Lets a child `node` process run the TypeScript sources directly (`node -r ./ts-register.js x.ts`),
 * transpiling each file as it is required: the test of main.ts runs it as the benchmark does,
 * as a process of its own, without building dist/ first.
 */
const { readFileSync } = require('node:fs');
const ts = require('typescript');

require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, resolveJsonModule: true },
  });
  module._compile(outputText, filename);
};
