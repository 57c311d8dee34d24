// Waiting limits: a task that waits for the operator longer than its state's limit is marked in
// the Inbox (a red badge in the Waiting column, a count above the table, the tab title) and
// announced once per wait with a desktop notification.
#include "FakeEngineLink.h"
#include "WindowParts.h"
#include "models/InboxModel.h"
#include "models/ModelRoles.h"
#include "notify/TrayNotifier.h"
#include "notify/WaitingLimits.h"
#include "views/InboxPage.h"
#include "views/MainWindow.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QDialog>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>

using namespace clawops;
using namespace clawops::ui;
using namespace clawops::ui::test;
using core::TaskState;

class TestWaitingLimits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void escalatesOncePerWait();
    void composesOneNotification();
    void inboxMarksOverdueRows();
    void windowBadgesAndNotifies();
};

namespace {
constexpr qint64 kMinute = 60000;
const qint64 kNow = 1'700'000'000'000;
} // namespace

void TestWaitingLimits::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("ClawOpsTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_waitinglimits"));
}

void TestWaitingLimits::init()
{
    QSettings().clear();
}

void TestWaitingLimits::escalatesOncePerWait()
{
    WaitingLimits limits;
    WaitingLimitConfig config;
    config.needsInputMs = 30 * kMinute;
    config.needsVerificationMs = 0; // no limit
    limits.setConfig(config);
    QVERIFY(limits.isOverdue(TaskState::NeedsInput, kNow - 30 * kMinute, kNow));
    QVERIFY(!limits.isOverdue(TaskState::NeedsInput, kNow - 29 * kMinute, kNow));
    QVERIFY(!limits.isOverdue(TaskState::NeedsVerification, kNow - 600 * kMinute, kNow));
    QVERIFY(!limits.isOverdue(TaskState::Running, kNow - 600 * kMinute, kNow));

    const WaitingTask a{QStringLiteral("a"), QStringLiteral("A"), TaskState::NeedsInput,
                        kNow - 40 * kMinute};
    const WaitingTask b{QStringLiteral("b"), QStringLiteral("B"), TaskState::NeedsInput,
                        kNow - 10 * kMinute};
    const WaitingTask c{QStringLiteral("c"), QStringLiteral("C"), TaskState::NeedsVerification,
                        kNow - 90 * kMinute};
    QList<WaitingTask> fresh = limits.newlyOverdue({a, b, c}, kNow);
    QCOMPARE(fresh.size(), 1);
    QCOMPARE(fresh.constFirst().taskId, QStringLiteral("a"));
    // Once per wait.
    QVERIFY(limits.newlyOverdue({a, b, c}, kNow + kMinute).isEmpty());
    // b crosses its limit later.
    fresh = limits.newlyOverdue({a, b, c}, kNow + 20 * kMinute);
    QCOMPARE(fresh.size(), 1);
    QCOMPARE(fresh.constFirst().taskId, QStringLiteral("b"));
    // a was answered and came back: a new wait, escalated again when it is too long.
    WaitingTask again = a;
    again.waitingSinceMs = kNow + 21 * kMinute;
    QVERIFY(limits.newlyOverdue({again, b}, kNow + 22 * kMinute).isEmpty());
    QCOMPARE(limits.newlyOverdue({again, b}, kNow + 52 * kMinute).size(), 1);
    // A task that left the Inbox is forgotten; coming back with the same wait counts anew.
    QVERIFY(limits.newlyOverdue({b}, kNow + 53 * kMinute).isEmpty());
    QCOMPARE(limits.newlyOverdue({again, b}, kNow + 54 * kMinute).size(), 1);
}

void TestWaitingLimits::composesOneNotification()
{
    WaitingLimitConfig config;
    const QList<WaitingTask> one = {{QStringLiteral("a"), QStringLiteral("deploy docs"),
                                     TaskState::NeedsInput, kNow - 45 * kMinute}};
    Notification single = WaitingLimits::compose(one, config);
    QCOMPARE(single.taskId, QStringLiteral("a"));
    QVERIFY(single.critical);
    QVERIFY(single.title.contains(QStringLiteral("deploy docs")));
    QVERIFY2(single.body.contains(QStringLiteral("30 min")), qPrintable(single.body));
    QList<WaitingTask> many;
    for (int i = 0; i < 5; ++i)
        many.append({QStringLiteral("t%1").arg(i), QStringLiteral("task %1").arg(i),
                     i == 4 ? TaskState::NeedsVerification : TaskState::NeedsInput, 0});
    const Notification batch = WaitingLimits::compose(many, config);
    QCOMPARE(batch.taskCount, 5);
    QCOMPARE(batch.counts.value(NotificationKind::NeedsInput), 4);
    QCOMPARE(batch.counts.value(NotificationKind::NeedsVerification), 1);
    QVERIFY2(batch.title.startsWith(QStringLiteral("5 task")), qPrintable(batch.title));
    QVERIFY(batch.body.contains(QStringLiteral("and 2 more")));
    QCOMPARE(WaitingLimits::limitText(120 * kMinute), QStringLiteral("2 h"));
    QCOMPARE(WaitingLimits::limitText(45 * kMinute), QStringLiteral("45 min"));
}

void TestWaitingLimits::inboxMarksOverdueRows()
{
    FakeEngineLink link;
    link.upsert({makeTask(3, TaskState::NeedsInput, kNow - 45 * kMinute),
                 makeTask(11, TaskState::NeedsInput, kNow - 5 * kMinute),
                 makeTask(12, TaskState::NeedsVerification, kNow - 90 * kMinute)},
                false);
    InboxModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    qint64 now = kNow;
    model.setNowFunction([&now] { return now; });
    model.subscribe(link);
    model.reload(); // the first request went out before there was an engine to ask
    link.answerPages();
    QCOMPARE(model.rowCount(), 3);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    WaitingLimitConfig config;
    config.needsInputMs = 40 * kMinute;
    config.needsVerificationMs = 0;
    model.setWaitingLimits(config);
    QVERIFY(!changed.isEmpty()); // the marks are repainted
    const auto overdue = [&model](const QString &id) {
        return model.index(model.rowOf(id), InboxModel::WaitingColumn).data(OverdueRole).toBool();
    };
    const QString late = makeTask(3, TaskState::NeedsInput, 0).taskId.str();
    const QString fresh = makeTask(11, TaskState::NeedsInput, 0).taskId.str();
    const QString verifying = makeTask(12, TaskState::NeedsVerification, 0).taskId.str();
    QVERIFY(overdue(late));
    QVERIFY(!overdue(fresh));
    QVERIFY(!overdue(verifying)); // no limit for needs_verification
    const QModelIndex cell = model.index(model.rowOf(late), InboxModel::WaitingColumn);
    QVERIFY(cell.data(Qt::ForegroundRole).isValid());
    QVERIFY(cell.data(Qt::DecorationRole).isValid());
    QVERIFY(cell.data(Qt::ToolTipRole).toString().contains(QStringLiteral("40 min")));
    QVERIFY(!model.index(model.rowOf(fresh), InboxModel::WaitingColumn)
                 .data(Qt::ForegroundRole)
                 .isValid());
    QCOMPARE(model.overdueCount(now), 1);
    now += 40 * kMinute;
    QCOMPARE(model.overdueCount(now), 2);
    config.needsVerificationMs = 60 * kMinute;
    model.setWaitingLimits(config);
    QCOMPARE(model.overdueCount(now), 3);
    QCOMPARE(model.waitingTasks().size(), 3);
}

void TestWaitingLimits::windowBadgesAndNotifies()
{
    {
        QSettings settings;
        settings.setValue(QStringLiteral("console/clockTickMs"), 250);
    }
    FakeEngineLink link;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const core::TaskRecord late = makeTask(3, TaskState::NeedsInput, now - 45 * kMinute);
    link.upsert({late, makeTask(11, TaskState::NeedsInput, now - 5 * kMinute),
                 makeTask(12, TaskState::NeedsVerification, now - 3 * kMinute)},
                false);
    MainWindow window(link, {});
    const WindowParts w(window);
    auto *notifier = window.findChild<TrayNotifier *>();
    QVERIFY(notifier);
    QSignalSpy notified(notifier, &TrayNotifier::notified);
    window.show();
    link.answerPages();
    Q_EMIT link.delta(link.deltaFor({}));

    QTRY_COMPARE(notified.size(), 1);
    const auto notification = notified.constFirst().constFirst().value<Notification>();
    QCOMPARE(notification.taskId, late.taskId.str());
    QVERIFY(notification.critical);
    auto *badge = named<QLabel>(window, QStringLiteral("inbox.overdue"));
    QCOMPARE(w.inboxPage->overdueShown(), 1);
    QCOMPARE(badge->text(), QStringLiteral("1 over the waiting limit"));
    QCOMPARE(w.tabs->tabText(1), QStringLiteral("Inbox (3 · 1 late)"));
    w.tabs->setCurrentWidget(w.inboxPage);
    QVERIFY(keepScreenshot(&window, QStringLiteral("inbox-waiting-limit")));
    // Announced once: further ticks stay quiet.
    QTest::qWait(800);
    QCOMPARE(notified.size(), 1);

    // The operator answers it: the task leaves, the badge goes.
    core::TaskRecord answered = late;
    answered.state = TaskState::Running;
    answered.updatedAt = QDateTime::currentMSecsSinceEpoch();
    link.upsert({answered});
    QTRY_COMPARE(w.inboxPage->overdueShown(), 0);
    QVERIFY(badge->isHidden());
    QCOMPARE(w.tabs->tabText(1), QStringLiteral("Inbox (2)"));

    // A limit set in Settings applies at once; do not disturb holds the notification back but
    // not the badge.
    named<QAction>(window, QStringLiteral("action.settings"))->trigger();
    auto *settings = named<QDialog>(window, QStringLiteral("settingsDialog"));
    named<QSpinBox>(*settings, QStringLiteral("settings.needsInputLimitMin"))->setValue(2);
    QTest::mouseClick(named<QPushButton>(*settings, QStringLiteral("settings.apply")),
                      Qt::LeftButton);
    settings->reject();
    notifier->setDoNotDisturb(true);
    QTRY_COMPARE(w.inboxPage->overdueShown(), 1); // the 5-minute wait is over 2 minutes now
    QTest::qWait(600);
    QCOMPARE(notified.size(), 1);
    QSettings().clear();
}

QTEST_MAIN(TestWaitingLimits)
#include "tst_waitinglimits.moc"
