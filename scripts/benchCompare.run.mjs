// Compares the working tree with an earlier commit on one part of the bench, in interleaved rounds.
// Usage: npm run bench:compare -- <commit> [--grep <bench test title part>] [--rounds <n>]
//
// Whole bench runs taken minutes apart differ by 10–20 % here (other work on the machine), more
// than most changes make. Running the two builds one after the other, round after round, in
// alternating order, puts both under the same conditions; the median of the rounds is compared.
// The commit is built from a temporary git worktree (sharing this checkout's node_modules) into
// dist-bench-base/, the working tree into dist-bench/; each round runs the chosen bench tests once
// per build (BENCH_RUNS=1, BENCH_BUILD_DIR) and reads the figures from the partial results file.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import ts from "typescript";

const root = new URL("../", import.meta.url).pathname;
// The bench's own median (bench/stats.ts): Node 20 cannot load .ts files, so it is transpiled in
// memory with the project's TypeScript, as scripts/generateWebllmCatalog.run.mjs does.
const { outputText } = ts.transpileModule(readFileSync(join(root, "bench", "stats.ts"), "utf8"), {
  compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
});
const { median } = await import(`data:text/javascript;base64,${Buffer.from(outputText).toString("base64")}`);
const resultsDirectory = join(root, "bench", "results");
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { grep: { type: "string", default: "600 tokens at 200 tokens/s into 200 messages" }, rounds: { type: "string", default: "3" } },
});
const base = positionals[0];
const rounds = Number(values.rounds);
if (!base || !Number.isInteger(rounds) || rounds < 1) {
  console.error("Usage: npm run bench:compare -- <commit> [--grep <bench test title part>] [--rounds <n>]");
  process.exit(2);
}

function run(command, args, options = {}) {
  return execFileSync(command, args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024, ...options });
}

const builds = { base: join(root, "dist-bench-base"), current: join(root, "dist-bench") };
const baseHash = run("git", ["rev-parse", "--short", base]).trim();

console.log(`Building ${base} (${baseHash}) into dist-bench-base/ …`);
const worktree = mkdtempSync(join(tmpdir(), "tramontane-bench-base-"));
try {
  run("git", ["worktree", "add", "--detach", worktree, base]);
  symlinkSync(join(root, "node_modules"), join(worktree, "node_modules"));
  run("npx", ["vite", "build", "--outDir", builds.base, "--emptyOutDir"], { cwd: worktree });
} finally {
  run("git", ["worktree", "remove", "--force", worktree]);
}
console.log("Building the working tree into dist-bench/ …");
run("npx", ["vite", "build", "--outDir", builds.current, "--emptyOutDir"]);

/** The newest partial results file, read and removed: the figures of the run that just ended. */
function takePartialFigures() {
  const partial = readdirSync(resultsDirectory)
    .filter((name) => name.endsWith(".partial.json"))
    .map((name) => join(resultsDirectory, name))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  if (!partial) throw new Error("the bench run wrote no figures: does --grep match a bench test title?");
  const { figures } = JSON.parse(readFileSync(partial, "utf8"));
  rmSync(partial);
  return figures;
}

/** figure name → { base: number[], current: number[] }, in the order figures first appear. */
const table = new Map();
for (let round = 1; round <= rounds; round += 1) {
  // Alternating which build goes first cancels what the order itself does (a warmer machine).
  const order = round % 2 === 1 ? ["base", "current"] : ["current", "base"];
  for (const which of order) {
    process.stdout.write(`Round ${round}/${rounds}: ${which} … `);
    try {
      run("npx", ["playwright", "test", "-c", "bench/playwright.bench.config.ts", "-g", values.grep], {
        env: { ...process.env, BENCH_RUNS: "1", BENCH_BUILD_DIR: builds[which] },
      });
    } catch (error) {
      console.error(`\nThe bench run failed:\n${error.stdout ?? ""}${error.stderr ?? ""}`);
      process.exit(1);
    }
    for (const figure of takePartialFigures()) {
      const name = `${figure.section} · ${figure.name} (${figure.unit})`;
      if (!table.has(name)) table.set(name, { base: [], current: [] });
      table.get(name)[which].push(figure.median);
    }
    console.log("done");
  }
}

const shown = (number) => (Math.abs(number) >= 100 ? number.toFixed(0) : number.toPrecision(3));
console.log(`\n${base} (${baseHash}) → working tree, ${rounds} interleaved round(s), median of rounds (each round's value in brackets)\n`);
for (const [name, { base: before, current: after }] of table) {
  const change = median(before) === 0 ? "" : `${(((median(after) - median(before)) / Math.abs(median(before))) * 100).toFixed(1)} %`;
  console.log(`${name}\n  ${shown(median(before))} [${before.map(shown).join(", ")}] → ${shown(median(after))} [${after.map(shown).join(", ")}]  ${change}`);
}
if (existsSync(builds.base)) console.log("\ndist-bench-base/ is kept for another look; it is not committed.");
