#include "ParityData.h"
#include "core/Identity.h"

#include <QTest>

using namespace clawops::core;

class TestParityIdentity : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void shortHash_data();
    void shortHash();
    void sanitizeLabel_data();
    void sanitizeLabel();
    void taskPreview_data();
    void taskPreview();
    void normalizeSpawnKind_data();
    void normalizeSpawnKind();
    void inferSpawnKind_data();
    void inferSpawnKind();
    void stableTaskKey_data();
    void stableTaskKey();
    void makeTaskId_data();
    void makeTaskId();
    void mayBeTaskIdRejectsForeignNames();

    void jsTrimKeepsNextLineAndDropsBom();
    void jsToLowerHandlesFinalSigmaAndDottedI();
    void hashingEncodesLoneSurrogatesLikeNode();
    void plannerKeyIgnoresTaskTextWhenRequestIdIsSet();
    void taskPreviewMeasuresTheCompactedText();
    void taskPreviewHoldsOnlyItself();
    void taskPreviewCutsBetweenSurrogates();

private:
    QJsonArray rows(const char *function) const
    {
        return m_cases.value(QLatin1String(function)).toArray();
    }
    // Adds input/expected string rows for a function of one string.
    void addStringRows(const char *function, const char *inputKey) const;

    QJsonObject m_cases;
};

void TestParityIdentity::initTestCase()
{
    m_cases = parity::loadCases("identity.json").toObject();
    for (const char *function : {"shortHash", "sanitizeLabel", "taskPreview", "normalizeSpawnKind",
                                 "inferSpawnKind", "stableTaskKey", "makeTaskId"})
        PARITY_REQUIRE_ROWS(m_cases.value(QLatin1String(function)));
}

void TestParityIdentity::addStringRows(const char *function, const char *inputKey) const
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    const QJsonArray cases = rows(function);
    for (qsizetype i = 0; i < cases.size(); ++i) {
        const QString input = parity::text(parity::member(cases.at(i), inputKey));
        QTest::newRow(parity::rowName(i, input).constData())
            << input << parity::text(parity::member(cases.at(i), "expected"));
    }
}

void TestParityIdentity::shortHash_data()
{
    addStringRows("shortHash", "input");
}

void TestParityIdentity::shortHash()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(clawops::core::shortHash(input), expected);
}

void TestParityIdentity::sanitizeLabel_data()
{
    addStringRows("sanitizeLabel", "input");
}

void TestParityIdentity::sanitizeLabel()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(clawops::core::sanitizeLabel(input), expected);
}

void TestParityIdentity::taskPreview_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<bool>("hasMax");
    QTest::addColumn<int>("max");
    QTest::addColumn<QString>("expected");
    const QJsonArray cases = rows("taskPreview");
    for (qsizetype i = 0; i < cases.size(); ++i) {
        const QJsonValue row = cases.at(i);
        const QString input = parity::text(parity::member(row, "input"));
        const QJsonValue max = parity::member(row, "max");
        QTest::newRow(parity::rowName(i, input).constData())
            << input << max.isDouble() << max.toInt()
            << parity::text(parity::member(row, "expected"));
    }
}

void TestParityIdentity::taskPreview()
{
    QFETCH(QString, input);
    QFETCH(bool, hasMax);
    QFETCH(int, max);
    QFETCH(QString, expected);
    const QString actual =
        hasMax ? clawops::core::taskPreview(input, max) : clawops::core::taskPreview(input);
    QCOMPARE(actual, expected);
}

void TestParityIdentity::normalizeSpawnKind_data()
{
    addStringRows("normalizeSpawnKind", "input");
}

void TestParityIdentity::normalizeSpawnKind()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(clawops::core::normalizeSpawnKind(input), expected);
}

void TestParityIdentity::inferSpawnKind_data()
{
    QTest::addColumn<QString>("task");
    QTest::addColumn<QString>("label");
    QTest::addColumn<QString>("expected");
    const QJsonArray cases = rows("inferSpawnKind");
    for (qsizetype i = 0; i < cases.size(); ++i) {
        const QJsonValue row = cases.at(i);
        const QString task = parity::text(parity::member(row, "task"));
        const QString label = parity::text(parity::member(row, "label"));
        QTest::newRow(parity::rowName(i, label + u'|' + task).constData())
            << task << label << parity::text(parity::member(row, "expected"));
    }
}

void TestParityIdentity::inferSpawnKind()
{
    QFETCH(QString, task);
    QFETCH(QString, label);
    QFETCH(QString, expected);
    QCOMPARE(clawops::core::inferSpawnKind(task, label), expected);
}

void TestParityIdentity::stableTaskKey_data()
{
    QTest::addColumn<QString>("requester");
    QTest::addColumn<SpawnSpec>("spec");
    QTest::addColumn<QString>("expected");
    const QJsonArray cases = rows("stableTaskKey");
    for (qsizetype i = 0; i < cases.size(); ++i) {
        const QJsonValue row = cases.at(i);
        const SpawnSpec spec = parity::spec(parity::member(row, "spec"));
        QTest::newRow(parity::rowName(i, spec.task).constData())
            << parity::text(parity::member(row, "requester")) << spec
            << parity::text(parity::member(row, "expected"));
    }
}

void TestParityIdentity::stableTaskKey()
{
    QFETCH(QString, requester);
    QFETCH(SpawnSpec, spec);
    QFETCH(QString, expected);
    QCOMPARE(clawops::core::stableTaskKey(requester, spec), expected);
}

void TestParityIdentity::makeTaskId_data()
{
    QTest::addColumn<QString>("taskKey");
    QTest::addColumn<int>("attempt");
    QTest::addColumn<QString>("expected");
    const QJsonArray cases = rows("makeTaskId");
    for (qsizetype i = 0; i < cases.size(); ++i) {
        const QJsonValue row = cases.at(i);
        const QString key = parity::text(parity::member(row, "taskKey"));
        QTest::newRow(parity::rowName(i, key).constData())
            << key << parity::member(row, "attempt").toInt()
            << parity::text(parity::member(row, "expected"));
    }
}

void TestParityIdentity::makeTaskId()
{
    QFETCH(QString, taskKey);
    QFETCH(int, attempt);
    QFETCH(QString, expected);
    QCOMPARE(clawops::core::makeTaskId(taskKey, attempt), expected);
    // Every id the plugin makes is one the core still asks the store about.
    QVERIFY(clawops::core::mayBeTaskId(expected));
}

void TestParityIdentity::mayBeTaskIdRejectsForeignNames()
{
    using clawops::core::mayBeTaskId;
    QVERIFY(mayBeTaskId(u"7ef53ebce7d1-a1"));
    QVERIFY(mayBeTaskId(u"46aaaaaaaaaa-a12"));
    QVERIFY(!mayBeTaskId(u"T-44"));
    QVERIFY(!mayBeTaskId(u"T--44"));
    QVERIFY(!mayBeTaskId(u"abc-a"));
    QVERIFY(!mayBeTaskId(u"abc-b1"));
    QVERIFY(!mayBeTaskId(u"abca1"));
    QVERIFY(!mayBeTaskId(u""));
}

void TestParityIdentity::jsTrimKeepsNextLineAndDropsBom()
{
    // QString::trimmed() does the opposite on both characters.
    QCOMPARE(jsTrim(QStringLiteral(u"\u0085x\u0085")), QStringLiteral(u"\u0085x\u0085"));
    QCOMPARE(jsTrim(QStringLiteral(u"\uFEFF\u3000x\u2029\u00A0")), QStringLiteral("x"));
    QVERIFY(jsTrim(QStringLiteral(u"\u200B")) != QString()); // zero-width space is not \s
}

void TestParityIdentity::jsToLowerHandlesFinalSigmaAndDottedI()
{
    QCOMPARE(jsToLower(QStringLiteral(u"ΟΔΟΣ")), QStringLiteral(u"οδος"));
    QCOMPARE(jsToLower(QStringLiteral(u"Σ")), QStringLiteral(u"σ"));
    QCOMPARE(jsToLower(QStringLiteral(u"ΑΣ'Α")), QStringLiteral(u"ασ'α"));
    QCOMPARE(jsToLower(QStringLiteral(u"\u0130")), QStringLiteral(u"i\u0307"));
}

void TestParityIdentity::hashingEncodesLoneSurrogatesLikeNode()
{
    QCOMPARE(clawops::core::shortHash(QStringLiteral("abc")), QStringLiteral("ba7816bf8f"));
    const QString lone = QString(QChar(u'\xD800'));
    QCOMPARE(sha256Hex(lone), sha256Hex(QString(QChar::ReplacementCharacter)));
    QVERIFY(sha256Hex(lone) != sha256Hex(QStringLiteral("?")));
}

void TestParityIdentity::plannerKeyIgnoresTaskTextWhenRequestIdIsSet()
{
    SpawnSpec first;
    first.task = QStringLiteral("draft the plan");
    first.kind = QStringLiteral("planner");
    first.requestId = QStringLiteral("run-7");
    SpawnSpec second = first;
    second.task = QStringLiteral("a different wording of the plan");
    const QString requester = QStringLiteral("agent:main:main");
    QCOMPARE(clawops::core::stableTaskKey(requester, first),
             clawops::core::stableTaskKey(requester, second));

    first.kind = second.kind = QStringLiteral("worker");
    QVERIFY(clawops::core::stableTaskKey(requester, first) !=
            clawops::core::stableTaskKey(requester, second));
}

void TestParityIdentity::taskPreviewMeasuresTheCompactedText()
{
    using namespace Qt::Literals::StringLiterals;
    // Whitespace runs count as one unit wherever they are, also after the first 180 units of
    // the input.
    const QString a178 = QString(178, QLatin1Char('a'));
    QCOMPARE(clawops::core::taskPreview(a178 + u" \n\t b"_s), a178 + u" b"_s);
    QCOMPARE(clawops::core::taskPreview(a178 + u" \n\t bc"_s), a178 + u" "_s + QChar(u'\u2026'));
    QCOMPARE(clawops::core::taskPreview(u"a  b  c"_s, 5), u"a b c"_s);
    QCOMPARE(clawops::core::taskPreview(u"a  b  c d"_s, 5), u"a b "_s + QChar(u'\u2026'));
    // slice(0, -2) of "a b c d"
    QCOMPARE(clawops::core::taskPreview(u"a  b  c d"_s, -1), u"a b c"_s + QChar(u'\u2026'));
}

void TestParityIdentity::taskPreviewHoldsOnlyItself()
{
    // Every task and worker record keeps its preview for as long as the task is held: the
    // preview of a long text must not keep a buffer the size of that text.
    const QString longText = QString(20000, QLatin1Char('x'));
    const QString cut = clawops::core::taskPreview(longText);
    QCOMPARE(cut.size(), 180);
    QVERIFY2(cut.capacity() <= 181, qPrintable(QString::number(cut.capacity())));

    const QString runs =
        QStringLiteral("a") + QString(20000, QLatin1Char(' ')) + QStringLiteral("b");
    const QString whole = clawops::core::taskPreview(runs);
    QCOMPARE(whole, QStringLiteral("a b"));
    QVERIFY2(whole.capacity() <= 181, qPrintable(QString::number(whole.capacity())));
}

void TestParityIdentity::taskPreviewCutsBetweenSurrogates()
{
    const QString input = QString(179, QLatin1Char('a')) + QStringLiteral(u"\U0001F916");
    const QString preview = clawops::core::taskPreview(input);
    QCOMPARE(preview.size(), 180);
    QCOMPARE(preview.at(178), QLatin1Char('a'));
    QCOMPARE(preview.at(179), QChar(u'\u2026'));

    const QString split = clawops::core::taskPreview(QString(178, QLatin1Char('a')) +
                                                     QStringLiteral(u"\U0001F916 tail"));
    QVERIFY(split.at(178).isHighSurrogate());
    QCOMPARE(split.at(179), QChar(u'\u2026'));
}

QTEST_GUILESS_MAIN(TestParityIdentity)
#include "tst_parity_identity.moc"
