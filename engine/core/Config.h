#pragma once

#include "Policy.h"
#include "WorkerOutcome.h"

#include <QJsonObject>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>

namespace clawops::core {

// The plugin's DEFAULT_STATE_DB_PATH: $HOME/.openclaw/state/orchestrator.db, with the plugin's
// own fallback home when HOME is unset (an empty HOME gives "/.openclaw/...", as in Node).
QString defaultStateDbPath();
// The plugin's DEFAULT_ALLOWED_MAIN_TOOLS, DEFAULT_ALLOWED_ORCHESTRATOR_TOOLS,
// STRICT_ROUTER_TOOLS and DEFAULT_RETRY_OUTCOMES, in the plugin's order.
QStringList defaultAllowedMainTools();
QStringList defaultAllowedOrchestratorTools();
QStringList strictRouterTools();
QStringList defaultRetryOutcomes();

// Every PluginConfig key with the plugin's name, default and validation, plus the few keys that
// exist only because ClawOps runs outside the gateway (documented in the README). A
// default-constructed config equals resolveConfig({}).
struct EngineConfig
{
    // Plugin keys.
    bool injectOrchestratorPrompt = true;
    bool enforceMainDelegation = false;
    bool enforceFridayChannels = false;
    bool autoRetryFailedSubagents = false;
    int maxRetriesPerTask = 2;
    int retryBaseBackoffMs = 1500;
    int retryMaxBackoffMs = 60000;
    int schedulerTickMs = 1000;
    int schedulerMaxConcurrentWorkers = 6;
    int verificationGraceMs = 120000;
    QString stateDbPath = defaultStateDbPath();
    // Normalised (and forced to #friday-status when enforced).
    QString statusChannel = QStringLiteral("#friday-status");
    QString statusStickyEmoji = QStringLiteral("\U0001F916");
    bool statusEnabled = false;
    // Subset of error|timeout|killed|reset|deleted, config order.
    QStringList retryOutcomes = defaultRetryOutcomes();
    QStringList allowedMainTools = defaultAllowedMainTools();
    QStringList allowedOrchestratorTools = defaultAllowedOrchestratorTools();
    QString orchestratorLabelPrefix = QStringLiteral("thread-orchestrator");

    // ClawOps keys.
    QString retryDelivery = QStringLiteral("message"); // "message" (sessions.send) or "wake"
    int respawnWindowMs = 120000; // how long to wait for the respawn after a retry is delivered
    // Inside the gateway the plugin blocks a duplicate spawn and its caller reads why; outside it
    // the duplicate runs until cancelled, so the caller is told in a message instead.
    bool tellSpawnerOfDuplicates = true;
    PolicyAction policyAction = PolicyAction::Flag; // what a policy violation leads to

    bool retriesOn(WorkerOutcome outcome) const
    {
        return retryOutcomes.contains(outcomeText(outcome));
    }
    bool operator==(const EngineConfig &) const = default;
};

// Reads a config object exactly as the plugin's register() does. Keys of the wrong type fall back
// to the default; `warnings` (optional) receives one line per key that was ignored or corrected.
// Numbers above INT_MAX are clamped to INT_MAX (the plugin keeps them as doubles).
EngineConfig resolveConfig(const QJsonObject &object, QStringList *warnings = nullptr);
// The resolved values as a JSON object with the same key names (for --config files and settings).
QJsonObject configToJson(const EngineConfig &config);

// Building blocks of resolveConfig, exposed for their own tests. The integer readers clamp
// results above INT_MAX to INT_MAX.
int asPositiveInt(const QJsonValue &value, int fallback);
int asNonNegativeInt(const QJsonValue &value, int fallback);
// Trimmed non-empty strings of an array (other items dropped); nullopt when that leaves nothing
// or the value is not an array.
std::optional<QStringList> asStringArray(const QJsonValue &value);
QStringList resolveRetryOutcomes(const QJsonValue &value);
QString normalizeFridayChannelTarget(const QString &value);
bool isAllowedFridayTarget(const QString &value);

} // namespace clawops::core
