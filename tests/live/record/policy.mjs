// Recording group "policy" (issue 15): non-sessions_spawn tool starts on the wire, and aborting a run mid-tool.
// Gateway config: the harness default (tools.exec mode full: exec runs without approval).
// Connections:
//   driver    all scopes, cap tool-events: starts every run, so it gets agent stream:"tool" for its own runs
//   observer  operator.read, no caps, sessions.subscribe: sees other sockets' tool starts as session.tool
import { chatState, isSubagentKey, lifecycle, sleep, tag, toolPhase } from "./lib.mjs";

const FULL = ["operator.read", "operator.write", "operator.admin", "operator.approvals"];
const PLUGIN_HINT = "Delegate this work instead of doing it yourself: call sessions_spawn with the task. " +
  "Front sessions may only use the router tools.";

async function send(rec, sessionKey, message, conn = "driver") {
  const r = await rec.call(conn, "chat.send", { sessionKey, message, idempotencyKey: `rec-${tag()}-${Date.now()}` });
  rec.mark(`chat.send ${sessionKey}: ${message}`, r);
  return r;
}
const onKey = (key) => (k) => k === key;
const finalOf = (rec, key, ms = 60000) => rec.waitEvent("driver", chatState(key, "final"), ms, `${key} final`);

export async function run(rec) {
  const t = tag();
  const out = {};
  await rec.connect("driver", { scopes: FULL, caps: ["tool-events"] });
  await rec.connect("observer", { scopes: ["operator.read"], caps: [] });
  await rec.call("driver", "sessions.subscribe", {});
  await rec.call("observer", "sessions.subscribe", {});

  // ---- P1: a front session uses the message tool (enforceFridayChannels): start seen by both sockets
  rec.mark("P1 front session: message tool to #friday");
  const s1 = `agent:main:pol-msg-${t}`;
  await send(rec, s1, `Tell the team MSG=friday please.`);
  out.p1 = {
    driverStart: (await rec.waitEvent("driver", toolPhase("message", "start", onKey(s1)), 90000, "P1 driver tool start"))?.payload,
    observerStart: (await rec.waitEvent("observer", toolPhase("message", "start", onKey(s1)), 10000, "P1 observer session.tool start"))?.payload,
    result: (await rec.waitEvent("observer", toolPhase("message", "result", onKey(s1)), 30000, "P1 result"))?.payload,
  };
  await finalOf(rec, s1);

  // ---- P2: a front session uses exec (not a router tool)
  rec.mark("P2 front session: exec");
  const s2 = `agent:main:pol-exec-${t}`;
  await send(rec, s2, `Please run EXEC=p2${t} now.`);
  out.p2 = {
    driverStart: (await rec.waitEvent("driver", toolPhase("exec", "start", onKey(s2)), 90000, "P2 driver exec start"))?.payload,
    observerStart: (await rec.waitEvent("observer", toolPhase("exec", "start", onKey(s2)), 10000, "P2 observer exec start"))?.payload,
  };
  await finalOf(rec, s2);

  // ---- P3: a worker (subagent) uses the message tool: how the spawner's socket sees a child's tool start
  rec.mark("P3 subagent: message tool");
  const s3 = `agent:main:pol-sub-${t}`;
  await send(rec, s3, `Please SPAWN a worker for task_id=PS${t} MSG=general NOVERIFY`);
  out.p3 = {
    driverStart: (await rec.waitEvent("driver", toolPhase("message", "start", isSubagentKey), 120000, "P3 driver child tool start"))?.payload,
    observerStart: (await rec.waitEvent("observer", toolPhase("message", "start", isSubagentKey), 10000, "P3 observer child tool start"))?.payload,
  };
  await rec.waitEvent("driver", (e) => chatState(s3, "final")(e) && String(e.payload.runId).startsWith("announce:"), 90000, "P3 parent announce");

  // ---- P4: abort a front run while its exec (sleep 40) runs: chat.abort, then the plugin's hint as a new turn
  rec.mark("P4 front session: chat.abort mid-exec, then the delegation hint");
  const s4 = `agent:main:pol-abort-chat-${t}`;
  await send(rec, s4, `Please run EXECSLEEP=40 now.`);
  if (await rec.waitEvent("driver", toolPhase("exec", "start", onKey(s4)), 90000, "P4 exec start")) {
    await sleep(1500);
    out.p4 = { abort: await rec.call("driver", "chat.abort", { sessionKey: s4 }) };
    out.p4.chatAborted = (await rec.waitEvent("driver", chatState(s4, "aborted"), 20000, "P4 chat aborted"))?.payload;
    out.p4.toolResult = (await rec.waitEvent("observer", toolPhase("exec", "result", onKey(s4)), 20000, "P4 exec result"))?.payload;
    await sleep(3000);
    out.p4.describe = await rec.call("driver", "sessions.describe", { key: s4 });
    out.p4.hint = await send(rec, s4, PLUGIN_HINT);
    await finalOf(rec, s4);
  }

  // ---- P5..P7: abort while a second message waits. chat.send's default queue mode is "steer" (the text is injected
  // into the active run); "followup" queues it for a later turn, which is what clearQueued discards.
  const abortWithSecondMessage = async (label, key, queueMode, clearQueued) => {
    rec.mark(`${label} sessions.abort${clearQueued ? " clearQueued:true" : ""} mid-exec, second message queueMode=${queueMode ?? "default(steer)"}`);
    await send(rec, key, `Please run EXECSLEEP=40 now.`);
    if (!(await rec.waitEvent("driver", toolPhase("exec", "start", onKey(key)), 90000, `${label} exec start`))) return undefined;
    const second = await rec.call("driver", "chat.send", { sessionKey: key, message: `second message ${label}${t}`,
      idempotencyKey: `rec-${tag()}-${Date.now()}`, ...(queueMode ? { queueMode } : {}) });
    rec.mark(`${label} second chat.send`, second);
    await sleep(1500);
    const r = { second, abort: await rec.call("driver", "sessions.abort", { key, ...(clearQueued ? { clearQueued: true } : {}) }) };
    r.toolResult = (await rec.waitEvent("observer", toolPhase("exec", "result", onKey(key)), 20000, `${label} exec result`))?.payload;
    await sleep(10000);
    r.history = await rec.call("driver", "chat.history", { sessionKey: key, limit: 20 });
    r.describe = await rec.call("driver", "sessions.describe", { key });
    return r;
  };
  out.p5 = await abortWithSecondMessage("P5", `agent:main:pol-abort-steer-${t}`, undefined, false);
  out.p6 = await abortWithSecondMessage("P6", `agent:main:pol-abort-clear-${t}`, "followup", true);
  out.p7 = await abortWithSecondMessage("P7", `agent:main:pol-abort-keep-${t}`, "followup", false);

  // ---- P8: abort a worker mid-exec with sessions.abort {key:<child>}: child ending, parent notice
  rec.mark("P8 subagent: sessions.abort of the child mid-exec");
  const s8 = `agent:main:pol-sub-abort-${t}`;
  await send(rec, s8, `Please SPAWN a worker for task_id=PK${t} EXECSLEEP=40 NOVERIFY`);
  const childStart = await rec.waitEvent("driver", toolPhase("exec", "start", isSubagentKey), 120000, "P8 child exec start");
  if (childStart) {
    const child = childStart.payload.sessionKey;
    out.p8 = { child };
    await sleep(1500);
    out.p8.abort = await rec.call("driver", "sessions.abort", { key: child });
    out.p8.childEnd = (await rec.waitEvent("observer", (e) => lifecycle(child, "end")(e) || lifecycle(child, "error")(e), 20000, "P8 child lifecycle end"))?.payload;
    out.p8.childChat = (await rec.waitEvent("observer", (e) => e.event === "chat" && e.payload?.sessionKey === child && ["aborted", "final", "error"].includes(e.payload?.state), 20000, "P8 child chat end"))?.payload;
    await sleep(15000);
    out.p8.childRow = await rec.call("driver", "sessions.describe", { key: child });
    out.p8.parentHistory = await rec.call("driver", "chat.history", { sessionKey: s8, limit: 20 });
  }

  // ---- P9: chat.abort of a worker mid-exec (the other abort method, for comparison)
  rec.mark("P9 subagent: chat.abort of the child mid-exec");
  const s9 = `agent:main:pol-sub-chatabort-${t}`;
  await send(rec, s9, `Please SPAWN a worker for task_id=PC${t} EXECSLEEP=40 NOVERIFY`);
  const child9 = await rec.waitEvent("driver", (e) => toolPhase("exec", "start", isSubagentKey)(e) && e.payload.sessionKey !== out.p8?.child, 120000, "P9 child exec start");
  if (child9) {
    const child = child9.payload.sessionKey;
    out.p9 = { child };
    await sleep(1500);
    out.p9.abort = await rec.call("driver", "chat.abort", { sessionKey: child });
    out.p9.childChat = (await rec.waitEvent("observer", (e) => e.event === "chat" && e.payload?.sessionKey === child && ["aborted", "final", "error"].includes(e.payload?.state), 20000, "P9 child chat end"))?.payload;
    await sleep(15000);
    out.p9.childRow = await rec.call("driver", "sessions.describe", { key: child });
    out.p9.parentHistory = await rec.call("driver", "chat.history", { sessionKey: s9, limit: 20 });
  }
  return out;
}
