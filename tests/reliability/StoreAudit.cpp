#include "StoreAudit.h"

#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>
#include <QUuid>
#include <QVariant>

namespace clawops::test {

bool isResting(const QString &state)
{
    return state == QLatin1String("done") || state == QLatin1String("failed") ||
           state == QLatin1String("dead") || state == QLatin1String("needs_input");
}

StoreAudit::StoreAudit(QString databasePath)
    : m_path(std::move(databasePath))
    , m_connection(QStringLiteral("audit-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
{}

StoreAudit::~StoreAudit()
{
    if (!m_open)
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
}

QString StoreAudit::open()
{
    if (m_path.startsWith(QLatin1String("postgresql://"))) {
        // A shared store: the password comes from PGPASSFILE, as for the engines.
        const QUrl url(m_path);
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_connection);
        db.setHostName(url.host());
        db.setPort(url.port(5432));
        db.setUserName(url.userName());
        db.setDatabaseName(url.path().mid(1));
        m_open = true;
        if (!db.open())
            return db.lastError().text();
        return {};
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    db.setDatabaseName(m_path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    m_open = true;
    if (!db.open())
        return db.lastError().text();
    return {};
}

QString StoreAudit::integrity()
{
    QSqlQuery query(QSqlDatabase::database(m_connection));
    // PostgreSQL checks its own pages; there is no integrity_check to run.
    if (QSqlDatabase::database(m_connection).driverName() == QLatin1String("QPSQL"))
        return QStringLiteral("ok");
    if (!query.exec(QStringLiteral("PRAGMA integrity_check")))
        return query.lastError().text();
    QStringList lines;
    while (query.next())
        lines.append(query.value(0).toString());
    return lines.join(QLatin1Char('\n'));
}

QMap<QString, TaskFinal> StoreAudit::tasks()
{
    QMap<QString, TaskFinal> out;
    QSqlQuery query(QSqlDatabase::database(m_connection));
    if (!query.exec(QStringLiteral("SELECT task_id, state, attempt, COALESCE(label, ''), "
                                   "COALESCE(last_outcome, '') FROM orchestrator_tasks")))
        return out;
    while (query.next())
        out.insert(query.value(0).toString(),
                   TaskFinal{query.value(1).toString(), query.value(2).toInt(),
                             query.value(3).toString(), query.value(4).toString(), QString()});
    if (!query.exec(QStringLiteral("SELECT task_id, at, to_state, COALESCE(reason, '') FROM "
                                   "task_transitions ORDER BY task_id, at, id")))
        return out;
    QString task;
    qint64 firstAt = 0;
    while (query.next()) {
        if (query.value(0).toString() != task) {
            task = query.value(0).toString();
            firstAt = query.value(1).toLongLong();
        }
        const auto found = out.find(task);
        if (found == out.end())
            continue;
        if (!found->history.isEmpty())
            found->history += QStringLiteral(" → ");
        found->history += QStringLiteral("%1 (%2) +%3 ms")
                              .arg(query.value(2).toString(), query.value(3).toString())
                              .arg(query.value(1).toLongLong() - firstAt);
    }
    return out;
}

QStringList StoreAudit::doubledTasks()
{
    QStringList out;
    QSqlQuery query(QSqlDatabase::database(m_connection));
    const QStringList checks = {
        QStringLiteral("SELECT 'task_key ' || task_key || ' attempt ' || attempt, COUNT(*) "
                       "FROM orchestrator_tasks GROUP BY task_key, attempt HAVING COUNT(*) > 1"),
        QStringLiteral("SELECT 'label ' || label || ' attempt ' || attempt, COUNT(*) "
                       "FROM orchestrator_tasks WHERE label IS NOT NULL AND label != '' "
                       "GROUP BY label, attempt HAVING COUNT(*) > 1"),
    };
    for (const QString &sql : checks) {
        if (!query.exec(sql)) {
            out.append(query.lastError().text());
            continue;
        }
        while (query.next())
            out.append(QStringLiteral("%1 held %2 times")
                           .arg(query.value(0).toString())
                           .arg(query.value(1).toInt()));
    }
    return out;
}

namespace {
bool isRequeueAfterFailedSend(const QString &from, const QString &to, const QString &reason)
{
    const QString queued = QStringLiteral("queued");
    return from == queued && to == queued &&
           (reason.startsWith(QLatin1String("queued-retry-")) ||
            reason.startsWith(QLatin1String("operator-retry-")));
}
} // namespace

QStringList StoreAudit::transitionProblems()
{
    QStringList out;
    const QMap<QString, TaskFinal> finals = tasks();
    QSqlQuery query(QSqlDatabase::database(m_connection));
    if (!query.exec(QStringLiteral("SELECT task_id, COALESCE(from_state, ''), to_state, "
                                   "COALESCE(reason, '') FROM task_transitions "
                                   "ORDER BY task_id, at, id")))
        return {query.lastError().text()};
    QString task;
    QString previousTo;
    QString previousKey;
    QSet<QString> seen;
    auto closeTask = [&] {
        if (task.isEmpty())
            return;
        if (!finals.contains(task))
            out.append(
                QStringLiteral("%1: transitions for a task the store does not hold").arg(task));
        else if (finals.value(task).state != previousTo)
            out.append(QStringLiteral("%1: the last transition ends in %2, the task is %3")
                           .arg(task, previousTo, finals.value(task).state));
    };
    while (query.next()) {
        const QString id = query.value(0).toString();
        const QString from = query.value(1).toString();
        const QString to = query.value(2).toString();
        const QString reason = query.value(3).toString();
        if (id != task) {
            closeTask();
            task = id;
            seen.clear();
            previousKey.clear();
            if (!from.isEmpty())
                out.append(QStringLiteral("%1: its first transition starts in %2, not at creation")
                               .arg(id, from));
        } else if (from != previousTo) {
            out.append(QStringLiteral("%1: %2 -> %3 (%4) follows a transition that ended in %5")
                           .arg(id, from, to, reason, previousTo));
        }
        const QString key = from + QLatin1Char('>') + to + QLatin1Char('>') + reason;
        if (seen.contains(key) || key == previousKey)
            out.append(
                QStringLiteral("%1: %2 -> %3 (%4) recorded twice").arg(id, from, to, reason));
        seen.insert(key);
        previousKey = key;
        // A retry whose send failed is queued again from queued; its next dispatch (and, if
        // that send fails too, its next re-queue) are new events, not doubles of the first.
        // Everything else that repeats within one task was applied twice.
        if (isRequeueAfterFailedSend(from, to, reason))
            seen.clear();
        previousTo = to;
    }
    closeTask();
    for (auto it = finals.constBegin(); it != finals.constEnd(); ++it) {
        QSqlQuery count(QSqlDatabase::database(m_connection));
        count.prepare(QStringLiteral("SELECT COUNT(*) FROM task_transitions WHERE task_id = ?"));
        count.addBindValue(it.key());
        if (count.exec() && count.next() && count.value(0).toInt() == 0)
            out.append(QStringLiteral("%1: a task without any transition").arg(it.key()));
    }
    return out;
}

int StoreAudit::transitionCount()
{
    QSqlQuery query(QSqlDatabase::database(m_connection));
    if (!query.exec(QStringLiteral("SELECT COUNT(*) FROM task_transitions")) || !query.next())
        return -1;
    return query.value(0).toInt();
}

QStringList StoreAudit::missingCommitted(const QString &commitLogPath, int *checked)
{
    *checked = 0;
    QFile log(commitLogPath);
    if (!log.open(QIODevice::ReadOnly))
        return {QStringLiteral("cannot read the commit log %1").arg(commitLogPath)};
    QSet<QString> stored;
    QSqlQuery query(QSqlDatabase::database(m_connection));
    if (!query.exec(QStringLiteral("SELECT task_id, at, COALESCE(from_state, ''), to_state, "
                                   "COALESCE(reason, '') FROM task_transitions")))
        return {query.lastError().text()};
    while (query.next())
        stored.insert(QStringList{query.value(0).toString(), query.value(1).toString(),
                                  query.value(2).toString(), query.value(3).toString(),
                                  query.value(4).toString()}
                          .join(QLatin1Char('\x1f')));
    QStringList missing;
    while (!log.atEnd()) {
        const QByteArray line = log.readLine().trimmed();
        if (line.isEmpty())
            continue;
        const QJsonObject entry = QJsonDocument::fromJson(line).object();
        if (entry.isEmpty()) {
            // Only the engine's last write can be cut off by a kill; it still counts as missing
            // when the line is not whole JSON, because nothing may be half-reported.
            missing.append(QStringLiteral("unreadable line: %1").arg(QString::fromUtf8(line)));
            continue;
        }
        ++*checked;
        const QString key =
            QStringList{entry.value(QLatin1String("task")).toString(),
                        QString::number(entry.value(QLatin1String("at")).toInteger()),
                        entry.value(QLatin1String("from")).toString(),
                        entry.value(QLatin1String("to")).toString(),
                        entry.value(QLatin1String("reason")).toString()}
                .join(QLatin1Char('\x1f'));
        if (!stored.contains(key))
            missing.append(QString::fromUtf8(line));
    }
    return missing;
}

QString describe(const TaskFinal &task)
{
    return QStringLiteral("%1#%2 %3 (%4)")
        .arg(task.label)
        .arg(task.attempt)
        .arg(task.state, task.lastOutcome);
}

QStringList compareFinalStates(const QMap<QString, TaskFinal> &expected,
                               const QMap<QString, TaskFinal> &actual)
{
    QStringList out;
    for (auto it = expected.constBegin(); it != expected.constEnd(); ++it) {
        if (!actual.contains(it.key()))
            out.append(QStringLiteral("%1: expected %2, missing").arg(it.key(), describe(*it)));
        else if (!(actual.value(it.key()) == *it))
            out.append(QStringLiteral("%1: expected %2, got %3; its history: %4")
                           .arg(it.key(), describe(*it), describe(actual.value(it.key())),
                                actual.value(it.key()).history));
    }
    for (auto it = actual.constBegin(); it != actual.constEnd(); ++it) {
        if (!expected.contains(it.key()))
            out.append(QStringLiteral("%1: not expected, got %2").arg(it.key(), describe(*it)));
    }
    return out;
}

} // namespace clawops::test
