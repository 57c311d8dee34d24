#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

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

} // namespace clawops::core
