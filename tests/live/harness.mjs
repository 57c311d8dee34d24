#!/usr/bin/env node
// ClawOps live ring: small helpers for gateway.sh (run with the pinned Node).
//
//   node harness.mjs free-port                      -> prints a free 127.0.0.1 TCP port
//   node harness.mjs write-config --file F --port P --token T --mock-port M --log-file L
//   node harness.mjs wait-ready --port P --pid PID [--timeout S]
//        polls GET http://127.0.0.1:P/readyz until 200, then checks the WebSocket sends
//        connect.challenge; fails early when PID is gone. Prints {"readyMs":…, "challengeMs":…}.
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { probeChallenge } from "./gateway-client.mjs";

const [cmd, ...rest] = process.argv.slice(2);
const opt = {};
for (let i = 0; i < rest.length; i += 2) opt[rest[i].replace(/^--/, "")] = rest[i + 1];
const need = (k) => { if (opt[k] === undefined || opt[k] === "") { console.error(`harness.mjs ${cmd}: --${k} is required`); process.exit(2); } return opt[k]; };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const isPlainObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
function deepMerge(into, from) {
  for (const [k, v] of Object.entries(from)) {
    if (isPlainObject(v) && isPlainObject(into[k])) deepMerge(into[k], v);
    else into[k] = v;
  }
  return into;
}

if (cmd === "free-port") {
  const srv = net.createServer();
  srv.listen(0, "127.0.0.1", () => { const { port } = srv.address(); srv.close(() => console.log(port)); });
} else if (cmd === "write-config") {
  const port = Number(need("port"));
  const mockPort = Number(need("mock-port"));
  const config = {
    gateway: { mode: "local", bind: "loopback", port, auth: { mode: "token", token: need("token") } },
    update: { checkOnStart: false },
    logging: { file: path.resolve(need("log-file")) },
    tools: { toolSearch: false },
    agents: {
      defaults: {
        model: { primary: "mock/mock-1" },
        heartbeat: { every: "0m" },
        maxConcurrent: 16,
        subagents: { maxConcurrent: 16, maxChildrenPerAgent: 20 },
      },
    },
    models: {
      mode: "merge",
      providers: {
        mock: {
          baseUrl: `http://127.0.0.1:${mockPort}/v1`, apiKey: "mock-local", api: "openai-completions",
          models: [{ id: "mock-1", name: "ClawOps mock model", reasoning: false, input: ["text"],
            cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 }, contextWindow: 128000, maxTokens: 4096 }],
        },
      },
    },
  };
  // CLAWOPS_LIVE_CONFIG_EXTRA: a JSON file deep-merged over this config (objects merge, anything else replaces),
  // so that a recording can turn on exec approvals or other policy without a second config writer.
  const extraFile = process.env.CLAWOPS_LIVE_CONFIG_EXTRA;
  if (extraFile) deepMerge(config, JSON.parse(fs.readFileSync(extraFile, "utf8")));
  const file = need("file");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(config, null, 2) + "\n", { mode: 0o600 });
  fs.renameSync(`${file}.tmp`, file);
} else if (cmd === "wait-ready") {
  const port = Number(need("port"));
  const pid = Number(need("pid"));
  const timeoutMs = Number(opt.timeout ?? 60) * 1000;
  const t0 = Date.now();
  const alive = () => { try { process.kill(pid, 0); return true; } catch { return false; } };
  let readyMs = null;
  let last = "";
  while (Date.now() - t0 < timeoutMs) {
    if (!alive()) { console.error(`gateway process ${pid} exited before it was ready (last /readyz: ${last || "no answer"})`); process.exit(1); }
    try {
      const r = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(2000) });
      last = `${r.status} ${(await r.text()).slice(0, 200)}`;
      if (r.status === 200) { readyMs = Date.now() - t0; break; }
    } catch (e) { last = e.cause?.code ?? e.message; }
    await sleep(250);
  }
  if (readyMs === null) { console.error(`gateway not ready within ${timeoutMs / 1000} s (last /readyz: ${last || "no answer"})`); process.exit(1); }
  let challengeMs = null;
  while (Date.now() - t0 < timeoutMs) {
    if (await probeChallenge(`ws://127.0.0.1:${port}/`)) { challengeMs = Date.now() - t0; break; }
    await sleep(250);
  }
  if (challengeMs === null) { console.error("gateway /readyz is 200 but the WebSocket sends no connect.challenge"); process.exit(1); }
  console.log(JSON.stringify({ readyMs, challengeMs }));
} else {
  console.error("usage: harness.mjs free-port | write-config ... | wait-ready ...");
  process.exit(2);
}
