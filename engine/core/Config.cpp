#include "Config.h"

#include "Identity.h"
#include "Logging.h"

#include <QJsonArray>

#include <cmath>
#include <limits>

namespace clawops::core {

namespace {

const QString kDefaultStatusChannel = QStringLiteral("#friday-status");
const QString kDefaultLabelPrefix = QStringLiteral("thread-orchestrator");

std::optional<double> flooredNumber(const QJsonValue &value)
{
    if (!value.isDouble() || !std::isfinite(value.toDouble()))
        return std::nullopt;
    return std::floor(value.toDouble());
}

int clampToInt(double floored)
{
    constexpr int kMax = std::numeric_limits<int>::max();
    return floored >= double(kMax) ? kMax : int(floored);
}

QString quoted(const QString &text)
{
    return QLatin1Char('\'') + text + QLatin1Char('\'');
}

// Reads one key at a time the way register() does and says what it had to ignore or correct.
class ConfigReader
{
public:
    ConfigReader(const QJsonObject &object, QStringList &warnings)
        : m_object(object)
        , m_warnings(warnings)
    {}

    QJsonValue value(const char *key) const { return m_object.value(QLatin1String(key)); }
    bool has(const char *key) const { return m_object.contains(QLatin1String(key)); }

    void warn(const char *key, const QString &sentence)
    {
        m_warnings.append(QLatin1String(key) + QLatin1String(": ") + sentence);
    }

    bool boolean(const char *key, bool fallback)
    {
        const QJsonValue v = value(key);
        if (v.isBool())
            return v.toBool();
        if (has(key))
            warn(key, QStringLiteral("expected true or false, using %1")
                          .arg(QLatin1String(fallback ? "true" : "false")));
        return fallback;
    }

    int positiveInt(const char *key, int fallback)
    {
        const QJsonValue v = value(key);
        const int result = asPositiveInt(v, fallback);
        const std::optional<double> floored = flooredNumber(v);
        if (!has(key))
            return result;
        if (!floored || *floored <= 0)
            warn(key, QStringLiteral("expected a positive number, using %1").arg(fallback));
        else if (*floored > double(result))
            warn(key, QStringLiteral("%1 is too large, using %2").arg(v.toDouble()).arg(result));
        else if (*floored != v.toDouble())
            warn(
                key,
                QStringLiteral("%1 is not a whole number, using %2").arg(v.toDouble()).arg(result));
        return result;
    }

    // asString(cfg.key) ?? fallback
    QString string(const char *key, const QString &fallback)
    {
        QString text = asPluginString(value(key));
        if (!text.isEmpty())
            return text;
        if (has(key))
            warn(key, QStringLiteral("expected a non-empty string, using %1").arg(fallback));
        return fallback;
    }

    // Reports the array items that asStringArray() drops.
    void checkStringArray(const char *key)
    {
        const QJsonValue v = value(key);
        if (!has(key))
            return;
        if (!v.isArray()) {
            warn(key, QStringLiteral("expected an array of strings, ignored"));
            return;
        }
        const QJsonArray items = v.toArray();
        for (qsizetype i = 0; i < items.size(); ++i) {
            if (asPluginString(items.at(i)).isEmpty())
                warn(key, QStringLiteral("entry %1 is not a non-empty string, ignored").arg(i));
        }
    }

private:
    const QJsonObject &m_object;
    QStringList &m_warnings;
};

QStringList resolveRetryOutcomesReporting(ConfigReader &reader)
{
    const QJsonValue value = reader.value("retryOutcomes");
    QStringList outcomes = resolveRetryOutcomes(value);
    if (!reader.has("retryOutcomes"))
        return outcomes;
    reader.checkStringArray("retryOutcomes");
    // An entry is in the result exactly when it is a known outcome.
    bool anyKnown = false;
    for (const QString &entry : asStringArray(value).value_or(QStringList())) {
        if (outcomes.contains(entry))
            anyKnown = true;
        else
            reader.warn("retryOutcomes",
                        QStringLiteral("unknown outcome %1 ignored").arg(quoted(entry)));
    }
    if (value.isArray() && !anyKnown)
        reader.warn("retryOutcomes", QStringLiteral("no known outcome given, using %1")
                                         .arg(outcomes.join(QLatin1String(", "))));
    return outcomes;
}

// new Set([...defaults, ...asStringArray(cfg[key])]) without the non-router tools.
QStringList resolveTools(ConfigReader &reader, const char *key, const QStringList &defaults)
{
    reader.checkStringArray(key);
    const QStringList strict = strictRouterTools();
    QStringList tools;
    for (const QString &tool :
         defaults + asStringArray(reader.value(key)).value_or(QStringList())) {
        if (!strict.contains(tool))
            reader.warn(key, QStringLiteral("%1 is not a routing tool, ignored").arg(quoted(tool)));
        else if (!tools.contains(tool))
            tools.append(tool);
    }
    return tools;
}

QString resolveStatusChannel(ConfigReader &reader, bool enforce)
{
    const QString requested = reader.string("statusChannel", kDefaultStatusChannel);
    QString normalized = normalizeFridayChannelTarget(requested);
    if (!enforce || isAllowedFridayTarget(normalized))
        return normalized;
    reader.warn("statusChannel", QStringLiteral("%1 is not a #friday channel, using %2")
                                     .arg(normalized, kDefaultStatusChannel));
    return kDefaultStatusChannel;
}

QString resolveLabelPrefix(ConfigReader &reader)
{
    const QString requested = reader.string("orchestratorLabelPrefix", kDefaultLabelPrefix);
    QString sanitized = sanitizeLabel(requested);
    if (sanitized.isEmpty()) {
        reader.warn("orchestratorLabelPrefix",
                    QStringLiteral("%1 has no usable characters, using %2")
                        .arg(quoted(requested), kDefaultLabelPrefix));
        return kDefaultLabelPrefix;
    }
    if (sanitized != requested)
        reader.warn("orchestratorLabelPrefix",
                    QStringLiteral("using %1 for %2").arg(quoted(sanitized), quoted(requested)));
    return sanitized;
}

QString resolveRetryDelivery(ConfigReader &reader)
{
    QString requested = reader.string("retryDelivery", QStringLiteral("message"));
    if (requested == QLatin1String("message") || requested == QLatin1String("wake"))
        return requested;
    reader.warn("retryDelivery",
                QStringLiteral("expected \"message\" or \"wake\", got %1, using message")
                    .arg(quoted(requested)));
    return QStringLiteral("message");
}

PolicyAction resolvePolicyAction(ConfigReader &reader)
{
    const QString requested = reader.string("policyAction", QStringLiteral("flag"));
    if (const std::optional<PolicyAction> action = policyActionFromText(requested))
        return *action;
    reader.warn("policyAction", QStringLiteral("expected \"flag\" or \"abort\", got %1, using flag")
                                    .arg(quoted(requested)));
    return PolicyAction::Flag;
}

const QStringList &knownKeys()
{
    static const QStringList keys = {
        QStringLiteral("injectOrchestratorPrompt"),
        QStringLiteral("enforceMainDelegation"),
        QStringLiteral("enforceFridayChannels"),
        QStringLiteral("autoRetryFailedSubagents"),
        QStringLiteral("maxRetriesPerTask"),
        QStringLiteral("retryBaseBackoffMs"),
        QStringLiteral("retryMaxBackoffMs"),
        QStringLiteral("schedulerTickMs"),
        QStringLiteral("schedulerMaxConcurrentWorkers"),
        QStringLiteral("verificationGraceMs"),
        QStringLiteral("stateDbPath"),
        QStringLiteral("statusChannel"),
        QStringLiteral("statusStickyEmoji"),
        QStringLiteral("statusEnabled"),
        QStringLiteral("retryOutcomes"),
        QStringLiteral("allowedMainTools"),
        QStringLiteral("allowedOrchestratorTools"),
        QStringLiteral("orchestratorLabelPrefix"),
        QStringLiteral("retryDelivery"),
        QStringLiteral("respawnWindowMs"),
        QStringLiteral("tellSpawnerOfDuplicates"),
        QStringLiteral("policyAction"),
    };
    return keys;
}

} // namespace

QString defaultStateDbPath()
{
    // `process.env.HOME ?? "/home/kadajett"`: only an unset HOME falls back.
    const QString home = qEnvironmentVariableIsSet("HOME") ? qEnvironmentVariable("HOME")
                                                           : QStringLiteral("/home/kadajett");
    return home + QLatin1String("/.openclaw/state/orchestrator.db");
}

QStringList defaultAllowedMainTools()
{
    return {QStringLiteral("sessions_spawn"), QStringLiteral("sessions_send"),
            QStringLiteral("sessions_list"),  QStringLiteral("sessions_history"),
            QStringLiteral("session_status"), QStringLiteral("subagents"),
            QStringLiteral("agents_list"),    QStringLiteral("memory_search"),
            QStringLiteral("memory_get")};
}

QStringList defaultAllowedOrchestratorTools()
{
    return {QStringLiteral("sessions_spawn"), QStringLiteral("sessions_send"),
            QStringLiteral("sessions_list"),  QStringLiteral("sessions_history"),
            QStringLiteral("session_status"), QStringLiteral("process"),
            QStringLiteral("message"),        QStringLiteral("subagents"),
            QStringLiteral("agents_list"),    QStringLiteral("memory_search"),
            QStringLiteral("memory_get")};
}

QStringList strictRouterTools()
{
    // The plugin's STRICT_ROUTER_TOOLS holds exactly the orchestrator's default tools.
    return defaultAllowedOrchestratorTools();
}

QStringList defaultRetryOutcomes()
{
    return {QStringLiteral("error"), QStringLiteral("timeout")};
}

int asPositiveInt(const QJsonValue &value, int fallback)
{
    const std::optional<double> floored = flooredNumber(value);
    return floored && *floored > 0 ? clampToInt(*floored) : fallback;
}

int asNonNegativeInt(const QJsonValue &value, int fallback)
{
    const std::optional<double> floored = flooredNumber(value);
    return floored && *floored >= 0 ? clampToInt(*floored) : fallback;
}

std::optional<QStringList> asStringArray(const QJsonValue &value)
{
    if (!value.isArray())
        return std::nullopt;
    QStringList out;
    for (const QJsonValue item : value.toArray()) {
        const QString text = asPluginString(item);
        if (!text.isEmpty())
            out.append(text);
    }
    return out.isEmpty() ? std::nullopt : std::optional(out);
}

QStringList resolveRetryOutcomes(const QJsonValue &value)
{
    static const QStringList kAllowed = {QStringLiteral("error"), QStringLiteral("timeout"),
                                         QStringLiteral("killed"), QStringLiteral("reset"),
                                         QStringLiteral("deleted")};
    QStringList selected;
    for (const QString &entry : asStringArray(value).value_or(defaultRetryOutcomes())) {
        if (kAllowed.contains(entry) && !selected.contains(entry))
            selected.append(entry);
    }
    return selected.isEmpty() ? defaultRetryOutcomes() : selected;
}

QString normalizeFridayChannelTarget(const QString &value)
{
    const QString raw = jsTrim(value);
    if (raw.isEmpty())
        return kDefaultStatusChannel;
    const QString lower = jsToLower(raw);
    return raw.startsWith(QLatin1Char('#')) ? lower : QLatin1Char('#') + lower;
}

bool isAllowedFridayTarget(const QString &value)
{
    const QString target = normalizeFridayChannelTarget(value);
    return target == QLatin1String("#friday") || target.startsWith(QLatin1String("#friday-")) ||
           target.contains(QLatin1String("#friday-forum"));
}

EngineConfig resolveConfig(const QJsonObject &object, QStringList *warnings)
{
    QStringList collected;
    ConfigReader in(object, collected);
    EngineConfig c;
    c.injectOrchestratorPrompt = in.boolean("injectOrchestratorPrompt", true);
    c.enforceMainDelegation = in.boolean("enforceMainDelegation", false);
    c.enforceFridayChannels = in.boolean("enforceFridayChannels", false);
    c.autoRetryFailedSubagents = in.boolean("autoRetryFailedSubagents", false);
    c.maxRetriesPerTask = in.positiveInt("maxRetriesPerTask", 2);
    c.retryBaseBackoffMs = in.positiveInt("retryBaseBackoffMs", 1500);
    c.retryMaxBackoffMs = in.positiveInt("retryMaxBackoffMs", 60000);
    c.schedulerTickMs = in.positiveInt("schedulerTickMs", 1000);
    c.schedulerMaxConcurrentWorkers = in.positiveInt("schedulerMaxConcurrentWorkers", 6);
    c.verificationGraceMs = in.positiveInt("verificationGraceMs", 120000);
    c.statusEnabled = in.boolean("statusEnabled", false);
    c.statusStickyEmoji = in.string("statusStickyEmoji", QStringLiteral("\U0001F916"));
    c.stateDbPath = in.string("stateDbPath", defaultStateDbPath());
    c.statusChannel = resolveStatusChannel(in, c.enforceFridayChannels);
    c.orchestratorLabelPrefix = resolveLabelPrefix(in);
    c.retryOutcomes = resolveRetryOutcomesReporting(in);
    c.allowedMainTools = resolveTools(in, "allowedMainTools", defaultAllowedMainTools());
    c.allowedOrchestratorTools =
        resolveTools(in, "allowedOrchestratorTools", defaultAllowedOrchestratorTools());
    c.retryDelivery = resolveRetryDelivery(in);
    c.respawnWindowMs = in.positiveInt("respawnWindowMs", 120000);
    c.tellSpawnerOfDuplicates = in.boolean("tellSpawnerOfDuplicates", true);
    c.policyAction = resolvePolicyAction(in);
    for (const QString &key : object.keys()) {
        if (!knownKeys().contains(key))
            collected.append(QStringLiteral("unknown key %1 ignored").arg(quoted(key)));
    }
    if (warnings) {
        *warnings += collected;
    } else {
        // Nobody asked for the warnings, so they go to the log rather than nowhere.
        for (const QString &warning : std::as_const(collected))
            qCWarning(lcCore).noquote() << "config:" << warning;
    }
    return c;
}

QJsonObject configToJson(const EngineConfig &c)
{
    return QJsonObject{
        {QStringLiteral("injectOrchestratorPrompt"), c.injectOrchestratorPrompt},
        {QStringLiteral("enforceMainDelegation"), c.enforceMainDelegation},
        {QStringLiteral("enforceFridayChannels"), c.enforceFridayChannels},
        {QStringLiteral("autoRetryFailedSubagents"), c.autoRetryFailedSubagents},
        {QStringLiteral("maxRetriesPerTask"), c.maxRetriesPerTask},
        {QStringLiteral("retryBaseBackoffMs"), c.retryBaseBackoffMs},
        {QStringLiteral("retryMaxBackoffMs"), c.retryMaxBackoffMs},
        {QStringLiteral("schedulerTickMs"), c.schedulerTickMs},
        {QStringLiteral("schedulerMaxConcurrentWorkers"), c.schedulerMaxConcurrentWorkers},
        {QStringLiteral("verificationGraceMs"), c.verificationGraceMs},
        {QStringLiteral("stateDbPath"), c.stateDbPath},
        {QStringLiteral("statusChannel"), c.statusChannel},
        {QStringLiteral("statusStickyEmoji"), c.statusStickyEmoji},
        {QStringLiteral("statusEnabled"), c.statusEnabled},
        {QStringLiteral("retryOutcomes"), QJsonArray::fromStringList(c.retryOutcomes)},
        {QStringLiteral("allowedMainTools"), QJsonArray::fromStringList(c.allowedMainTools)},
        {QStringLiteral("allowedOrchestratorTools"),
         QJsonArray::fromStringList(c.allowedOrchestratorTools)},
        {QStringLiteral("orchestratorLabelPrefix"), c.orchestratorLabelPrefix},
        {QStringLiteral("retryDelivery"), c.retryDelivery},
        {QStringLiteral("respawnWindowMs"), c.respawnWindowMs},
        {QStringLiteral("tellSpawnerOfDuplicates"), c.tellSpawnerOfDuplicates},
        {QStringLiteral("policyAction"), policyActionText(c.policyAction)},
    };
}

} // namespace clawops::core
