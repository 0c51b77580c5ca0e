// Writes src/engines/webllmModelRecords.generated.ts from the installed @mlc-ai/web-llm.
// Usage: node scripts/generateWebllmCatalog.run.mjs
//
// Node 20 cannot load .ts files, so the generator (generateWebllmCatalog.ts, type-only imports)
// is transpiled in memory with the project's TypeScript and imported from a data: URL.
// web-llm itself imports fine in plain Node 20: its module body touches no browser globals.
// (Not named generateWebllmCatalog.mjs: Vite resolves an extensionless import to .mjs before .ts.)
import { readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import ts from "typescript";
import { prebuiltAppConfig } from "@mlc-ai/web-llm";

const root = new URL("../", import.meta.url);
const source = await readFile(new URL("scripts/generateWebllmCatalog.ts", root), "utf8");
const { outputText } = ts.transpileModule(source, {
  compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
});
const generator = await import(`data:text/javascript;base64,${Buffer.from(outputText).toString("base64")}`);

const require = createRequire(import.meta.url);
const { version } = require("@mlc-ai/web-llm/package.json");
const text = generator.renderWebllmCatalogModule(generator.selectOfferedRecords(prebuiltAppConfig.model_list), version);
await writeFile(new URL(generator.generatedCatalogPath, root), text);
console.log(`Wrote ${generator.generatedCatalogPath} from @mlc-ai/web-llm ${version}`);
