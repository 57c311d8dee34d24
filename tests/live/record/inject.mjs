// Recording group "inject" (issue 15, injectOrchestratorPrompt and the worker result contract): what an operator
// client can do to put text in front of a run, and whether the model request really contains it. The mock runs
// with --dump (every request body in <dir>/logs/dump/req-N.json); each probe carries a unique marker and the
// summary says in which requests (front/worker, system prompt or user message) the marker arrived.
// Connections: driver (all scopes, cap tool-events); writer (operator.read + operator.write: no admin).
import fs from "node:fs";
import path from "node:path";
import { chatState, isSubagentKey, sleep, tag } from "./lib.mjs";

const FULL = ["operator.read", "operator.write", "operator.admin", "operator.approvals"];

// the plugin's own texts (orchestrator-plugin.ts buildOrchestratorPrompt / buildWorkerTaskPacket), abridged
const orchestratorPrompt = (marker) => [
  `[Orchestrator mode is active] ${marker}`,
  "- You are the fast front-controller. Keep the first user-facing response short.",
  "- Front-controller should not call read/exec/process directly.",
  "- Spawn exactly one hidden orchestrator session for this thread via sessions_spawn.",
].join("\n");
const workerContract = (marker) => [
  `[Worker result contract] ${marker}`,
  "When done, include ONE JSON object fenced in ```json``` with this schema:",
  '{ "task_id": "...", "status": "completed|blocked|failed", "verification": [...] }',
].join("\n");

const textOf = (c) => (typeof c === "string" ? c : Array.isArray(c) ? c.map((p) => p?.text ?? "").join("") : "");
const reqNo = (f) => Number(f.match(/\d+/)[0]);

/** Dumped model requests numbered above `after`: which carry `needle`, and where. */
function scanDump(dumpDir, after, needle) {
  if (!fs.existsSync(dumpDir)) return { error: `no dump dir ${dumpDir} (start the mock with --dump)` };
  const rows = [];
  for (const f of fs.readdirSync(dumpDir).filter((x) => /^req-\d+\.json$/.test(x)).sort((a, b) => reqNo(a) - reqNo(b))) {
    if (reqNo(f) <= after) continue;
    const msgs = JSON.parse(fs.readFileSync(path.join(dumpDir, f), "utf8")).body?.messages ?? [];
    const all = msgs.map((m) => textOf(m.content)).join("\n");
    // the Runtime line of the gateway's own user messages names the session (assistant echoes are cut short)
    const runtime = msgs.filter((m) => m.role !== "assistant").map((m) => textOf(m.content)).join("\n");
    const worker = /\[Subagent Task\]/.test(all) && /running as a subagent/.test(all);
    const session = [...runtime.matchAll(/Runtime: agent=\S+ \| session=(agent:[^\s|;]+)/g)].pop()?.[1] ?? null;
    const where = [];
    msgs.forEach((m, i) => {
      const txt = textOf(m.content);
      const at = txt.indexOf(needle);
      if (at >= 0) where.push({ index: i, role: m.role, internalContext: txt.startsWith("<<<BEGIN_OPENCLAW_INTERNAL_CONTEXT"),
        excerpt: txt.slice(Math.max(0, at - 160), at + needle.length + 200) });
    });
    rows.push({ request: reqNo(f), kind: worker ? "worker" : "front", session, nMessages: msgs.length, found: where });
  }
  return rows;
}
const lastReq = (dumpDir) => (fs.existsSync(dumpDir) ? Math.max(0, ...fs.readdirSync(dumpDir).filter((x) => /^req-\d+\.json$/.test(x)).map(reqNo)) : 0);

async function send(rec, conn, sessionKey, message) {
  const r = await rec.call(conn, "chat.send", { sessionKey, message, idempotencyKey: `rec-${tag()}-${Date.now()}` });
  rec.mark(`chat.send ${sessionKey}: ${message.slice(0, 120)}`, r);
  return r;
}
const settle = (rec, key, ms = 90000) => rec.waitEvent("driver", chatState(key, "final"), ms, `${key} final`);
// the parent's completion turn for a child runs as "announce:v1:<child>:<childRun>"
const announced = (rec, key) => rec.waitEvent("driver", (e) => chatState(key, "final")(e) && String(e.payload.runId).startsWith("announce:"), 90000, `${key} announce`);

export async function run(rec, ctx) {
  const t = tag();
  const dump = ctx.dumpDir;
  const out = {};
  await rec.connect("driver", { scopes: FULL, caps: ["tool-events"] });
  await rec.connect("writer", { scopes: ["operator.read", "operator.write"], caps: [] });
  await rec.call("driver", "sessions.subscribe", {});

  // ---- I1: agent workspace files (agents.files.*): AGENTS.md reaches every later prompt of the agent?
  rec.mark("I1 agents.files.set AGENTS.md");
  const m1 = `CLAWOPS-INJECT-AGENTSMD-${t}`;
  out.i1 = { list: await rec.call("driver", "agents.files.list", { agentId: "main" }) };
  const orig = await rec.call("driver", "agents.files.get", { agentId: "main", name: "AGENTS.md" });
  out.i1.getOk = orig.ok;
  const origContent = orig.payload?.file?.content ?? orig.payload?.content;
  out.i1.writerSet = await rec.call("writer", "agents.files.set", { agentId: "main", name: "AGENTS.md", content: "x" });
  if (typeof origContent === "string") {
    const injected = `${origContent}\n\n## ClawOps orchestration rules\n${orchestratorPrompt(m1)}\n\n${workerContract(m1)}\n`;
    out.i1.set = await rec.call("driver", "agents.files.set", { agentId: "main", name: "AGENTS.md", content: injected });
    const before = lastReq(dump);
    const s1 = `agent:main:inj-agentsmd-${t}`;
    await send(rec, "driver", s1, `Please SPAWN a worker for task_id=IA${t} NOVERIFY`);
    await announced(rec, s1);
    out.i1.requests = scanDump(dump, before, m1);
    out.i1.restore = await rec.call("driver", "agents.files.set", { agentId: "main", name: "AGENTS.md", content: origContent });
  } else {
    out.i1.getRaw = orig;
  }

  // ---- I2: the agent method's extraSystemPrompt (operator.write): this turn only? the worker it spawns?
  rec.mark("I2 agent {extraSystemPrompt}");
  const m2 = `CLAWOPS-INJECT-EXTRA-${t}`;
  const s2 = `agent:main:inj-extra-${t}`;
  let before = lastReq(dump);
  out.i2 = { agent: await rec.call("writer", "agent", { sessionKey: s2, message: `Please SPAWN a worker for task_id=IE${t} NOVERIFY`,
    extraSystemPrompt: `${orchestratorPrompt(m2)}\n\n${workerContract(m2)}`, idempotencyKey: `rec-agent-${t}` }, 60000) };
  await announced(rec, s2);
  await send(rec, "driver", s2, `plain follow-up turn I2b ${t}`);
  await rec.waitEvent("driver", (e) => chatState(s2, "final")(e) && /I2b/.test(JSON.stringify(e.payload.message ?? "")), 60000, "I2b final");
  out.i2.requests = scanDump(dump, before, m2);

  // ---- I3: sessions.patch has no prompt field: an unknown field is refused (closed schema)
  rec.mark("I3 sessions.patch with a prompt-like field");
  out.i3 = {
    extraSystemPrompt: await rec.call("driver", "sessions.patch", { key: s2, extraSystemPrompt: "x" }),
    systemPrompt: await rec.call("driver", "sessions.patch", { key: s2, systemPrompt: "x" }),
    label: await rec.call("writer", "sessions.patch", { key: s2, label: `inj-${t}` }),
  };

  // ---- I4: wake next-heartbeat queues a system event: does the next turn of that session carry it?
  rec.mark("I4 wake {mode:next-heartbeat} then a turn in the same session");
  const m4 = `CLAWOPS-INJECT-WAKE-${t}`;
  const s4 = `agent:main:inj-wake-${t}`;
  await send(rec, "driver", s4, `hello I4 ${t}`);
  await settle(rec, s4);
  before = lastReq(dump);
  out.i4 = { wake: await rec.call("writer", "wake", { mode: "next-heartbeat", sessionKey: s4, text: `${orchestratorPrompt(m4)}\n\n${workerContract(m4)}` }) };
  await send(rec, "driver", s4, `Please SPAWN a worker for task_id=IW${t} NOVERIFY`);
  await announced(rec, s4);
  out.i4.requests = scanDump(dump, before, m4);

  // ---- I5: the text in the operator's own message (what chat.send/sessions.send can always do)
  rec.mark("I5 contract text inside the operator message");
  const m5 = `CLAWOPS-INJECT-MESSAGE-${t}`;
  const s5 = `agent:main:inj-msg-${t}`;
  before = lastReq(dump);
  await send(rec, "writer", s5, `Please SPAWN a worker for task_id=IM${t} NOVERIFY\n\n${orchestratorPrompt(m5)}\n\n${workerContract(m5)}\nCurrent attempt: 1`);
  await announced(rec, s5);
  out.i5 = { requests: scanDump(dump, before, m5) };

  // ---- I6: a message to the worker right after it appears (sessions.send to the child): before or after its first turn?
  rec.mark("I6 sessions.send to the child as soon as it appears");
  const m6 = `CLAWOPS-INJECT-CHILD-${t}`;
  const s6 = `agent:main:inj-child-${t}`;
  before = lastReq(dump);
  await send(rec, "driver", s6, `Please SPAWN a worker for task_id=IC${t} SLOW=6 NOVERIFY`);
  const born = await rec.waitEvent("driver", (e) => e.event === "sessions.changed" && isSubagentKey(e.payload?.sessionKey ?? "") &&
    e.payload?.session?.spawnedBy === s6, 60000, "I6 child appears");
  if (born) {
    const child = born.payload.sessionKey;
    out.i6 = { child, send: await rec.call("driver", "sessions.send", { key: child, message: workerContract(m6), idempotencyKey: `rec-child-${t}` }) };
    // the child's own first turn and the sent message's turn both end; wait for the parent's announce
    await announced(rec, s6);
    await sleep(5000);
    out.i6.requests = scanDump(dump, before, m6);
  }
  return out;
}
