#include "ParityData.h"
#include "core/Backoff.h"

#include <QTest>

#include <limits>

using namespace clawops::core;

namespace {

// Hands out the random values the generator fed to Math.random, and counts the draws.
class ScriptedRandom final : public RandomSource
{
public:
    explicit ScriptedRandom(QList<double> values)
        : m_values(std::move(values))
    {}
    double uniform01() override
    {
        ++m_draws;
        return m_values.isEmpty() ? 0.0 : m_values.takeFirst();
    }
    int draws() const { return m_draws; }

private:
    QList<double> m_values;
    int m_draws = 0;
};

} // namespace

class TestParityBackoff : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void computeRetryDelayMs_data();
    void computeRetryDelayMs();

    void delayStaysWithinJitterBounds_data();
    void delayStaysWithinJitterBounds();
    void hugeAttemptsAreCappedNotOverflowed();

private:
    QJsonArray m_cases;
};

void TestParityBackoff::initTestCase()
{
    const QJsonValue cases = parity::loadCases("backoff.json");
    PARITY_REQUIRE_ROWS(cases);
    m_cases = cases.toArray();
}

void TestParityBackoff::computeRetryDelayMs_data()
{
    QTest::addColumn<qint64>("baseMs");
    QTest::addColumn<qint64>("maxMs");
    QTest::addColumn<int>("attempt");
    QTest::addColumn<double>("random");
    QTest::addColumn<qint64>("expected");
    for (qsizetype i = 0; i < m_cases.size(); ++i) {
        const QJsonValue row = m_cases.at(i);
        const auto integer = [&](const char *key) {
            return static_cast<qint64>(parity::member(row, key).toDouble());
        };
        QTest::addRow("%lld: base=%lld max=%lld attempt=%lld random=%.17g", qlonglong(i),
                      qlonglong(integer("baseMs")), qlonglong(integer("maxMs")),
                      qlonglong(integer("attempt")), parity::member(row, "random").toDouble())
            << integer("baseMs") << integer("maxMs") << int(integer("attempt"))
            << parity::member(row, "random").toDouble() << integer("expected");
    }
}

void TestParityBackoff::computeRetryDelayMs()
{
    QFETCH(qint64, baseMs);
    QFETCH(qint64, maxMs);
    QFETCH(int, attempt);
    QFETCH(double, random);
    QFETCH(qint64, expected);
    ScriptedRandom source({random});
    QCOMPARE(clawops::core::computeRetryDelayMs(baseMs, maxMs, attempt, source), expected);
    QCOMPARE(source.draws(), 1);
}

void TestParityBackoff::delayStaysWithinJitterBounds_data()
{
    QTest::addColumn<qint64>("baseMs");
    QTest::newRow("base below jitter floor") << qint64(400);
    QTest::newRow("base 1000") << qint64(1000);
    QTest::newRow("plugin default") << qint64(1500);
    QTest::newRow("base 10000") << qint64(10000);
}

void TestParityBackoff::delayStaysWithinJitterBounds()
{
    QFETCH(qint64, baseMs);
    const qint64 cap = 60000;
    const qint64 span = std::max<qint64>(250, baseMs / 4);
    for (int attempt = 1; attempt <= 8; ++attempt) {
        const qint64 raw = baseMs << (attempt - 1);
        ScriptedRandom low({0.0});
        ScriptedRandom high({0.999999});
        QCOMPARE(clawops::core::computeRetryDelayMs(baseMs, cap, attempt, low), std::min(cap, raw));
        const qint64 highest = clawops::core::computeRetryDelayMs(baseMs, cap, attempt, high);
        QVERIFY(highest <= cap);
        QVERIFY(highest == cap || (highest >= raw + span - 1 && highest < raw + span));
    }
}

void TestParityBackoff::hugeAttemptsAreCappedNotOverflowed()
{
    for (const int attempt : {64, 1024, 1025, std::numeric_limits<int>::max()}) {
        ScriptedRandom random({0.5});
        QCOMPARE(clawops::core::computeRetryDelayMs(1500, 60000, attempt, random), qint64(60000));
    }
    ScriptedRandom random({0.5});
    QCOMPARE(
        clawops::core::computeRetryDelayMs(1500, 60000, std::numeric_limits<int>::min(), random),
        qint64(1500 + 187));
}

QTEST_GUILESS_MAIN(TestParityBackoff)
#include "tst_parity_backoff.moc"
