// Recording group "approvals" (issue 15): gateway exec approvals on a gateway with tools.exec.mode "ask".
// Connections (each its own device, auto-paired on loopback):
//   driver      all four operator scopes, caps tool-events + approvals: starts runs, an approval client
//   console2    all four scopes, cap exec-approvals: a second console (another device) that decides too
//   approver    operator.read + operator.approvals, cap exec-approvals: a non-admin approval client
//   watcher     operator.read only, no caps: what a console without approval rights sees
//   noapproval  operator.read + operator.write, cap approvals but no approvals scope: starts a run (A9b)
//   noroute     operator.read + write + approvals, no caps: starts a run while no approval client is connected (A9)
import { chatState, isSubagentKey, lifecycle, sleep, tag, toolPhase } from "./lib.mjs";

const FULL = ["operator.read", "operator.write", "operator.admin", "operator.approvals"];
const requestedFor = (command) => (e) => e.event === "exec.approval.requested" && e.payload?.request?.command === command;
const resolvedFor = (id) => (e) => e.event === "exec.approval.resolved" && e.payload?.id === id;

async function send(rec, conn, sessionKey, message) {
  const r = await rec.call(conn, "chat.send", { sessionKey, message, idempotencyKey: `rec-${tag()}-${Date.now()}` });
  rec.mark(`chat.send ${sessionKey}: ${message}`, r);
  return r;
}

/** A front-session exec that needs approval; returns the requested event (as the driver saw it). */
async function execNeedingApproval(rec, sessionKey, cmdTag, conn = "driver") {
  await send(rec, conn, sessionKey, `Please run EXEC=${cmdTag} now.`);
  return rec.waitEvent("driver", requestedFor(`echo clawops-${cmdTag}`), 120000, `exec.approval.requested ${cmdTag}`);
}

export async function run(rec) {
  const t = tag();
  const out = {};
  await rec.connect("driver", { scopes: FULL, caps: ["tool-events", "approvals"] });
  // session-scoped-events keeps the global agent/chat fan-out off the secondary sockets (smaller trace); it does
  // not touch approval events
  await rec.connect("console2", { scopes: FULL, caps: ["exec-approvals", "session-scoped-events"] });
  await rec.connect("approver", { scopes: ["operator.read", "operator.approvals"], caps: ["exec-approvals", "session-scoped-events"] });
  await rec.connect("watcher", { scopes: ["operator.read"], caps: [] });
  await rec.connect("noapproval", { scopes: ["operator.read", "operator.write"], caps: ["approvals", "session-scoped-events"] });
  await rec.connect("noroute", { scopes: ["operator.read", "operator.write", "operator.approvals"], caps: ["session-scoped-events"] });
  // only the watcher subscribes to sessions: session.tool of runs it did not start, sessions.changed rows
  await rec.call("watcher", "sessions.subscribe", {});
  out.policy = await rec.call("driver", "exec.approvals.get", {});

  // ---- A1: allow-once by the driver; console2 sees the decision made by another client; late answers lose
  rec.mark("A1 allow-once by driver, observed by console2");
  const s1 = `agent:main:appr-once-${t}`;
  // the per-session approval feed (session.approval), opted in before the run: an admin and a non-admin approver
  out.a1sub = {
    console2: await rec.call("console2", "sessions.messages.subscribe", { key: s1, includeApprovals: true }),
    approver: await rec.call("approver", "sessions.messages.subscribe", { key: s1, includeApprovals: true }),
  };
  const r1 = await execNeedingApproval(rec, s1, `once${t}`);
  if (r1) {
    const id = r1.payload.id;
    out.a1 = { requested: r1.payload };
    await rec.waitEvent("console2", (e) => e.event === "exec.approval.requested" && e.payload?.id === id, 5000, "console2 requested");
    await rec.waitEvent("watcher", lifecycle(s1, "waiting-approval"), 5000, "watcher waiting-approval");
    out.a1.list = await rec.call("console2", "exec.approval.list", {});
    out.a1.get = await rec.call("console2", "approval.get", { id });
    // a non-admin approval client on another device does not see an approval raised by the driver's run
    out.a1.approverGet = await rec.call("approver", "approval.get", { id });
    out.a1.approverList = await rec.call("approver", "exec.approval.list", {});
    out.a1.resolve = await rec.call("driver", "approval.resolve", { id, kind: "exec", decision: "allow-once" });
    out.a1.resolvedSeenByConsole2 = await rec.waitEvent("console2", resolvedFor(id), 10000, "console2 resolved");
    out.a1.sessionApprovalConsole2 = await rec.waitEvent("console2", (e) => e.event === "session.approval" && e.payload?.phase === "terminal", 5000, "console2 session.approval terminal");
    out.a1.sessionApprovalApprover = await rec.waitEvent("approver", (e) => e.event === "session.approval", 2000, "approver session.approval");
    out.a1.lateResolveSame = await rec.call("console2", "approval.resolve", { id, kind: "exec", decision: "allow-once" });
    out.a1.lateResolveOther = await rec.call("console2", "approval.resolve", { id, kind: "exec", decision: "deny" });
    out.a1.lateLegacyOther = await rec.call("console2", "exec.approval.resolve", { id, decision: "deny" });
    out.a1.lateLegacySame = await rec.call("console2", "exec.approval.resolve", { id, decision: "allow-once" });
    await rec.waitEvent("driver", chatState(s1, "final"), 60000, "A1 final");
  }

  // ---- A2: deny by console2 (another console); the driver sees the resolved event
  rec.mark("A2 deny by console2");
  const s2 = `agent:main:appr-deny-${t}`;
  const r2 = await execNeedingApproval(rec, s2, `deny${t}`);
  if (r2) {
    const id = r2.payload.id;
    out.a2 = { resolve: await rec.call("console2", "approval.resolve", { id, kind: "exec", decision: "deny" }) };
    out.a2.resolvedSeenByDriver = await rec.waitEvent("driver", resolvedFor(id), 10000, "driver resolved (deny)");
    out.a2.toolResult = await rec.waitEvent("driver", toolPhase("exec", "result", (k) => k === s2), 30000, "A2 tool result");
    await rec.waitEvent("driver", chatState(s2, "final"), 60000, "A2 final");
  }

  // ---- A3: allow-always on a tool exec: offered only when allowedDecisions says so (never here, see the doc)
  rec.mark("A3 allow-always on a tool exec (not in allowedDecisions)");
  const s3 = `agent:main:appr-always-${t}`;
  const r3 = await execNeedingApproval(rec, s3, `always${t}`);
  if (r3) {
    const id = r3.payload.id;
    out.a3 = { allowedDecisions: r3.payload.request.allowedDecisions, unavailableDecisions: r3.payload.request.unavailableDecisions };
    out.a3.resolveAlways = await rec.call("console2", "approval.resolve", { id, kind: "exec", decision: "allow-always" });
    out.a3.legacyAlways = await rec.call("console2", "exec.approval.resolve", { id, decision: "allow-always" });
    out.a3.thenAllowOnce = await rec.call("driver", "approval.resolve", { id, kind: "exec", decision: "allow-once" });
    await rec.waitEvent("driver", chatState(s3, "final"), 60000, "A3 final");
  }

  // ---- A4: allow-always where the request offers it: an operator-created exec.approval.request (twoPhase)
  rec.mark("A4 allow-always on an operator-created exec.approval.request");
  const manual = { command: "uname -n", commandArgv: ["uname", "-n"], cwd: "/tmp", host: "gateway", security: "allowlist", ask: "on-miss",
    agentId: "main", sessionKey: `agent:main:appr-manual-${t}`, timeoutMs: 120000, twoPhase: true };
  out.a4 = { request: await rec.call("console2", "exec.approval.request", manual) };
  const id4 = out.a4.request.payload?.id;
  if (id4) {
    out.a4.seenByDriver = await rec.waitEvent("driver", (e) => e.event === "exec.approval.requested" && e.payload?.id === id4, 5000, "driver requested (manual)");
    out.a4.resolve = await rec.call("driver", "approval.resolve", { id: id4, kind: "exec", decision: "allow-always" });
    out.a4.resolved = await rec.waitEvent("driver", resolvedFor(id4), 5000, "driver resolved (allow-always)");
    await sleep(500);
  }

  // ---- A5: expiry: an operator-created request with timeoutMs 3000; waitDecision returns when it expires
  rec.mark("A5 timeout of a pending approval (timeoutMs 3000)");
  out.a5 = { request: await rec.call("console2", "exec.approval.request", { ...manual, command: "uname -r", commandArgv: ["uname", "-r"], timeoutMs: 3000 }) };
  const id5 = out.a5.request.payload?.id;
  if (id5) {
    out.a5.waitDecision = await rec.call("console2", "exec.approval.waitDecision", { id: id5 }, 20000);
    out.a5.resolvedEvent = await rec.waitEvent("driver", resolvedFor(id5), 5000, "driver resolved (expired)");
    out.a5.get = await rec.call("driver", "approval.get", { id: id5 });
    out.a5.resolveAfterExpiry = await rec.call("driver", "approval.resolve", { id: id5, kind: "exec", decision: "allow-once" });
  }

  // ---- A6: an exec in a subagent (worker) under ask mode: does it raise an approval?
  rec.mark("A6 subagent exec under ask mode");
  const s6 = `agent:main:appr-sub-${t}`;
  await send(rec, "driver", s6, `Please SPAWN a worker for task_id=AW${t} EXEC=w${t} NOVERIFY`);
  const tool6 = await rec.waitEvent("watcher", toolPhase("exec", "result", isSubagentKey), 120000, "A6 worker exec result");
  out.a6 = { toolResult: tool6?.payload, requested: await rec.waitEvent("driver", requestedFor(`echo clawops-w${t}`), 2000, "A6 requested (none expected)") };
  if (tool6) await rec.waitEvent("driver", chatState(tool6.payload.sessionKey, "final"), 90000, "A6 child final");
  await rec.waitEvent("driver", (e) => chatState(s6, "final")(e) && String(e.payload.runId).startsWith("announce:"), 60000, "A6 parent announce");

  // ---- A7: the run is aborted while its approval is pending
  rec.mark("A7 chat.abort while the approval is pending");
  const s7 = `agent:main:appr-abort-${t}`;
  const r7 = await execNeedingApproval(rec, s7, `ab${t}`);
  if (r7) {
    const id = r7.payload.id;
    out.a7 = { abort: await rec.call("driver", "chat.abort", { sessionKey: s7 }) };
    out.a7.resolvedEvent = await rec.waitEvent("console2", resolvedFor(id), 15000, "A7 resolved (cancelled)");
    await rec.waitEvent("driver", chatState(s7, "aborted"), 15000, "A7 chat aborted");
    await sleep(1500);
    out.a7.get = await rec.call("driver", "approval.get", { id });
  }

  // ---- A8: scope errors for clients without operator.approvals
  rec.mark("A8 approval methods without operator.approvals");
  out.a8 = {
    historyNoScope: await rec.call("noapproval", "approval.history", { limit: 1 }),
    listNoScope: await rec.call("noapproval", "exec.approval.list", {}),
    resolveNoScope: await rec.call("watcher", "approval.resolve", { id: id4 ?? "x", kind: "exec", decision: "deny" }),
  };

  // ---- A9: no approval client that may see it: the run's own connection has no approval cap, the admin consoles
  // are gone, the non-admin approver cannot see another device's approval -> no route, denied at once
  rec.mark("A9 no approval route (driver and console2 closed; approver connected but not allowed to see it)");
  rec.conns.get("driver").close();
  rec.conns.get("console2").close();
  await sleep(1500);
  const s9 = `agent:main:appr-noroute-${t}`;
  await send(rec, "noroute", s9, `Please run EXEC=nr${t} now.`);
  out.a9 = { toolResult: await rec.waitEvent("watcher", toolPhase("exec", "result", (k) => k === s9), 120000, "A9 tool result") };
  await rec.waitEvent("watcher", chatState(s9, "final"), 60000, "A9 final");

  // ---- A9b: the run was started by a connection without operator.approvals: the approval cannot even be registered
  rec.mark("A9b run started by a connection without operator.approvals");
  const s9b = `agent:main:appr-noscope-${t}`;
  await send(rec, "noapproval", s9b, `Please run EXEC=ns${t} now.`);
  out.a9b = { toolResult: await rec.waitEvent("watcher", toolPhase("exec", "result", (k) => k === s9b), 120000, "A9b tool result") };
  await rec.waitEvent("watcher", chatState(s9b, "final"), 60000, "A9b final");

  // ---- A10: history (newest first, cursor paging, kind filter), by a reconnected approval client
  rec.mark("A10 approval.history");
  await rec.connect("driver2", { scopes: FULL, caps: ["approvals"] });
  out.a10 = { page1: await rec.call("driver2", "approval.history", { limit: 3, kind: "exec" }) };
  const cursor = out.a10.page1.payload?.nextCursor;
  if (cursor) out.a10.page2 = await rec.call("driver2", "approval.history", { limit: 10, kind: "exec", cursor });
  out.a10.pendingList = await rec.call("driver2", "exec.approval.list", {});
  return out;
}
