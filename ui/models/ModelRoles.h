#pragma once

#include <Qt>

namespace clawops::ui {

// Roles shared by the task models, so that delegates, actions and the detail panel read the same
// raw values whatever model or column they look at. Unscoped on purpose: they feed the int-based
// model API.
enum TaskRole
{
    TaskIdRole = Qt::UserRole + 1,
    TaskStateRole, // core::TaskState as int
    TaskLabelRole,
    PendingRole,     // bool: an operator command on this task is in flight
    PendingTextRole, // what is in flight, in words ("kill pending")
    UpdatedAtRole,   // qint64 ms
    NextRunAtRole,   // qint64 ms, or an invalid QVariant
    WorkerSessionRole,
    OrchestratorRole,
    RawValueRole, // the column's value before formatting
    OverdueRole,  // bool: waiting longer than its state's limit (the Inbox's Waiting column)
    VerificationItemsRole, // int: the receipt's verification items, as the engine counted them
};

} // namespace clawops::ui
