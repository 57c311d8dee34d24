#!/usr/bin/env node
// ClawOps live ring: a scripted, deterministic OpenAI-compatible model for a real OpenClaw gateway.
//
//   node mock-model.mjs [--port 0] [--host 127.0.0.1] [--port-file F] [--log F] [--dump-dir D]
//                       [--lifetime SECONDS]
//
// Prints one JSON line {"port","pid","host"} on stdout once listening (and writes the port to
// --port-file, atomically). Exits by itself after --lifetime seconds (default 900).
//
// HTTP:
//   POST /v1/chat/completions   streaming (SSE) or not, with tool calls
//   GET  /v1/models             the one model "mock-1"
//   GET  /_mock/state           counters: requests, attempts (spawns) per key, worker sessions per key, decisions
//   POST /_mock/reset           forget the attempt counters
//
// What it answers is decided only from the request (plus the attempt counters of FAILTIMES), so the
// same conversation always gets the same reply. MARKERS (upper case, whole words) are read from the
// operator's text in the main session and copied into the worker's task, where the worker reads them:
//
//  main session (the operator's chat.send / sessions.send text, or the wake text):
//   SPAWN               call sessions_spawn for a worker (one per task_id=<X> marker, default T-1)
//   task_id=<X>         the worker's task id (repeat the marker for several workers in one turn)
//   LABEL=<l>           spawn label (default worker-<X>)
//   TIMEOUT=<n>         sessions_spawn runTimeoutSeconds:n (also kept in the task text for respawns); with
//                       FAILTIMES, spawns of attempts scripted to succeed get OKTIMEOUT=<m> (default 300)
//   DUP                 the same sessions_spawn twice in ONE assistant message (two tool calls)
//   DUPSEQ              the same sessions_spawn again after the first tool result (same turn)
//   "[Worker result contract]" packet in the text: copied to the end of the worker task
//   <orchestrator-retry> block (as a user message, inside a steering/runtime message, or in the
//                       wake internal-context block with "System: " prefixes): sessions_spawn with
//                       task = the block's task: field (may span lines up to the next field) and
//                       label = its label: line, runTimeoutSeconds from TIMEOUT=<n> in that task.
//                       Several blocks in one input give several spawns.
//   EXEC=<tag>          (without SPAWN) call the exec tool: `echo clawops-<tag>` (tool-policy and approval probes)
//   EXECCMD=<b64url>    (without SPAWN) call exec with this base64url-encoded command line
//   EXECSLEEP=<s>       (without SPAWN) call exec with `sleep <s>` (a tool that is still running when aborted)
//   MSG=<name>          (without SPAWN) call the message tool: send to "#<name>" (enforceFridayChannels probes)
//                       With SPAWN these three are copied into the worker's task and the worker makes the call
//                       before its receipt. After the tool result the caller replies "Done." / the receipt.
//   announce / settle turns ("A background task completed", "[OpenClaw runtime event]")
//                       -> short text, never a spawn; heartbeat turns without a retry -> NO_REPLY
//  worker (its [Subagent Task] text):
//   (default)           "Work done for <id>." + fenced json receipt, status completed, 2 verification items
//   NOVERIFY            receipt with "verification": []  (explicit no verification)
//   BLOCKED             receipt status blocked, blockers[{type,message,suggested_fix,required_from_user}];
//                       a follow-up message (sessions.send to the child) -> completed receipt
//   RFAILED             receipt status failed
//   NORECEIPT           plain text, no receipt
//   SLOW / SLOW=<s>     stream the reply over s seconds (default 36)
//   HANG                open the SSE stream and never finish it (bounded by runTimeoutSeconds)
//   FAIL500             HTTP 500 on every call (the gateway itself retries ~7 times over ~80 s!)
//   FAILTIMES=<n>       the first n attempts of this worker fail (HANG, or FAIL500 if also given),
//                       later attempts succeed. Attempts are the sessions_spawn calls the mock emitted per
//                       label= (else task_id=) of the task; re-sent model requests are not counted again.
//  task id used in receipts: "task_id": "<id>" of a [Worker result contract] packet in the task,
//  else the task_id=<X> marker, else "T-unknown".
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";

// ---------------------------------------------------------------- arguments
const args = { port: 0, host: "127.0.0.1", portFile: "", log: "", dumpDir: "", lifetime: 900 };
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  const v = () => process.argv[++i];
  if (a === "--port") args.port = Number(v());
  else if (a === "--host") args.host = v();
  else if (a === "--port-file") args.portFile = v();
  else if (a === "--log") args.log = v();
  else if (a === "--dump-dir") args.dumpDir = v();
  else if (a === "--lifetime") args.lifetime = Number(v());
  else { console.error(`mock-model: unknown argument ${a}`); process.exit(2); }
}
if (!["127.0.0.1", "::1", "localhost"].includes(args.host)) {
  console.error("mock-model: refusing to listen on a non-loopback address");
  process.exit(2);
}

const MODEL_ID = "mock-1";
const CTX_MARK = "<<<BEGIN_OPENCLAW_INTERNAL_CONTEXT";
const startedAt = Date.now();
let reqNo = 0;
// FAILTIMES bookkeeping. An attempt is counted when the mock itself emits the sessions_spawn (initial, DUP/DUPSEQ
// or a respawn from a retry block), not when the worker first calls the model: on a loaded machine a child with a
// short runTimeoutSeconds can time out during the gateway's turn preparation, before any model request.
const attempts = new Map(); // attempt key -> spawns emitted for it
const spawnFingerprints = new Map(); // main-session turn + call index -> attempt number (re-sends are not counted)
const workerSessions = new Map(); // attempt key -> Set of child session keys that called the model
const decisions = {}; // kind -> count

function logLine(obj) {
  if (!args.log) return;
  try { fs.appendFileSync(args.log, JSON.stringify({ t: Date.now() - startedAt, ...obj }) + "\n"); } catch {}
}

// ---------------------------------------------------------------- request reading helpers
const textOf = (content) => {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) return content.map((p) => (typeof p === "string" ? p : p?.text ?? "")).join("");
  return "";
};
const isCtx = (m) => m?.role === "user" && textOf(m.content).startsWith(CTX_MARK);
// "[Mon 2026-11-23 21:20 UTC] Conversation info: ⟦openclaw:ctx⟧\n```json\n{sender}\n```\n\ntext" -> "text"
const stripStamp = (t) =>
  t.replace(/^\s*\[[A-Z][a-z]{2} \d{4}-\d\d-\d\d [0-9:]+ [A-Z]+\]\s*/, "")
    .replace(/^Conversation info:[^\n]*\n```json\n[\s\S]*?\n```\s*/, "");
// internal-context blocks carry queued system events JSON-quoted, one "System: [ts] " per line
const unwrapCtx = (t) =>
  t.replace(/\\n/g, "\n").replace(/\\"/g, '"').replace(/\\\\/g, "\\").replace(/^System: (\[[^\]]*\] )?/gm, "");
// markers are whole words separated by white space (or sentence punctuation after them), so that a task id
// such as "L-BLOCKED" or "task_id=SLOW-1" never reads as a marker
const word = (t, w) => new RegExp(`(^|\\s)${w}(?=$|[\\s.,;:!?)])`).test(t);
const num = (t, k) => { const m = t.match(new RegExp(`(?:^|\\s)${k}=(\\d+)`)); return m ? Number(m[1]) : undefined; };
const val = (t, k) => { const m = t.match(new RegExp(`(?:^|[\\s(\\[{,;])${k}=([A-Za-z0-9_.:/-]+)`)); return m ? m[1].replace(/[.:]+$/, "") : undefined; };
const sha = (s) => crypto.createHash("sha256").update(s).digest("hex").slice(0, 16);

// parent turns that deliver child results: announce, requester-settle and steering batches
const ANNOUNCE_RE = /^A background task completed|^\[OpenClaw runtime event\]|^\[Subagent Context\] Every subagent|Child completion results:/;
const WORKER_MARKERS = ["NOVERIFY", "BLOCKED", "RFAILED", "NORECEIPT", "HANG", "FAIL500"];
const WORKER_VALUE_MARKERS = ["SLOW", "FAILTIMES", "TIMEOUT", "OKTIMEOUT", "EXECSLEEP"];
const WORKER_NAME_MARKERS = ["EXEC", "EXECCMD", "MSG"];

/** the exec/message tool call that EXEC=, EXECSLEEP= or MSG= asks for, or null */
function policyToolCall(text) {
  const b64 = val(text, "EXECCMD");
  if (b64) { const command = Buffer.from(b64, "base64url").toString("utf8"); return { name: "exec", args: { command, title: "clawops probe" } }; }
  const tag = val(text, "EXEC");
  if (tag) return { name: "exec", args: { command: `echo clawops-${tag}`, title: `clawops probe ${tag}` } };
  const secs = num(text, "EXECSLEEP");
  if (secs !== undefined) return { name: "exec", args: { command: `sleep ${secs}`, title: `clawops sleep ${secs}`, yieldMs: (secs + 30) * 1000 } };
  const to = val(text, "MSG");
  if (to) return { name: "message", args: { action: "send", target: `#${to}`, message: `clawops policy probe to #${to}` } };
  return null;
}

function contractPacket(text) {
  const i = text.indexOf("[Worker result contract]");
  if (i < 0) return "";
  const rest = text.slice(i);
  const m = rest.match(/^[\s\S]*?Current attempt:[^\n]*/);
  return m ? m[0] : rest;
}
function withoutContract(text) {
  const i = text.indexOf("[Worker result contract]");
  return (i < 0 ? text : text.slice(0, i)).trim();
}
function receiptTaskId(task) {
  const packet = contractPacket(task);
  const fromPacket = packet.match(/"task_id"\s*:\s*"([^"]+)"/);
  if (fromPacket) return fromPacket[1];
  return val(withoutContract(task), "task_id") ?? "T-unknown";
}

// ---------------------------------------------------------------- replies
function receipt(taskId, kind, extra = {}) {
  const verification = [
    { kind: "command", value: "make check", expected: "exit 0" },
    { kind: "file", value: "build/report.txt", expected: "contains PASS" },
  ];
  if (kind === "blocked")
    return { task_id: taskId, status: "blocked",
      blockers: [{ type: "decision", message: `need an operator decision for ${taskId}`, suggested_fix: "reply with option A or option B", required_from_user: true }],
      artifacts: [], verification: [], summary: `blocked on an operator decision (${taskId})`, ...extra };
  if (kind === "failed")
    return { task_id: taskId, status: "failed",
      blockers: [{ type: "error", message: `mock worker failed ${taskId}`, suggested_fix: "retry the task", required_from_user: false }],
      artifacts: [], verification: [], summary: `failed (${taskId})`, ...extra };
  return { task_id: taskId, status: "completed", blockers: [],
    artifacts: [{ kind: "file", path_or_ref: `out/${taskId}.txt`, description: "mock output" }],
    verification: kind === "noverify" ? [] : verification, summary: `mock worker done (${taskId})`, ...extra };
}
const fenced = (obj) => "```json\n" + JSON.stringify(obj, null, 2) + "\n```\n";

function workerReply(task, { followup } = {}) {
  const taskId = receiptTaskId(task);
  const markers = withoutContract(task);
  if (followup !== undefined) {
    const answer = followup.split("\n")[0].slice(0, 160);
    const kind = word(followup, "BLOCKED") ? "blocked" : word(markers, "NOVERIFY") || word(followup, "NOVERIFY") ? "noverify" : "completed";
    return { kind: `worker-followup-${kind}`, taskId,
      text: `child-followup: ${answer}\n\n${fenced(receipt(taskId, kind, { operator_answer: answer }))}` };
  }
  if (word(markers, "NORECEIPT")) return { kind: "worker-noreceipt", taskId, text: `Work done for ${taskId}. (no receipt)\n` };
  const kind = word(markers, "BLOCKED") ? "blocked" : word(markers, "RFAILED") ? "failed" : word(markers, "NOVERIFY") ? "noverify" : "completed";
  const lead = kind === "blocked" ? `Blocked on ${taskId}.` : kind === "failed" ? `Failed ${taskId}.` : `Work done for ${taskId}.`;
  return { kind: `worker-${kind}`, taskId, text: `${lead}\n\n${fenced(receipt(taskId, kind))}` };
}

const attemptKey = (markers) => val(markers, "label") ?? val(markers, "task_id") ?? sha(markers);
// TIMEOUT=<n> -> runTimeoutSeconds:n. With FAILTIMES=<k>, a spawn whose attempt is scripted to succeed (k attempts
// already seen) gets OKTIMEOUT=<m> (default 300) instead: the child's run timer includes the gateway's turn
// preparation, which alone took 13 s on a loaded 2-core machine, so a 5 s bound would fail the good attempt too.
function spawnArgs(task, label, attempt) {
  const markers = withoutContract(task);
  let to = num(markers, "TIMEOUT");
  const failTimes = num(markers, "FAILTIMES");
  if (to !== undefined && failTimes !== undefined && attempt > failTimes) to = num(markers, "OKTIMEOUT") ?? 300;
  return { task, label, ...(to !== undefined ? { runTimeoutSeconds: to } : {}) };
}
/** registers the spawns of one main-session turn and returns the tool calls */
function emitSpawns(turnId, list) {
  return list.map(({ task, label }, i) => {
    const fp = `${turnId}|${i}`;
    let attempt = spawnFingerprints.get(fp);
    if (attempt === undefined) {
      const key = attemptKey(withoutContract(task));
      attempt = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, attempt);
      spawnFingerprints.set(fp, attempt);
    }
    return { name: "sessions_spawn", args: spawnArgs(task, label, attempt), attempt };
  });
}

function parseRetryBlocks(text) {
  const out = [];
  const re = /<orchestrator-retry>([\s\S]*?)<\/orchestrator-retry>/g;
  let m;
  while ((m = re.exec(text)) !== null) {
    const body = m[1];
    const lines = body.split("\n");
    const fieldRe = /^\s*(failedChildSession|outcome|attempt|action|task|label|agentId|model|thinking|mode|thread|reason):\s?(.*)$/;
    const fields = {};
    let cur = null;
    for (const line of lines) {
      const f = line.match(fieldRe);
      if (f && !(cur === "task" && f[1] !== "label" && !["agentId", "model", "thinking", "mode", "thread", "reason"].includes(f[1]))) {
        cur = f[1];
        fields[cur] = f[2];
      } else if (cur === "task") {
        fields.task += "\n" + line; // multi-line task (e.g. with a [Worker result contract] packet)
      }
    }
    const task = (fields.task ?? "").trim();
    const label = (fields.label ?? "").trim();
    out.push({ task: task || "retry task", label: label || `worker-${val(task, "task_id") ?? "retry"}` });
  }
  return out;
}

function decide(body) {
  const msgs = Array.isArray(body.messages) ? body.messages : [];
  const tools = (body.tools ?? []).map((t) => t.function?.name ?? t.name).filter(Boolean);
  const canSpawn = tools.includes("sessions_spawn");
  const nonCtx = msgs.map((m, i) => ({ m, i })).filter(({ m }) => !isCtx(m));
  const users = nonCtx.filter(({ m }) => m.role === "user");
  const lastUserEntry = users[users.length - 1];
  const lastUserIdx = lastUserEntry?.i ?? -1;
  const lastUser = stripStamp(textOf(lastUserEntry?.m?.content));
  const after = nonCtx.filter(({ i }) => i > lastUserIdx).map(({ m }) => m);
  const toolResults = after.filter((m) => m.role === "tool").length;
  const lastMsg = msgs[msgs.length - 1];
  const newestCtx = isCtx(lastMsg) ? unwrapCtx(textOf(lastMsg.content)) : "";

  // ---- a subagent (worker) request
  const taskEntry = users.find(({ m }) => { const t = textOf(m.content); return t.includes("[Subagent Task]") && t.includes("running as a subagent"); });
  if (taskEntry) {
    const full = textOf(taskEntry.m.content);
    const start = full.indexOf("[Subagent Task]") + "[Subagent Task]".length;
    let task = full.slice(start).replace(/^\s+/, "");
    const end = task.lastIndexOf("\n\nBegin.");
    if (end >= 0) task = task.slice(0, end);
    task = task.trim();
    if (lastUserIdx !== taskEntry.i) {
      if (ANNOUNCE_RE.test(lastUser))
        return { kind: "worker-announce-ack", text: "ack: child result noted." };
      return { ...workerReply(task, { followup: lastUser }), role: "worker", task };
    }
    const markers = withoutContract(task);
    const toolCall = policyToolCall(markers);
    if (toolCall && !nonCtx.some(({ m, i }) => i > taskEntry.i && m.role === "assistant"))
      return { role: "worker", task, kind: `worker-${toolCall.name}`, taskId: receiptTaskId(task), toolCalls: [toolCall] };
    const failTimes = num(markers, "FAILTIMES");
    const key = attemptKey(markers);
    // this worker is the newest attempt spawned for its key: a retry is only spawned after the previous
    // attempt ended, so an older child cannot call the model any more
    const attempt = attempts.get(key) ?? 1;
    const sess = [...full.matchAll(/\bsession=(agent:[^\s|]+)/g)].pop()?.[1] ?? "?";
    if (!workerSessions.has(key)) workerSessions.set(key, new Set());
    workerSessions.get(key).add(sess);
    const base = { role: "worker", task, key, attempt };
    const failMode = word(markers, "FAIL500") ? "fail500" : "hang";
    if (failTimes !== undefined) {
      if (attempt <= failTimes) return { ...base, kind: failMode, taskId: receiptTaskId(task) };
    } else if (word(markers, "FAIL500")) return { ...base, kind: "fail500", taskId: receiptTaskId(task) };
    else if (word(markers, "HANG")) return { ...base, kind: "hang", taskId: receiptTaskId(task) };
    const slow = word(markers, "SLOW") ? 36 : num(markers, "SLOW");
    return { ...base, ...workerReply(task), slowSeconds: slow };
  }

  // ---- the main (requester) session
  const mainSession = [...msgs.map((m) => textOf(m.content)).join("\n").matchAll(/\| session=(agent:[^\s|]+)/g)].pop()?.[1] ?? "?";
  const turnId = (kind) => `${mainSession}|${lastUserIdx}|${sha(lastUser + newestCtx)}|${kind}`;
  // Retry blocks are read from every user input of this turn, not only the last one: the gateway queues a message
  // that arrives while the session is busy together with the completion event of the failed child, and the event
  // ("[[OPENCLAW_INTERNAL_CONTEXT_BEGIN]] ... [Internal task completion event]") can come last.
  const turnStart = nonCtx.filter(({ m, i }) => m.role === "assistant" && i < lastUserIdx).map(({ i }) => i).pop() ?? -1;
  const turnInputs = users.filter(({ i }) => i > turnStart && i < lastUserIdx).map(({ m }) => unwrapCtx(stripStamp(textOf(m.content))));
  const retries = parseRetryBlocks([...turnInputs, unwrapCtx(lastUser), newestCtx].join("\n"));
  if (retries.length && canSpawn) {
    if (!after.some((m) => m.role === "assistant"))
      return { kind: "retry-respawn", toolCalls: emitSpawns(turnId("retry"), retries) };
    return { kind: "retry-after-tool", text: `Respawned ${retries.map((r) => r.label).join(", ")}.` };
  }
  if (ANNOUNCE_RE.test(lastUser)) return { kind: "announce-ack", text: "ack: background result noted." };
  if (/^Follow the heartbeat monitor/.test(lastUser)) return { kind: "heartbeat", text: "NO_REPLY" };
  const mainToolCall = word(lastUser, "SPAWN") ? null : policyToolCall(lastUser);
  if (mainToolCall) {
    if (!after.some((m) => m.role === "assistant")) return { kind: `main-${mainToolCall.name}`, toolCalls: [mainToolCall] };
    return { kind: "after-tool", text: "Done." };
  }
  if (word(lastUser, "SPAWN") && canSpawn) {
    const ids = [...new Set([...lastUser.matchAll(/(?:^|[\s(\[{,;])task_id=([A-Za-z0-9_.:-]+)/g)].map((m) => m[1].replace(/[.:]+$/, "")))];
    if (!ids.length) ids.push("T-1");
    const labelMarker = val(lastUser, "LABEL");
    const packet = contractPacket(lastUser);
    const flags = WORKER_MARKERS.filter((k) => word(lastUser, k));
    const named = WORKER_NAME_MARKERS.map((k) => (val(lastUser, k) ? `${k}=${val(lastUser, k)}` : null)).filter(Boolean);
    const valued = WORKER_VALUE_MARKERS.map((k) => (num(lastUser, k) !== undefined ? `${k}=${num(lastUser, k)}` : k === "SLOW" && word(lastUser, "SLOW") ? "SLOW" : null)).filter(Boolean);
    const specs = ids.map((id) => {
      const label = labelMarker ? (ids.length > 1 ? `${labelMarker}-${id}` : labelMarker) : `worker-${id}`;
      const task = [`task_id=${id} label=${label}`, ...flags, ...valued, ...named].join(" ") +
        ". Verify the mock build and reply with a fenced json receipt {task_id,status,verification}." +
        (packet ? `\n\n${packet}` : "");
      return { task, label };
    });
    const spawnTurns = after.filter((m) => m.role === "assistant" && m.tool_calls?.length).length;
    if (!after.some((m) => m.role === "assistant")) {
      const dup = word(lastUser, "DUP");
      return { kind: dup ? "spawn-dup" : "spawn", toolCalls: emitSpawns(turnId("spawn"), dup ? [...specs, ...specs] : specs) };
    }
    if (word(lastUser, "DUPSEQ") && spawnTurns === 1 && toolResults >= 1) return { kind: "spawn-dupseq", toolCalls: emitSpawns(turnId("dupseq"), specs) };
    return { kind: "after-spawn", text: `Spawned ${specs.length} worker(s): ${specs.map((c) => c.label).join(", ")}. I will report their receipts when they announce.` };
  }
  if (toolResults > 0) return { kind: "after-tool", text: "Done." };
  return { kind: "default", text: `ack: ${lastUser.slice(0, 60).replace(/\s+/g, " ")}` };
}

// ---------------------------------------------------------------- HTTP / SSE
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const chunk = (id, model, delta, finish = null) =>
  `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created: Math.floor(Date.now() / 1000), model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
const json = (res, status, obj) => { res.writeHead(status, { "content-type": "application/json" }); res.end(JSON.stringify(obj)); };

const leadText = (toolCalls) =>
  toolCalls.every((c) => c.function.name === "sessions_spawn") ? "Delegating to a subagent." : `Calling ${toolCalls.map((c) => c.function.name).join(", ")}.`;

async function handleCompletion(req, res, body) {
  const n = ++reqNo;
  let d;
  try { d = decide(body); } catch (e) { d = { kind: "default", text: `mock error: ${e.message}` }; }
  decisions[d.kind] = (decisions[d.kind] ?? 0) + 1;
  if (args.dumpDir) { try { fs.writeFileSync(path.join(args.dumpDir, `req-${n}.json`), JSON.stringify({ headers: req.headers, body }, null, 1)); } catch {} }
  const msgs = body.messages ?? [];
  const lastUser = [...msgs].reverse().find((m) => m.role === "user" && !isCtx(m));
  const session = [...msgs.map((m) => textOf(m.content)).join("\n").matchAll(/\| session=(agent:[^\s|]+)/g)].pop()?.[1];
  logLine({ n, ev: "request", url: req.url, stream: !!body.stream, kind: d.kind, role: d.role ?? "main", session, taskId: d.taskId, key: d.key, attempt: d.attempt,
    slowSeconds: d.slowSeconds, nMessages: msgs.length, nTools: (body.tools ?? []).length,
    lastUser: stripStamp(textOf(lastUser?.content)).slice(0, 240),
    toolCalls: d.toolCalls?.map((c) => ({ attempt: c.attempt, ...c.args })) });
  const t0 = Date.now();
  const done = (extra) => logLine({ n, ev: "done", kind: d.kind, ms: Date.now() - t0, ...extra });

  if (d.kind === "fail500") {
    json(res, 500, { error: { message: `mock internal server error (request ${n})`, type: "server_error", code: "mock_500" } });
    return done({ status: 500 });
  }
  const id = `chatcmpl-mock-${n}`;
  const model = body.model || MODEL_ID;
  const usage = { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 };
  const toolCalls = (d.toolCalls ?? []).map((c, i) => ({ id: `call_${n}_${i}`, type: "function", function: { name: c.name, arguments: JSON.stringify(c.args) } }));
  if (!body.stream) {
    if (d.kind === "hang") { // no answer at all until the client gives up
      await new Promise((r) => { if (req.socket.destroyed) r(); else res.on("close", r); });
      return done({ hang: true, closedByClient: true });
    }
    const message = toolCalls.length ? { role: "assistant", content: leadText(toolCalls), tool_calls: toolCalls } : { role: "assistant", content: d.text ?? "" };
    json(res, 200, { id, object: "chat.completion", created: Math.floor(Date.now() / 1000), model, choices: [{ index: 0, message, finish_reason: toolCalls.length ? "tool_calls" : "stop" }], usage });
    return done({ status: 200 });
  }
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
  let closed = false;
  res.on("close", () => { closed = true; });
  res.write(chunk(id, model, { role: "assistant", content: "" }));
  if (d.kind === "hang") {
    await new Promise((r) => { if (closed) r(); else res.on("close", r); });
    return done({ hang: true, closedByClient: true });
  }
  if (toolCalls.length) {
    res.write(chunk(id, model, { content: leadText(toolCalls) }));
    await sleep(20);
    for (const [index, tc] of toolCalls.entries()) {
      res.write(chunk(id, model, { tool_calls: [{ index, id: tc.id, type: "function", function: { name: tc.function.name, arguments: "" } }] }));
      const a = tc.function.arguments;
      for (let i = 0; i < a.length && !closed; i += 64) {
        res.write(chunk(id, model, { tool_calls: [{ index, function: { arguments: a.slice(i, i + 64) } }] }));
        await sleep(2);
      }
    }
    if (!closed) res.write(chunk(id, model, {}, "tool_calls"));
  } else {
    const text = d.text ?? "";
    const slowMs = (d.slowSeconds ?? 0) * 1000;
    const parts = slowMs ? text.match(/[\s\S]{1,8}/g) ?? [""] : text.match(/[\s\S]{1,48}/g) ?? [""];
    const delay = slowMs ? slowMs / parts.length : 3;
    for (const p of parts) {
      if (closed) break;
      res.write(chunk(id, model, { content: p }));
      await sleep(delay);
    }
    if (!closed) res.write(chunk(id, model, {}, "stop"));
  }
  if (!closed) {
    res.write(`data: ${JSON.stringify({ id, object: "chat.completion.chunk", created: Math.floor(Date.now() / 1000), model, choices: [], usage })}\n\n`);
    res.write("data: [DONE]\n\n");
    res.end();
  }
  done({ aborted: closed });
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, "http://mock");
  if (req.method === "GET" && (url.pathname === "/v1/models" || url.pathname === "/models"))
    return json(res, 200, { object: "list", data: [{ id: MODEL_ID, object: "model", created: 0, owned_by: "clawops-mock" }] });
  if (req.method === "GET" && url.pathname === "/_mock/state")
    return json(res, 200, { requests: reqNo, uptimeMs: Date.now() - startedAt, attempts: Object.fromEntries(attempts),
      workerSessions: Object.fromEntries([...workerSessions].map(([k, v]) => [k, v.size])), decisions });
  if (req.method === "POST" && url.pathname === "/_mock/reset") {
    attempts.clear(); spawnFingerprints.clear(); workerSessions.clear();
    return json(res, 200, { ok: true });
  }
  if (req.method === "GET" && (url.pathname === "/health" || url.pathname === "/healthz")) return json(res, 200, { ok: true });
  if (req.method === "POST" && /\/chat\/completions$/.test(url.pathname)) {
    let raw = "";
    for await (const c of req) raw += c;
    let body;
    try { body = JSON.parse(raw || "{}"); } catch { return json(res, 400, { error: { message: "mock: body is not JSON" } }); }
    return handleCompletion(req, res, body);
  }
  logLine({ ev: "unsupported", method: req.method, url: req.url });
  json(res, 404, { error: { message: `mock supports POST /v1/chat/completions and GET /v1/models, not ${req.method} ${url.pathname}`, type: "not_found" } });
});
server.keepAliveTimeout = 5000;

server.listen(args.port, args.host, () => {
  const port = server.address().port;
  if (args.portFile) {
    const tmp = `${args.portFile}.tmp-${process.pid}`;
    fs.writeFileSync(tmp, `${port}\n`);
    fs.renameSync(tmp, args.portFile);
  }
  logLine({ ev: "listening", port, pid: process.pid, lifetime: args.lifetime });
  process.stdout.write(JSON.stringify({ port, pid: process.pid, host: args.host }) + "\n");
});
const bye = (why) => { logLine({ ev: "exit", why }); server.close(); process.exit(0); };
setTimeout(() => bye("lifetime over"), args.lifetime * 1000).unref();
process.on("SIGTERM", () => bye("SIGTERM"));
process.on("SIGINT", () => bye("SIGINT"));
