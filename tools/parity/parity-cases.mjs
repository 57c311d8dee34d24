// Inputs for generate-parity.mjs. Each list aims at a place where a naive C++ port would
// differ from JavaScript: the JS whitespace set, UTF-16 slicing, full Unicode lower-casing,
// regex word boundaries and case folding, JSON.parse strictness, Map ordering and overflow.

const U = { $undefined: true };
const num = (text) => ({ $number: text });

// U+1F916 (robot) is a surrogate pair; cutting between its halves leaves a lone surrogate.
const ROBOT = "\u{1F916}";
const JS_SPACES = "\t\v\f \u00a0\u1680\u2000\u200a\u2028\u2029\u202f\u205f\u3000\ufeff";

export const hashInputs = [
  "",
  "abc",
  "agent:main:discord:channel:123",
  "h\u00e9llo w\u00f6rld",
  ROBOT,
  "\u4f60\u597d\uff0c\u4e16\u754c",
  "lone \ud800 high",
  "lone \udc00 low",
  "x".repeat(1000),
  "line1\nline2\r\n",
];

export const labelInputs = [
  U,
  "",
  "   ",
  "My Label",
  "  Tabs\tand\nnewlines  ",
  "\u00a0nbsp\u00a0inside\u00a0",
  "\ufeffbom start",
  "UPPER_case.ok-1",
  `emoji ${ROBOT} label`,
  "\u0130stanbul",
  "\u212Aelvin",
  "\u00c4\u00d6\u00dc\u00df",
  "a".repeat(100),
  "a b".repeat(40),
  "!!!",
  "---",
  "x\u2028y",
  "x\u0085y",
  "x\u180ey",
  "x\u200by",
  "x\u3000y",
  "x\u205fy",
  "x\u1680y",
  "\u017Fhort",
  `${JS_SPACES}all js spaces${JS_SPACES}`,
  "worker/fix: the #42 bug!",
  "\u{1D400}math bold",
  "-".repeat(63) + "AB",
];

const long178 = "a".repeat(178);
export const previewInputs = [
  { input: U },
  { input: "" },
  { input: " \n\t " },
  { input: "hello" },
  { input: "  a \n\t b  " },
  { input: `a${JS_SPACES}b` },
  { input: "a\u0085b\u200bc\u180ed" },
  { input: "x".repeat(180) },
  { input: "x".repeat(181) },
  { input: `${long178}${ROBOT}tail` },
  { input: `${"a".repeat(177)}${ROBOT}tail` },
  { input: `${"a".repeat(179)}${ROBOT}` },
  { input: `${ROBOT}`.repeat(100) },
  { input: `${"word ".repeat(30)}\n\n${"w  ".repeat(40)}` },
  { input: `${"a  ".repeat(100)}` },
  { input: `  ${"x".repeat(179)}  ` },
  { input: "short", max: 260 },
  { input: "x".repeat(300), max: 260 },
  { input: "abcdefghijkl", max: 10 },
  { input: "abcdefghijkl", max: 12 },
  { input: "abcdefghijkl", max: 1 },
  { input: "abcdefghijkl", max: 0 },
  { input: "abcdefghijkl", max: -3 },
];

export const kindInputs = [
  U,
  "",
  "   ",
  " Worker ",
  "PLANNER",
  "audit",
  "Research\n",
  "orchestrator",
  "orch",
  "workers",
  "WOR\u212AER",
  "\u00a0audit\u00a0",
  "planner\u0085",
  "\ufeffresearch",
  "plan ner",
];

export const inferInputs = [
  { task: "Make a plan", label: U },
  { task: "planning the sprint", label: "" },
  { task: "replan the thing", label: U },
  { task: "next steps please", label: U },
  { task: "next  steps", label: U },
  { task: "next\nsteps", label: U },
  { task: "Next Steps:", label: U },
  { task: "the plans are ready", label: U },
  { task: "plan_b", label: U },
  { task: "plan-b", label: U },
  { task: "PLAN", label: U },
  { task: "plan9", label: U },
  { task: "roadmap review", label: U },
  { task: "needs approval", label: U },
  { task: "approve it", label: U },
  { task: "approved already", label: U },
  { task: "outline the doc", label: U },
  { task: "outlines", label: U },
  { task: "a proposal", label: U },
  { task: "the planner agent", label: U },
  { task: "fix the bug", label: "plan" },
  { task: "fix the bug", label: "plan-label" },
  { task: "fix the bug", label: "worker-123" },
  { task: "", label: "plan" },
  { task: "", label: U },
  { task: "\u0130plan", label: U },
  { task: "\u00e9plan", label: U },
  { task: "\u212Aplan", label: U },
  { task: "PLANN\u0130NG", label: U },
  { task: "plan\u00e9", label: U },
  { task: "(plan)", label: U },
  { task: "deploy", label: "planner" },
  { task: "implement the feature and run the tests", label: "worker" },
];

const longTask = `${"step ".repeat(200)}done`;
export const taskKeyInputs = [
  { requester: "agent:main:main", spec: { task: "fix the bug" } },
  { requester: "agent:main:main", spec: { task: "  fix the bug \n" } },
  { requester: "agent:main:main", spec: { task: "fix the bug", kind: "worker" } },
  { requester: "agent:main:main", spec: { task: "fix the bug", kind: "audit", label: "a-1" } },
  { requester: "agent:main:main", spec: { task: "plan it", kind: "planner" } },
  { requester: "agent:main:main", spec: { task: "plan it", kind: "planner", requestId: "run-1" } },
  { requester: "agent:main:main", spec: { task: "other text", kind: "planner", requestId: "run-1" } },
  { requester: "agent:main:main", spec: { task: "fix", kind: "worker", requestId: "run-1" } },
  {
    requester: "agent:main:discord:1",
    spec: {
      task: "fix",
      label: "w",
      agentId: "coder",
      model: "m",
      thinking: "high",
      mode: "run",
      thread: true,
      idempotencyKey: "k",
    },
  },
  { requester: "", spec: { task: "" } },
  { requester: "agent:x", spec: { task: `${ROBOT} emoji \u00e9` } },
  { requester: "agent:x", spec: { task: longTask, label: "long" } },
  { requester: "agent:x", spec: { task: "lone \ud800", label: "\udc00" } },
];

export const taskIdInputs = [
  { taskKey: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", attempt: 1 },
  { taskKey: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", attempt: 2 },
  { taskKey: "0123456789abcdef", attempt: 10 },
  { taskKey: "abc", attempt: 0 },
  { taskKey: "", attempt: -1 },
  { taskKey: "ffffffffffff", attempt: 2147483647 },
];

export const packetInputs = [
  { taskId: "0123456789ab-a1", attempt: 1, rawTask: "Fix the bug in main.cpp" },
  { taskId: "0123456789ab-a2", attempt: 2, rawTask: "  \n padded task \t\n" },
  { taskId: "x-a3", attempt: 3, rawTask: "" },
  { taskId: "x-a1", attempt: 1, rawTask: `multi\nline\n\n${ROBOT} task` },
  { taskId: "x-a1", attempt: 1, rawTask: `\u00a0nbsp task\ufeff` },
];

export function stripInputs() {
  const packet = (id, attempt, task) =>
    [
      task.trim(),
      "",
      "[Worker result contract]",
      "When done, include ONE JSON object fenced in ```json``` with this schema:",
      `Current attempt: ${attempt} ${id}`,
    ].join("\n");
  return [
    "plain task",
    "  plain task with spaces \n",
    packet("a-a1", 1, "Fix it"),
    packet("a-a2", 2, packet("a-a1", 1, "Nested task")),
    "[Worker result contract] at the start",
    "task\r\n[Worker result contract]\r\nrest",
    "task \n[worker result contract] lower case",
    "\n[Worker result contract]",
    "",
    "   ",
    `${ROBOT} task\u00a0\n[Worker result contract]`,
  ];
}

const fullSpec = {
  task: "Fix the flaky test\nin tests/foo",
  label: "worker-fix",
  agentId: "coder",
  model: "anthropic/claude",
  thinking: "high",
  mode: "run",
  thread: true,
  kind: "worker",
  requestId: "r1",
  idempotencyKey: "k1",
};
export const retryInputs = [
  { spec: fullSpec, failedSessionKey: "agent:main:subagent:abc", outcome: "error", attempt: 2, maxRetries: 2 },
  { spec: { task: "t" }, failedSessionKey: "agent:main:subagent:def", outcome: "timeout", attempt: 1, maxRetries: 3 },
  { spec: { task: "t", thread: false }, failedSessionKey: "", outcome: "", attempt: 0, maxRetries: 0 },
  { spec: { task: "", label: "", thread: U }, failedSessionKey: "k", outcome: "killed", attempt: 10, maxRetries: 1 },
  { spec: { task: `${ROBOT} unicode`, model: "m" }, failedSessionKey: "k", outcome: "reset", attempt: 1, maxRetries: 2 },
];

export const digitInputs = [
  -1, 0, 1, 3.7, 5, 9, 9.99, 10, 11, 100, -0.5, 1e300,
  num("NaN"), num("Infinity"), num("-Infinity"),
];

const zero = { queued: 0, leased: 0, running: 0, needsInput: 0, needsVerification: 0, done: 0, failed: 0, dead: 0 };
export const statusInputs = [
  { requester: "agent:main:main", orchestrator: "agent:main:subagent:o1", summary: zero, emoji: "\u{1F916}" },
  {
    requester: "agent:main:discord:42",
    orchestrator: "agent:main:subagent:o2",
    summary: { queued: 3, leased: 1, running: 2, needsInput: 1, needsVerification: 4, done: 7, failed: 2, dead: 3 },
    emoji: "\u2705",
  },
  {
    requester: "",
    orchestrator: "",
    summary: { queued: 12, leased: 0, running: 10, needsInput: 0, needsVerification: 0, done: 11, failed: 0, dead: 0 },
    emoji: "",
  },
];

export const incidentInputs = [
  { requester: "agent:main:main", orchestrator: "agent:main:subagent:o1", channel: "#friday-status", reason: "retry-budget-exhausted", details: "task abc failed 3 times" },
  { requester: "", orchestrator: "", channel: "", reason: "", details: "" },
  { requester: "r", orchestrator: "o", channel: "#friday", reason: "multi\nline", details: `${ROBOT} details\nsecond line` },
];

const fence = (body, tag = "json") => `\`\`\`${tag}\n${body}\n\`\`\``;
// A parsed fence with "verification": [] reports explicitNoVerification, the regex fallback never
// does, so such cases show which path the plugin took.
const receipt = (fields) => JSON.stringify({ task_id: "t1-a1", status: "completed", ...fields });

export function receiptInputs() {
  const verify2 = [
    { kind: "command", value: "ctest", expected: "pass" },
    { kind: "file", value: "a.txt", expected: "exists" },
  ];
  const contract = [
    "Fix it",
    "",
    "[Worker result contract]",
    "When done, include ONE JSON object fenced in ```json``` with this schema:",
    "{",
    ' "task_id": "abc-a1",',
    ' "status": "completed|blocked|failed",',
    "}",
  ].join("\n");
  return [
    { name: "empty text", text: "" },
    { name: "plain prose", text: "All done, the tests pass." },
    { name: "full receipt", text: `Done.\n${fence(receipt({ verification: verify2, summary: "ok" }))}\nBye` },
    { name: "verification empty array", text: fence(receipt({ verification: [] })) },
    { name: "verification missing", text: fence(receipt({})) },
    { name: "verification object", text: fence(receipt({ verification: {} })) },
    { name: "verification null", text: fence(receipt({ verification: null })) },
    { name: "verification_required false", text: fence(receipt({ verification_required: false })) },
    { name: "verification_required string", text: fence(receipt({ verification_required: "false" })) },
    { name: "no_verification true", text: fence(receipt({ no_verification: true })) },
    { name: "no_verification 1", text: fence(receipt({ no_verification: 1 })) },
    { name: "items and no_verification", text: fence(receipt({ verification: verify2, no_verification: true })) },
    { name: "uppercase status", text: fence(receipt({ status: "COMPLETED" })) },
    { name: "padded status", text: fence(receipt({ status: " Blocked\u00a0" })) },
    { name: "kelvin status", text: fence(receipt({ status: "BLOC\u212AED" })) },
    { name: "failed status", text: fence(receipt({ status: "failed" })) },
    { name: "unknown status", text: fence(receipt({ status: "done" })) },
    { name: "unknown status then prose status", text: `${fence(receipt({ status: "done" }))}\n"status": "failed"` },
    { name: "uppercase fence tag", text: fence(receipt({ verification: [] }), "JSON") },
    { name: "mixed case fence tag", text: fence(receipt({ verification: [] }), "Json") },
    { name: "jsonc fence tag", text: fence(receipt({ verification: [] }), "jsonc") },
    { name: "js fence tag", text: fence(receipt({ verification: [] }), "js") },
    { name: "no fence tag", text: fence(receipt({ verification: [] }), "") },
    {
      name: "several fences",
      text: [fence(receipt({ task_id: "b-a1" })), "and", fence(receipt({ task_id: "a-a1", status: "failed" }))].join("\n"),
    },
    {
      name: "duplicate task across fences",
      text: [
        fence(receipt({ task_id: "a", status: "completed", verification: verify2 })),
        fence(receipt({ task_id: "b", status: "blocked" })),
        fence(receipt({ task_id: "a", status: "failed" })),
      ].join("\n"),
    },
    {
      name: "array payload",
      text: fence(JSON.stringify([
        { task_id: "x", status: "completed", verification: [] },
        null,
        42,
        [{ task_id: "nested", status: "completed" }],
        { task_id: "y", status: "blocked" },
        { task_id: "x", status: "failed" },
      ])),
    },
    { name: "malformed json falls back", text: fence(`{"task_id": "m-a1", "status": "completed", "verification": [],}`) },
    { name: "malformed fence but valid fence too", text: `${fence(`{"task_id": "m", "status": "failed",}`)}\n${fence(receipt({ task_id: "v" }))}` },
    { name: "missing task_id", text: fence(JSON.stringify({ status: "completed" })) },
    { name: "numeric task_id", text: fence(JSON.stringify({ task_id: 7, status: "completed" })) },
    { name: "blank task_id", text: fence(JSON.stringify({ task_id: "   ", status: "completed" })) },
    { name: "padded task_id", text: fence(JSON.stringify({ task_id: "  t9-a1 \t", status: "completed" })) },
    { name: "leading blank lines in fence", text: `\`\`\`json\n\n\t  ${receipt({ verification: [] })}\n\n\`\`\`` },
    { name: "no newline after tag", text: `\`\`\`json${receipt({ verification: [] })}\`\`\`` },
    { name: "nbsp before payload", text: `\`\`\`json\u00a0${receipt({ verification: [] })}\`\`\`` },
    { name: "bom before payload", text: `\`\`\`json\ufeff${receipt({ verification: [] })}\`\`\`` },
    { name: "nbsp after payload", text: `\`\`\`json\n${receipt({ verification: [] })}\u00a0\`\`\`` },
    { name: "bom after payload", text: `\`\`\`json\n${receipt({ verification: [] })}\ufeff\`\`\`` },
    { name: "crlf fence", text: `\`\`\`json\r\n${receipt({ verification: [] })}\r\n\`\`\`\r\n` },
    { name: "empty fence", text: "```json```" },
    { name: "whitespace fence", text: "```json   \n ```" },
    { name: "worker contract text", text: contract },
    { name: "worker contract then receipt", text: `${contract}\n${fence(receipt({ task_id: "abc-a1" }))}` },
    {
      name: "nested fence inside string",
      text: fence(JSON.stringify({ task_id: "n1", status: "completed", summary: "see ```json {}``` above" })),
    },
    { name: "unterminated fence", text: `\`\`\`json\n${receipt({ task_id: "u1" })}\n` },
    { name: "back to back fences", text: `\`\`\`json${receipt({ task_id: "a" })}\`\`\`\`\`\`json${receipt({ task_id: "b" })}\`\`\`` },
    { name: "four backticks", text: `\`\`\`\`json\n${receipt({ task_id: "q" })}\n\`\`\`\`` },
    { name: "top level number", text: fence("42") },
    { name: "top level string", text: fence('"t1-a1 completed"') },
    { name: "top level null", text: fence("null") },
    { name: "duplicate keys last wins", text: fence('{"verification":[],"task_id":"d","status":"failed","status":"completed"}') },
    { name: "duplicate task_id key", text: fence('{"verification":[],"task_id":"first","status":"failed","task_id":"second"}') },
    { name: "raw tab in string", text: fence('{"verification":[],"task_id":"t\tab","status":"completed"}') },
    { name: "raw newline in string", text: fence('{"verification":[],"task_id":"t\nnl","status":"completed"}') },
    { name: "number with trailing dot", text: fence('{"verification":[],"task_id":"n","status":"completed","x":1.}') },
    { name: "number with leading dot", text: fence('{"verification":[],"task_id":"n","status":"completed","x":.5}') },
    { name: "leading zero", text: fence('{"verification":[],"task_id":"n","status":"completed","x":01}') },
    { name: "plus sign number", text: fence('{"verification":[],"task_id":"n","status":"completed","x":+1}') },
    { name: "huge number", text: fence('{"verification":[],"task_id":"n","status":"completed","x":1e400,"y":-1e400,"z":1e-400}') },
    { name: "exponent forms", text: fence('{"verification":[],"task_id":"n","status":"completed","x":[1E+2,-0,0.5e-3,10e2]}') },
    { name: "invalid escape", text: fence('{"verification":[],"task_id":"n\\x41","status":"completed"}') },
    { name: "valid escapes", text: fence('{"verification":[],"task_id":"n\\u0041\\n\\/\\\\\\"\\b\\f\\r\\t","status":"completed"}') },
    { name: "escaped surrogate pair", text: fence('{"verification":[],"task_id":"\\ud83e\\udd16","status":"completed"}') },
    { name: "escaped lone surrogate", text: fence('{"verification":[],"task_id":"lone\\ud800","status":"completed"}') },
    { name: "raw lone surrogate in string", text: fence('{"verification":[],"task_id":"raw\ud800","status":"completed"}') },
    { name: "bad unicode escape", text: fence('{"verification":[],"task_id":"\\u12G4","status":"completed"}') },
    { name: "single quotes", text: fence("{'task_id':'s','status':'completed'}") },
    { name: "comment in json", text: fence('{"verification":[],"task_id":"c", // note\n"status":"completed"}') },
    { name: "trailing garbage", text: fence(`${receipt({ task_id: "g", verification: [] })} extra`) },
    { name: "two objects in one fence", text: fence(`${receipt({ task_id: "g1" })}\n${receipt({ task_id: "g2" })}`) },
    { name: "true false null literals", text: fence('{"verification":[],"task_id":"l","status":"completed","a":true,"b":false,"c":null,"no_verification":true}') },
    { name: "bad literal", text: fence('{"verification":[],"task_id":"l","status":"completed","a":tru}') },
    { name: "control char escape u0000", text: fence('{"verification":[],"task_id":"z\\u0000z","status":"completed"}') },
    { name: "del char raw", text: fence('{"verification":[],"task_id":"d\u007fd","status":"completed"}') },
    { name: "deep nesting", text: fence(`{"verification":[],"task_id":"deep","status":"completed","x":${"[".repeat(200)}${"]".repeat(200)}}`) },
    { name: "whitespace kinds between tokens", text: fence('{"verification":[],\r\n\t"task_id" :\t"w" , "status":\n"completed"\r}') },
    { name: "nbsp between tokens", text: fence('{"verification":[],"task_id":\u00a0"w","status":"completed"}') },
    { name: "empty key and object", text: fence('{"verification":[],"":{},"task_id":"e","status":"completed"}') },
    { name: "proto key", text: fence('{"verification":[],"__proto__":{"task_id":"p"},"task_id":"real","status":"completed"}') },
    { name: "raw json without fence", text: `Result: {"task_id": "r-a1", "status": "completed", "verification": []}` },
    { name: "fallback two receipts", text: `"task_id": "a", "status": "completed"\n"task_id": "b", "status": "failed"` },
    { name: "fallback lazy crossing", text: `"task_id": "a", "summary": "x"\n"task_id": "b", "status": "blocked"` },
    { name: "fallback blank task id", text: `"task_id": "  ", "status": "completed"\n"task_id": "c", "status": "failed"` },
    { name: "fallback uppercase", text: `"TASK_ID": "U-a1", "STATUS": "FAILED"` },
    { name: "fallback kelvin", text: `"task_id": "k", "status": "bloc\u212Aed"` },
    { name: "fallback long s", text: `"ta\u017Fk_id": "k", "status": "completed"` },
    { name: "fallback padded id", text: `"task_id": " p-a1 ", "status" : "completed"` },
    { name: "fallback trailing space status", text: `"task_id": "x", "status": "completed "` },
    { name: "fallback nbsp around colon", text: `"task_id"\u00a0:\u00a0"x", "status"\u2028:\u3000"failed"` },
    { name: "fallback empty id", text: `"task_id": "", "status": "completed"` },
    { name: "fallback id with newline", text: `"task_id": "multi\nline", "status": "completed"` },
    { name: "fallback duplicate ids", text: `"task_id": "a", "status": "completed"; "task_id": "b", "status": "blocked"; "task_id": "a", "status": "failed"` },
    { name: "fallback status prefix word", text: `"task_id": "a", "status": "completedly" then "status": "failed"` },
    { name: "fallback shared quote", text: `"task_id":"task_id"task_id":"z","status":"failed"` },
    { name: "fallback lone surrogate id", text: `"task_id": "s\udc00", "status": "completed"` },
    { name: "unknown status fence with fallback text", text: `${fence(JSON.stringify({ task_id: "f1", status: "unknown" }))}` },
  ];
}

export function backoffInputs() {
  const out = [];
  for (const baseMs of [100, 999, 1000, 1500, 4000]) {
    for (const maxMs of [60000, 5000]) {
      for (let attempt = 1; attempt <= 8; attempt += 1) {
        for (const random of [0, 0.5, 0.999999]) out.push({ baseMs, maxMs, attempt, random });
      }
    }
  }
  const extra = [
    { baseMs: 1500, maxMs: 60000, attempt: 0, random: 0.25 },
    { baseMs: 1500, maxMs: 60000, attempt: -5, random: 0.25 },
    { baseMs: 1500, maxMs: 60000, attempt: 1100, random: 0.25 },
    { baseMs: 1500, maxMs: 2147483647, attempt: 20, random: 0.9999999999999999 },
    { baseMs: 1500, maxMs: 2147483647, attempt: 31, random: 0.1 },
    { baseMs: 2147483647, maxMs: 2147483647, attempt: 40, random: 0.5 },
    { baseMs: 2147483647, maxMs: 2147483647, attempt: 1, random: 0.999999 },
    { baseMs: 1, maxMs: 60000, attempt: 1, random: 0.999999 },
    { baseMs: 1003, maxMs: 60000, attempt: 3, random: 0.999999 },
    { baseMs: 1500, maxMs: 1, attempt: 1, random: 0 },
    { baseMs: 1500, maxMs: 1600, attempt: 1, random: 0.999999 },
  ];
  return out.concat(extra);
}

export const intInputs = [
  { value: 5, fallback: 2 },
  { value: 1, fallback: 2 },
  { value: 0, fallback: 2 },
  { value: -1, fallback: 2 },
  { value: 2.5, fallback: 7 },
  { value: 0.5, fallback: 7 },
  { value: 3.999, fallback: 7 },
  { value: -0.5, fallback: 7 },
  { value: 1e-9, fallback: 7 },
  { value: "3", fallback: 7 },
  { value: "", fallback: 7 },
  { value: true, fallback: 7 },
  { value: false, fallback: 7 },
  { value: null, fallback: 7 },
  { value: U, fallback: 7 },
  { value: [3], fallback: 7 },
  { value: { n: 3 }, fallback: 7 },
  { value: num("NaN"), fallback: 7 },
  { value: num("Infinity"), fallback: 7 },
  { value: num("-Infinity"), fallback: 7 },
  { value: 2147483647, fallback: 7 },
  { value: 2147483647.9, fallback: 7 },
  { value: 2147483648, fallback: 7 },
  { value: 1e12, fallback: 7 },
  { value: 1.7976931348623157e308, fallback: 7 },
  { value: -2147483649, fallback: 7 },
];

export const stringArrayInputs = [
  U,
  null,
  "error",
  [],
  ["killed"],
  ["KILLED"],
  ["foo"],
  ["foo", "bar"],
  ["error", "error", "reset"],
  [" timeout ", "\u00a0deleted\u00a0"],
  [1, "killed", null, true, ""],
  ["", "   "],
  ["reset", "timeout", "error", "deleted", "killed", "bogus"],
  { 0: "error" },
];

export const channelInputs = [
  U,
  "",
  "   ",
  "general",
  "#General",
  "  FRIDAY-status ",
  "#friday",
  "friday",
  "#friday-",
  "#friday-forum-x",
  "chan#friday-forum",
  "#fridays",
  "##friday",
  "# friday",
  "#\u0130",
  "#\u039F\u0394\u039F\u03A3",
  "\u03A3\u03A3 \u03A3a a\u03A3 a\u03A3.",
  "\u00a0#friday-ops\u00a0",
  "#FRIDAY-\u212Aanban",
];

export const homeInputs = ["/root", "/home/someone", "", U];

export const configKeys = [
  "injectOrchestratorPrompt",
  "enforceMainDelegation",
  "enforceFridayChannels",
  "autoRetryFailedSubagents",
  "maxRetriesPerTask",
  "retryBaseBackoffMs",
  "retryMaxBackoffMs",
  "schedulerTickMs",
  "schedulerMaxConcurrentWorkers",
  "verificationGraceMs",
  "statusEnabled",
  "statusStickyEmoji",
  "stateDbPath",
  "statusChannel",
  "orchestratorLabelPrefix",
  "retryOutcomes",
  "allowedMainTools",
  "allowedOrchestratorTools",
];

export function configInputs() {
  const c = (name, object) => ({ name, json: typeof object === "string" ? object : JSON.stringify(object) });
  const list = [
    c("empty object", {}),
    c("null", "null"),
    c("array", "[1,2]"),
    c("number", "42"),
    c("all booleans flipped", {
      injectOrchestratorPrompt: false,
      enforceMainDelegation: true,
      enforceFridayChannels: true,
      autoRetryFailedSubagents: true,
      statusEnabled: true,
    }),
    c("booleans of wrong type", {
      injectOrchestratorPrompt: "false",
      enforceMainDelegation: 1,
      enforceFridayChannels: null,
      autoRetryFailedSubagents: "yes",
      statusEnabled: [true],
    }),
    c("good numbers", {
      maxRetriesPerTask: 5,
      retryBaseBackoffMs: 250,
      retryMaxBackoffMs: 9000,
      schedulerTickMs: 200,
      schedulerMaxConcurrentWorkers: 1,
      verificationGraceMs: 30000,
    }),
    c("zero and negative numbers", {
      maxRetriesPerTask: 0,
      retryBaseBackoffMs: -1,
      retryMaxBackoffMs: -60000,
      schedulerTickMs: 0.5,
      schedulerMaxConcurrentWorkers: -0.5,
      verificationGraceMs: 1e-3,
    }),
    c("fractional numbers", {
      maxRetriesPerTask: 2.5,
      retryBaseBackoffMs: 999.999,
      retryMaxBackoffMs: 1.5,
      schedulerTickMs: 3.999,
      schedulerMaxConcurrentWorkers: 6.1,
      verificationGraceMs: 120000.9,
    }),
    c("numbers as strings", {
      maxRetriesPerTask: "3",
      retryBaseBackoffMs: "1000",
      retryMaxBackoffMs: true,
      schedulerTickMs: null,
      schedulerMaxConcurrentWorkers: [4],
      verificationGraceMs: { ms: 1 },
    }),
    c("overflowing numbers", '{"maxRetriesPerTask":1e400,"retryMaxBackoffMs":1e12,"verificationGraceMs":2147483648}'),
    c("duplicate keys", '{"maxRetriesPerTask":1,"maxRetriesPerTask":4,"statusEnabled":false,"statusEnabled":true}'),
    c("strings trimmed", {
      stateDbPath: "  /tmp/clawops/x.db  ",
      statusStickyEmoji: "  \u2705 ",
      orchestratorLabelPrefix: "  orch  ",
    }),
    c("empty strings", { stateDbPath: "", statusStickyEmoji: "   ", orchestratorLabelPrefix: "", statusChannel: "" }),
    c("strings of wrong type", { stateDbPath: 42, statusStickyEmoji: true, orchestratorLabelPrefix: 7, statusChannel: ["#friday"] }),
    c("label prefix sanitized", { orchestratorLabelPrefix: "My Orchestrator!" }),
    c("label prefix all emoji", { orchestratorLabelPrefix: "\u{1F916}\u{1F916}" }),
    c("label prefix too long", { orchestratorLabelPrefix: "p".repeat(80) }),
    c("unknown keys", { foo: 1, bar: { baz: true }, retryDelivery: "wake", respawnWindowMs: 5 }),
    c("retryOutcomes one", { retryOutcomes: ["killed"] }),
    c("retryOutcomes upper case", { retryOutcomes: ["KILLED", "Error"] }),
    c("retryOutcomes unknown only", { retryOutcomes: ["foo", "bar"] }),
    c("retryOutcomes empty", { retryOutcomes: [] }),
    c("retryOutcomes mixed", { retryOutcomes: ["reset", "foo", "error", "reset", " deleted "] }),
    c("retryOutcomes not array", { retryOutcomes: "error,timeout" }),
    c("retryOutcomes non strings", { retryOutcomes: [1, null, "timeout", { a: 1 }] }),
    c("allowed tools strict filtering", {
      allowedMainTools: ["exec", "process", "message", "read", " sessions_spawn ", "memory_get"],
      allowedOrchestratorTools: ["exec", "write", "process", "browser"],
    }),
    c("allowed tools empty and wrong", { allowedMainTools: [], allowedOrchestratorTools: "exec" }),
    c("allowed tools non strings", { allowedMainTools: [null, 3, "message"], allowedOrchestratorTools: [""] }),
  ];
  const channels = ["general", "#General", "  FRIDAY-status ", "#friday", "friday", "#friday-forum-x",
                    "chan#friday-forum", "#fridays", "#\u039F\u0394\u039F\u03A3", "", 42];
  for (const enforce of [false, true]) {
    for (const channel of channels) {
      list.push(c(`statusChannel ${JSON.stringify(channel)} enforce=${enforce}`, {
        enforceFridayChannels: enforce,
        statusChannel: channel,
      }));
    }
    list.push(c(`statusChannel missing enforce=${enforce}`, { enforceFridayChannels: enforce }));
  }
  return list;
}
