// The side-by-side figure: the orchestrator plugin's own code and clawops-bench, run in turn on
// this machine in the same minute, and the ratio of their worker lifecycles per second. Started
// by bench/compare-plugin, which finds a Node >= 24; see there for the options.

import { execFileSync } from "node:child_process";
import { accessSync, constants, existsSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");

function fail(message) {
  console.error(`compare-plugin: ${message}`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    options: {
      plugin: { type: "string" },
      bench: { type: "string" },
      lifecycles: { type: "string" },
      "plugin-lifecycles": { type: "string" },
      "clawops-lifecycles": { type: "string" },
      repeat: { type: "string", default: "3" },
      seed: { type: "string", default: "1" },
      tmpdir: { type: "string" },
      "json-only": { type: "boolean", default: false },
    },
  });
} catch (error) {
  fail(`${error.message} (see bench/compare-plugin --help)`);
}
const options = parsed.values;
const integer = (name, text, least = 1) => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < least)
    fail(`--${name} takes an integer >= ${least}, not ${text}`);
  return value;
};
const pluginLifecycles = integer(
  "plugin-lifecycles",
  options["plugin-lifecycles"] ?? options.lifecycles ?? "2000",
);
const clawopsLifecycles = integer(
  "clawops-lifecycles",
  options["clawops-lifecycles"] ?? options.lifecycles ?? "5000",
);
const repeat = integer("repeat", options.repeat);
const seed = String(integer("seed", options.seed, 0));
const quiet = options["json-only"];
const progress = (text) => {
  if (!quiet) console.error(`compare-plugin: ${text}`);
};

const pluginPath = resolve(
  options.plugin ?? join(root, "..", "shared", "reference", "orchestrator-plugin.ts"),
);
if (!existsSync(pluginPath)) {
  fail(
    `the orchestrator plugin's source is not at ${pluginPath}. The comparison runs the plugin's ` +
      "own code and prints no figure without it: pass --plugin PATH to its orchestrator-plugin.ts.",
  );
}
const benchPath = resolve(options.bench ?? join(root, "build", "bench", "clawops-bench"));
try {
  accessSync(benchPath, constants.X_OK);
} catch {
  fail(
    `no clawops-bench at ${benchPath}: build it (cmake --build build --target clawops-bench) ` +
      "or pass --bench PATH.",
  );
}

// Both sides keep their database in a fresh folder under TMPDIR; --tmpdir puts both elsewhere
// (a tmpfs shows what the plugin's per-statement fsync costs).
if (options.tmpdir !== undefined && !existsSync(options.tmpdir))
  fail(`no folder ${options.tmpdir}`);
const tempDir = resolve(options.tmpdir ?? tmpdir());
const childEnv = { ...process.env, TMPDIR: tempDir };

const pluginCommand = [
  process.execPath,
  join(here, "plugin-lifecycles.mjs"),
  "--plugin",
  pluginPath,
  "--lifecycles",
  String(pluginLifecycles),
  "--seed",
  seed,
];
// The pipeline alone: the parse-only runs clawops-bench adds are not part of the comparison.
const benchCommand = [
  benchPath,
  "--lifecycles",
  String(clawopsLifecycles),
  "--seed",
  seed,
  "--pipeline-only",
];

function runJson([program, ...args]) {
  let text;
  try {
    text = execFileSync(program, args, {
      encoding: "utf8",
      maxBuffer: 16 << 20,
      stdio: ["ignore", "pipe", "inherit"],
      env: childEnv,
    });
  } catch (error) {
    fail(`${[program, ...args].join(" ")} failed (exit ${error.status ?? error.signal})`);
  }
  try {
    return JSON.parse(text);
  } catch {
    fail(`${program} printed no JSON object:\n${text.slice(0, 2000)}`);
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const round = (value, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

const startedAt = new Date();
const loadBefore = loadavg();
const pluginRuns = [];
const clawopsRuns = [];
// Alternating which goes first cancels a drift in the neighbours' load between the two.
for (let k = 0; k < repeat; k += 1) {
  const steps = [
    () => {
      progress(`plugin run ${k + 1}/${repeat}: ${pluginLifecycles} lifecycles`);
      pluginRuns.push(runJson(pluginCommand));
    },
    () => {
      progress(`clawops-bench run ${k + 1}/${repeat}: ${clawopsLifecycles} lifecycles`);
      clawopsRuns.push(runJson(benchCommand));
    },
  ];
  if (k % 2 === 1) steps.reverse();
  for (const step of steps) step();
}
const seconds = (Date.now() - startedAt.getTime()) / 1000;

for (const run of pluginRuns) {
  if (run.database_checked !== true) fail("a plugin run did not check its database");
}
for (const run of clawopsRuns) {
  if (!(run.task_rows_written >= run.lifecycles))
    fail(`clawops-bench wrote ${run.task_rows_written} task rows for ${run.lifecycles} lifecycles`);
}

const figures = (runs) => {
  const wall = runs.map((run) => run.lifecycles_per_second);
  const cpu = runs.map((run) => run.lifecycles_per_cpu_second);
  return {
    lifecycles_per_second: round(median(wall)),
    lifecycles_per_cpu_second: round(median(cpu)),
    runs_lifecycles_per_second: wall.map((v) => round(v)),
    runs_lifecycles_per_cpu_second: cpu.map((v) => round(v)),
  };
};
const plugin = figures(pluginRuns);
const ours = figures(clawopsRuns);
const pairRatios = (key) => clawopsRuns.map((run, k) => round(run[key] / pluginRuns[k][key], 2));
const quote = (argv) => argv.map((a) => (/^[\w./:=+-]+$/.test(a) ? a : `'${a}'`)).join(" ");
const first = pluginRuns[0];

const result = {
  ratio_wall: round(ours.lifecycles_per_second / plugin.lifecycles_per_second, 2),
  ratio_cpu: round(ours.lifecycles_per_cpu_second / plugin.lifecycles_per_cpu_second, 2),
  ratio_wall_per_pair: pairRatios("lifecycles_per_second"),
  ratio_cpu_per_pair: pairRatios("lifecycles_per_cpu_second"),
  ours: {
    lifecycles: clawopsLifecycles,
    runs: repeat,
    ...ours,
    frames_per_lifecycle: round(clawopsRuns[0].frames / clawopsRuns[0].lifecycles, 2),
    task_rows_written: clawopsRuns.map((run) => run.task_rows_written),
    peak_rss_mb: round(Math.max(...clawopsRuns.map((run) => run.peak_rss_mb))),
  },
  plugin: {
    lifecycles: pluginLifecycles,
    runs: repeat,
    ...plugin,
    mix: first.mix,
    hook_calls: first.hook_calls,
    runtime_calls: first.runtime_calls,
    database: first.database,
    database_checked_every_run: true,
    sqlite: first.sqlite,
    peak_rss_mb: round(Math.max(...pluginRuns.map((run) => run.peak_rss_mb))),
  },
  node: process.version,
  node_path: process.execPath,
  plugin_path: pluginPath,
  plugin_sha256: first.plugin_sha256,
  seed: Number(seed),
  machine: {
    cpus: cpus().length,
    cpu_model: cpus()[0]?.model,
    load_average_before: loadBefore.map((v) => round(v, 2)),
    load_average_after: loadavg().map((v) => round(v, 2)),
  },
  started_at: startedAt.toISOString(),
  seconds: round(seconds),
  temp_dir: tempDir,
  temp_fs: first.temp_fs,
  commands: [quote(pluginCommand), quote(benchCommand)].map(
    (c) => `TMPDIR=${quote([tempDir])} ${c}`,
  ),
};
console.log(JSON.stringify(result, null, 1));
progress(
  `ClawOps ${ours.lifecycles_per_second}/s, plugin ${plugin.lifecycles_per_second}/s wall: ` +
    `${result.ratio_wall}× (per CPU second ${ours.lifecycles_per_cpu_second} vs ` +
    `${plugin.lifecycles_per_cpu_second}: ${result.ratio_cpu}×)`,
);
