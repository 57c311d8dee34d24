#include "PendingCommands.h"

#include <QCoreApplication>
#include <QStringList>

namespace clawops::ui {

namespace {

QString verb(core::OperatorCommand::Kind kind)
{
    using Kind = core::OperatorCommand::Kind;
    switch (kind) {
    case Kind::Verify:
        return QCoreApplication::translate("PendingCommands", "verify");
    case Kind::Reject:
        return QCoreApplication::translate("PendingCommands", "reject");
    case Kind::Answer:
        return QCoreApplication::translate("PendingCommands", "answer");
    case Kind::ForceRetry:
        return QCoreApplication::translate("PendingCommands", "retry");
    case Kind::Kill:
        return QCoreApplication::translate("PendingCommands", "kill");
    case Kind::MarkDead:
        return QCoreApplication::translate("PendingCommands", "mark dead");
    case Kind::CancelRetry:
        return QCoreApplication::translate("PendingCommands", "cancel retry");
    case Kind::PauseRetries:
        return QCoreApplication::translate("PendingCommands", "pause retries");
    case Kind::ResumeRetries:
        return QCoreApplication::translate("PendingCommands", "resume retries");
    case Kind::CheckItem:
        return QCoreApplication::translate("PendingCommands", "tick check");
    case Kind::DecideApproval:
        return QCoreApplication::translate("PendingCommands", "approval decision");
    case Kind::Claim:
        return QCoreApplication::translate("PendingCommands", "claim");
    case Kind::ReleaseClaim:
        return QCoreApplication::translate("PendingCommands", "release claim");
    }
    return {};
}

} // namespace

PendingCommands::PendingCommands(QObject *parent)
    : QObject(parent)
{}

void PendingCommands::add(quint64 requestId, const core::OperatorCommand &command)
{
    m_byRequest.insert(requestId, command);
    m_byTask[command.taskId].append(command.kind);
    Q_EMIT changed(command.taskId);
}

std::optional<core::OperatorCommand> PendingCommands::finish(quint64 requestId)
{
    if (!m_byRequest.contains(requestId))
        return std::nullopt;
    core::OperatorCommand command = m_byRequest.take(requestId);
    auto &kinds = m_byTask[command.taskId];
    kinds.removeOne(command.kind);
    if (kinds.isEmpty())
        m_byTask.remove(command.taskId);
    Q_EMIT changed(command.taskId);
    return command;
}

bool PendingCommands::isPending(const QString &taskId) const
{
    return m_byTask.contains(taskId);
}

QString PendingCommands::describe(const QString &taskId) const
{
    const auto it = m_byTask.constFind(taskId);
    if (it == m_byTask.constEnd())
        return {};
    QStringList verbs;
    for (const auto kind : it.value()) {
        const QString v = verb(kind);
        if (!verbs.contains(v))
            verbs.append(v);
    }
    return QCoreApplication::translate("PendingCommands", "%1 pending")
        .arg(verbs.join(QLatin1String(", ")));
}

} // namespace clawops::ui
