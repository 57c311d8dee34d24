#pragma once

#include "JsonRef.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringView>

// Small, pure readers of gateway payloads shared by the adapter's parts. None of them allocate
// more than the strings they return, and all of them accept anything without failing.
namespace clawops::gateway::adapterjson {

// The plugin's asString: strings only, trimmed, empty means absent (a null QString).
QString asString(const JsonRef &value);
inline QString stringField(const JsonRef &object, QLatin1StringView key)
{
    return asString(object.value(key));
}
// A JSON number as milliseconds; 0 when absent, not a number, or beyond 2^53.
qint64 msValue(const JsonRef &value);
inline qint64 msField(const JsonRef &object, QLatin1StringView key)
{
    return msValue(object.value(key));
}

// The plugin's asSessionMessage: a string, or the `text` parts of a content array joined by
// newlines; trimmed; null when there is no text.
QString messageText(const JsonRef &content);

// "agent:<id>:subagent:<uuid>" (also nested).
bool isSubagentKey(QStringView key);
// The parent a nested subagent key names ("…:subagent:a:subagent:b" → "…:subagent:a"); null for
// a first-level key, whose parent the key does not tell.
QString parentFromNestedKey(const QString &key);

// The plugin's extractChildSessionKey: `childSessionKey` here or in nested objects (searched in
// key order), depth ≤ 4.
QString extractChildSessionKey(const JsonRef &object, int depth = 0);
// The plugin's isSpawnAccepted over a tool result object ({content, details, isError?}).
// `reportedError`: the tool event said isError, which counts unless the result says otherwise.
bool isSpawnAccepted(const JsonRef &result, bool reportedError = false);
// The text of a JSON object, as an object; empty when the text is not one.
QJsonObject parseObjectText(const QString &text);
// A sessions_spawn tool result made usable: when `details` is missing (older gateways strip it),
// the JSON text in `content` stands in for it (then as a Qt copy; else the result itself).
JsonRef normalizedSpawnResult(const JsonRef &result);

// Labels compared the way the plugin stores them (its sanitizeLabel lower-cases and turns
// whitespace into '-'), so "worker-T-44" matches the gateway's "worker-t-44".
QString labelKey(QStringView label);

} // namespace clawops::gateway::adapterjson
