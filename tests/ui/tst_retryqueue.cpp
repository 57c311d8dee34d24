// The Retry queue tab: live countdowns, attempt n/max, outcome and backoff in the rows, and
// "Run now" / "Cancel retry" going through the window's actions (pending, confirmation, engine
// answer) like every other operator action.

#include "FakeEngineLink.h"
#include "WindowParts.h"
#include "actions/ActionController.h"
#include "actions/ActionDialog.h"
#include "models/PendingCommands.h"
#include "models/RetryQueueModel.h"
#include "views/MainWindow.h"
#include "views/RetryQueuePage.h"
#include "views/TaskTableView.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QDialogButtonBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>
#include <QToolButton>

using namespace clawops;
using namespace clawops::ui;
using namespace clawops::ui::test;
using core::OperatorCommand;

namespace {
host::RetryEntry entry(const QString &id, qint64 runAfterMs, int attempt = 1)
{
    host::RetryEntry out;
    out.taskId = clawops::core::TaskId(id);
    out.label = QStringLiteral("label-") + id;
    out.orchestratorSessionKey =
        clawops::core::SessionKey(QStringLiteral("agent:main:subagent:orch"));
    out.attempt = attempt;
    out.maxRetries = 2;
    out.reason = core::RetryReason::workerEnded(core::WorkerOutcome::Timeout);
    out.runAfterMs = runAfterMs;
    out.backoffMs = 1500 << (attempt - 1);
    return out;
}

host::EngineDelta queueDelta(const QList<host::RetryEntry> &entries)
{
    host::EngineDelta delta;
    delta.retryQueue.emplace();
    delta.retryQueue->whole = true;
    delta.retryQueue->queued = entries;
    delta.retryQueue->length = int(entries.size());
    return delta;
}
} // namespace

class TestRetryQueue : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rowsShowCountdownAttemptOutcomeBackoff();
    void runNowForcesRetryThroughActions();
    void cancelRetryAsksThenMarksDead();
};

void TestRetryQueue::rowsShowCountdownAttemptOutcomeBackoff()
{
    qint64 now = 1'700'000'000'000;
    RetryQueueModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setNowFunction([&now] { return now; });
    model.applyDelta(queueDelta(
        {entry(QStringLiteral("b"), now + 90'000, 2), entry(QStringLiteral("a"), now + 5'000, 1)}));
    QCOMPARE(model.rowCount(), 2);
    auto text = [&model](int row, int column) {
        return model.index(row, column).data().toString();
    };
    QCOMPARE(text(0, RetryQueueModel::IdColumn), QStringLiteral("a")); // soonest first
    QCOMPARE(text(0, RetryQueueModel::AttemptColumn), QStringLiteral("1/2"));
    QCOMPARE(text(1, RetryQueueModel::AttemptColumn), QStringLiteral("2/2"));
    QCOMPARE(text(0, RetryQueueModel::OutcomeColumn), QStringLiteral("timed out"));
    QVERIFY(!text(1, RetryQueueModel::BackoffColumn).isEmpty());
    const QString before = text(1, RetryQueueModel::RunsInColumn);

    // The countdown moves with the clock; refreshTimes tells the view.
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    now += 30'000;
    model.refreshTimes();
    QCOMPARE(changed.size(), 1);
    QVERIFY(text(1, RetryQueueModel::RunsInColumn) != before);

    // Past its time it is due, and the tooltip says what it waits for.
    now += 10'000;
    QCOMPARE(text(0, RetryQueueModel::RunsInColumn), QStringLiteral("due"));
    QVERIFY(model.index(0, RetryQueueModel::RunsInColumn)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("slot")));

    // Retries restored after a restart carry the engine's reason; the row shows the outcome.
    host::RetryEntry restored = entry(QStringLiteral("r"), now + 1'000);
    restored.reason = core::RetryReason::fromText(QStringLiteral("queued-retry-2-timeout"));
    host::RetryEntry forced = entry(QStringLiteral("f"), now + 2'000);
    forced.reason = core::RetryReason::fromText(QStringLiteral("operator-retry-1"));
    model.setEntries({restored, forced});
    QCOMPARE(text(0, RetryQueueModel::OutcomeColumn), QStringLiteral("timed out"));
    QCOMPARE(model.index(0, RetryQueueModel::OutcomeColumn).data(Qt::ToolTipRole).toString(),
             QStringLiteral("worker timed out"));
    QCOMPARE(text(1, RetryQueueModel::OutcomeColumn),
             QStringLiteral("retry 1 queued by an operator"));
}

void TestRetryQueue::runNowForcesRetryThroughActions()
{
    FakeEngineLink link;
    MainWindow window(link, {});
    const WindowParts w(window);
    window.show();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    Q_EMIT link.delta(queueDelta(
        {entry(QStringLiteral("q1"), now + 60'000), entry(QStringLiteral("q2"), now + 120'000)}));
    w.tabs->setCurrentWidget(w.retryPage);

    auto *runNow = w.retryPage->findChild<QAction *>(QStringLiteral("retry.runNow"));
    auto *cancel = w.retryPage->findChild<QAction *>(QStringLiteral("retry.cancel"));
    QVERIFY(runNow && cancel);
    QVERIFY(!runNow->isEnabled()); // nothing selected yet
    QVERIFY(w.retryPage->findChild<QToolButton *>(QStringLiteral("retry.runNow.button")));

    QVERIFY(w.retryPage->view()->selectTask(QStringLiteral("q2")));
    QTRY_VERIFY(runNow->isEnabled());
    QVERIFY(cancel->isEnabled());

    link.commands.clear();
    runNow->trigger();
    QCOMPARE(link.commands.size(), 1); // a single forced retry needs no confirmation
    QCOMPARE(link.commands.constFirst().second.kind, OperatorCommand::Kind::ForceRetry);
    QCOMPARE(link.commands.constFirst().second.taskId, QStringLiteral("q2"));
    QVERIFY(w.pending->isPending(QStringLiteral("q2")));
    QTRY_VERIFY(!runNow->isEnabled()); // pending: not twice

    QSignalSpy succeeded(w.actions, &ActionController::succeeded);
    link.finishCommand(link.commands.constFirst().first, true);
    QCOMPARE(succeeded.size(), 1);
    QVERIFY(!w.pending->isPending(QStringLiteral("q2")));
}

void TestRetryQueue::cancelRetryAsksThenMarksDead()
{
    FakeEngineLink link;
    MainWindow window(link, {});
    const WindowParts w(window);
    window.show();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    Q_EMIT link.delta(queueDelta({entry(QStringLiteral("c1"), now + 60'000)}));
    w.tabs->setCurrentWidget(w.retryPage);
    QVERIFY(w.retryPage->view()->selectTask(QStringLiteral("c1")));
    auto *cancel = w.retryPage->findChild<QAction *>(QStringLiteral("retry.cancel"));
    QTRY_VERIFY(cancel->isEnabled());

    ActionDialog *dialog = nullptr;
    connect(w.actions, &ActionController::dialogOpened, this,
            [&dialog](ActionDialog *opened) { dialog = opened; });
    link.commands.clear();
    cancel->trigger();
    QVERIFY(dialog); // destructive: confirm first
    QVERIFY(link.commands.isEmpty());
    QCOMPARE(dialog->plan().eligible.size(), 1);
    dialog->accept();
    QCOMPARE(link.commands.size(), 1);
    QCOMPARE(link.commands.constFirst().second.kind, OperatorCommand::Kind::CancelRetry);
    QCOMPARE(link.commands.constFirst().second.taskId, QStringLiteral("c1"));
}

QTEST_MAIN(TestRetryQueue)
#include "tst_retryqueue.moc"
