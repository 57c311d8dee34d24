#!/usr/bin/env node
// ClawOps live ring: driver-agnostic checks that a real OpenClaw gateway + the scripted mock model work.
//
//   node smoke.mjs [scenario ...]        (default: spawn)
//   scenarios: spawn noverify blocked retry cancel dup dupseq | all (= those) | restart fail500 (slow, informative)
//
// Needs CLAWOPS_LIVE_URL and CLAWOPS_LIVE_TOKEN (gateway.sh up / with-gateway.sh export them);
// "restart" also needs CLAWOPS_LIVE_GATEWAY_SH and CLAWOPS_LIVE_DIR. "spawn" talks to agent:main:main, every
// other scenario to its own session key (agent:main:live-<scenario>) so that scenarios cannot disturb each
// other; they run one after another unless SMOKE_PARALLEL=1. Prints one JSON summary on stdout; exit 1 if any check failed.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { connectOperator } from "./gateway-client.mjs";

const URL_ = process.env.CLAWOPS_LIVE_URL;
const TOKEN = process.env.CLAWOPS_LIVE_TOKEN;
if (!URL_ || !TOKEN) { console.error("smoke.mjs: CLAWOPS_LIVE_URL and CLAWOPS_LIVE_TOKEN must be set"); process.exit(2); }
const ALL = ["spawn", "noverify", "blocked", "retry", "cancel", "dup", "dupseq"];
let wanted = process.argv.slice(2);
if (!wanted.length) wanted = ["spawn"];
if (wanted.includes("all")) wanted = [...new Set([...ALL, ...wanted.filter((w) => w !== "all")])];
const T0 = Date.now();
const secs = () => ((Date.now() - T0) / 1000).toFixed(1);
const log = (...a) => console.error(`[smoke +${secs()}s]`, ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// every wait below is multiplied by SMOKE_TIME_SCALE (default 3): on a 2-core machine busy with compiles the
// first turn of seven fresh sessions took 60 s to reach the model; on an idle one it takes 1-3 s
const SCALE = Number(process.env.SMOKE_TIME_SCALE ?? 3);
const X = (ms) => ms * SCALE;
const traceFile = process.env.SMOKE_TRACE; // optional: every frame as JSON lines
const trace = traceFile ? fs.createWriteStream(traceFile, { flags: "a" }) : null;

// ------------------------------------------------------------------ connection (re-opened after a restart)
let gw;
async function connect() {
  gw = await connectOperator({
    url: URL_, token: TOKEN, retryMs: X(60000),
    onFrame: trace ? (f) => trace.write(JSON.stringify({ t: Date.now() - T0, ...f }) + "\n") : undefined,
  });
  await gw.request("sessions.subscribe", {});
  return gw;
}

// ------------------------------------------------------------------ event helpers
const P = (e) => e?.payload ?? {};
const toolData = (e) => ((e.event === "agent" && P(e).stream === "tool") || e.event === "session.tool" ? P(e).data : null);
const textOfMessage = (m) => (Array.isArray(m?.content) ? m.content.map((c) => c?.text ?? "").join("") : typeof m?.content === "string" ? m.content : "");
function receiptsIn(text) {
  const out = [];
  for (const m of text.matchAll(/```json\s*([\s\S]*?)```/g)) { try { out.push(JSON.parse(m[1])); } catch {} }
  return out;
}
class Check {
  constructor(name) { this.name = name; this.t0 = Date.now(); this.steps = []; this.ok = true; }
  step(label, extra = {}) { const s = { t: Date.now() - this.t0, label, ...extra }; this.steps.push(s); log(`${this.name}: ${label}`); }
  fail(msg) { this.ok = false; this.error = msg; log(`${this.name}: FAILED: ${msg}`); throw new Error(msg); }
  need(v, msg) { if (!v) this.fail(msg); return v; }
}
async function send(c, sessionKey, message) {
  const idem = `live-${c.name}-${Date.now()}-${Math.random().toString(16).slice(2, 8)}`;
  const r = await gw.request("chat.send", { sessionKey, message, idempotencyKey: idem });
  c.step("chat.send accepted", { sessionKey, runId: r?.runId, status: r?.status });
  return r;
}
/** waits for n accepted sessions_spawn tool results in sessionKey; returns [{childSessionKey, runId, args}] */
async function spawnsAccepted(c, sessionKey, n, ms = X(60000)) {
  const seen = new Map();
  const starts = new Map();
  const deadline = Date.now() + ms;
  while (seen.size < n && Date.now() < deadline) {
    for (const e of gw.events) {
      const d = toolData(e);
      if (!d || P(e).sessionKey !== sessionKey || d.name !== "sessions_spawn") continue;
      if (d.phase === "start") starts.set(d.toolCallId, d.args);
      if (d.phase === "result" && d.result?.details?.status === "accepted" && !seen.has(d.toolCallId))
        seen.set(d.toolCallId, { childSessionKey: d.result.details.childSessionKey, runId: d.result.details.runId, toolCallId: d.toolCallId });
    }
    if (seen.size < n) await gw.waitFor(() => true, 500, "any", { fresh: true });
  }
  const out = [...seen.values()].map((s) => ({ ...s, args: starts.get(s.toolCallId) }));
  c.need(out.length >= n, `expected ${n} accepted sessions_spawn in ${sessionKey}, saw ${out.length}`);
  c.step(`${out.length} sessions_spawn accepted`, { children: out.map((o) => o.childSessionKey) });
  return out;
}
async function taskOf(c, child, ms = X(30000)) {
  const e = await gw.waitFor((e) => e.event === "task" && P(e).task?.childSessionKey === child, ms, "task event");
  return c.need(P(e).task, `no task event for ${child}`);
}
async function childFinal(c, child, { ms = X(60000), runId } = {}) {
  const e = await gw.waitFor((e) => e.event === "chat" && P(e).sessionKey === child && ["final", "error", "aborted"].includes(P(e).state) && (!runId || P(e).runId === runId), ms, "child final");
  c.need(e, `no chat final for ${child} within ${ms / 1000}s`);
  c.need(P(e).state === "final", `child ${child} ended with chat state ${P(e).state}: ${P(e).errorMessage ?? ""}`);
  const text = textOfMessage(P(e).message);
  return { text, receipts: receiptsIn(text) };
}
async function terminalTask(c, child, ms) {
  const e = await gw.waitFor((e) => e.event === "task" && P(e).task?.childSessionKey === child && !["running", "queued"].includes(P(e).task?.status), ms, "terminal task");
  return c.need(P(e).task, `task of ${child} did not end within ${ms / 1000}s`);
}

// ------------------------------------------------------------------ scenarios
const S = {};
S.spawn = async (c, key) => {
  await send(c, key, "Please SPAWN a worker for task_id=L-SPAWN and report back.");
  const [w] = await spawnsAccepted(c, key, 1);
  const task = await taskOf(c, w.childSessionKey);
  c.step("task event", { taskId: task.id, title: task.title, status: task.status });
  const f = await childFinal(c, w.childSessionKey);
  const r = c.need(f.receipts[0], `no fenced json receipt in the child final: ${f.text.slice(0, 200)}`);
  c.need(r.task_id === "L-SPAWN" && r.status === "completed" && r.verification?.length === 2, `unexpected receipt ${JSON.stringify(r)}`);
  c.step("child final with receipt", { receipt: { task_id: r.task_id, status: r.status, verification: r.verification.length } });
  const ann = await gw.waitFor((e) => e.event === "chat" && P(e).sessionKey === key && P(e).state === "final" && String(P(e).runId ?? "").startsWith("announce:"), X(30000), "announce");
  c.step(ann ? "parent announce final" : `no parent announce within ${X(30)} s (not required)`);
};
S.noverify = async (c, key) => {
  await send(c, key, "SPAWN task_id=L-NOVERIFY NOVERIFY");
  const [w] = await spawnsAccepted(c, key, 1);
  const f = await childFinal(c, w.childSessionKey);
  const r = c.need(f.receipts[0], "no receipt");
  c.need(r.status === "completed" && Array.isArray(r.verification) && r.verification.length === 0, `unexpected receipt ${JSON.stringify(r)}`);
  c.step("receipt with verification: []");
};
S.blocked = async (c, key) => {
  await send(c, key, "SPAWN task_id=L-BLOCKED BLOCKED");
  const [w] = await spawnsAccepted(c, key, 1);
  const f = await childFinal(c, w.childSessionKey);
  const r = c.need(f.receipts[0], "no receipt");
  c.need(r.status === "blocked" && r.blockers?.[0]?.suggested_fix, `unexpected receipt ${JSON.stringify(r)}`);
  c.step("blocked receipt", { blocker: r.blockers[0].message });
  // 2026.9.6 aborts the follow-up's run at once when it lands while the gateway still settles the
  // child's last run (its subagent registry refuses the handover); ClawOps sends its answer again
  // then (engine/gateway/AdapterAnswers.cpp), and so does this step, with a new key.
  let f2;
  for (let attempt = 1; !f2; attempt++) {
    const idem = `live-followup-${Date.now()}-${attempt}`;
    const res = await gw.request("sessions.send", { key: w.childSessionKey, message: "Operator answer: use option B for L-BLOCKED.", idempotencyKey: idem });
    c.step("sessions.send to the child", { runId: res?.runId, status: res?.status, attempt });
    const runId = res?.runId ?? idem;
    const end = await gw.waitFor((e) => e.event === "chat" && P(e).sessionKey === w.childSessionKey && P(e).runId === runId && ["final", "error", "aborted"].includes(P(e).state), X(60000), "follow-up end");
    if (end && P(end).state === "aborted" && attempt < 3) {
      c.step("the gateway aborted the follow-up's run at once; sending it again");
      await new Promise((resolve) => setTimeout(resolve, 750));
      continue;
    }
    f2 = await childFinal(c, w.childSessionKey, { runId });
  }
  const r2 = c.need(f2.receipts[0], `no receipt in the follow-up: ${f2.text.slice(0, 200)}`);
  c.need(r2.task_id === "L-BLOCKED" && r2.status === "completed" && r2.verification?.length > 0, `unexpected follow-up receipt ${JSON.stringify(r2)}`);
  c.step("follow-up final with completed receipt");
};
const retryBlock = (child, args, attempt, max) => [
  "<orchestrator-retry>", `failedChildSession: ${child}`, "outcome: timeout", `attempt: ${attempt}/${max}`,
  "action: Respawn this subagent task immediately via sessions_spawn.", `task: ${args.task}`, `label: ${args.label ?? ""}`,
  "agentId: ", "model: ", "thinking: ", "mode: ", "thread: false", "</orchestrator-retry>"].join("\n");
S.retry = async (c, key) => {
  // attempt 1 hangs and times out (runTimeoutSeconds 5); retry 1 goes to the parent as a user message
  // (sessions.send), attempt 2 times out again; retry 2 goes by `wake` (a heartbeat turn); attempt 3 completes
  await send(c, key, "SPAWN task_id=L-RETRY HANG TIMEOUT=5 FAILTIMES=2");
  const [w] = await spawnsAccepted(c, key, 1);
  c.need(w.args?.runTimeoutSeconds === 5, `spawn args lack runTimeoutSeconds 5: ${JSON.stringify(w.args)}`);
  const known = new Set();
  let child = w.childSessionKey;
  for (const [attempt, via] of [[1, "sessions.send"], [2, "wake"]]) {
    known.add(child);
    const t = await terminalTask(c, child, X(60000));
    c.need(t.status === "timed_out", `attempt ${attempt} ended ${t.status}, expected timed_out`);
    c.step(`attempt ${attempt} timed out`);
    const block = retryBlock(child, w.args, attempt, 2);
    const res = via === "wake"
      ? await gw.request("wake", { mode: "now", sessionKey: key, text: block })
      : await gw.request("sessions.send", { key, message: block, idempotencyKey: `live-retry-${attempt}-${Date.now()}` });
    c.step(`retry ${attempt} sent to the parent by ${via}`, { res });
    const e = await gw.waitFor((e) => e.event === "task" && P(e).task?.title === w.args.label && P(e).task?.childSessionKey && !known.has(P(e).task.childSessionKey), X(60000), "respawn");
    child = c.need(P(e)?.task?.childSessionKey, `no respawn with label ${w.args.label} within ${X(60)} s after retry ${attempt}`);
    c.step(`respawned (attempt ${attempt + 1})`, { child });
  }
  const f = await childFinal(c, child);
  c.need(f.receipts[0]?.status === "completed" && f.receipts[0]?.task_id === "L-RETRY", `unexpected receipt ${f.text.slice(0, 200)}`);
  c.step("attempt 3 completed");
};
S.cancel = async (c, key) => {
  await send(c, key, "SPAWN task_id=L-CANCEL SLOW");
  const [w] = await spawnsAccepted(c, key, 1);
  const task = await taskOf(c, w.childSessionKey);
  const d = await gw.waitFor((e) => e.event === "chat" && P(e).sessionKey === w.childSessionKey && P(e).state === "delta", X(30000), "child delta");
  c.need(d, "the slow child never streamed");
  c.step("slow child streaming");
  const r = await gw.request("tasks.cancel", { taskId: task.id });
  c.need(r?.found && r?.cancelled && r?.task?.status === "cancelled", `tasks.cancel result ${JSON.stringify(r)?.slice(0, 300)}`);
  c.step("tasks.cancel -> cancelled");
};
S.dup = async (c, key) => {
  await send(c, key, "SPAWN task_id=L-DUP DUP");
  const ws = await spawnsAccepted(c, key, 2);
  c.need(ws[0].args?.task === ws[1].args?.task && ws[0].args?.label === ws[1].args?.label, "the two spawns differ");
  c.need(ws[0].childSessionKey !== ws[1].childSessionKey, "both spawns gave the same child");
  for (const w of ws) {
    const f = await childFinal(c, w.childSessionKey);
    c.need(f.receipts[0]?.task_id === "L-DUP", "duplicate child without receipt");
  }
  c.step("both duplicate children completed");
};
S.dupseq = async (c, key) => {
  await send(c, key, "SPAWN task_id=L-DUPSEQ DUPSEQ NOVERIFY");
  const ws = await spawnsAccepted(c, key, 2);
  c.need(ws[0].args?.task === ws[1].args?.task && ws[0].args?.label === ws[1].args?.label, "the two spawns differ");
  for (const w of ws) c.need((await childFinal(c, w.childSessionKey)).receipts[0]?.task_id === "L-DUPSEQ", "duplicate child without receipt");
  c.step("sequential duplicate spawns both completed");
};
S.fail500 = async (c, key) => {
  // informative, slow (~80-90 s): HTTP 500 on every model call; the gateway retries the provider itself
  await send(c, key, "SPAWN task_id=L-FAIL500 FAIL500");
  const [w] = await spawnsAccepted(c, key, 1);
  const t = await terminalTask(c, w.childSessionKey, X(150000));
  c.need(t.status === "failed", `task ended ${t.status}, expected failed`);
  c.step("task failed after the gateway's provider retries", { error: t.error });
  if (process.env.CLAWOPS_LIVE_MOCK_URL) {
    const st = await (await fetch(`${process.env.CLAWOPS_LIVE_MOCK_URL}/_mock/state`)).json();
    c.need(st.attempts?.["worker-L-FAIL500"] === 1, `mock counted ${st.attempts?.["worker-L-FAIL500"]} attempts, expected 1`);
    c.step("mock counted one attempt", { fail500Calls: st.decisions?.fail500 });
  }
};
S.restart = async (c, key) => {
  // informative: a slow worker, then the gateway restarted under it (SMOKE_RESTART_KILL=1: SIGKILL, else
  // SIGTERM with the default 15 s grace); reports what the task and the child row become afterwards
  const sh = process.env.CLAWOPS_LIVE_GATEWAY_SH, dir = process.env.CLAWOPS_LIVE_DIR;
  c.need(sh && dir, "restart needs CLAWOPS_LIVE_GATEWAY_SH and CLAWOPS_LIVE_DIR");
  await send(c, key, "SPAWN task_id=L-RESTART SLOW=30 NOVERIFY");
  const [w] = await spawnsAccepted(c, key, 1);
  const task = await taskOf(c, w.childSessionKey);
  await gw.waitFor((e) => e.event === "chat" && P(e).sessionKey === w.childSessionKey && P(e).state === "delta", X(30000), "child delta");
  gw.close();
  const t = Date.now();
  const args = ["restart", "--state-dir", dir, ...(process.env.SMOKE_RESTART_KILL === "1" ? ["--kill"] : [])];
  const out = execFileSync(sh, args, { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  c.step("gateway restarted", { ms: Date.now() - t, launchToReadyMs: JSON.parse(out).launchToReadyMs, kill: args.includes("--kill") });
  await connect();
  const t1 = Date.now();
  let status;
  for (;;) {
    const got = await gw.request("tasks.get", { taskId: task.id }).catch((e) => ({ error: e.message }));
    const s = got?.task?.status;
    if (s !== status) { status = s; c.step(`task ${s ?? "?"} ${((Date.now() - t1) / 1000).toFixed(1)} s after reconnect`, { error: got?.task?.error ?? got?.error }); }
    if (!["running", "queued", undefined].includes(s) || Date.now() - t1 > X(120000)) break;
    await sleep(2000);
  }
  const list = await gw.request("sessions.list", {});
  const row = list?.sessions?.find((s) => s.key === w.childSessionKey);
  c.step("child row", { status: row?.status, hasActiveRun: row?.hasActiveRun, lastRunError: row?.lastRunError });
};

// ------------------------------------------------------------------ main
const results = [];
async function runOne(name) {
  const c = new Check(name);
  const key = name === "spawn" ? "agent:main:main" : `agent:main:live-${name}`;
  try {
    c.need(S[name], `unknown scenario ${name}`);
    await S[name](c, key);
  } catch (e) { if (c.ok) { c.ok = false; c.error = e.message; log(`${name}: FAILED: ${e.message}`); } }
  const r = { name, ok: c.ok, seconds: (Date.now() - c.t0) / 1000, error: c.error, steps: c.steps };
  results.push(r);
  log(`${name}: ${c.ok ? "ok" : "FAILED"} in ${r.seconds.toFixed(1)}s`);
  return r;
}
let connectMs;
try {
  const t = Date.now();
  await connect();
  connectMs = Date.now() - t;
  log(`connected: protocol ${gw.hello?.protocol}, server ${gw.hello?.server?.version}, auth ${gw.hello?.auth?.method}, ${connectMs} ms`);
  if (process.env.SMOKE_PARALLEL === "1") {
    const serial = wanted.filter((w) => w === "restart");
    await Promise.all(wanted.filter((w) => w !== "restart").map(runOne));
    for (const s of serial) await runOne(s);
  } else {
    for (const s of wanted) await runOne(s);
  }
} catch (e) {
  results.push({ name: "connect", ok: false, error: e.message });
  log(`FAILED: ${e.message}`);
}
gw?.close();
trace?.end();
const ok = results.length > 0 && results.every((r) => r.ok);
console.log(JSON.stringify({ ok, seconds: (Date.now() - T0) / 1000, connectMs, results }, null, 1));
// Last, so that a log cut in the middle (CI keeps its head and tail) still names what failed.
for (const r of results.filter((x) => !x.ok)) console.error(`[smoke] FAILED ${r.name}: ${r.error}`);
setTimeout(() => process.exit(ok ? 0 : 1), 100);
