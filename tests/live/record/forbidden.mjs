// Recording group "forbidden" (issue 12, newer gateways): the error shapes a client meets when a method is missing
// or needs a scope it lacks. On 2026.9.6 a method the gateway does not know is "unclassified" and needs
// operator.admin (method-scopes: resolveScopedMethod(method) ?? "operator.admin"), so a removed method answers
// FORBIDDEN to a caller without admin and INVALID_REQUEST "unknown method" to an admin caller.
// Connections: driver (all scopes), writer (read + write), reader (read).
const FULL = ["operator.read", "operator.write", "operator.admin", "operator.approvals"];

export async function run(rec) {
  await rec.connect("driver", { scopes: FULL, caps: [] });
  await rec.connect("writer", { scopes: ["operator.read", "operator.write"], caps: [] });
  await rec.connect("reader", { scopes: ["operator.read"], caps: [] });
  const features = rec.conns.get("writer").hello?.features ?? {};
  const out = {
    advertised: {
      tasksMethods: (features.methods ?? []).filter((m) => m.startsWith("tasks.")),
      taskEvent: (features.events ?? []).includes("task"),
      approvalMethods: (features.methods ?? []).filter((m) => /approval/.test(m)),
      approvalEvents: (features.events ?? []).filter((e) => /approval/.test(e)),
    },
  };
  rec.mark("F1 a method this gateway does not know (what a removed tasks.* method looks like)");
  out.f1 = {
    writer: await rec.call("writer", "tasks.removedInNewerGateway", {}),
    reader: await rec.call("reader", "tasks.removedInNewerGateway", {}),
    admin: await rec.call("driver", "tasks.removedInNewerGateway", {}),
  };
  rec.mark("F2 tasks.* that exist on 2026.9.6, by scope");
  out.f2 = {
    listByReader: await rec.call("reader", "tasks.list", { limit: 1 }),
    cancelByReader: await rec.call("reader", "tasks.cancel", { taskId: "00000000-0000-0000-0000-000000000000" }),
    cancelByWriter: await rec.call("writer", "tasks.cancel", { taskId: "00000000-0000-0000-0000-000000000000" }),
  };
  rec.mark("F3 admin-only methods without admin");
  out.f3 = {
    agentsFilesSet: await rec.call("writer", "agents.files.set", { agentId: "main", name: "AGENTS.md", content: "x" }),
    execApprovalsGet: await rec.call("writer", "exec.approvals.get", {}),
  };
  rec.mark("F4 sessions.abort on an idle session, with and without clearQueued");
  out.f4 = {
    idle: await rec.call("writer", "sessions.abort", { key: "agent:main:forbidden-idle" }),
    idleClearQueued: await rec.call("writer", "sessions.abort", { key: "agent:main:forbidden-idle", clearQueued: true }),
    unknownField: await rec.call("writer", "sessions.abort", { key: "agent:main:forbidden-idle", dropQueue: true }),
  };
  return out;
}
