#include "ParityData.h"
#include "core/Config.h"
#include "core/Receipts.h"

#include <QTest>

#include <limits>

using namespace clawops::core;

namespace {

constexpr int kIntMax = std::numeric_limits<int>::max();

// The plugin keeps numbers as doubles; ClawOps clamps them to int (see Config.h).
int clampedPluginInt(const QJsonValue &value)
{
    return int(std::min(value.toDouble(), double(kIntMax)));
}

// Sets HOME for one scope (or unsets it, for a null value) and restores it afterwards.
class HomeOverride
{
public:
    explicit HomeOverride(const QJsonValue &home)
        : m_wasSet(qEnvironmentVariableIsSet("HOME"))
        , m_previous(qgetenv("HOME"))
    {
        if (home.isString())
            qputenv("HOME", home.toString().toUtf8());
        else
            qunsetenv("HOME");
    }
    ~HomeOverride()
    {
        if (m_wasSet)
            qputenv("HOME", m_previous);
        else
            qunsetenv("HOME");
    }
    HomeOverride(const HomeOverride &) = delete;
    HomeOverride &operator=(const HomeOverride &) = delete;

private:
    bool m_wasSet;
    QByteArray m_previous;
};

QJsonObject parseObject(const QString &json)
{
    // register() reads asRecord(api.pluginConfig): anything but an object counts as {}.
    return parseJsJson(json).value_or(QJsonValue()).toObject();
}

} // namespace

class TestParityConfig : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void asPositiveInt_data() { addValueRows("asPositiveInt"); }
    void asPositiveInt();
    void asNonNegativeInt_data() { addValueRows("asNonNegativeInt"); }
    void asNonNegativeInt();
    void asStringArray_data() { addValueRows("asStringArray"); }
    void asStringArray();
    void resolveRetryOutcomes_data() { addValueRows("resolveRetryOutcomes"); }
    void resolveRetryOutcomes();
    void normalizeFridayChannelTarget_data() { addValueRows("normalizeFridayChannelTarget"); }
    void normalizeFridayChannelTarget();
    void isAllowedFridayTarget_data() { addValueRows("isAllowedFridayTarget"); }
    void isAllowedFridayTarget();
    void defaultStateDbPath_data();
    void defaultStateDbPath();
    void resolveConfig_data();
    void resolveConfig();

    void warningsNameEveryIgnoredOrCorrectedKey();
    void clawOpsKeysAreValidated();
    void resolvedConfigRoundTripsThroughJson();
    void defaultConstructedConfigIsThePluginDefault();
    void warningsGoToTheLogWhenNotCollected();

private:
    void addValueRows(const char *function) const;

    QJsonObject m_cases;
};

void TestParityConfig::initTestCase()
{
    m_cases = parity::loadCases("config.json").toObject();
    for (const char *function : {"asPositiveInt", "asNonNegativeInt", "asStringArray",
                                 "resolveRetryOutcomes", "normalizeFridayChannelTarget",
                                 "isAllowedFridayTarget", "defaultStateDbPath", "resolveConfig"})
        PARITY_REQUIRE_ROWS(m_cases.value(QLatin1String(function)));
    QVERIFY(m_cases.value(QLatin1String("home")).isString());
}

void TestParityConfig::addValueRows(const char *function) const
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<int>("fallback");
    QTest::addColumn<QJsonValue>("expected");
    const QJsonArray cases = m_cases.value(QLatin1String(function)).toArray();
    for (qsizetype i = 0; i < cases.size(); ++i) {
        const QJsonValue row = cases.at(i);
        const QJsonValue value = parity::decode(parity::member(row, "value"));
        const QByteArray shown =
            QJsonDocument(QJsonArray{parity::member(row, "value")}).toJson(QJsonDocument::Compact);
        QTest::newRow(parity::rowName(i, QString::fromUtf8(shown)).constData())
            << value << parity::member(row, "fallback").toInt() << parity::member(row, "expected");
    }
}

void TestParityConfig::asPositiveInt()
{
    QFETCH(QJsonValue, value);
    QFETCH(int, fallback);
    QFETCH(QJsonValue, expected);
    QCOMPARE(clawops::core::asPositiveInt(value, fallback), clampedPluginInt(expected));
}

void TestParityConfig::asNonNegativeInt()
{
    QFETCH(QJsonValue, value);
    QFETCH(int, fallback);
    QFETCH(QJsonValue, expected);
    QCOMPARE(clawops::core::asNonNegativeInt(value, fallback), clampedPluginInt(expected));
}

void TestParityConfig::asStringArray()
{
    QFETCH(QJsonValue, value);
    QFETCH(QJsonValue, expected);
    const std::optional<QStringList> actual = clawops::core::asStringArray(value);
    QCOMPARE(actual.has_value(), !expected.isNull());
    if (actual)
        QCOMPARE(*actual, expected.toVariant().toStringList());
}

void TestParityConfig::resolveRetryOutcomes()
{
    QFETCH(QJsonValue, value);
    QFETCH(QJsonValue, expected);
    QCOMPARE(clawops::core::resolveRetryOutcomes(value), expected.toVariant().toStringList());
}

void TestParityConfig::normalizeFridayChannelTarget()
{
    QFETCH(QJsonValue, value);
    QFETCH(QJsonValue, expected);
    QCOMPARE(clawops::core::normalizeFridayChannelTarget(value.toString()), expected.toString());
}

void TestParityConfig::isAllowedFridayTarget()
{
    QFETCH(QJsonValue, value);
    QFETCH(QJsonValue, expected);
    QCOMPARE(clawops::core::isAllowedFridayTarget(value.toString()), expected.toBool());
}

void TestParityConfig::defaultStateDbPath_data()
{
    QTest::addColumn<QJsonValue>("home");
    QTest::addColumn<QString>("expected");
    const QJsonArray cases = m_cases.value(QLatin1String("defaultStateDbPath")).toArray();
    for (qsizetype i = 0; i < cases.size(); ++i) {
        const QJsonValue home = parity::decode(parity::member(cases.at(i), "home"));
        QTest::newRow(
            parity::rowName(i, home.isString() ? home.toString() : QStringLiteral("(unset)"))
                .constData())
            << home << parity::text(parity::member(cases.at(i), "expected"));
    }
}

void TestParityConfig::defaultStateDbPath()
{
    QFETCH(QJsonValue, home);
    QFETCH(QString, expected);
    const HomeOverride scope(home);
    QCOMPARE(clawops::core::defaultStateDbPath(), expected);
}

void TestParityConfig::resolveConfig_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<QJsonObject>("expected");
    const QJsonArray cases = m_cases.value(QLatin1String("resolveConfig")).toArray();
    for (qsizetype i = 0; i < cases.size(); ++i) {
        const QJsonValue row = cases.at(i);
        QTest::newRow(parity::rowName(i, parity::text(parity::member(row, "name"))).constData())
            << parity::text(parity::member(row, "json"))
            << parity::member(row, "expected").toObject();
    }
}

void TestParityConfig::resolveConfig()
{
    QFETCH(QString, json);
    QFETCH(QJsonObject, expected);
    const HomeOverride scope(m_cases.value(QLatin1String("home")));
    QStringList warnings; // collected so that they do not flood the log
    const EngineConfig c = clawops::core::resolveConfig(parseObject(json), &warnings);
    const auto flag = [&](const char *key) { return expected.value(QLatin1String(key)).toBool(); };
    const auto integer = [&](const char *key) {
        return clampedPluginInt(expected.value(QLatin1String(key)));
    };
    const auto string = [&](const char *key) {
        return expected.value(QLatin1String(key)).toString();
    };
    const auto list = [&](const char *key) {
        return expected.value(QLatin1String(key)).toVariant().toStringList();
    };
    QCOMPARE(c.injectOrchestratorPrompt, flag("injectOrchestratorPrompt"));
    QCOMPARE(c.enforceMainDelegation, flag("enforceMainDelegation"));
    QCOMPARE(c.enforceFridayChannels, flag("enforceFridayChannels"));
    QCOMPARE(c.autoRetryFailedSubagents, flag("autoRetryFailedSubagents"));
    QCOMPARE(c.maxRetriesPerTask, integer("maxRetriesPerTask"));
    QCOMPARE(c.retryBaseBackoffMs, integer("retryBaseBackoffMs"));
    QCOMPARE(c.retryMaxBackoffMs, integer("retryMaxBackoffMs"));
    QCOMPARE(c.schedulerTickMs, integer("schedulerTickMs"));
    QCOMPARE(c.schedulerMaxConcurrentWorkers, integer("schedulerMaxConcurrentWorkers"));
    QCOMPARE(c.verificationGraceMs, integer("verificationGraceMs"));
    QCOMPARE(c.statusEnabled, flag("statusEnabled"));
    QCOMPARE(c.statusStickyEmoji, string("statusStickyEmoji"));
    QCOMPARE(c.stateDbPath, string("stateDbPath"));
    QCOMPARE(c.statusChannel, string("statusChannel"));
    QCOMPARE(c.orchestratorLabelPrefix, string("orchestratorLabelPrefix"));
    QCOMPARE(c.retryOutcomes, list("retryOutcomes"));
    QCOMPARE(c.allowedMainTools, list("allowedMainTools"));
    QCOMPARE(c.allowedOrchestratorTools, list("allowedOrchestratorTools"));
}

void TestParityConfig::warningsNameEveryIgnoredOrCorrectedKey()
{
    QStringList warnings;
    const EngineConfig c = clawops::core::resolveConfig(parseObject(QStringLiteral(R"({
            "maxRetriesPerTask": 0, "retryBaseBackoffMs": 2.5, "retryMaxBackoffMs": 1e12,
            "statusEnabled": "yes", "stateDbPath": "", "enforceFridayChannels": true,
            "statusChannel": "General", "orchestratorLabelPrefix": "My Orch",
            "retryOutcomes": ["killed", "boom", 3], "allowedMainTools": ["exec", "message"],
            "foo": 1})")),
                                                        &warnings);
    QCOMPARE(c.maxRetriesPerTask, 2);
    QCOMPARE(c.retryBaseBackoffMs, 2);
    QCOMPARE(c.retryMaxBackoffMs, kIntMax);
    QCOMPARE(c.statusChannel, QStringLiteral("#friday-status"));
    QCOMPARE(c.orchestratorLabelPrefix, QStringLiteral("my-orch"));
    QCOMPARE(c.retryOutcomes, QStringList(QStringLiteral("killed")));
    QVERIFY(c.allowedMainTools.contains(QStringLiteral("message")));
    QVERIFY(!c.allowedMainTools.contains(QStringLiteral("exec")));

    const QStringList expected = {
        QStringLiteral("maxRetriesPerTask: expected a positive number, using 2"),
        QStringLiteral("retryBaseBackoffMs: 2.5 is not a whole number, using 2"),
        QStringLiteral("retryMaxBackoffMs: 1e+12 is too large, using 2147483647"),
        QStringLiteral("statusEnabled: expected true or false, using false"),
        QStringLiteral("stateDbPath: expected a non-empty string, using ") +
            clawops::core::defaultStateDbPath(),
        QStringLiteral("statusChannel: #general is not a #friday channel, using #friday-status"),
        QStringLiteral("orchestratorLabelPrefix: using 'my-orch' for 'My Orch'"),
        QStringLiteral("retryOutcomes: entry 2 is not a non-empty string, ignored"),
        QStringLiteral("retryOutcomes: unknown outcome 'boom' ignored"),
        QStringLiteral("allowedMainTools: 'exec' is not a routing tool, ignored"),
        QStringLiteral("unknown key 'foo' ignored"),
    };
    QCOMPARE(warnings, expected);
}

void TestParityConfig::clawOpsKeysAreValidated()
{
    QStringList warnings;
    EngineConfig c = clawops::core::resolveConfig(
        parseObject(QStringLiteral(R"({"retryDelivery":" wake ","respawnWindowMs":5000})")),
        &warnings);
    QCOMPARE(c.retryDelivery, QStringLiteral("wake"));
    QCOMPARE(c.respawnWindowMs, 5000);
    QVERIFY(c.tellSpawnerOfDuplicates);
    QVERIFY(warnings.isEmpty());

    c = clawops::core::resolveConfig(
        parseObject(QStringLiteral(
            R"({"retryDelivery":"Wake","respawnWindowMs":-1,"policyAction":"block"})")),
        &warnings);
    QCOMPARE(c.retryDelivery, QStringLiteral("message"));
    QCOMPARE(c.respawnWindowMs, 120000);
    QCOMPARE(c.policyAction, clawops::core::PolicyAction::Flag);
    QCOMPARE(warnings,
             QStringList({QStringLiteral("retryDelivery: expected \"message\" or \"wake\", got "
                                         "'Wake', using message"),
                          QStringLiteral("respawnWindowMs: expected a positive number, using "
                                         "120000"),
                          QStringLiteral("policyAction: expected \"flag\" or \"abort\", got "
                                         "'block', using flag")}));
}

void TestParityConfig::resolvedConfigRoundTripsThroughJson()
{
    QStringList warnings;
    const EngineConfig c = clawops::core::resolveConfig(parseObject(QStringLiteral(R"({
            "injectOrchestratorPrompt": false, "autoRetryFailedSubagents": true,
            "maxRetriesPerTask": 7, "retryBaseBackoffMs": 10, "statusChannel": "Friday-Ops",
            "statusStickyEmoji": "✅", "stateDbPath": "/tmp/x.db", "statusEnabled": true,
            "retryOutcomes": ["reset", "error"], "allowedMainTools": ["process"],
            "allowedOrchestratorTools": ["exec"], "orchestratorLabelPrefix": "orch",
            "retryDelivery": "wake", "respawnWindowMs": 1, "tellSpawnerOfDuplicates": false,
            "policyAction": "abort"})")),
                                                        &warnings);
    warnings.clear();
    const EngineConfig again = clawops::core::resolveConfig(configToJson(c), &warnings);
    QVERIFY2(warnings.isEmpty(), qPrintable(warnings.join(QLatin1Char('\n'))));
    QVERIFY(again == c);
    QCOMPARE(again.statusChannel, QStringLiteral("#friday-ops"));
    QCOMPARE(again.policyAction, clawops::core::PolicyAction::Abort);
    QCOMPARE(again.retryOutcomes, QStringList({QStringLiteral("reset"), QStringLiteral("error")}));
    QVERIFY(!again.tellSpawnerOfDuplicates);
    QCOMPARE(configToJson(again).keys().size(), 22);
}

void TestParityConfig::defaultConstructedConfigIsThePluginDefault()
{
    QStringList warnings;
    QVERIFY(EngineConfig{} == clawops::core::resolveConfig(QJsonObject{}, &warnings));
    QVERIFY(warnings.isEmpty());
    QVERIFY(EngineConfig{}.retriesOn(WorkerOutcome::Timeout));
    QVERIFY(!EngineConfig{}.retriesOn(WorkerOutcome::Killed));
}

void TestParityConfig::warningsGoToTheLogWhenNotCollected()
{
    QTest::ignoreMessage(QtWarningMsg, "config: unknown key 'bogus' ignored");
    clawops::core::resolveConfig(QJsonObject{{QStringLiteral("bogus"), 1}});
}

QTEST_GUILESS_MAIN(TestParityConfig)
#include "tst_parity_config.moc"
