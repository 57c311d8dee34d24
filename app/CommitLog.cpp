#include "CommitLog.h"

#include "core/Logging.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace clawops::app {

QString CommitLog::open(const QString &path)
{
    if (path.isEmpty())
        return {};
    m_file.setFileName(path);
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered))
        return QStringLiteral("Cannot open the commit log %1: %2").arg(path, m_file.errorString());
    return {};
}

void CommitLog::record(const host::EngineDelta &delta)
{
    // Another engine committed what a follower reads from the shared store; its own log has it.
    if (!m_file.isOpen() || delta.transitions.isEmpty() || delta.followed)
        return;
    QByteArray lines;
    for (const core::TransitionRecord &t : delta.transitions) {
        const QJsonObject line{
            {QStringLiteral("task"), t.taskId.str()},
            {QStringLiteral("at"), QJsonValue(qint64(t.at))},
            {QStringLiteral("from"),
             t.from ? QJsonValue(core::stateName(*t.from)) : QJsonValue(QJsonValue::Null)},
            {QStringLiteral("to"), core::stateName(t.to)},
            {QStringLiteral("reason"), t.cause.toText()},
        };
        lines += QJsonDocument(line).toJson(QJsonDocument::Compact);
        lines += '\n';
    }
    if (m_file.write(lines) != lines.size())
        qCWarning(lcHost).noquote() << "commit log:" << m_file.errorString();
}

} // namespace clawops::app
