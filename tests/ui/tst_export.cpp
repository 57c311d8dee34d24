// Export: a task's history as JSON and a task list as CSV, from the engine's answers, written
// without waiting on the engine; and the window's export actions on the tab shown.
#include "FakeEngineLink.h"
#include "WindowParts.h"
#include "export/ExportController.h"
#include "export/TaskExport.h"
#include "models/InboxModel.h"
#include "models/ModelRoles.h"
#include "models/TaskTableModel.h"
#include "views/InboxPage.h"
#include "views/MainWindow.h"
#include "views/NoticeArea.h"
#include "views/TaskTableView.h"

#include <QAction>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace clawops;
using namespace clawops::ui;
using namespace clawops::ui::test;
using core::TaskState;

class TestExport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void historyJsonHoldsEverything();
    void csvEscapesFields();
    void historyWaitsForTheTranscript();
    void historyWithoutAnAnsweringGateway();
    void historyOfAnUnknownTask();
    void csvHoldsTheWholeView();
    void unwritablePathIsANotice();
    void windowExportsTheTabShown();
};

namespace {

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

host::TaskDetail sampleDetail()
{
    host::TaskDetail detail;
    detail.found = true;
    detail.task = makeTask(4, TaskState::NeedsVerification, 1'700'000'060'000);
    detail.task.receiptJson =
        QStringLiteral(R"({"status":"completed","verification":[{"kind":"command",)"
                       R"("value":"make test","expected":"exit 0"}]})");
    core::TaskRecord first = makeTask(4, TaskState::Failed, 1'700'000'000'000);
    first.taskId = core::TaskId(QStringLiteral("000000000004-a0"));
    first.attempt = 1;
    detail.attempts = {first, detail.task};
    detail.transitions = {
        {detail.task.taskId, 1'700'000'010'000, std::nullopt, TaskState::Leased,
         core::TransitionCause::of(core::TransitionCause::Kind::SpawnRequested)},
        {detail.task.taskId, 1'700'000'060'000, TaskState::Running, TaskState::NeedsVerification,
         core::TransitionCause::of(
             core::TransitionCause::Kind::ReportedCompletedAwaitingVerification)},
    };
    core::AuditRecord audit;
    audit.at = 1'700'000'070'000;
    audit.operatorName = QStringLiteral("ada");
    audit.action = QStringLiteral("answer");
    audit.taskId = detail.task.taskId;
    audit.result = QStringLiteral("ok");
    audit.detail = QStringLiteral("Use the staging database, \"db2\".");
    core::AuditRecord tick = audit;
    tick.action = QStringLiteral("check_item");
    tick.detail = QStringLiteral("make check");
    tick.check = core::CheckMark{2, true};
    detail.audits = {audit, tick};
    core::SuppressedSpawnRecord suppressed;
    suppressed.at = 1'700'000'020'000;
    suppressed.activeTaskId = detail.task.taskId;
    suppressed.spawnRef = QStringLiteral("ref-9");
    detail.suppressed = {suppressed};
    return detail;
}

} // namespace

void TestExport::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("ClawOpsTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_export"));
}

void TestExport::historyJsonHoldsEverything()
{
    const host::TaskDetail detail = sampleDetail();
    host::Transcript transcript;
    transcript.sessionKey = detail.task.workerSessionKey.str();
    transcript.lines = {
        {QStringLiteral("assistant"), QStringLiteral("Checks pass."), 1'700'000'050'000}};
    const QJsonObject root =
        QJsonDocument::fromJson(TaskExport::historyJson(detail, transcript, 1'700'000'080'000))
            .object();
    QCOMPARE(root.value(QStringLiteral("format")).toString(),
             QStringLiteral("clawops-task-history"));
    QCOMPARE(root.value(QStringLiteral("exportedAt")).toString(),
             QStringLiteral("2023-11-14T22:14:40.000Z"));
    const QJsonObject task = root.value(QStringLiteral("task")).toObject();
    QCOMPARE(task.value(QStringLiteral("taskId")).toString(), detail.task.taskId.str());
    QCOMPARE(task.value(QStringLiteral("state")).toString(), QStringLiteral("needs_verification"));
    QCOMPARE(task.value(QStringLiteral("spec")).toObject().value(QStringLiteral("kind")).toString(),
             QStringLiteral("worker"));
    // The receipt as an object, not as escaped text.
    QCOMPARE(root.value(QStringLiteral("receipt"))
                 .toObject()
                 .value(QStringLiteral("verification"))
                 .toArray()
                 .size(),
             1);
    QCOMPARE(root.value(QStringLiteral("attempts")).toArray().size(), 2);
    const QJsonArray transitions = root.value(QStringLiteral("transitions")).toArray();
    QCOMPARE(transitions.size(), 2);
    QVERIFY(transitions.at(0).toObject().value(QStringLiteral("from")).isNull());
    QCOMPARE(transitions.at(1).toObject().value(QStringLiteral("to")).toString(),
             QStringLiteral("needs_verification"));
    QCOMPARE(transitions.at(1).toObject().value(QStringLiteral("cause")).toString(),
             detail.transitions.at(1).cause.toText());
    const QJsonObject audit = root.value(QStringLiteral("audit")).toArray().at(0).toObject();
    QCOMPARE(audit.value(QStringLiteral("operator")).toString(), QStringLiteral("ada"));
    QCOMPARE(audit.value(QStringLiteral("detail")).toString(),
             QStringLiteral("Use the staging database, \"db2\"."));
    QVERIFY(!audit.contains(QStringLiteral("check")));
    const QJsonObject check = root.value(QStringLiteral("audit"))
                                  .toArray()
                                  .at(1)
                                  .toObject()
                                  .value(QStringLiteral("check"))
                                  .toObject();
    QCOMPARE(check.value(QStringLiteral("index")).toInt(), 2);
    QVERIFY(check.value(QStringLiteral("ticked")).toBool());
    QCOMPARE(root.value(QStringLiteral("suppressedDuplicates")).toArray().size(), 1);
    const QJsonObject tail = root.value(QStringLiteral("transcriptTail")).toObject();
    QCOMPARE(tail.value(QStringLiteral("lines"))
                 .toArray()
                 .at(0)
                 .toObject()
                 .value(QStringLiteral("text")),
             QJsonValue(QStringLiteral("Checks pass.")));

    // A receipt that is not JSON stays as the worker wrote it; no transcript is null.
    host::TaskDetail broken = detail;
    broken.task.receiptJson = QStringLiteral("not { json");
    const QJsonObject again =
        QJsonDocument::fromJson(TaskExport::historyJson(broken, std::nullopt, 0)).object();
    QCOMPARE(again.value(QStringLiteral("receipt")).toString(), QStringLiteral("not { json"));
    QVERIFY(again.value(QStringLiteral("transcriptTail")).isNull());
}

void TestExport::csvEscapesFields()
{
    QCOMPARE(TaskExport::csvField(QStringLiteral("plain")), QStringLiteral("plain"));
    QCOMPARE(TaskExport::csvField(QStringLiteral("a,b")), QStringLiteral("\"a,b\""));
    QCOMPARE(TaskExport::csvField(QStringLiteral("say \"hi\"")),
             QStringLiteral("\"say \"\"hi\"\"\""));
    QCOMPARE(TaskExport::csvField(QStringLiteral("two\nlines")), QStringLiteral("\"two\nlines\""));
    QCOMPARE(TaskExport::csvField(QStringLiteral("=HYPERLINK(1)")),
             QStringLiteral("'=HYPERLINK(1)"));
    QCOMPARE(TaskExport::csvField(QStringLiteral("-1,2")), QStringLiteral("\"'-1,2\""));

    core::TaskRecord task = makeTask(1, TaskState::Failed, 1'700'000'000'000);
    task.label = QStringLiteral("build, \"fast\"");
    const QList<QByteArray> lines = TaskExport::tasksCsv({task}).split('\n');
    QCOMPARE(lines.size(), 3); // header, row, empty after the last CRLF
    QVERIFY(lines.at(0).startsWith("task_id,task_key,label,state,attempt"));
    QVERIFY(lines.at(0).endsWith('\r'));
    QVERIFY(lines.at(1).startsWith(task.taskId.str().toUtf8() + ',' + task.taskKey.str().toUtf8() +
                                   ",\"build, \"\"fast\"\"\",failed,"));
    QVERIFY(lines.at(1).contains(",2023-11-14T22:13:20.000Z,"));
}

void TestExport::historyWaitsForTheTranscript()
{
    QTemporaryDir dir;
    FakeEngineLink link;
    const core::TaskRecord task = makeTask(4, TaskState::NeedsVerification, 1'700'000'000'000);
    link.upsert({task}, false);
    ExportController exporter(link, nullptr);
    QString path = dir.filePath(QStringLiteral("history.json"));
    QString suggested;
    exporter.setPathChooser([&](const QString &, const QString &name, const QString &) {
        suggested = name;
        return path;
    });
    QSignalSpy done(&exporter, &ExportController::succeeded);
    exporter.exportHistory(task.taskId.str());
    QCOMPARE(suggested, QStringLiteral("task-000000000004-a1-history.json"));
    QCOMPARE(link.detailRequests.size(), 1);
    link.answerDetails();
    // The worker's transcript is asked for; nothing is written before it comes.
    QCOMPARE(link.transcriptRequests.size(), 1);
    QCOMPARE(link.transcriptRequests.constFirst().second, task.workerSessionKey.str());
    QVERIFY(!QFile::exists(path));
    host::Transcript transcript;
    transcript.sessionKey = task.workerSessionKey.str();
    transcript.lines = {{QStringLiteral("assistant"), QStringLiteral("done"), 1}};
    Q_EMIT link.transcriptReady(link.transcriptRequests.constFirst().first, transcript);
    QCOMPARE(done.size(), 1);
    const QJsonObject root = QJsonDocument::fromJson(readAll(path)).object();
    QCOMPARE(root.value(QStringLiteral("task")).toObject().value(QStringLiteral("taskId")),
             QJsonValue(task.taskId.str()));
    QCOMPARE(root.value(QStringLiteral("transcriptTail"))
                 .toObject()
                 .value(QStringLiteral("lines"))
                 .toArray()
                 .size(),
             1);
    // A late second answer to the same request changes nothing.
    Q_EMIT link.transcriptReady(link.transcriptRequests.constFirst().first, transcript);
    QCOMPARE(done.size(), 1);
}

void TestExport::historyWithoutAnAnsweringGateway()
{
    QTemporaryDir dir;
    FakeEngineLink link;
    const core::TaskRecord task = makeTask(3, TaskState::NeedsInput, 1'700'000'000'000);
    link.upsert({task}, false);
    ExportController exporter(link, nullptr);
    exporter.setTranscriptTimeoutMs(20);
    QString path = dir.filePath(QStringLiteral("h.json"));
    exporter.setPathChooser(
        [&](const QString &, const QString &, const QString &) { return path; });
    QSignalSpy done(&exporter, &ExportController::succeeded);
    exporter.exportHistory(task.taskId.str());
    link.answerDetails();
    QVERIFY(done.wait(2000));
    const QJsonObject tail = QJsonDocument::fromJson(readAll(path))
                                 .object()
                                 .value(QStringLiteral("transcriptTail"))
                                 .toObject();
    QVERIFY(tail.value(QStringLiteral("lines")).toArray().isEmpty());
    QVERIFY(tail.value(QStringLiteral("error")).toString().contains(QStringLiteral("in time")));
}

void TestExport::historyOfAnUnknownTask()
{
    QTemporaryDir dir;
    FakeEngineLink link;
    ExportController exporter(link, nullptr);
    QString path = dir.filePath(QStringLiteral("none.json"));
    exporter.setPathChooser(
        [&](const QString &, const QString &, const QString &) { return path; });
    QSignalSpy failed(&exporter, &ExportController::failed);
    exporter.exportHistory(QStringLiteral("nope"));
    link.answerDetails();
    QCOMPARE(failed.size(), 1);
    QVERIFY(!QFile::exists(path));

    // A cancelled file dialog asks the engine nothing.
    exporter.setPathChooser(
        [](const QString &, const QString &, const QString &) { return QString(); });
    exporter.exportHistory(QStringLiteral("nope"));
    QVERIFY(link.detailRequests.isEmpty());
}

void TestExport::csvHoldsTheWholeView()
{
    QTemporaryDir dir;
    FakeEngineLink link;
    QList<core::TaskRecord> tasks;
    for (int i = 0; i < 300; ++i)
        tasks.append(makeTask(i, TaskState(i % 8), 1'700'000'000'000 + qint64{i} * 1000));
    link.upsert(tasks, false);
    ExportController exporter(link, nullptr);
    QString path = dir.filePath(QStringLiteral("view.csv"));
    exporter.setPathChooser(
        [&](const QString &, const QString &, const QString &) { return path; });
    QSignalSpy done(&exporter, &ExportController::succeeded);
    core::TaskQuery query;
    query.states = {TaskState::Failed, TaskState::Dead};
    query.sortKey = core::TaskSortKey::CreatedAt;
    query.descending = false;
    query.limit = 20; // a page of the view; the file holds all of it
    query.offset = 40;
    exporter.exportTasks(query, QStringLiteral("x.csv"));
    QCOMPARE(link.answerPages(), 1);
    QCOMPARE(done.size(), 1);
    const QList<QByteArray> lines = readAll(path).split('\n');
    core::TaskQuery whole = query;
    whole.offset = 0;
    const QList<core::TaskRecord> expected = link.oracle(whole);
    QCOMPARE(expected.size(), 74); // 300 tasks over 8 states: 37 failed, 37 dead
    QCOMPARE(lines.size(), 1 + expected.size() + 1);
    for (int i = 0; i < expected.size(); ++i)
        QVERIFY(lines.at(i + 1).startsWith(expected.at(i).taskId.str().toUtf8() + ','));
}

void TestExport::unwritablePathIsANotice()
{
    FakeEngineLink link;
    link.upsert({makeTask(1, TaskState::Done, 1'700'000'000'000)}, false);
    ExportController exporter(link, nullptr);
    exporter.setPathChooser([](const QString &, const QString &, const QString &) {
        return QStringLiteral("/nonexistent-dir-for-clawops/x.csv");
    });
    QSignalSpy failed(&exporter, &ExportController::failed);
    exporter.exportTasks({}, QStringLiteral("x.csv"));
    link.answerPages();
    QCOMPARE(failed.size(), 1);
    QVERIFY(
        failed.constFirst().constFirst().toString().contains(QStringLiteral("Could not write")));
}

void TestExport::windowExportsTheTabShown()
{
    QTemporaryDir dir;
    FakeEngineLink link;
    QList<core::TaskRecord> tasks;
    for (int i = 0; i < 40; ++i)
        tasks.append(makeTask(i, TaskState(i % 8), 1'700'000'000'000 + qint64{i} * 1000));
    link.upsert(tasks, false);
    MainWindow window(link, {});
    const WindowParts w(window);
    window.show();
    link.answerPages();
    auto *exporter = named<ExportController>(window, QStringLiteral("exporter"));
    QString path;
    exporter->setPathChooser([&](const QString &, const QString &name, const QString &) {
        path = dir.filePath(name);
        return path;
    });

    // The Inbox tab: the CSV holds the inbox's tasks.
    w.tabs->setCurrentWidget(w.inboxPage);
    named<QAction>(window, QStringLiteral("action.exportView"))->trigger();
    link.answerPages();
    QCOMPARE(QFileInfo(path).fileName(), QStringLiteral("clawops-inbox.csv"));
    QCOMPARE(readAll(path).count('\n'), 1 + w.inboxModel->rowCount());

    // The history of the selected row.
    const QString id = w.inboxModel->index(0, 0).data(TaskIdRole).toString();
    QVERIFY(w.inboxPage->view()->selectTask(id));
    named<QAction>(window, QStringLiteral("action.exportHistory"))->trigger();
    link.answerDetails(); // the detail panel's request and the exporter's
    QCOMPARE(link.transcriptRequests.size(), 1);
    Q_EMIT link.transcriptReady(link.transcriptRequests.constFirst().first, host::Transcript{});
    QCOMPARE(QFileInfo(path).fileName(), QStringLiteral("task-%1-history.json").arg(id));
    QCOMPARE(QJsonDocument::fromJson(readAll(path))
                 .object()
                 .value(QStringLiteral("task"))
                 .toObject()
                 .value(QStringLiteral("taskId"))
                 .toString(),
             id);
    QVERIFY(
        named<QAction>(window, QStringLiteral("action.exportView"))
            ->toolTip()
            .contains(
                QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E).toString(QKeySequence::NativeText)));
}

QTEST_MAIN(TestExport)
#include "tst_export.moc"
