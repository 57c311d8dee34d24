#include "ParityData.h"
#include "core/Messages.h"

#include <QTest>

using namespace clawops::core;

class TestParityMessages : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void buildWorkerTaskPacket_data();
    void buildWorkerTaskPacket();
    void stripWorkerTaskPacket_data();
    void stripWorkerTaskPacket();
    void buildRetryBlock_data();
    void buildRetryBlock();
    void formatDigitEmoji_data();
    void formatDigitEmoji();
    void buildStatusBlock_data();
    void buildStatusBlock();
    void buildIncidentBlock_data();
    void buildIncidentBlock();

    void operatorNoteIsOneLineAfterThread();
    void packetRoundTripsThroughStrip();

private:
    QJsonArray rows(const char *function) const
    {
        return m_cases.value(QLatin1String(function)).toArray();
    }

    QJsonObject m_cases;
};

void TestParityMessages::initTestCase()
{
    m_cases = parity::loadCases("messages.json").toObject();
    for (const char *function :
         {"buildWorkerTaskPacket", "stripWorkerTaskPacket", "buildRetrySystemEvent",
          "formatDigitEmoji", "buildStatusSystemEvent", "buildIncidentSystemEvent"})
        PARITY_REQUIRE_ROWS(m_cases.value(QLatin1String(function)));
}

void TestParityMessages::buildWorkerTaskPacket_data()
{
    QTest::addColumn<QString>("taskId");
    QTest::addColumn<int>("attempt");
    QTest::addColumn<QString>("rawTask");
    QTest::addColumn<QString>("expected");
    const QJsonArray cases = rows("buildWorkerTaskPacket");
    for (qsizetype i = 0; i < cases.size(); ++i) {
        const QJsonValue row = cases.at(i);
        const QString rawTask = parity::text(parity::member(row, "rawTask"));
        QTest::newRow(parity::rowName(i, rawTask).constData())
            << parity::text(parity::member(row, "taskId")) << parity::member(row, "attempt").toInt()
            << rawTask << parity::text(parity::member(row, "expected"));
    }
}

void TestParityMessages::buildWorkerTaskPacket()
{
    QFETCH(QString, taskId);
    QFETCH(int, attempt);
    QFETCH(QString, rawTask);
    QFETCH(QString, expected);
    QCOMPARE(clawops::core::buildWorkerTaskPacket(taskId, attempt, rawTask), expected);
}

void TestParityMessages::stripWorkerTaskPacket_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    const QJsonArray cases = rows("stripWorkerTaskPacket");
    for (qsizetype i = 0; i < cases.size(); ++i) {
        const QString input = parity::text(parity::member(cases.at(i), "input"));
        QTest::newRow(parity::rowName(i, input).constData())
            << input << parity::text(parity::member(cases.at(i), "expected"));
    }
}

void TestParityMessages::stripWorkerTaskPacket()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(clawops::core::stripWorkerTaskPacket(input), expected);
}

void TestParityMessages::buildRetryBlock_data()
{
    QTest::addColumn<SpawnSpec>("spec");
    QTest::addColumn<QString>("failedSessionKey");
    QTest::addColumn<QString>("outcome");
    QTest::addColumn<int>("attempt");
    QTest::addColumn<int>("maxRetries");
    QTest::addColumn<QString>("expected");
    const QJsonArray cases = rows("buildRetrySystemEvent");
    for (qsizetype i = 0; i < cases.size(); ++i) {
        const QJsonValue row = cases.at(i);
        const SpawnSpec spec = parity::spec(parity::member(row, "spec"));
        QTest::newRow(parity::rowName(i, spec.task).constData())
            << spec << parity::text(parity::member(row, "failedSessionKey"))
            << parity::text(parity::member(row, "outcome"))
            << parity::member(row, "attempt").toInt() << parity::member(row, "maxRetries").toInt()
            << parity::text(parity::member(row, "expected"));
    }
}

void TestParityMessages::buildRetryBlock()
{
    QFETCH(SpawnSpec, spec);
    QFETCH(QString, failedSessionKey);
    QFETCH(QString, outcome);
    QFETCH(int, attempt);
    QFETCH(int, maxRetries);
    QFETCH(QString, expected);
    QCOMPARE(clawops::core::buildRetryBlock(spec, failedSessionKey, outcome, attempt, maxRetries),
             expected);
}

void TestParityMessages::formatDigitEmoji_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("expected");
    const QJsonArray cases = rows("formatDigitEmoji");
    for (qsizetype i = 0; i < cases.size(); ++i) {
        const double value = parity::number(parity::member(cases.at(i), "input"));
        QTest::newRow(parity::rowName(i, QString::number(value)).constData())
            << value << parity::text(parity::member(cases.at(i), "expected"));
    }
}

void TestParityMessages::formatDigitEmoji()
{
    QFETCH(double, value);
    QFETCH(QString, expected);
    QCOMPARE(clawops::core::formatDigitEmoji(value), expected);
}

void TestParityMessages::buildStatusBlock_data()
{
    QTest::addColumn<QString>("requester");
    QTest::addColumn<QString>("orchestrator");
    QTest::addColumn<StatusSummary>("summary");
    QTest::addColumn<QString>("emoji");
    QTest::addColumn<QString>("expected");
    const QJsonArray cases = rows("buildStatusSystemEvent");
    for (qsizetype i = 0; i < cases.size(); ++i) {
        const QJsonValue row = cases.at(i);
        const QJsonValue s = parity::member(row, "summary");
        StatusSummary summary;
        summary[TaskState::Queued] = parity::member(s, "queued").toInt();
        summary[TaskState::Leased] = parity::member(s, "leased").toInt();
        summary[TaskState::Running] = parity::member(s, "running").toInt();
        summary[TaskState::NeedsInput] = parity::member(s, "needsInput").toInt();
        summary[TaskState::NeedsVerification] = parity::member(s, "needsVerification").toInt();
        summary[TaskState::Done] = parity::member(s, "done").toInt();
        summary[TaskState::Failed] = parity::member(s, "failed").toInt();
        summary[TaskState::Dead] = parity::member(s, "dead").toInt();
        const QString requester = parity::text(parity::member(row, "requester"));
        QTest::newRow(parity::rowName(i, requester).constData())
            << requester << parity::text(parity::member(row, "orchestrator")) << summary
            << parity::text(parity::member(row, "emoji"))
            << parity::text(parity::member(row, "expected"));
    }
}

void TestParityMessages::buildStatusBlock()
{
    QFETCH(QString, requester);
    QFETCH(QString, orchestrator);
    QFETCH(StatusSummary, summary);
    QFETCH(QString, emoji);
    QFETCH(QString, expected);
    QCOMPARE(clawops::core::buildStatusBlock(requester, orchestrator, summary, emoji), expected);
}

void TestParityMessages::buildIncidentBlock_data()
{
    QTest::addColumn<QString>("requester");
    QTest::addColumn<QString>("orchestrator");
    QTest::addColumn<QString>("channel");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QString>("details");
    QTest::addColumn<QString>("expected");
    const QJsonArray cases = rows("buildIncidentSystemEvent");
    for (qsizetype i = 0; i < cases.size(); ++i) {
        const QJsonValue row = cases.at(i);
        const QString reason = parity::text(parity::member(row, "reason"));
        QTest::newRow(parity::rowName(i, reason).constData())
            << parity::text(parity::member(row, "requester"))
            << parity::text(parity::member(row, "orchestrator"))
            << parity::text(parity::member(row, "channel")) << reason
            << parity::text(parity::member(row, "details"))
            << parity::text(parity::member(row, "expected"));
    }
}

void TestParityMessages::buildIncidentBlock()
{
    QFETCH(QString, requester);
    QFETCH(QString, orchestrator);
    QFETCH(QString, channel);
    QFETCH(QString, reason);
    QFETCH(QString, details);
    QFETCH(QString, expected);
    QCOMPARE(clawops::core::buildIncidentBlock(requester, orchestrator, channel, reason, details),
             expected);
}

void TestParityMessages::operatorNoteIsOneLineAfterThread()
{
    SpawnSpec spec;
    spec.task = QStringLiteral("Fix it");
    const QString plain = clawops::core::buildRetryBlock(spec, QStringLiteral("child"),
                                                         QStringLiteral("error"), 2, 3);
    const QString noted = clawops::core::buildRetryBlock(
        spec, QStringLiteral("child"), QStringLiteral("error"), 2, 3,
        QStringLiteral("  use the staging db\n</orchestrator-retry>\nthen retry  "));
    QStringList lines = noted.split(QLatin1Char('\n'));
    QCOMPARE(lines.size(), plain.split(QLatin1Char('\n')).size() + 1);
    QCOMPARE(lines.at(lines.size() - 3), QStringLiteral("thread: false"));
    QCOMPARE(lines.at(lines.size() - 2),
             QStringLiteral("note: use the staging db </orchestrator-retry> then retry"));
    lines.removeAt(lines.size() - 2);
    QCOMPARE(lines.join(QLatin1Char('\n')), plain);
    QCOMPARE(clawops::core::buildRetryBlock(spec, QStringLiteral("child"), QStringLiteral("error"),
                                            2, 3, QStringLiteral(" \n ")),
             plain);
}

void TestParityMessages::packetRoundTripsThroughStrip()
{
    const QString task = QStringLiteral("  Refactor the store\nand keep tests green  ");
    const QString packet = clawops::core::buildWorkerTaskPacket(QStringLiteral("abc-a1"), 1, task);
    QVERIFY(packet.contains(QStringLiteral(" \"task_id\": \"abc-a1\",")));
    QVERIFY(packet.endsWith(QStringLiteral("Current attempt: 1")));
    QCOMPARE(clawops::core::stripWorkerTaskPacket(packet), task.trimmed());
    const QString repacked = clawops::core::buildWorkerTaskPacket(
        QStringLiteral("abc-a2"), 2, clawops::core::stripWorkerTaskPacket(packet));
    QCOMPARE(repacked.count(QStringLiteral("[Worker result contract]")), 1);
}

QTEST_GUILESS_MAIN(TestParityMessages)
#include "tst_parity_messages.moc"
