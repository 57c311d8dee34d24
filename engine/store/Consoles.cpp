#include "Consoles.h"

#include "Connection.h"
#include "SqlDialect.h"
#include "Values.h"
#include "core/Logging.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

namespace clawops::store {

namespace {

// Rows of consoles that stopped without a word are dropped after this long: long enough that a
// console whose network dropped out for a while is not forgotten between two looks.
constexpr qint64 kForgetAfterMs = 24 * qint64(3600000);

// Runs the dialect's statement that switches waiting for locks off or on again.
void setWaiting(const Connection &connection, const QString &statement)
{
    if (statement.isEmpty())
        return;
    QSqlQuery query(connection.db);
    if (!query.exec(statement))
        qCInfo(lcStore).noquote() << statement << "failed:" << errorText(query.lastError());
}

// For one write: the roll call gives way to any other writer instead of holding up the engine.
class NoWaiting
{
public:
    NoWaiting(const Connection &connection, const SqlDialect &dialect)
        : m_connection(connection)
        , m_dialect(dialect)
    {
        setWaiting(m_connection, m_dialect.dontWait);
    }
    ~NoWaiting() { setWaiting(m_connection, m_dialect.waitAgain); }
    NoWaiting(const NoWaiting &) = delete;
    NoWaiting &operator=(const NoWaiting &) = delete;

private:
    const Connection &m_connection;
    const SqlDialect &m_dialect;
};

} // namespace

ConsoleRoll::ConsoleRoll(const Connection &connection, const SqlDialect &dialect)
    : m_connection(connection)
    , m_dialect(dialect)
{}

StoreError ConsoleRoll::sayPresent(const ConsolePresence &me, int listedForMs)
{
    const NoWaiting noWaiting(m_connection, m_dialect);
    const QString now = m_dialect.nowMs;
    QSqlQuery upsert(m_connection.db);
    QStringList assignments;
    for (const char *column : {"operator", "console_host", "role", "seen_at", "expires_at"}) {
        const QString name = QLatin1String(column);
        assignments.append(QStringLiteral("%1 = %2").arg(name, m_dialect.excludedColumn.arg(name)));
    }
    if (StoreError error = m_connection.select(
            upsert,
            QStringLiteral("INSERT INTO clawops_consoles(holder_id, operator, console_host, role, "
                           "seen_at, expires_at) VALUES (?, ?, ?, ?, %1, %1 + ?) ")
                    .arg(now) +
                m_dialect.upsertClause.arg(QStringLiteral("holder_id"),
                                           assignments.join(QStringLiteral(", "))),
            {values::requiredText(me.holderId), values::requiredText(me.operatorName),
             values::requiredText(me.host), values::requiredText(me.role), listedForMs},
            "Saying this console is here"))
        return error;
    QSqlQuery prune(m_connection.db);
    return m_connection.select(
        prune, QStringLiteral("DELETE FROM clawops_consoles WHERE expires_at < %1 - ?").arg(now),
        {kForgetAfterMs}, "Forgetting consoles long gone");
}

StoreError ConsoleRoll::sayGone(const QString &holderId)
{
    const NoWaiting noWaiting(m_connection, m_dialect);
    QSqlQuery query(m_connection.db);
    return m_connection.select(query,
                               QStringLiteral("DELETE FROM clawops_consoles WHERE holder_id = ?"),
                               {values::requiredText(holderId)}, "Saying this console left");
}

StoreResult<QList<ConsolePresence>> ConsoleRoll::present(const QString &exceptHolderId) const
{
    QSqlQuery query(m_connection.db);
    if (StoreError error = m_connection.select(
            query,
            QStringLiteral("SELECT holder_id, operator, console_host, role FROM clawops_consoles "
                           "WHERE expires_at >= %1 AND holder_id <> ? ORDER BY console_host, "
                           "operator, holder_id")
                .arg(m_dialect.nowMs),
            {values::requiredText(exceptHolderId)}, "Reading who else is here"))
        return error;
    QList<ConsolePresence> out;
    while (query.next()) {
        out.append(ConsolePresence{query.value(0).toString(), query.value(1).toString(),
                                   query.value(2).toString(), query.value(3).toString()});
    }
    return out;
}

} // namespace clawops::store
