#!/usr/bin/env node
// Runs the OpenClaw orchestrator plugin's own pure functions on a fixed set of tricky inputs and
// writes the results to tests/data/parity/*.json, which the C++ core tests replay.
//
// The plugin is read from the path given on the command line and never copied into this
// project. Its top-level constants and functions, and the config-resolution statements at the
// start of register(), are cut out of the TypeScript source by name, transpiled in memory and
// run in a sandbox whose Math.random and process.env.HOME are under our control.
//
// Usage (see README.md):
//   NODE_PATH=/tmp/parity-tools/node_modules node tools/parity/generate-parity.mjs \
//       ../shared/reference/orchestrator-plugin.ts [output-dir]

import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

import * as cases from "./parity-cases.mjs";

const require = createRequire(import.meta.url);
const ts = require("typescript");

const here = dirname(fileURLToPath(import.meta.url));
const pluginPath = process.argv[2];
if (!pluginPath) {
  console.error("usage: generate-parity.mjs <orchestrator-plugin.ts> [output-dir]");
  process.exit(2);
}
const outDir = resolve(process.argv[3] ?? join(here, "../../tests/data/parity"));
const pluginSource = readFileSync(pluginPath, "utf8");
const pluginSha256 = createHash("sha256").update(pluginSource).digest("hex");

// ---- Cutting the plugin apart -------------------------------------------------------------

const sourceFile = ts.createSourceFile("plugin.ts", pluginSource, ts.ScriptTarget.ES2022, true);
const topLevel = [];
let registerBody;
for (const statement of sourceFile.statements) {
  if (ts.isFunctionDeclaration(statement) && statement.name?.text === "register") {
    registerBody = statement.body;
  } else if (ts.isFunctionDeclaration(statement) || ts.isVariableStatement(statement)) {
    topLevel.push(statement.getText(sourceFile));
  }
}
if (!registerBody) throw new Error("register() not found in the plugin");

// register() resolves its config first and opens the database next; everything before the
// mkdirSync() call is the config resolution.
const prelude = [];
const preludeNames = [];
for (const statement of registerBody.statements) {
  const text = statement.getText(sourceFile);
  if (text.startsWith("mkdirSync(")) break;
  prelude.push(text);
  if (ts.isVariableStatement(statement)) {
    for (const declaration of statement.declarationList.declarations) {
      preludeNames.push(declaration.name.getText(sourceFile));
    }
  }
}
if (!preludeNames.includes("statusChannel")) throw new Error("config prelude not recognised");

const moduleTs = [
  ...topLevel,
  `function __resolveConfig(api) {\n${prelude.join("\n")}\nreturn { ${preludeNames.join(", ")} };\n}`,
].join("\n");
const moduleJs = ts.transpileModule(moduleTs, {
  compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.None },
}).outputText;

// One sandbox per HOME value, because DEFAULT_STATE_DB_PATH is read when the module loads.
function loadPlugin(home) {
  const env = home === undefined ? {} : { HOME: home };
  const context = vm.createContext({ createHash, process: { env } });
  vm.runInContext(moduleJs, context, { filename: "orchestrator-plugin.js" });
  vm.runInContext("var __randomQueue = []; Math.random = () => __randomQueue.shift();", context);
  return context;
}

const HOME = "/home/parity";
const plugin = loadPlugin(HOME);

// ---- Encoding values JSON cannot hold -----------------------------------------------------

// Inputs may be undefined, NaN or infinite; these travel as {"$undefined":true} and
// {"$number":"Infinity"}. Outputs that are undefined are written as null.
function decode(value) {
  if (Array.isArray(value)) return value.map(decode);
  if (value && typeof value === "object") {
    if (value.$undefined === true) return undefined;
    if (typeof value.$number === "string") return Number(value.$number);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decode(v)]));
  }
  return value;
}
const out = (value) => (value === undefined ? null : value);

// ---- Running the cases --------------------------------------------------------------------

function identityCases() {
  const p = plugin;
  return {
    shortHash: cases.hashInputs.map((input) => ({ input, expected: p.shortHash(input) })),
    sanitizeLabel: cases.labelInputs.map((input) => ({
      input,
      expected: out(p.sanitizeLabel(decode(input))),
    })),
    taskPreview: cases.previewInputs.map(({ input, max }) => ({
      input,
      max: max ?? null,
      expected: max === undefined ? p.taskPreview(decode(input)) : p.taskPreview(decode(input), max),
    })),
    normalizeSpawnKind: cases.kindInputs.map((input) => ({
      input,
      expected: out(p.normalizeSpawnKind(decode(input))),
    })),
    inferSpawnKind: cases.inferInputs.map(({ task, label }) => ({
      task,
      label,
      expected: p.inferSpawnKind(task, decode(label)),
    })),
    stableTaskKey: cases.taskKeyInputs.map(({ requester, spec }) => ({
      requester,
      spec,
      expected: p.stableTaskKey(requester, decode(spec)),
    })),
    makeTaskId: cases.taskIdInputs.map(({ taskKey, attempt }) => ({
      taskKey,
      attempt,
      expected: p.makeTaskId(taskKey, attempt),
    })),
  };
}

function messageCases() {
  const p = plugin;
  return {
    buildWorkerTaskPacket: cases.packetInputs.map(({ taskId, attempt, rawTask }) => ({
      taskId,
      attempt,
      rawTask,
      expected: p.buildWorkerTaskPacket(taskId, attempt, rawTask),
    })),
    stripWorkerTaskPacket: cases.stripInputs().map((input) => ({
      input,
      expected: p.stripWorkerTaskPacket(input),
    })),
    buildRetrySystemEvent: cases.retryInputs.map((c) => ({
      ...c,
      expected: p.buildRetrySystemEvent(decode(c.spec), c.failedSessionKey, c.outcome, c.attempt,
                                        c.maxRetries),
    })),
    formatDigitEmoji: cases.digitInputs.map((input) => ({
      input,
      expected: p.formatDigitEmoji(decode(input)),
    })),
    buildStatusSystemEvent: cases.statusInputs.map((c) => ({
      ...c,
      expected: p.buildStatusSystemEvent(c.requester, c.orchestrator, c.summary, c.emoji),
    })),
    buildIncidentSystemEvent: cases.incidentInputs.map((c) => ({
      ...c,
      expected: p.buildIncidentSystemEvent(c.requester, c.orchestrator, c.channel, c.reason,
                                           c.details),
    })),
  };
}

function receiptCases() {
  return cases.receiptInputs().map(({ name, text }) => ({
    name,
    text,
    expected: plugin.parseWorkerReceipts(text),
  }));
}

function backoffCases() {
  return cases.backoffInputs().map(({ baseMs, maxMs, attempt, random }) => {
    plugin.__randomQueue.push(random);
    const expected = plugin.computeRetryDelayMs(baseMs, maxMs, attempt);
    if (plugin.__randomQueue.length !== 0) throw new Error("computeRetryDelayMs skipped random");
    return { baseMs, maxMs, attempt, random, expected };
  });
}

function configCases() {
  const p = plugin;
  // The sandbox's Set is not this realm's Set, so instanceof cannot tell.
  const setToArray = (value) =>
    value && typeof value === "object" && !Array.isArray(value) ? [...value] : value;
  return {
    home: HOME,
    asPositiveInt: cases.intInputs.map(({ value, fallback }) => ({
      value,
      fallback,
      expected: p.asPositiveInt(decode(value), fallback),
    })),
    asNonNegativeInt: cases.intInputs.map(({ value, fallback }) => ({
      value,
      fallback,
      expected: p.asNonNegativeInt(decode(value), fallback),
    })),
    asStringArray: cases.stringArrayInputs.map((value) => ({
      value,
      expected: out(p.asStringArray(decode(value))),
    })),
    resolveRetryOutcomes: cases.stringArrayInputs.map((value) => ({
      value,
      expected: setToArray(p.resolveRetryOutcomes(decode(value))),
    })),
    normalizeFridayChannelTarget: cases.channelInputs.map((value) => ({
      value,
      expected: p.normalizeFridayChannelTarget(decode(value)),
    })),
    isAllowedFridayTarget: cases.channelInputs.map((value) => ({
      value,
      expected: p.isAllowedFridayTarget(decode(value)),
    })),
    defaultStateDbPath: cases.homeInputs.map((home) => ({
      home,
      // A top-level const is not a property of the sandbox's global object.
      expected: vm.runInContext("DEFAULT_STATE_DB_PATH", loadPlugin(decode(home))),
    })),
    resolveConfig: cases.configInputs().map(({ name, json }) => {
      const resolved = p.__resolveConfig({ pluginConfig: JSON.parse(json) });
      const expected = {};
      for (const key of cases.configKeys) expected[key] = setToArray(resolved[key]);
      return { name, json, expected };
    }),
  };
}

// ---- Writing ------------------------------------------------------------------------------

mkdirSync(outDir, { recursive: true });
const header = {
  generator: "tools/parity/generate-parity.mjs",
  pluginSha256,
  note: "Generated from the plugin's own functions; do not edit by hand, re-run the generator.",
};
const files = {
  "identity.json": identityCases(),
  "messages.json": messageCases(),
  "receipts.json": receiptCases(),
  "backoff.json": backoffCases(),
  "config.json": configCases(),
};
for (const [name, body] of Object.entries(files)) {
  const text = `${JSON.stringify({ ...header, cases: body }, null, 1)}\n`;
  writeFileSync(join(outDir, name), text);
  console.log(`wrote ${join(outDir, name)}`);
}
