#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>

namespace clawops::core {

// The plugin's SpawnSpec. Empty strings stand for the plugin's `undefined`.
struct SpawnSpec
{
    QString task;
    QString label;
    QString agentId;
    QString model;
    QString thinking;
    QString mode;
    std::optional<bool> thread;
    QString kind; // one of worker|planner|audit|research|orchestrator, or empty
    QString requestId;
    QString idempotencyKey;

    bool operator==(const SpawnSpec &) const = default;
};

// JSON.stringify(spec) of the plugin: same key order, undefined members left out.
QByteArray specToJson(const SpawnSpec &spec);
// The plugin's rehydration of spec_json (asString on every field, normalizeSpawnKind on kind).
// nullopt when the text is not a JSON object.
std::optional<SpawnSpec> specFromJson(const QByteArray &json);
SpawnSpec specFromJsonObject(const QJsonObject &object);

} // namespace clawops::core
