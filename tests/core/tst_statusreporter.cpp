// Status and incident posts on their own: the plugin's dedupe of equal counts, its 700 ms
// throttle (a change inside the window is dropped, not sent later) and an incident only when the
// failure figures changed.

#include "CoreHarness.h"
#include "core/StatusReporter.h"

#include <QTest>

using namespace clawops::core;
using namespace clawops::testing;

namespace {

const SessionKey kMain(QStringLiteral("agent:main:main"));
const SessionKey kOrch(QStringLiteral("agent:main:subagent:orch"));

StatusSummary countsOf(int running, int failed = 0)
{
    StatusSummary summary;
    summary[TaskState::Running] = running;
    summary[TaskState::Failed] = failed;
    return summary;
}

QList<SendToSession::Purpose> purposesOf(const QList<DomainAction> &actions)
{
    QList<SendToSession::Purpose> out;
    for (const DomainAction &action : actions)
        out.append(std::get<SendToSession>(action).purpose);
    return out;
}

} // namespace

class TestStatusReporter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void equalCountsAreNotPostedTwice();
    void postsInsideTheWindowAreDropped();
    void incidentsFollowChangedFailures();
    void nothingWithoutStatusOrRequester();
    void everyPostHasItsOwnKey();
};

void TestStatusReporter::equalCountsAreNotPostedTwice()
{
    EngineConfig config;
    config.statusEnabled = true;
    ManualClock clock;
    QList<DomainAction> actions;
    StatusReporter reporter(config, clock, actions);
    reporter.report(kOrch, kMain, countsOf(1), QStringLiteral("a"));
    clock.advance(1000);
    reporter.report(kOrch, kMain, countsOf(1), QStringLiteral("b"));
    QCOMPARE(actions.size(), 1);
    const SendToSession post = std::get<SendToSession>(actions.first());
    QCOMPARE(post.sessionKey, kMain);
    QVERIFY(post.text.startsWith(QStringLiteral("<orchestrator-status>")));
    QVERIFY(post.text.contains(QStringLiteral("workersRunning: 1")));
}

void TestStatusReporter::postsInsideTheWindowAreDropped()
{
    EngineConfig config;
    config.statusEnabled = true;
    ManualClock clock;
    QList<DomainAction> actions;
    StatusReporter reporter(config, clock, actions);
    reporter.report(kOrch, kMain, countsOf(1), {});
    clock.advance(699);
    reporter.report(kOrch, kMain, countsOf(2), {});
    clock.advance(1);
    // The dropped change counts as said: the same counts again are not posted either.
    reporter.report(kOrch, kMain, countsOf(2), {});
    QCOMPARE(actions.size(), 1);
    reporter.report(kOrch, kMain, countsOf(3), {});
    QCOMPARE(actions.size(), 2);
}

void TestStatusReporter::incidentsFollowChangedFailures()
{
    EngineConfig config;
    config.statusEnabled = true;
    config.statusChannel = QStringLiteral("#friday-status");
    ManualClock clock;
    QList<DomainAction> actions;
    StatusReporter reporter(config, clock, actions);
    reporter.report(kOrch, kMain, countsOf(1, 1), {});
    QCOMPARE(purposesOf(actions),
             (QList{SendToSession::Purpose::Status, SendToSession::Purpose::Incident}));
    const SendToSession incident = std::get<SendToSession>(actions.last());
    QVERIFY(incident.text.contains(QStringLiteral("failures=1 running=1 queued=0")));
    QVERIFY(incident.text.contains(QStringLiteral("#friday-status")));
    // Other counts, same failure figures: a status without an incident.
    clock.advance(700);
    StatusSummary moreDone = countsOf(1, 1);
    moreDone[TaskState::Done] = 3;
    reporter.report(kOrch, kMain, moreDone, {});
    QCOMPARE(actions.size(), 3);
    clock.advance(700);
    reporter.report(kOrch, kMain, countsOf(0, 2), {});
    QCOMPARE(purposesOf(actions.mid(3)),
             (QList{SendToSession::Purpose::Status, SendToSession::Purpose::Incident}));
}

void TestStatusReporter::nothingWithoutStatusOrRequester()
{
    EngineConfig config;
    ManualClock clock;
    QList<DomainAction> actions;
    StatusReporter reporter(config, clock, actions);
    reporter.report(kOrch, kMain, countsOf(1, 1), {});
    QVERIFY(actions.isEmpty());
    // Incidents of their own (a spent retry budget) go out whether or not status is on.
    reporter.incident(kOrch, kMain, QStringLiteral("retry-budget-exhausted"), QStringLiteral("x"));
    QCOMPARE(actions.size(), 1);
    reporter.incident(kOrch, SessionKey(), QStringLiteral("retry-budget-exhausted"), {});
    QCOMPARE(actions.size(), 1);
}

// The gateway takes a repeated idempotency key for a repeated request and drops it. Counts that
// come back to earlier values (running 1, then blocked, then running 1 again) are a new post,
// as are incidents with the figures of an earlier one: each post needs a key of its own.
void TestStatusReporter::everyPostHasItsOwnKey()
{
    EngineConfig config;
    config.statusEnabled = true;
    ManualClock clock;
    QList<DomainAction> actions;
    StatusReporter reporter(config, clock, actions);
    for (const StatusSummary &summary : {countsOf(0, 1), countsOf(1, 1), countsOf(0, 1)}) {
        reporter.report(kOrch, kMain, summary, {});
        clock.advance(700);
    }
    reporter.incident(kOrch, kMain, QStringLiteral("retry-budget-exhausted"), QStringLiteral("x"));
    reporter.incident(kOrch, kMain, QStringLiteral("retry-budget-exhausted"), QStringLiteral("x"));
    QCOMPARE(purposesOf(actions),
             (QList{SendToSession::Purpose::Status, SendToSession::Purpose::Incident,
                    SendToSession::Purpose::Status, SendToSession::Purpose::Incident,
                    SendToSession::Purpose::Status, SendToSession::Purpose::Incident,
                    SendToSession::Purpose::Incident, SendToSession::Purpose::Incident}));
    QSet<QString> keys;
    for (const DomainAction &action : std::as_const(actions))
        keys.insert(std::get<SendToSession>(action).idempotencyKey);
    QCOMPARE(keys.size(), actions.size());
}

QTEST_GUILESS_MAIN(TestStatusReporter)
#include "tst_statusreporter.moc"
