// Drives the OpenClaw orchestrator plugin's own code through worker lifecycles, once, and prints
// one JSON object with the rate and what the plugin's database holds afterwards.
//
//   node bench/plugin-lifecycles.mjs --plugin PATH [--lifecycles N] [--seed S] [--keep-db]
//
// The plugin's .ts file is imported as it is (Node >= 24 strips its types) and its register() is
// called with a stub OpenClawPluginApi that records the hooks it registers. Its node:sqlite
// database is a real file in a temporary folder; the plugin opens and writes it itself, one
// autocommit per statement as in the gateway. Each lifecycle calls the hooks the gateway calls
// for a worker spawned by a hidden orchestrator (see runLifecycle), with the endings of
// clawops-bench's workload, lifecycle for lifecycle (workload-mix.mjs). The run fails, without a
// figure, unless the database ends holding exactly the rows those hooks must have written.

import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, statfsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

import { workloadMix } from "./workload-mix.mjs";

let tempDirToRemove; // the run's database folder, gone on success and on failure alike

function fail(message) {
  console.error(`plugin-lifecycles: ${message}`);
  if (tempDirToRemove) rmSync(tempDirToRemove, { recursive: true, force: true });
  process.exit(1);
}

const { values: options } = parseArgs({
  options: {
    plugin: { type: "string" },
    lifecycles: { type: "string", default: "2000" },
    seed: { type: "string", default: "1" },
    "keep-db": { type: "boolean", default: false },
  },
});
if (Number(process.versions.node.split(".")[0]) < 24)
  fail(`Node >= 24 is needed to load the plugin's TypeScript as it is; this is ${process.version}`);
if (!options.plugin) fail("--plugin PATH (orchestrator-plugin.ts) is required");
const pluginPath = resolve(options.plugin);
if (!existsSync(pluginPath)) fail(`no plugin source at ${pluginPath}`);
const lifecycles = Number.parseInt(options.lifecycles, 10);
const seed = Number.parseInt(options.seed, 10);
if (!(lifecycles > 0) || !(seed >= 0)) fail("--lifecycles and --seed take positive integers");

const ORCHESTRATOR_COUNT = 3; // clawops-bench's workload rotates over three parent sessions
const HOOKS_DRIVEN = ["before_tool_call", "after_tool_call", "subagent_spawned", "subagent_ended"];

// ---- The stub API -------------------------------------------------------------------------

function makeApi(stateDbPath, counts) {
  const hooks = new Map();
  const api = {
    id: "orchestrator",
    name: "orchestrator",
    // clawops-bench resolves the same config: retries on, everything else the plugin's default.
    pluginConfig: { stateDbPath, autoRetryFailedSubagents: true },
    logger: {
      info() {},
      warn() {
        counts.logWarn += 1;
      },
      error() {},
      debug() {},
    },
    runtime: {
      system: {
        enqueueSystemEvent() {
          counts.enqueueSystemEvent += 1;
          return true;
        },
        requestHeartbeatNow() {
          counts.requestHeartbeatNow += 1;
        },
      },
    },
    on(name, handler) {
      if (hooks.has(name)) fail(`the plugin registered ${name} twice`);
      hooks.set(name, async (...args) => {
        counts.hooks[name] = (counts.hooks[name] ?? 0) + 1;
        return handler(...args);
      });
    },
  };
  return { api, hooks };
}

// register() starts its scheduler with setInterval. In the gateway it fires every second; here it
// is captured and fired once after the last lifecycle, as clawops-bench ticks its core once.
function registerPlugin(register, api) {
  const realSetInterval = globalThis.setInterval;
  let schedulerTick;
  globalThis.setInterval = (callback) => {
    schedulerTick = callback;
    return 0;
  };
  try {
    register(api);
  } finally {
    globalThis.setInterval = realSetInterval;
  }
  if (typeof schedulerTick !== "function") fail("register() started no scheduler");
  return schedulerTick;
}

// ---- One worker lifecycle ------------------------------------------------------------------

// The worker's final reply as Workload.cpp writes it, naming the task id the plugin's packet gave
// the worker (a worker that follows the contract), so the receipt reaches the plugin's task row.
function receiptText(taskId, verified) {
  const receipt = {
    status: "completed",
    summary: "done",
    task_id: taskId,
    verification: verified ? [{ expected: "exit 0", kind: "command", value: "make check" }] : [],
  };
  return `Work done for ${taskId}.\n\n\`\`\`json\n${JSON.stringify(receipt, null, 4)}\n\`\`\``;
}

// The sessions_spawn tool result the gateway hands to after_tool_call (sim/FrameFactory.cpp).
function spawnResult(childSessionKey, childRunId) {
  const details = {
    status: "accepted",
    childSessionKey,
    runId: childRunId,
    mode: "run",
    expectsCompletionMessage: true,
    context: "isolated",
    resolvedModel: "mock/mock-1",
    resolvedProvider: "mock",
    modelApplied: true,
  };
  return { content: [{ type: "text", text: JSON.stringify(details, null, 2) }], details };
}

const OUTCOME = {
  "ok-verified": "ok",
  "ok-unverified": "ok",
  error: "error",
  timeout: "timeout",
  killed: "killed",
};
const ERROR_TEXT = {
  error: "mock/mock-1 request failed (provider internal error, HTTP 500).",
  timeout: "Request timed out before a response was generated.",
  killed: "agent run aborted",
};

// A hidden orchestrator spawns a worker (before_tool_call rewrites the call and leases the task,
// after_tool_call sees it accepted), the gateway reports the child spawned and ended, and for an
// ok ending the orchestrator relays the worker's receipt to its requester with sessions_send.
async function runLifecycle(hooks, orchestrator, i, ending) {
  const ctx = { sessionKey: orchestrator, agentId: "main" };
  const childSessionKey = `agent:main:subagent:c-${i}`;
  const childRunId = `cr-${i}`;
  const spawn = {
    toolName: "sessions_spawn",
    params: {
      task: `task_id=T-${i} Run the checks for build ${i} and reply with a receipt.`,
      label: `worker-${i}`,
    },
    runId: `pr-${i}`,
    toolCallId: `call_${i}`,
  };
  const rewritten = await hooks.get("before_tool_call")(spawn, ctx);
  const taskId = /"task_id": "([^"]+)"/.exec(rewritten?.params?.task ?? "")?.[1];
  if (!taskId) fail(`lifecycle ${i}: the spawn came back without a worker packet`);
  await hooks.get("after_tool_call")(
    { ...spawn, params: rewritten.params, result: spawnResult(childSessionKey, childRunId) },
    ctx,
  );
  await hooks.get("subagent_spawned")(
    { childSessionKey, agentId: "main", label: spawn.params.label, mode: "run", runId: childRunId },
    { requesterSessionKey: orchestrator, childSessionKey, runId: childRunId },
  );
  const outcome = OUTCOME[ending];
  await hooks.get("subagent_ended")(
    {
      targetSessionKey: childSessionKey,
      targetKind: "subagent",
      reason: outcome === "ok" ? "completed" : outcome,
      outcome,
      error: ERROR_TEXT[ending],
      runId: childRunId,
      endedAt: Date.now(),
    },
    { requesterSessionKey: orchestrator, childSessionKey, runId: childRunId },
  );
  if (outcome !== "ok") return;
  const announce = await hooks.get("before_tool_call")(
    {
      toolName: "sessions_send",
      params: { message: receiptText(taskId, ending === "ok-verified") },
      runId: `pr-${i}-announce`,
      toolCallId: `call_${i}_announce`,
    },
    ctx,
  );
  if (announce?.block) fail(`lifecycle ${i}: the receipt's sessions_send was blocked`);
}

// The three front sessions of clawops-bench's workload each bind a hidden orchestrator first, so
// that every lifecycle's spawn is a worker dispatch, as ClawOps counts them.
async function bindOrchestrators(hooks) {
  const fronts = ["agent:main:main", "agent:ops:main", "agent:research:main"];
  const orchestrators = [];
  for (const [k, front] of fronts.entries()) {
    const orchestrator = `agent:main:subagent:orchestrator-${k}`;
    const spawn = {
      toolName: "sessions_spawn",
      params: { task: `Coordinate the build checks of team ${k}.` },
      runId: `front-${k}`,
      toolCallId: `front_call_${k}`,
    };
    const rewritten = await hooks.get("before_tool_call")(spawn, { sessionKey: front });
    await hooks.get("after_tool_call")(
      { ...spawn, params: rewritten?.params, result: spawnResult(orchestrator, `orun-${k}`) },
      { sessionKey: front },
    );
    orchestrators.push(orchestrator);
  }
  return orchestrators;
}

// ---- What the database must hold -------------------------------------------------------------

function countBy(db, sql) {
  return Object.fromEntries(
    db
      .prepare(sql)
      .all()
      .map((row) => [row.k, Number(row.n)]),
  );
}

function readDatabase(path) {
  const db = new DatabaseSync(path, { readOnly: true });
  const one = (sql) => Number(Object.values(db.prepare(sql).get())[0]);
  const found = {
    tasks_by_state: countBy(
      db,
      "SELECT state AS k, COUNT(*) AS n FROM orchestrator_tasks GROUP BY state",
    ),
    workers_by_status: countBy(
      db,
      "SELECT status AS k, COUNT(*) AS n FROM orchestrator_workers GROUP BY status",
    ),
    receipts_seen: one("SELECT COUNT(*) FROM orchestrator_tasks WHERE receipt_seen = 1"),
    retry_rows: one("SELECT COUNT(*) FROM orchestrator_retries"),
    bindings: one("SELECT COUNT(*) FROM orchestrator_bindings"),
  };
  const sqlite = {
    version: db.prepare("SELECT sqlite_version() AS v").get().v,
    // The plugin sets no synchronous level; this is what a connection gets by default.
    synchronous: Number(db.prepare("PRAGMA synchronous").get().synchronous),
    journal_mode: db.prepare("PRAGMA journal_mode").get().journal_mode,
  };
  db.close();
  return { found, sqlite };
}

function expectedRows(endings) {
  const n = (name) => endings.filter((e) => e === name).length;
  const ok = n("ok-verified") + n("ok-unverified");
  const drop = (object) => Object.fromEntries(Object.entries(object).filter(([, v]) => v > 0));
  return {
    // ok → needs_verification, then the receipt: with verification it stays there, with an
    // empty list it is done. error/timeout → failed → retry queued. killed → failed.
    tasks_by_state: drop({
      needs_verification: n("ok-verified"),
      done: n("ok-unverified"),
      queued: n("error") + n("timeout"),
      failed: n("killed"),
    }),
    workers_by_status: drop({ ok, error: n("error"), timeout: n("timeout"), killed: n("killed") }),
    receipts_seen: ok,
    retry_rows: n("error") + n("timeout"),
    bindings: ORCHESTRATOR_COUNT,
  };
}

function sameCounts(a, b) {
  const keys = (o) => Object.keys(o).sort().join();
  if (typeof a !== "object") return a === b;
  return keys(a) === keys(b) && Object.keys(a).every((k) => a[k] === b[k]);
}

const FS_TYPES = {
  0x01021994: "tmpfs",
  0xef53: "ext4",
  0x794c7630: "overlay",
  0x58465342: "xfs",
  0x9123683e: "btrfs",
};

// ---- The run -------------------------------------------------------------------------------

const source = readFileSync(pluginPath);
const pluginSha256 = createHash("sha256").update(source).digest("hex");
const { default: register } = await import(pathToFileURL(pluginPath).href);
if (typeof register !== "function") fail(`${pluginPath} has no default export register()`);

const dir = mkdtempSync(join(tmpdir(), "clawops-plugin-bench-"));
if (!options["keep-db"]) tempDirToRemove = dir;
const dbPath = join(dir, "state", "orchestrator.db");
const counts = { hooks: {}, enqueueSystemEvent: 0, requestHeartbeatNow: 0, logWarn: 0 };
const { api, hooks } = makeApi(dbPath, counts);
const schedulerTick = registerPlugin(register, api);
for (const name of HOOKS_DRIVEN) {
  if (!hooks.has(name)) fail(`the plugin registered no ${name} hook`);
}
const orchestrators = await bindOrchestrators(hooks);
const endings = workloadMix(lifecycles, seed);
counts.hooks = {};

const cpuStart = process.cpuUsage();
const wallStart = performance.now();
for (let i = 0; i < lifecycles; i += 1) {
  await runLifecycle(hooks, orchestrators[i % ORCHESTRATOR_COUNT], i, endings[i]);
}
schedulerTick();
const seconds = (performance.now() - wallStart) / 1000;
const cpu = process.cpuUsage(cpuStart);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;

const { found, sqlite } = readDatabase(dbPath);
const expected = expectedRows(endings);
const mismatched = Object.keys(expected).filter((key) => !sameCounts(expected[key], found[key]));
if (mismatched.length > 0) {
  fail(
    "the plugin's database does not hold what its hooks must have written " +
      `(${mismatched.join(", ")}):\n` +
      `  expected ${JSON.stringify(expected)}\n  found    ${JSON.stringify(found)}`,
  );
}
const fsType = statfsSync(dir).type;
if (tempDirToRemove) rmSync(tempDirToRemove, { recursive: true, force: true });

const mix = {};
for (const ending of endings) mix[ending] = (mix[ending] ?? 0) + 1;
console.log(
  JSON.stringify(
    {
      lifecycles,
      seed,
      seconds,
      cpu_seconds: cpuSeconds,
      lifecycles_per_second: lifecycles / seconds,
      lifecycles_per_cpu_second: lifecycles / cpuSeconds,
      mix,
      hook_calls: counts.hooks,
      runtime_calls: {
        enqueueSystemEvent: counts.enqueueSystemEvent,
        requestHeartbeatNow: counts.requestHeartbeatNow,
        logger_warn: counts.logWarn,
      },
      database: found,
      database_checked: true,
      database_path: options["keep-db"] ? dbPath : undefined,
      temp_fs: FS_TYPES[fsType] ?? `0x${fsType.toString(16)}`,
      sqlite,
      node: process.version,
      plugin_path: pluginPath,
      plugin_sha256: pluginSha256,
      peak_rss_mb: process.resourceUsage().maxRSS / 1024,
    },
    null,
    1,
  ),
);
