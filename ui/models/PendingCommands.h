#pragma once

#include "core/OperatorCommand.h"

#include <QHash>
#include <QObject>
#include <QString>

#include <optional>

namespace clawops::ui {

// Operator commands sent to the engine and not yet answered. Models and the detail panel show a
// pending marker from here; the action controller adds and finishes entries.
class PendingCommands final : public QObject
{
    Q_OBJECT

public:
    explicit PendingCommands(QObject *parent = nullptr);

    void add(quint64 requestId, const core::OperatorCommand &command);
    // Returns the command that was pending under this id (kind Verify and no task when none).
    std::optional<core::OperatorCommand> finish(quint64 requestId);

    bool isPending(const QString &taskId) const;
    // "kill pending", "verify and answer pending"; empty when nothing is.
    QString describe(const QString &taskId) const;
    int count() const { return int(m_byRequest.size()); }

Q_SIGNALS:
    void changed(const QString &taskId);

private:
    QHash<quint64, core::OperatorCommand> m_byRequest;
    QHash<QString, QList<core::OperatorCommand::Kind>> m_byTask;
};

} // namespace clawops::ui
