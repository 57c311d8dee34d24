#include "Tables.h"

#include "Values.h"
#include "core/Logging.h"

namespace clawops::store::tables {

using namespace values;
using core::SessionKey;
using core::TaskId;
using core::TaskKey;
using core::TransitionCause;

namespace {

// A bad spec must not cost the row: keep it with an empty spec, say so once.
void readSpec(core::TaskRecord &task, const QVariant &value)
{
    if (value.isNull())
        return;
    if (const auto spec = core::specFromJson(value.toString().toUtf8()))
        task.spec = *spec;
    else
        qCWarning(lcStore).noquote() << "task" << task.taskId
                                     << "has a spec_json that is not a JSON object; kept the row "
                                        "with an empty spec";
}

using Task = core::TaskRecord;
using Ctx = ReadContext;

// task_id first: the readers after it may name the task.
const Column<Task> kTaskColumns[] = {
    {"task_id", [](const Task &t) { return requiredText(t.taskId); },
     [](Task &t, const QVariant &v, const Ctx &) { t.taskId = TaskId(rawText(v)); },
     OnConflict::Key},
    {"task_key", [](const Task &t) { return requiredText(t.taskKey); },
     [](Task &t, const QVariant &v, const Ctx &) { t.taskKey = TaskKey(rawText(v)); }},
    {"requester_session_key", [](const Task &t) { return requiredText(t.requesterSessionKey); },
     [](Task &t, const QVariant &v, const Ctx &) {
         t.requesterSessionKey = SessionKey(rawText(v));
     }},
    {"orchestrator_session_key",
     [](const Task &t) { return requiredText(t.orchestratorSessionKey); },
     [](Task &t, const QVariant &v, const Ctx &) {
         t.orchestratorSessionKey = SessionKey(rawText(v));
     }},
    {"label", [](const Task &t) { return nullableText(t.label); },
     [](Task &t, const QVariant &v, const Ctx &) { t.label = rawText(v); }},
    {"task_preview", [](const Task &t) { return requiredText(t.taskPreview); },
     [](Task &t, const QVariant &v, const Ctx &) { t.taskPreview = rawText(v); }},
    // A stored state that is none of the eight reads as queued, like the plugin's readTaskState.
    {"state", [](const Task &t) { return QVariant(core::stateName(t.state)); },
     [](Task &t, const QVariant &v, const Ctx &) { t.state = stateOrQueued(v); }},
    {"attempt", [](const Task &t) { return QVariant(t.attempt); },
     [](Task &t, const QVariant &v, const Ctx &) { t.attempt = clampToInt(asPositiveInt(v, 1)); }},
    {"max_retries", [](const Task &t) { return QVariant(t.maxRetries); },
     [](Task &t, const QVariant &v, const Ctx &) {
         t.maxRetries = clampToInt(asNonNegativeInt(v, 0));
     }},
    {"next_run_at", [](const Task &t) { return nullableInteger(t.nextRunAt); },
     [](Task &t, const QVariant &v, const Ctx &) {
         if (!v.isNull())
             t.nextRunAt = asNumber(v);
     }},
    {"last_outcome", [](const Task &t) { return nullableText(t.lastOutcome.toText()); },
     [](Task &t, const QVariant &v, const Ctx &) {
         t.lastOutcome = TransitionCause::fromText(rawText(v));
     }},
    {"spec_json",
     [](const Task &t) { return QVariant(QString::fromUtf8(core::specToJson(t.spec))); },
     [](Task &t, const QVariant &v, const Ctx &) { readSpec(t, v); }},
    {"receipt_seen", [](const Task &t) { return QVariant(t.receiptSeen ? 1 : 0); },
     [](Task &t, const QVariant &v, const Ctx &) { t.receiptSeen = asNonNegativeInt(v, 0) > 0; }},
    {"verification_items", [](const Task &t) { return QVariant(t.verificationItems); },
     [](Task &t, const QVariant &v, const Ctx &) {
         t.verificationItems = clampToInt(asNonNegativeInt(v, 0));
     }},
    {"explicit_no_verification",
     [](const Task &t) { return QVariant(t.explicitNoVerification ? 1 : 0); },
     [](Task &t, const QVariant &v, const Ctx &) {
         t.explicitNoVerification = asNonNegativeInt(v, 0) > 0;
     }},
    // The first value written stays, as the plugin's upsertTaskRow keeps it.
    {"created_at", [](const Task &t) { return QVariant(t.createdAt); },
     [](Task &t, const QVariant &v, const Ctx &) { t.createdAt = asNonNegativeInt(v, 0); },
     OnConflict::Keep},
    {"updated_at", [](const Task &t) { return QVariant(t.updatedAt); },
     [](Task &t, const QVariant &v, const Ctx &) { t.updatedAt = asNonNegativeInt(v, 0); }},
    {"worker_session_key", [](const Task &t) { return nullableText(t.workerSessionKey); },
     [](Task &t, const QVariant &v, const Ctx &) { t.workerSessionKey = SessionKey(rawText(v)); }},
    {"gateway_task_id", [](const Task &t) { return nullableText(t.gatewayTaskId); },
     [](Task &t, const QVariant &v, const Ctx &) { t.gatewayTaskId = rawText(v); }},
    {"receipt_json", [](const Task &t) { return nullableText(t.receiptJson); },
     [](Task &t, const QVariant &v, const Ctx &) { t.receiptJson = rawText(v); }},
    {"receipt_status", [](const Task &t) { return nullableText(t.receiptStatus); },
     [](Task &t, const QVariant &v, const Ctx &) { t.receiptStatus = rawText(v); }},
    {"receipt_task_ref", [](const Task &t) { return nullableText(t.receiptTaskRef); },
     [](Task &t, const QVariant &v, const Ctx &) { t.receiptTaskRef = rawText(v); }},
};

using Worker = core::WorkerRecord;

// The plugin's upsertWorkerRow keeps the orchestrator, label, preview and start time of the first
// row; its rehydration reads every text with asString.
const Column<Worker> kWorkerColumns[] = {
    {"child_session_key", [](const Worker &w) { return requiredText(w.childSessionKey); },
     [](Worker &w, const QVariant &v, const Ctx &) { w.childSessionKey = SessionKey(asString(v)); },
     OnConflict::Key},
    {"task_id", [](const Worker &w) { return nullableText(w.taskId); },
     [](Worker &w, const QVariant &v, const Ctx &) { w.taskId = TaskId(asString(v)); }},
    {"task_key", [](const Worker &w) { return nullableText(w.taskKey); },
     [](Worker &w, const QVariant &v, const Ctx &) { w.taskKey = TaskKey(asString(v)); }},
    {"orchestrator_session_key",
     [](const Worker &w) { return requiredText(w.orchestratorSessionKey); },
     [](Worker &w, const QVariant &v, const Ctx &) {
         w.orchestratorSessionKey = SessionKey(asString(v));
     },
     OnConflict::Keep},
    {"label", [](const Worker &w) { return nullableText(w.label); },
     [](Worker &w, const QVariant &v, const Ctx &) { w.label = asString(v); }, OnConflict::Keep},
    {"task_preview", [](const Worker &w) { return requiredText(w.taskPreview); },
     [](Worker &w, const QVariant &v, const Ctx &) {
         w.taskPreview = asString(v);
         if (w.taskPreview.isEmpty())
             w.taskPreview = QStringLiteral("(unknown task)");
     },
     OnConflict::Keep},
    // "running" while the run lasts, then how it ended. The plugin reads any status text;
    // ClawOps only needs to know whether the run lasts.
    {"status",
     [](const Worker &w) {
         return requiredText(w.running() ? QStringLiteral("running") : core::outcomeText(*w.ended));
     },
     [](Worker &w, const QVariant &v, const Ctx &) {
         if (const QString status = asString(v); status.toLower() != u"running")
             w.ended = core::outcomeFromText(status).value_or(core::WorkerOutcome::Unknown);
     }},
    {"attempt", [](const Worker &w) { return QVariant(w.attempt); },
     [](Worker &w, const QVariant &v, const Ctx &) {
         w.attempt = clampToInt(asPositiveInt(v, 1));
     }},
    {"started_at", [](const Worker &w) { return QVariant(w.startedAt); },
     [](Worker &w, const QVariant &v, const Ctx &c) { w.startedAt = asNonNegativeInt(v, c.now); },
     OnConflict::Keep},
    {"updated_at", [](const Worker &w) { return QVariant(w.updatedAt); },
     [](Worker &w, const QVariant &v, const Ctx &c) { w.updatedAt = asNonNegativeInt(v, c.now); }},
    {"outcome", [](const Worker &w) { return nullableText(w.outcome); },
     [](Worker &w, const QVariant &v, const Ctx &) { w.outcome = asString(v); }},
};

using Binding = core::BindingRecord;

const Column<Binding> kBindingColumns[] = {
    {"requester_session_key", [](const Binding &b) { return requiredText(b.requesterSessionKey); },
     [](Binding &b, const QVariant &v, const Ctx &) {
         b.requesterSessionKey = SessionKey(asString(v));
     },
     OnConflict::Key},
    {"orchestrator_session_key",
     [](const Binding &b) { return requiredText(b.orchestratorSessionKey); },
     [](Binding &b, const QVariant &v, const Ctx &) {
         b.orchestratorSessionKey = SessionKey(asString(v));
     }},
    {"updated_at", [](const Binding &b) { return QVariant(b.updatedAt); },
     [](Binding &b, const QVariant &v, const Ctx &) { b.updatedAt = asNonNegativeInt(v, 0); }},
};

using Retry = core::RetryCountRecord;

const Column<Retry> kRetryColumns[] = {
    {"task_key", [](const Retry &r) { return requiredText(r.taskKey); },
     [](Retry &r, const QVariant &v, const Ctx &) { r.taskKey = TaskKey(asString(v)); },
     OnConflict::Key},
    {"retries", [](const Retry &r) { return QVariant(r.retries); },
     [](Retry &r, const QVariant &v, const Ctx &) {
         r.retries = clampToInt(asNonNegativeInt(v, 0));
     }},
    {"updated_at", [](const Retry &r) { return QVariant(r.updatedAt); },
     [](Retry &r, const QVariant &v, const Ctx &) { r.updatedAt = asNonNegativeInt(v, 0); }},
};

using Transition = core::TransitionRecord;

const Column<Transition> kTransitionColumns[] = {
    {"task_id", [](const Transition &t) { return requiredText(t.taskId); },
     [](Transition &t, const QVariant &v, const Ctx &) { t.taskId = TaskId(rawText(v)); }},
    {"at", [](const Transition &t) { return QVariant(t.at); },
     [](Transition &t, const QVariant &v, const Ctx &) { t.at = asNonNegativeInt(v, 0); }},
    // NULL when the task was created.
    {"from_state",
     [](const Transition &t) {
         return t.from ? QVariant(core::stateName(*t.from))
                       : QVariant(QMetaType::fromType<QString>());
     },
     [](Transition &t, const QVariant &v, const Ctx &) {
         if (!v.isNull())
             t.from = core::taskStateFromString(v.toString());
     }},
    {"to_state", [](const Transition &t) { return QVariant(core::stateName(t.to)); },
     [](Transition &t, const QVariant &v, const Ctx &) { t.to = stateOrQueued(v); }},
    {"reason", [](const Transition &t) { return nullableText(t.cause.toText()); },
     [](Transition &t, const QVariant &v, const Ctx &) {
         t.cause = TransitionCause::fromText(rawText(v));
     }},
};

using Audit = core::AuditRecord;

const Column<Audit> kAuditColumns[] = {
    {"at", [](const Audit &a) { return QVariant(a.at); },
     [](Audit &a, const QVariant &v, const Ctx &) { a.at = asNonNegativeInt(v, 0); }},
    {"operator", [](const Audit &a) { return requiredText(a.operatorName); },
     [](Audit &a, const QVariant &v, const Ctx &) { a.operatorName = rawText(v); }},
    {"console_host", [](const Audit &a) { return nullableText(a.consoleHost); },
     [](Audit &a, const QVariant &v, const Ctx &) { a.consoleHost = rawText(v); }},
    {"action", [](const Audit &a) { return requiredText(a.action); },
     [](Audit &a, const QVariant &v, const Ctx &) { a.action = rawText(v); }},
    {"task_id", [](const Audit &a) { return nullableText(a.taskId); },
     [](Audit &a, const QVariant &v, const Ctx &) { a.taskId = TaskId(rawText(v)); }},
    {"reason", [](const Audit &a) { return nullableText(a.reason); },
     [](Audit &a, const QVariant &v, const Ctx &) { a.reason = rawText(v); }},
    {"result", [](const Audit &a) { return nullableText(a.result); },
     [](Audit &a, const QVariant &v, const Ctx &) { a.result = rawText(v); }},
    {"detail", [](const Audit &a) { return nullableText(a.detail); },
     [](Audit &a, const QVariant &v, const Ctx &) { a.detail = rawText(v); }},
    // Read in this order: the index makes the mark, the tick completes it.
    {"check_index",
     [](const Audit &a) {
         return nullableInteger(a.check ? std::optional<qint64>(a.check->index) : std::nullopt);
     },
     [](Audit &a, const QVariant &v, const Ctx &) {
         // PostgreSQL hands back a NULL integer as a typed null that reads as 0.
         if (v.isNull())
             return;
         if (const std::optional<qint64> index = asNumber(v); index && *index >= 0)
             a.check = core::CheckMark{clampToInt(*index), false};
     }},
    {"check_ticked",
     [](const Audit &a) {
         return nullableInteger(a.check ? std::optional<qint64>(a.check->ticked ? 1 : 0)
                                        : std::nullopt);
     },
     [](Audit &a, const QVariant &v, const Ctx &) {
         if (a.check && !v.isNull())
             a.check->ticked = asNumber(v).value_or(0) != 0;
     }},
};

using Suppressed = core::SuppressedSpawnRecord;

const Column<Suppressed> kSuppressedColumns[] = {
    {"at", [](const Suppressed &s) { return QVariant(s.at); },
     [](Suppressed &s, const QVariant &v, const Ctx &) { s.at = asNonNegativeInt(v, 0); }},
    {"task_key", [](const Suppressed &s) { return requiredText(s.taskKey); },
     [](Suppressed &s, const QVariant &v, const Ctx &) { s.taskKey = TaskKey(rawText(v)); }},
    {"active_task_id", [](const Suppressed &s) { return nullableText(s.activeTaskId); },
     [](Suppressed &s, const QVariant &v, const Ctx &) { s.activeTaskId = TaskId(rawText(v)); }},
    {"requester_session_key",
     [](const Suppressed &s) { return nullableText(s.requesterSessionKey); },
     [](Suppressed &s, const QVariant &v, const Ctx &) {
         s.requesterSessionKey = SessionKey(rawText(v));
     }},
    {"orchestrator_session_key",
     [](const Suppressed &s) { return nullableText(s.orchestratorSessionKey); },
     [](Suppressed &s, const QVariant &v, const Ctx &) {
         s.orchestratorSessionKey = SessionKey(rawText(v));
     }},
    {"label", [](const Suppressed &s) { return nullableText(s.label); },
     [](Suppressed &s, const QVariant &v, const Ctx &) { s.label = rawText(v); }},
    {"spawn_ref", [](const Suppressed &s) { return nullableText(s.spawnRef); },
     [](Suppressed &s, const QVariant &v, const Ctx &) { s.spawnRef = rawText(v); }},
    {"child_session_key", [](const Suppressed &s) { return nullableText(s.childSessionKey); },
     [](Suppressed &s, const QVariant &v, const Ctx &) {
         s.childSessionKey = SessionKey(rawText(v));
     }},
};

using Violation = core::PolicyViolationRecord;
const Column<Violation> kViolationColumns[] = {
    {"at", [](const Violation &p) { return QVariant(p.at); },
     [](Violation &p, const QVariant &v, const Ctx &) { p.at = asNonNegativeInt(v, 0); }},
    {"session_key", [](const Violation &p) { return requiredText(p.sessionKey); },
     [](Violation &p, const QVariant &v, const Ctx &) { p.sessionKey = SessionKey(rawText(v)); }},
    {"run_id", [](const Violation &p) { return nullableText(p.runId); },
     [](Violation &p, const QVariant &v, const Ctx &) { p.runId = rawText(v); }},
    {"tool_call_id", [](const Violation &p) { return nullableText(p.toolCallId); },
     [](Violation &p, const QVariant &v, const Ctx &) { p.toolCallId = rawText(v); }},
    {"tool_name", [](const Violation &p) { return requiredText(p.toolName); },
     [](Violation &p, const QVariant &v, const Ctx &) { p.toolName = rawText(v); }},
    {"args_preview", [](const Violation &p) { return nullableText(p.argsPreview); },
     [](Violation &p, const QVariant &v, const Ctx &) { p.argsPreview = rawText(v); }},
    {"rule", [](const Violation &p) { return QVariant(core::policyRuleText(p.rule)); },
     [](Violation &p, const QVariant &v, const Ctx &) {
         // A rule this version does not know (a newer console wrote it) reads as the broadest.
         p.rule = core::policyRuleFromText(rawText(v)).value_or(core::PolicyRule::MainDelegation);
     }},
    {"reason", [](const Violation &p) { return nullableText(p.reason); },
     [](Violation &p, const QVariant &v, const Ctx &) { p.reason = rawText(v); }},
    {"action", [](const Violation &p) { return QVariant(core::policyActionText(p.action)); },
     [](Violation &p, const QVariant &v, const Ctx &) {
         p.action = core::policyActionFromText(rawText(v)).value_or(core::PolicyAction::Flag);
     }},
};

} // namespace

const RowCodec<core::TaskRecord> &tasks()
{
    static const RowCodec<core::TaskRecord> codec("orchestrator_tasks", kTaskColumns);
    return codec;
}

const RowCodec<core::WorkerRecord> &workers()
{
    static const RowCodec<core::WorkerRecord> codec("orchestrator_workers", kWorkerColumns);
    return codec;
}

const RowCodec<core::BindingRecord> &bindings()
{
    static const RowCodec<core::BindingRecord> codec("orchestrator_bindings", kBindingColumns);
    return codec;
}

const RowCodec<core::RetryCountRecord> &retries()
{
    static const RowCodec<core::RetryCountRecord> codec("orchestrator_retries", kRetryColumns);
    return codec;
}

const RowCodec<core::TransitionRecord> &transitions()
{
    static const RowCodec<core::TransitionRecord> codec("task_transitions", kTransitionColumns);
    return codec;
}

const RowCodec<core::AuditRecord> &audits()
{
    static const RowCodec<core::AuditRecord> codec("operator_actions", kAuditColumns);
    return codec;
}

const RowCodec<core::SuppressedSpawnRecord> &suppressed()
{
    static const RowCodec<core::SuppressedSpawnRecord> codec("suppressed_spawns",
                                                             kSuppressedColumns);
    return codec;
}

const RowCodec<core::PolicyViolationRecord> &policyViolations()
{
    static const RowCodec<core::PolicyViolationRecord> codec("policy_violations",
                                                             kViolationColumns);
    return codec;
}

} // namespace clawops::store::tables
