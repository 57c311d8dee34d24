#pragma once

#include <QJsonObject>
#include <QSet>
#include <QString>
#include <QStringList>

namespace clawops::core {

// Every PluginConfig key with the plugin's name, default and validation, plus the few keys that
// exist only because ClawOps runs outside the gateway (documented in the README).
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
    QString stateDbPath;   // plugin default: $HOME/.openclaw/state/orchestrator.db
    QString statusChannel; // normalised (and forced to #friday-status when enforced)
    QString statusStickyEmoji = QStringLiteral("\U0001F916");
    bool statusEnabled = false;
    QStringList retryOutcomes; // subset of error|timeout|killed|reset|deleted, config order
    QStringList allowedMainTools;
    QStringList allowedOrchestratorTools;
    QString orchestratorLabelPrefix = QStringLiteral("thread-orchestrator");

    // ClawOps keys.
    QString retryDelivery = QStringLiteral("message"); // "message" (sessions.send) or "wake"
    int respawnWindowMs = 120000; // how long to wait for the respawn after a retry is delivered

    bool retriesOn(const QString &outcome) const { return retryOutcomes.contains(outcome); }
};

// Reads a config object exactly as the plugin's register() does. Keys of the wrong type fall back
// to the default; `warnings` (optional) receives one line per key that was ignored or corrected.
EngineConfig resolveConfig(const QJsonObject &object, QStringList *warnings = nullptr);
// The resolved values as a JSON object with the same key names (for --config files and settings).
QJsonObject configToJson(const EngineConfig &config);

// Building blocks of resolveConfig, exposed for their own tests.
int asPositiveInt(const QJsonValue &value, int fallback);
int asNonNegativeInt(const QJsonValue &value, int fallback);
QStringList resolveRetryOutcomes(const QJsonValue &value);
QString normalizeFridayChannelTarget(const QString &value);
bool isAllowedFridayTarget(const QString &value);
QString defaultStateDbPath();

} // namespace clawops::core
