#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

#include <optional>

namespace clawops::core {

// A worker's result receipt as the plugin's parseWorkerReceipts reads it, plus the whole JSON
// object (empty when the receipt came from the regex fallback) so that the console can show
// blockers, artifacts and verification items.
struct WorkerReceipt
{
    QString taskId;
    QString status; // completed|blocked|failed
    int verificationCount = 0;
    bool explicitNoVerification = false;
    QJsonObject raw;

    bool operator==(const WorkerReceipt &) const = default;
};

// Fenced ```json blocks (objects or arrays, case-insensitive fence), later receipts for the same
// task_id replacing earlier ones but keeping first-seen order; when no fenced receipt is found,
// the plugin's regex fallback over the whole text.
QList<WorkerReceipt> parseWorkerReceipts(const QString &text);

// JSON.parse(text), which QJsonDocument does not match: it is strict where Qt is lenient (raw
// control characters in strings, "1.", ".5", unknown escapes, a leading BOM), keeps lone
// surrogates, turns out-of-range numbers into +-Infinity or 0, and accepts top-level scalars.
// Duplicate keys: the last one wins, as in JavaScript. nullopt on a syntax error. Nesting deeper
// than 1000 levels is rejected (JavaScript has no fixed limit).
std::optional<QJsonValue> parseJsJson(const QString &text);

} // namespace clawops::core
