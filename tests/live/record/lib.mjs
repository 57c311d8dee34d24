// ClawOps live ring, recordings: several named operator connections to one real gateway, every frame
// written to one JSONL file as {t, dir, conn, frame} (dir: in | out | mark | close), secrets redacted.
// The scenario files (approvals.mjs, policy.mjs, inject.mjs) drive the gateway through these helpers.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { connectOperator } from "../gateway-client.mjs";

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const tag = () => crypto.randomBytes(2).toString("hex");

const SECRET_KEYS = new Set(["token", "deviceToken", "signature", "recoveryScope", "apiKey", "password", "bootstrapToken"]);

/** Deep copy with secrets replaced: known secret keys, the gateway token anywhere, capability URLs. */
export function redact(value, token) {
  if (typeof value === "string") {
    let s = value;
    if (token && s.includes(token)) s = s.split(token).join("<redacted>");
    return s.replace(/(\/__openclaw__\/cap\/)[^\s"']+/g, "$1<redacted>");
  }
  if (Array.isArray(value)) return value.map((v) => redact(v, token));
  if (value && typeof value === "object") {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEYS.has(k) && typeof v === "string" ? "<redacted>" : redact(v, token);
    return out;
  }
  return value;
}

export class Recorder {
  constructor({ url, token, file, identityDir }) {
    this.url = url;
    this.token = token;
    this.identityDir = identityDir;
    this.t0 = Date.now();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.out = fs.createWriteStream(file);
    this.conns = new Map();
    this.summary = {};
  }

  write(entry) { this.out.write(JSON.stringify(redact({ t: Date.now() - this.t0, ...entry }, this.token)) + "\n"); }
  mark(label, extra) { this.write({ dir: "mark", label, ...(extra ? { extra } : {}) }); console.error(`[record] ${label}`); }

  /** Opens a named operator connection (its own device identity) and records its frames. */
  async connect(name, { scopes, caps = [], clientId, clientMode } = {}) {
    const conn = await connectOperator({
      url: this.url, token: this.token, caps,
      ...(scopes ? { scopes } : {}), ...(clientId ? { clientId } : {}), ...(clientMode ? { clientMode } : {}),
      identityFile: path.join(this.identityDir, `${name}.json`),
      onFrame: (f) => this.write({ conn: name, ...f }),
      onClose: (code) => this.write({ conn: name, dir: "close", code }),
    });
    this.conns.set(name, conn);
    return conn;
  }

  /** A request whose failure is recorded as a value instead of thrown. */
  async call(name, method, params = {}, timeoutMs = 30000) {
    try { return { ok: true, payload: await this.conns.get(name).request(method, params, timeoutMs) }; }
    catch (e) { return { ok: false, error: e.error ?? { message: String(e.message ?? e) } }; }
  }

  /** First event (seen or future) on a connection that matches; null on timeout (marked). */
  async waitEvent(name, pred, timeoutMs, label) {
    const hit = await this.conns.get(name).waitFor(pred, timeoutMs, label);
    if (!hit) this.mark(`timeout waiting for ${label} on ${name}`);
    return hit;
  }

  closeAll() { for (const c of this.conns.values()) c.close(); }

  async finish() {
    this.closeAll();
    await sleep(300);
    await new Promise((r) => this.out.end(r));
  }
}

// ------------------------------------------------------------------------------------------ predicates
export const isEvent = (name) => (e) => e.event === name;
export const chatState = (sessionKey, state) => (e) => e.event === "chat" && e.payload?.sessionKey === sessionKey && e.payload?.state === state;
export const lifecycle = (sessionKey, phase) => (e) =>
  e.event === "agent" && e.payload?.stream === "lifecycle" && e.payload?.sessionKey === sessionKey && e.payload?.data?.phase === phase;
/** agent stream:"tool" (own runs, cap tool-events) or session.tool (other sockets) for one tool phase */
export const toolPhase = (name, phase, sessionMatch = () => true) => (e) => {
  const p = e.payload ?? {};
  const data = e.event === "agent" && p.stream === "tool" ? p.data : e.event === "session.tool" ? p.data : null;
  return !!data && data.name === name && data.phase === phase && sessionMatch(p.sessionKey ?? "");
};
export const isSubagentKey = (k) => /:subagent:/.test(k);

/** Reads the mock's request log lines (one per model request) from a byte offset. */
export function readMockLog(file, fromByte = 0) {
  if (!fs.existsSync(file)) return { lines: [], size: 0 };
  const buf = fs.readFileSync(file);
  const lines = buf.subarray(fromByte).toString("utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
  return { lines, size: buf.length };
}

/** The newest dumped model request (mock --dump) whose messages contain `needle`, with where it was found. */
export function findDumpedRequest(dumpDir, needle) {
  if (!dumpDir || !fs.existsSync(dumpDir)) return null;
  const files = fs.readdirSync(dumpDir).filter((f) => /^req-\d+\.json$/.test(f))
    .sort((a, b) => Number(b.match(/\d+/)[0]) - Number(a.match(/\d+/)[0]));
  for (const f of files) {
    const body = JSON.parse(fs.readFileSync(path.join(dumpDir, f), "utf8")).body ?? {};
    const msgs = body.messages ?? [];
    for (const [i, m] of msgs.entries()) {
      const text = typeof m.content === "string" ? m.content : (m.content ?? []).map((p) => p?.text ?? "").join("");
      const at = text.indexOf(needle);
      if (at >= 0) return { file: f, messageIndex: i, role: m.role, nMessages: msgs.length, at, excerpt: text.slice(Math.max(0, at - 300), at + needle.length + 300) };
    }
  }
  return null;
}
