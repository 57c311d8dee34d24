#pragma once

#include "SpawnSpec.h"

#include <QJsonValue>
#include <QString>

namespace clawops::core {

// JavaScript string semantics that the plugin's helpers rely on, shared by Config, Receipts and
// Messages. Qt's own versions differ at the edges (QString::trimmed() strips U+0085 but keeps
// U+FEFF, QString::toLower() has no final sigma, toUtf8() writes '?' for a lone surrogate).

// Members of /\s/ and of String.prototype.trim()'s set (they are the same set).
bool isJsWhitespace(char16_t unit);
// String.prototype.trim().
QString jsTrim(const QString &text);
// String.prototype.toLowerCase(): full Unicode lower case including the final-sigma rule.
QString jsToLower(const QString &text);
// The plugin's asString(): strings only, trimmed, empty (undefined) when nothing is left.
QString asPluginString(const QJsonValue &value);
// Lower-case hex sha256 of the UTF-8 bytes Node would hash (lone surrogates become U+FFFD).
QString sha256Hex(const QString &input);

// Value-for-value ports of the plugin's identity helpers. Inputs that the plugin would see as
// `undefined` are passed here as empty strings.

// sha256 hex over requester, kind, agentId, label, planner scope and requestId joined by '\n'.
QString stableTaskKey(const QString &requesterSessionKey, const SpawnSpec &spec);
// "<first 12 hex of key>-a<attempt>"
QString makeTaskId(const QString &taskKey, int attempt);
// Whether makeTaskId() (ClawOps's or the plugin's) could have made `id`: it ends in "-a<integer>".
// Receipts of workers that never saw our packet name tasks their own way ("T-44"); no store
// needs to be asked about those.
bool mayBeTaskId(QStringView id);
// First 10 hex characters of sha256(input).
QString shortHash(const QString &input);
// Whitespace runs to '-', lower case, only [a-z0-9._-], at most 64 characters; empty when nothing
// is left (the plugin's undefined).
QString sanitizeLabel(const QString &input);
// Trimmed, whitespace runs collapsed to one space, cut to `max` characters with an ellipsis;
// "(no task)" for empty input. Lengths count UTF-16 code units, as JavaScript does.
QString taskPreview(const QString &input, int max = 180);
// worker|planner|audit|research|orchestrator after trim+lowercase, else empty.
QString normalizeSpawnKind(const QString &value);
// "planner" when label+task mention planning words, else "worker".
QString inferSpawnKind(const QString &task, const QString &label);
// The plugin's isFrontControllerSessionKey: an "agent:" key (any case) that is not a subagent's.
bool isFrontControllerSessionKey(const QString &sessionKey);

} // namespace clawops::core
