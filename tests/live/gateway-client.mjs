// ClawOps live ring: a minimal OpenClaw gateway operator client (protocol 4) for the harness checks.
// Node's built-in WebSocket + node:crypto (Ed25519 device identity, v3 signature). No dependencies.
//
//   const gw = await connectOperator({ url, token });
//   await gw.request("sessions.subscribe", {});
//   const ev = await gw.waitFor((e) => e.event === "task", 30000, "task event");
//   gw.close();
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export const PROTOCOL = 4;
export const DEFAULT_SCOPES = ["operator.read", "operator.write", "operator.admin", "operator.approvals"];

/** Ed25519 device identity: id = sha256 hex of the raw 32-byte public key; key in base64url. */
export function makeIdentity(file) {
  if (file && fs.existsSync(file)) {
    const saved = JSON.parse(fs.readFileSync(file, "utf8"));
    return { ...saved, privateKey: crypto.createPrivateKey(saved.privateKeyPem) };
  }
  const { publicKey, privateKey } = crypto.generateKeyPairSync("ed25519");
  const spki = publicKey.export({ type: "spki", format: "der" });
  const raw = spki.subarray(spki.length - 32);
  const identity = {
    deviceId: crypto.createHash("sha256").update(raw).digest("hex"),
    publicKey: raw.toString("base64url"),
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }),
  };
  if (file) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(identity), { mode: 0o600 });
  }
  return { ...identity, privateKey };
}

/** v3|deviceId|clientId|clientMode|role|scopes|signedAt|token|nonce|platform|deviceFamily */
export function signatureV3(identity, p) {
  const lc = (v) => (typeof v === "string" ? v.trim().toLowerCase() : "");
  const payload = ["v3", identity.deviceId, p.clientId, p.clientMode, p.role, p.scopes.join(","), String(p.signedAt),
    p.token ?? "", p.nonce, lc(p.platform), lc(p.deviceFamily)].join("|");
  return crypto.sign(null, Buffer.from(payload, "utf8"), identity.privateKey).toString("base64url");
}

function openOnce(opts) {
  const { url, token, clientId, clientMode, platform, scopes, caps, identity, handshakeMs } = opts;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const pending = new Map();
    const events = [];
    const waiters = [];
    let nextId = 1;
    let settled = false;
    const fail = (err) => { if (!settled) { settled = true; clearTimeout(timer); try { ws.close(); } catch {} reject(err); } };
    const timer = setTimeout(() => fail(new Error(`handshake timeout after ${handshakeMs} ms`)), handshakeMs);
    const api = {
      hello: null,
      events,
      request(method, params = {}, timeoutMs = 30000) {
        const id = `r${nextId++}`;
        ws.send(JSON.stringify({ type: "req", id, method, params }));
        opts.onFrame?.({ dir: "out", frame: { type: "req", id, method, params } });
        return new Promise((res, rej) => {
          const t = setTimeout(() => { pending.delete(id); rej(new Error(`${method}: no response in ${timeoutMs} ms`)); }, timeoutMs);
          pending.set(id, { res, rej, t, method });
        });
      },
      /** resolves with the first event (already seen or future) matching pred, or null on timeout */
      waitFor(pred, timeoutMs, label = "event", { fresh = false } = {}) {
        if (!fresh) { const hit = events.find(pred); if (hit) return Promise.resolve(hit); }
        return new Promise((res) => {
          const w = { pred, res };
          waiters.push(w);
          w.t = setTimeout(() => { const i = waiters.indexOf(w); if (i >= 0) waiters.splice(i, 1); opts.onTimeout?.(label); res(null); }, timeoutMs);
        });
      },
      close() { try { ws.close(1000, "bye"); } catch {} },
    };
    ws.addEventListener("message", (ev) => {
      let msg;
      try { msg = JSON.parse(typeof ev.data === "string" ? ev.data : Buffer.from(ev.data).toString("utf8")); } catch { return; }
      opts.onFrame?.({ dir: "in", frame: msg });
      if (msg.type === "event" && msg.event === "connect.challenge") {
        const { nonce, ts } = msg.payload ?? {};
        const role = "operator";
        const params = {
          minProtocol: PROTOCOL, maxProtocol: PROTOCOL,
          client: { id: clientId, version: "0.1.0", platform, mode: clientMode, displayName: "ClawOps live harness" },
          role, scopes, caps, auth: { token }, locale: "en-US", userAgent: "clawops-live-harness/0.1.0",
          device: { id: identity.deviceId, publicKey: identity.publicKey, signedAt: ts, nonce,
            signature: signatureV3(identity, { clientId, clientMode, role, scopes, signedAt: ts, token, nonce, platform }) },
        };
        ws.send(JSON.stringify({ type: "req", id: "connect", method: "connect", params }));
        return;
      }
      if (msg.type === "res" && msg.id === "connect") {
        if (msg.ok) { settled = true; clearTimeout(timer); api.hello = msg.payload; resolve(api); }
        else fail(Object.assign(new Error(`connect rejected: ${JSON.stringify(msg.error)}`), { error: msg.error }));
        return;
      }
      if (msg.type === "res" && pending.has(msg.id)) {
        const p = pending.get(msg.id);
        pending.delete(msg.id);
        clearTimeout(p.t);
        if (msg.ok) p.res(msg.payload);
        else p.rej(Object.assign(new Error(`${p.method} failed: ${JSON.stringify(msg.error)}`), { error: msg.error }));
        return;
      }
      if (msg.type === "event") {
        events.push(msg);
        for (const w of [...waiters]) if (w.pred(msg)) { waiters.splice(waiters.indexOf(w), 1); clearTimeout(w.t); w.res(msg); }
      }
    });
    ws.addEventListener("close", (ev) => {
      for (const p of pending.values()) { clearTimeout(p.t); p.rej(new Error(`socket closed (${ev.code})`)); }
      pending.clear();
      opts.onClose?.(ev.code);
      fail(new Error(`socket closed before hello-ok (${ev.code} ${ev.reason ?? ""})`));
    });
    ws.addEventListener("error", () => fail(new Error(`websocket error on ${url}`)));
  });
}

/**
 * Connects as an operator (client id "openclaw-linux", mode "ui", token + v3 device signature).
 * Retries while the gateway answers UNAVAILABLE (startup sidecars) or refuses the socket, until retryMs.
 */
export async function connectOperator(o) {
  const opts = {
    clientId: "openclaw-linux", clientMode: "ui", platform: "linux", scopes: DEFAULT_SCOPES, caps: ["tool-events"],
    handshakeMs: 15000, retryMs: 30000, ...o,
  };
  opts.identity = o.identity ?? makeIdentity(o.identityFile);
  const deadline = Date.now() + opts.retryMs;
  for (;;) {
    try { return await openOnce(opts); }
    catch (e) {
      const retryable = e.error?.code === "UNAVAILABLE" || /websocket error|closed before hello/.test(e.message);
      if (!retryable || Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** Resolves true once the gateway sends connect.challenge on a fresh socket (no auth needed). */
export function probeChallenge(url, timeoutMs = 1500) {
  return new Promise((resolve) => {
    let ws;
    const done = (v) => { clearTimeout(t); try { ws?.close(); } catch {} resolve(v); };
    const t = setTimeout(() => done(false), timeoutMs);
    try { ws = new WebSocket(url); } catch { return done(false); }
    ws.addEventListener("message", (ev) => {
      try { if (JSON.parse(String(ev.data)).event === "connect.challenge") done(true); } catch {}
    });
    ws.addEventListener("error", () => done(false));
    ws.addEventListener("close", () => done(false));
  });
}
