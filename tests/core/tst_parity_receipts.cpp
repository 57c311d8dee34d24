#include "ParityData.h"
#include "core/Receipts.h"

#include <QTest>

using namespace clawops::core;

namespace {

QString line(const QString &taskId, const QString &status, int count, bool explicitNone)
{
    return QStringLiteral("%1|%2|%3|%4")
        .arg(taskId, status, QString::number(count),
             QLatin1String(explicitNone ? "true" : "false"));
}

// One line per receipt, so that a mismatch shows the whole list.
QStringList describe(const QList<WorkerReceipt> &receipts)
{
    QStringList out;
    for (const WorkerReceipt &r : receipts)
        out.append(line(r.taskId, r.status, r.verificationCount, r.explicitNoVerification));
    return out;
}

QString fence(const QString &body)
{
    return QStringLiteral("```json\n") + body + QStringLiteral("\n```");
}

} // namespace

class TestParityReceipts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void parseWorkerReceipts_data();
    void parseWorkerReceipts();

    void rawHoldsTheFencedObject();
    void laterReceiptKeepsFirstPosition();
    void jsJsonParseIsStricterThanQt_data();
    void jsJsonParseIsStricterThanQt();
    void jsJsonParseKeepsJavaScriptValues();
    void nestingBeyondLimitFallsBackToRegex();

private:
    QJsonArray m_cases;
};

void TestParityReceipts::initTestCase()
{
    const QJsonValue cases = parity::loadCases("receipts.json");
    PARITY_REQUIRE_ROWS(cases);
    m_cases = cases.toArray();
}

void TestParityReceipts::parseWorkerReceipts_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("expected");
    for (qsizetype i = 0; i < m_cases.size(); ++i) {
        const QJsonValue row = m_cases.at(i);
        QStringList expected;
        for (const QJsonValue r : parity::member(row, "expected").toArray()) {
            expected.append(line(parity::text(parity::member(r, "taskId")),
                                 parity::text(parity::member(r, "status")),
                                 parity::member(r, "verificationCount").toInt(),
                                 parity::member(r, "explicitNoVerification").toBool()));
        }
        QTest::newRow(parity::rowName(i, parity::text(parity::member(row, "name"))).constData())
            << parity::text(parity::member(row, "text")) << expected;
    }
}

void TestParityReceipts::parseWorkerReceipts()
{
    QFETCH(QString, text);
    QFETCH(QStringList, expected);
    QCOMPARE(describe(clawops::core::parseWorkerReceipts(text)), expected);
}

void TestParityReceipts::rawHoldsTheFencedObject()
{
    const QString text =
        QStringLiteral("Done.\n") +
        fence(QStringLiteral(R"({"task_id":"t-a1","status":"blocked",)"
                             R"("blockers":[{"type":"auth","message":"need a token"}],)"
                             R"("summary":"waiting"})"));
    const QList<WorkerReceipt> receipts = clawops::core::parseWorkerReceipts(text);
    QCOMPARE(receipts.size(), 1);
    const QJsonObject raw = receipts.first().raw;
    QCOMPARE(raw.value(QLatin1String("summary")).toString(), QStringLiteral("waiting"));
    QCOMPARE(raw.value(QLatin1String("blockers")).toArray().size(), 1);

    const QList<WorkerReceipt> fallback = clawops::core::parseWorkerReceipts(
        QStringLiteral(R"(no fence: "task_id": "t-a1", "status": "failed")"));
    QCOMPARE(fallback.size(), 1);
    QVERIFY(fallback.first().raw.isEmpty());
}

void TestParityReceipts::laterReceiptKeepsFirstPosition()
{
    const QString text =
        fence(QStringLiteral(R"({"task_id":"a","status":"completed"})")) +
        fence(QStringLiteral(R"([{"task_id":"b","status":"blocked"},)"
                             R"({"task_id":"a","status":"failed","verification":[1,2,3]}])"));
    const QList<WorkerReceipt> receipts = clawops::core::parseWorkerReceipts(text);
    QCOMPARE(describe(receipts), QStringList({QStringLiteral("a|failed|3|false"),
                                              QStringLiteral("b|blocked|0|false")}));
    QCOMPARE(receipts.first().raw.value(QLatin1String("verification")).toArray().size(), 3);
}

void TestParityReceipts::jsJsonParseIsStricterThanQt_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("raw tab") << QStringLiteral("{\"a\":\"x\ty\"}");
    QTest::newRow("trailing dot") << QStringLiteral("[1.]");
    QTest::newRow("leading dot") << QStringLiteral("[.5]");
    QTest::newRow("unknown escape") << QStringLiteral(R"(["\x41"])");
    QTest::newRow("leading bom") << QStringLiteral(u"\uFEFF{}");
    QTest::newRow("trailing nbsp") << QStringLiteral(u"{}\u00A0");
    QTest::newRow("trailing comma") << QStringLiteral("[1,]");
    QTest::newRow("leading zero") << QStringLiteral("[01]");
    QTest::newRow("short unicode escape") << QStringLiteral(R"(["\u12"])");
    QTest::newRow("empty") << QString();
}

void TestParityReceipts::jsJsonParseIsStricterThanQt()
{
    QFETCH(QString, text);
    QVERIFY(!parseJsJson(text).has_value());
}

void TestParityReceipts::jsJsonParseKeepsJavaScriptValues()
{
    const std::optional<QJsonValue> scalar = parseJsJson(QStringLiteral(" 42 "));
    QVERIFY(scalar.has_value());
    QCOMPARE(scalar->toDouble(), 42.0);

    const std::optional<QJsonValue> big =
        parseJsJson(QStringLiteral("[1e400,-1e400,1e-400,5e-324]"));
    QVERIFY(big.has_value());
    const QJsonArray numbers = big->toArray();
    QCOMPARE(numbers.at(0).toDouble(), std::numeric_limits<double>::infinity());
    QCOMPARE(numbers.at(1).toDouble(), -std::numeric_limits<double>::infinity());
    QCOMPARE(numbers.at(2).toDouble(), 0.0);
    QCOMPARE(numbers.at(3).toDouble(), std::numeric_limits<double>::denorm_min());

    const std::optional<QJsonValue> lone =
        parseJsJson(QStringLiteral(R"({"k":"\ud800","k":"x\udc00"})"));
    QVERIFY(lone.has_value());
    const QString value = lone->toObject().value(QLatin1String("k")).toString();
    QCOMPARE(value.size(), 2);
    QCOMPARE(value.at(1).unicode(), char16_t(0xDC00));
}

void TestParityReceipts::nestingBeyondLimitFallsBackToRegex()
{
    // A documented deviation: JSON.parse would accept this nesting and report verification [].
    const QString deep = QString(1500, QLatin1Char('[')) + QString(1500, QLatin1Char(']'));
    const QString text =
        fence(QStringLiteral(R"({"task_id":"d","status":"completed",)") +
              QStringLiteral(R"("verification":[],"x":)") + deep + QLatin1Char('}'));
    QCOMPARE(describe(clawops::core::parseWorkerReceipts(text)),
             QStringList(QStringLiteral("d|completed|0|false")));
}

QTEST_GUILESS_MAIN(TestParityReceipts)
#include "tst_parity_receipts.moc"
