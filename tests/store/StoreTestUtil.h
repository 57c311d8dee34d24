#pragma once

// Helpers shared by the store tests and the store benchmark: a throw-away side connection for
// building fixture files the way the plugin would, and row builders.

#include "core/Records.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QString>
#include <QUrl>
#include <QVariant>

#include <atomic>

namespace clawops::store::testing {

// A QSQLITE connection of its own, removed again when it goes out of scope. Queries made on it
// must be locals declared after it.
class SideConnection
{
public:
    // `path` is a SQLite file or a postgresql:// URL (the password from PGPASSFILE).
    explicit SideConnection(const QString &path, const QString &options = {})
        : m_name(QStringLiteral("clawops-test-side-%1").arg(++counter()))
    {
        if (path.startsWith(QLatin1String("postgresql://"))) {
            const QUrl url(path);
            m_db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_name);
            m_db.setHostName(url.host());
            m_db.setPort(url.port(5432));
            m_db.setUserName(url.userName());
            m_db.setDatabaseName(url.path().mid(1));
            m_db.setConnectOptions(options);
            m_ok = m_db.open();
            // CREATE ... IF NOT EXISTS notices would land on stderr.
            if (m_ok)
                QSqlQuery(QStringLiteral("SET client_min_messages = warning"), m_db);
            return;
        }
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        m_db.setDatabaseName(path);
        m_db.setConnectOptions(options);
        m_ok = m_db.open();
    }
    ~SideConnection()
    {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
    }
    SideConnection(const SideConnection &) = delete;
    SideConnection &operator=(const SideConnection &) = delete;

    bool ok() const { return m_ok; }
    QSqlDatabase &db() { return m_db; }

    // Runs one statement; an empty string on success, else the error.
    QString exec(const QString &sql, const QVariantList &values = {})
    {
        QSqlQuery query(m_db);
        // PostgreSQL prepares no DDL, so a statement without values runs as it is.
        if (values.isEmpty()) {
            if (!query.exec(sql))
                return sql + QStringLiteral(": ") + query.lastError().text();
            return {};
        }
        if (!query.prepare(sql))
            return sql + QStringLiteral(": ") + query.lastError().text();
        for (int i = 0; i < values.size(); ++i)
            query.bindValue(i, values.at(i));
        if (!query.exec())
            return sql + QStringLiteral(": ") + query.lastError().text();
        return {};
    }

    // Every row of a SELECT, each as a list of values.
    QList<QVariantList> rows(const QString &sql, const QVariantList &values = {})
    {
        QList<QVariantList> out;
        QSqlQuery query(m_db);
        query.setForwardOnly(true);
        if (!query.prepare(sql))
            return out;
        for (int i = 0; i < values.size(); ++i)
            query.bindValue(i, values.at(i));
        if (!query.exec())
            return out;
        while (query.next()) {
            QVariantList row;
            for (int i = 0; i < query.record().count(); ++i)
                row.append(query.value(i));
            out.append(row);
        }
        return out;
    }

    QVariant scalar(const QString &sql)
    {
        const QList<QVariantList> all = rows(sql);
        return all.isEmpty() || all.constFirst().isEmpty() ? QVariant()
                                                           : all.constFirst().constFirst();
    }

private:
    static int &counter()
    {
        static int value = 0;
        return value;
    }

    QString m_name;
    QSqlDatabase m_db;
    bool m_ok = false;
};

// A leased worker task, as the store tests write it.
inline core::TaskRecord makeTask(const QString &id, core::TimeMs at)
{
    core::TaskRecord task;
    task.taskId = clawops::core::TaskId(id);
    task.taskKey = clawops::core::TaskKey(QStringLiteral("key-") + id);
    task.requesterSessionKey = clawops::core::SessionKey(QStringLiteral("agent:main:main"));
    task.orchestratorSessionKey =
        clawops::core::SessionKey(QStringLiteral("agent:main:subagent:orch-1"));
    task.label = QStringLiteral("worker-") + id;
    task.taskPreview = QStringLiteral("Do the thing for ") + id;
    task.state = core::TaskState::Leased;
    task.attempt = 1;
    task.maxRetries = 2;
    task.lastOutcome = clawops::core::TransitionCause::fromText(QStringLiteral("spawned"));
    task.spec.task = QStringLiteral("Do the thing for ") + id;
    task.spec.label = task.label;
    task.spec.kind = QStringLiteral("worker");
    task.createdAt = at;
    task.updatedAt = at;
    return task;
}

// The plugin's DDL, as orchestrator-plugin.ts runs it. The test keeps its own copy on purpose:
// it checks the store's schema against the plugin, not against itself.
// Records from plain text, as the tests write them.
inline core::TransitionRecord transition(const QString &taskId, core::TimeMs at,
                                         std::optional<core::TaskState> from, core::TaskState to,
                                         const QString &cause)
{
    return {core::TaskId(taskId), at, from, to, core::TransitionCause::fromText(cause)};
}

inline core::RetryCountRecord retryCount(const QString &taskKey, int retries, core::TimeMs at)
{
    return {core::TaskKey(taskKey), retries, at};
}

inline core::AuditRecord auditRow(core::TimeMs at, const QString &operatorName,
                                  const QString &action, const QString &taskId,
                                  const QString &reason, const QString &result,
                                  const QString &detail)
{
    return {at, operatorName, action, core::TaskId(taskId), reason, result, detail, {}, {}};
}

inline core::SuppressedSpawnRecord suppressedRow(core::TimeMs at, const QString &taskKey,
                                                 const QString &activeTaskId,
                                                 const QString &requester,
                                                 const QString &orchestrator, const QString &label,
                                                 const QString &spawnRef, const QString &child)
{
    return {at,
            core::TaskKey(taskKey),
            core::TaskId(activeTaskId),
            core::SessionKey(requester),
            core::SessionKey(orchestrator),
            label,
            spawnRef,
            core::SessionKey(child)};
}

inline core::BindingRecord bindingRow(const QString &requester, const QString &orchestrator,
                                      core::TimeMs at)
{
    return {core::SessionKey(requester), core::SessionKey(orchestrator), at};
}

// "running", or the ending's text: what the status column holds.
inline QString statusText(const core::WorkerRecord &worker)
{
    return worker.running() ? QStringLiteral("running") : core::outcomeText(*worker.ended);
}

inline void setStatus(core::WorkerRecord &worker, const QString &status)
{
    if (status == QLatin1String("running"))
        worker.ended.reset();
    else
        worker.ended = core::outcomeFromText(status).value_or(core::WorkerOutcome::Unknown);
}

inline QStringList pluginDdl(bool withReceiptColumns)
{
    QStringList ddl = {
        QStringLiteral("CREATE TABLE IF NOT EXISTS orchestrator_bindings (\n"
                       "requester_session_key TEXT PRIMARY KEY,\n"
                       "orchestrator_session_key TEXT NOT NULL UNIQUE,\n"
                       "updated_at INTEGER NOT NULL\n)"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS orchestrator_retries (\n"
                       "task_key TEXT PRIMARY KEY,\n"
                       "retries INTEGER NOT NULL DEFAULT 0,\n"
                       "updated_at INTEGER NOT NULL\n)"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS orchestrator_tasks (\n"
                       "task_id TEXT PRIMARY KEY,\n"
                       "task_key TEXT NOT NULL,\n"
                       "requester_session_key TEXT NOT NULL,\n"
                       "orchestrator_session_key TEXT NOT NULL,\n"
                       "label TEXT,\n"
                       "task_preview TEXT NOT NULL,\n"
                       "state TEXT NOT NULL,\n"
                       "attempt INTEGER NOT NULL DEFAULT 1,\n"
                       "max_retries INTEGER NOT NULL DEFAULT 0,\n"
                       "next_run_at INTEGER,\n"
                       "last_outcome TEXT,\n"
                       "spec_json TEXT,\n") +
            (withReceiptColumns ? QStringLiteral("receipt_seen INTEGER NOT NULL DEFAULT 0,\n"
                                                 "verification_items INTEGER NOT NULL DEFAULT 0,\n"
                                                 "explicit_no_verification INTEGER NOT NULL "
                                                 "DEFAULT 0,\n")
                                : QString()) +
            QStringLiteral("created_at INTEGER NOT NULL,\n"
                           "updated_at INTEGER NOT NULL\n)"),
        QStringLiteral("CREATE INDEX IF NOT EXISTS idx_orchestrator_tasks_orch_state\n"
                       "ON orchestrator_tasks(orchestrator_session_key, state, updated_at)"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS orchestrator_workers (\n"
                       "child_session_key TEXT PRIMARY KEY,\n"
                       "task_id TEXT,\n"
                       "task_key TEXT,\n"
                       "orchestrator_session_key TEXT NOT NULL,\n"
                       "label TEXT,\n"
                       "task_preview TEXT NOT NULL,\n"
                       "status TEXT NOT NULL,\n"
                       "attempt INTEGER NOT NULL DEFAULT 1,\n"
                       "started_at INTEGER NOT NULL,\n"
                       "updated_at INTEGER NOT NULL,\n"
                       "outcome TEXT\n)"),
        QStringLiteral("CREATE INDEX IF NOT EXISTS idx_orchestrator_workers_orch\n"
                       "ON orchestrator_workers(orchestrator_session_key, updated_at)"),
    };
    return ddl;
}

// A JSON value as node:sqlite would bind it: integral numbers as INTEGER, others as REAL.
inline QVariant sqlValue(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return QVariant(QMetaType::fromType<QString>());
    case QJsonValue::Bool:
        return value.toBool() ? 1 : 0;
    case QJsonValue::Double: {
        const double number = value.toDouble();
        const auto integral = static_cast<qint64>(number);
        if (static_cast<double>(integral) == number)
            return integral;
        return number;
    }
    case QJsonValue::String:
        return value.toString();
    default:
        return QVariant(QMetaType::fromType<QString>());
    }
}

// Writes a plugin store: the plugin's PRAGMAs and DDL, then every row of a dump
// ({table: [row objects]}, as dump-db.mjs prints it). Returns what failed, or an empty string.
inline QString writePluginStore(const QString &path, const QJsonObject &dump,
                                bool withReceiptColumns = true)
{
    SideConnection side(path);
    if (!side.ok())
        return QStringLiteral("cannot open ") + path;
    for (const char *pragma : {"PRAGMA journal_mode = WAL", "PRAGMA busy_timeout = 5000"}) {
        QSqlQuery query(side.db());
        if (!query.exec(QString::fromLatin1(pragma)))
            return query.lastError().text();
    }
    for (const QString &statement : pluginDdl(withReceiptColumns)) {
        if (QString error = side.exec(statement); !error.isEmpty())
            return error;
    }
    for (auto table = dump.constBegin(); table != dump.constEnd(); ++table) {
        const QJsonArray rows = table.value().toArray();
        for (const QJsonValue rowValue : rows) {
            const QJsonObject row = rowValue.toObject();
            QStringList columns;
            QStringList marks;
            QVariantList values;
            for (auto cell = row.constBegin(); cell != row.constEnd(); ++cell) {
                if (!withReceiptColumns &&
                    (cell.key() == QLatin1String("receipt_seen") ||
                     cell.key() == QLatin1String("verification_items") ||
                     cell.key() == QLatin1String("explicit_no_verification")))
                    continue;
                columns.append(cell.key());
                marks.append(QStringLiteral("?"));
                values.append(sqlValue(cell.value()));
            }
            const QString sql =
                QStringLiteral("INSERT INTO %1 (%2) VALUES (%3)")
                    .arg(table.key(), columns.join(QLatin1Char(',')), marks.join(QLatin1Char(',')));
            if (QString error = side.exec(sql, values); !error.isEmpty())
                return error;
        }
    }
    return {};
}

inline QByteArray fileHash(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return hash.result().toHex();
}

} // namespace clawops::store::testing
