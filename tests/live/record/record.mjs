#!/usr/bin/env node
// ClawOps live ring, recordings: runs one scenario group against the gateway that with-gateway.sh / gateway.sh up
// started (CLAWOPS_LIVE_URL, CLAWOPS_LIVE_TOKEN, CLAWOPS_LIVE_DIR) and writes its frames and a summary.
//
//   node record.mjs <approvals|policy|inject|forbidden> --out tests/data/traces/trace-approvals.jsonl [--summary F]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Recorder, redact } from "./lib.mjs";

const [group, ...rest] = process.argv.slice(2);
const opt = {};
for (let i = 0; i < rest.length; i += 2) opt[rest[i].replace(/^--/, "")] = rest[i + 1];
const groups = { approvals: "./approvals.mjs", policy: "./policy.mjs", inject: "./inject.mjs", forbidden: "./forbidden.mjs" };
if (!groups[group] || !opt.out) {
  console.error("usage: record.mjs <approvals|policy|inject|forbidden> --out FILE.jsonl [--summary FILE.json]");
  process.exit(2);
}
const url = process.env.CLAWOPS_LIVE_URL;
const token = process.env.CLAWOPS_LIVE_TOKEN;
if (!url || !token) { console.error("record.mjs: CLAWOPS_LIVE_URL and CLAWOPS_LIVE_TOKEN are required (run under with-gateway.sh)"); process.exit(2); }

const identityDir = fs.mkdtempSync(path.join(process.env.CLAWOPS_LIVE_DIR ?? os.tmpdir(), "record-ids-"));
const rec = new Recorder({ url, token, file: opt.out, identityDir });
const ctx = {
  dir: process.env.CLAWOPS_LIVE_DIR,
  mockUrl: process.env.CLAWOPS_LIVE_MOCK_URL,
  mockLog: process.env.CLAWOPS_LIVE_MOCK_LOG,
  dumpDir: process.env.CLAWOPS_LIVE_DIR ? path.join(process.env.CLAWOPS_LIVE_DIR, "logs", "dump") : undefined,
};
let summary;
let failed = false;
try {
  const mod = await import(groups[group]);
  summary = await mod.run(rec, ctx);
} catch (e) {
  failed = true;
  rec.mark(`scenario error: ${e.stack ?? e}`);
  summary = { error: String(e.stack ?? e) };
}
await rec.finish();
const text = JSON.stringify(redact(summary, token), null, 1);
if (opt.summary) fs.writeFileSync(opt.summary, text + "\n");
else console.log(text);
fs.rmSync(identityDir, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
