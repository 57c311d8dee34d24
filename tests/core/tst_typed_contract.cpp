// The typed contract between engine and console: ids that cannot be mixed up, and the causes of
// transitions turned into the plugin's exact text in one place and read back from it.
#include "core/CommandCodec.h"
#include "core/Ids.h"
#include "core/OperatorCommand.h"
#include "core/StateCounts.h"
#include "core/TransitionCause.h"

#include <QHash>
#include <QTest>

#include <concepts>

using namespace clawops::core;

namespace {

// What must not compile, checked by the compiler itself.
template<class A, class B>
concept Comparable = requires(const A &a, const B &b)
{
    a == b;
};
template<class Key, class Probe>
concept Lookup = requires(const QHash<Key, int> &map, const Probe &probe)
{
    map.value(probe);
};

static_assert(Comparable<TaskId, TaskId>);
static_assert(!Comparable<TaskId, TaskKey>);
static_assert(!Comparable<SessionKey, TaskId>);
static_assert(Lookup<TaskKey, TaskKey>);
static_assert(!Lookup<TaskKey, TaskId>);
static_assert(!Lookup<SessionKey, QString>); // text must be named for what it is first
static_assert(!std::is_convertible_v<QString, TaskId>);
static_assert(std::is_convertible_v<TaskId, const QString &>);

using Kind = TransitionCause::Kind;

QList<TransitionCause> everyKind()
{
    QList<TransitionCause> causes;
    for (int k = int(Kind::SpawnRequested); k <= int(Kind::OperatorCancelledRetry); ++k) {
        switch (Kind(k)) {
        case Kind::WorkerEnded:
            for (int o = 0; o <= int(WorkerOutcome::Unknown); ++o)
                causes.append(TransitionCause::workerEnded(WorkerOutcome(o)));
            break;
        case Kind::RetryExhausted:
            causes.append(TransitionCause::retryExhausted(WorkerOutcome::Timeout));
            break;
        case Kind::RetryQueued:
            causes.append(TransitionCause::retryQueued(2, WorkerOutcome::Error));
            causes.append(TransitionCause::retryQueued(17, WorkerOutcome::Killed));
            break;
        case Kind::OperatorRetryQueued:
            causes.append(TransitionCause::operatorRetryQueued(3));
            break;
        case Kind::RetryDispatched:
            causes.append(
                TransitionCause::retryDispatched(RetryReason::workerEnded(WorkerOutcome::Timeout)));
            causes.append(TransitionCause::retryDispatched(
                RetryReason::of(RetryReason::Kind::OperatorRejected)));
            causes.append(TransitionCause::retryDispatched(
                RetryReason::of(RetryReason::Kind::OperatorAnswered)));
            causes.append(TransitionCause::retryDispatched(
                RetryReason::of(RetryReason::Kind::OperatorForced)));
            causes.append(
                TransitionCause::retryDispatched(RetryReason::of(RetryReason::Kind::Restored)));
            break;
        case Kind::RespawnNotSeen:
            causes.append(TransitionCause::respawnNotSeen(120, QStringLiteral("agent:main:main")));
            break;
        default:
            causes.append(TransitionCause::of(Kind(k)));
        }
    }
    return causes;
}

} // namespace

class TestTypedContract : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyCauseReadsBackFromItsText();
    void pluginTextsAreRecognised_data();
    void pluginTextsAreRecognised();
    void unknownTextIsKeptExactly_data();
    void unknownTextIsKeptExactly();
    void retryReasonsNameTheWorkerOutcome();
    void stateCountsMoveTasks();
    void commandResultsKeepTheAuditSentences();
    void queuedCommandsTravelWhole();
};

void TestTypedContract::everyCauseReadsBackFromItsText()
{
    QSet<QString> texts;
    for (const TransitionCause &cause : everyKind()) {
        const QString text = cause.toText();
        QVERIFY2(!text.isEmpty(), qPrintable(QString::number(int(cause.kind))));
        QCOMPARE(TransitionCause::fromText(text), cause);
        QVERIFY2(!texts.contains(text), qPrintable(text)); // no two causes share a text
        texts.insert(text);
    }
    QVERIFY(TransitionCause::fromText({}).isNone());
    QCOMPARE(TransitionCause{}.toText(), QString());
}

void TestTypedContract::pluginTextsAreRecognised_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("kind");
    // Texts the plugin itself writes into last_outcome (orchestrator-plugin.ts setTaskState).
    QTest::newRow("queued") << "queued-retry-2-timeout" << int(Kind::RetryQueued);
    QTest::newRow("exhausted") << "retry-exhausted-error" << int(Kind::RetryExhausted);
    QTest::newRow("ended unknown") << "worker-ended-unknown" << int(Kind::WorkerEnded);
    QTest::newRow("grace") << "auto-verified-after-grace-window" << int(Kind::AutoVerified);
    QTest::newRow("missing receipt")
        << "verification-timeout-missing-receipt" << int(Kind::VerificationTimeoutMissingReceipt);
    QTest::newRow("blocked") << "worker-reported-blocked" << int(Kind::ReportedBlocked);
    QTest::newRow("dispatched") << "timeout" << int(Kind::RetryDispatched);
    QTest::newRow("respawn") << "respawn-not-seen-within-120s-after-retry-to-agent:main:subagent:x"
                             << int(Kind::RespawnNotSeen);
}

void TestTypedContract::pluginTextsAreRecognised()
{
    QFETCH(QString, text);
    QFETCH(int, kind);
    const TransitionCause cause = TransitionCause::fromText(text);
    QCOMPARE(int(cause.kind), kind);
    QCOMPARE(cause.toText(), text);
}

void TestTypedContract::unknownTextIsKeptExactly_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("free text") << "spawned by hand";
    QTest::newRow("leading zero") << "queued-retry-02-timeout";
    QTest::newRow("upper case outcome") << "worker-ended-Timeout";
    QTest::newRow("unknown outcome") << "retry-exhausted-melted";
    QTest::newRow("negative") << "operator-retry--1";
    QTest::newRow("trailing space") << "operator-killed ";
}

void TestTypedContract::unknownTextIsKeptExactly()
{
    QFETCH(QString, text);
    const TransitionCause cause = TransitionCause::fromText(text);
    QCOMPARE(cause.kind, Kind::Other);
    QCOMPARE(cause.toText(), text);
}

void TestTypedContract::retryReasonsNameTheWorkerOutcome()
{
    QCOMPARE(RetryReason::fromText(QStringLiteral("queued-retry-2-timeout")).workerOutcome(),
             std::optional(WorkerOutcome::Timeout));
    QCOMPARE(RetryReason::fromText(QStringLiteral("error")).kind, RetryReason::Kind::WorkerEnded);
    QCOMPARE(RetryReason::fromText(QStringLiteral("rejected")).kind,
             RetryReason::Kind::OperatorRejected);
    QVERIFY(!RetryReason::fromText(QStringLiteral("operator-retry-1")).workerOutcome());
    QVERIFY(TransitionCause::retryDispatched(RetryReason::of(RetryReason::Kind::OperatorRejected))
                .byOperator());
    QVERIFY(!TransitionCause::workerEnded(WorkerOutcome::Error).byOperator());
}

void TestTypedContract::stateCountsMoveTasks()
{
    StateCounts counts;
    counts.move(std::nullopt, TaskState::Leased);
    counts.move(TaskState::Leased, TaskState::Running);
    counts.move(std::nullopt, TaskState::Done);
    QCOMPARE(counts[TaskState::Leased], 0);
    QCOMPARE(counts[TaskState::Running], 1);
    QCOMPARE(counts.active(), 1);
    QCOMPARE(counts.total(), 2);
}

void TestTypedContract::commandResultsKeepTheAuditSentences()
{
    const TaskId id(QStringLiteral("abc-a1"));
    QCOMPARE(CommandResult::done(CommandResult::Kind::Verified, id).auditText(),
             QStringLiteral("Task abc-a1 verified and done."));
    QCOMPARE(CommandResult::wrongState(id, TaskState::Done,
                                       {TaskState::NeedsVerification, TaskState::NeedsInput})
                 .auditText(),
             QStringLiteral("Task abc-a1 is done; this needs needs_verification or needs_input."));
    QVERIFY(!CommandResult::refused(CommandResult::Kind::NoSuchTask, id).ok);
}

// A follower's command crosses the store as JSON to the acting engine, and its result comes back
// the same way: every kind and every field must arrive as sent, the last result kinds included.
void TestTypedContract::queuedCommandsTravelWhole()
{
    using Kind = OperatorCommand::Kind;
    for (int k = int(Kind::Verify); k <= int(Kind::ReleaseClaim); ++k) {
        OperatorCommand command;
        command.kind = Kind(k);
        command.taskId = TaskId(QStringLiteral("abc-a2"));
        command.operatorName = QStringLiteral("ana");
        command.reason = QStringLiteral("why");
        command.text = QStringLiteral("allow-once");
        command.retry = true;
        command.itemIndex = 2;
        command.ticked = true;
        command.approvalId = QStringLiteral("appr-7");
        command.consoleHost = QStringLiteral("ws-3");
        const std::optional<OperatorCommand> back = commandFromJson(commandToJson(command));
        QVERIFY2(back.has_value(), qPrintable(commandName(command.kind)));
        QCOMPARE(*back, command);
    }
    for (int k = 0; k <= int(CommandResult::Kind::GatewayNotLive); ++k) {
        CommandResult result = CommandResult::refused(
            CommandResult::Kind(k), TaskId(QStringLiteral("abc-a2")), QStringLiteral("x"));
        const std::optional<CommandResult> back =
            commandResultFromJson(commandResultToJson(result));
        QVERIFY(back.has_value());
        QCOMPARE(int(back->kind), k);
        QCOMPARE(back->subject, result.subject);
    }
    QVERIFY(!commandResultFromJson(QByteArrayLiteral(R"({"kind":9999})")).has_value());
}

QTEST_GUILESS_MAIN(TestTypedContract)
#include "tst_typed_contract.moc"
