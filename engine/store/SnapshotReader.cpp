#include "SnapshotReader.h"

#include "Tables.h"
#include "Values.h"
#include "core/Logging.h"

#include <QStringList>

namespace clawops::store {

namespace {

constexpr const char kActiveStatesSql[] =
    "('queued', 'leased', 'running', 'needs_input', 'needs_verification')";

// Rows whose state is none of the eight, as the gaps between the known values: "state NOT IN
// (...)" would read the whole state index, whereas each gap is a range the index answers at once,
// so this stays cheap on a million rows.
QString unknownStateCondition()
{
    QStringList known;
    for (int i = 0; i < core::kTaskStateCount; ++i)
        known.append(core::stateName(static_cast<core::TaskState>(i)));
    known.sort();
    QStringList gaps;
    gaps.append(QStringLiteral("state < '%1'").arg(known.constFirst()));
    for (qsizetype i = 0; i + 1 < known.size(); ++i)
        gaps.append(
            QStringLiteral("(state > '%1' AND state < '%2')").arg(known.at(i), known.at(i + 1)));
    gaps.append(QStringLiteral("state > '%1'").arg(known.constLast()));
    return gaps.join(QStringLiteral(" OR "));
}

// Every row of a table through its codec, keeping those `keep` accepts.
template<class Record, class Keep>
StoreError readAll(const Connection &connection, const RowCodec<Record> &codec, const QString &tail,
                   const ReadContext &context, const char *what, QList<Record> *out,
                   const Keep &keep)
{
    QSqlQuery query(connection.db);
    if (StoreError error = connection.select(query, codec.select() + tail, {}, what))
        return error;
    while (query.next()) {
        Record record = codec.read(query, context);
        if (keep(record))
            out->append(std::move(record));
    }
    return {};
}

// Task counts per state for every orchestrator over all history, as the plugin's
// readStatusSummary counts them for one: grouped by the stored key, states normalised (trimmed,
// lower-cased, unknown as queued).
StoreError readSummaries(const Connection &connection,
                         QHash<core::SessionKey, core::StatusSummary> *out)
{
    QSqlQuery query(connection.db);
    if (StoreError error = connection.select(
            query,
            QStringLiteral("SELECT orchestrator_session_key, state, COUNT(*) FROM "
                           "orchestrator_tasks GROUP BY orchestrator_session_key, state"),
            {}, "counting the tasks of each orchestrator"))
        return error;
    while (query.next()) {
        core::StatusSummary &summary = (*out)[core::SessionKey(values::rawText(query.value(0)))];
        summary[values::stateOrQueued(query.value(1))] +=
            values::clampToInt(values::asNonNegativeInt(query.value(2), 0));
    }
    return {};
}

// How far back a suppressed duplicate is remembered across restarts: a transcript the adapter
// reads again after a restart is far younger than this.
constexpr core::TimeMs kSuppressedMemoryMs = 7LL * 24 * 60 * 60 * 1000;

StoreError readSuppressed(const Connection &connection, const ReadContext &context,
                          QHash<core::SpawnRef, core::TaskId> *out)
{
    QSqlQuery query(connection.db);
    const RowCodec<core::SuppressedSpawnRecord> &codec = tables::suppressed();
    if (StoreError error =
            connection.select(query, codec.select() + QStringLiteral(" WHERE at >= ?"),
                              {QVariant::fromValue(context.now - kSuppressedMemoryMs)},
                              "reading the suppressed duplicates"))
        return error;
    while (query.next()) {
        const core::SuppressedSpawnRecord record = codec.read(query, context);
        if (!record.spawnRef.isEmpty() && !record.activeTaskId.isEmpty())
            out->insert(core::SpawnRef(record.spawnRef), record.activeTaskId);
    }
    return {};
}

void warnAboutUnknownStates(const Connection &connection)
{
    QSqlQuery query(connection.db);
    if (connection.select(query,
                          QStringLiteral("SELECT COUNT(*) FROM orchestrator_tasks WHERE ") +
                              unknownStateCondition(),
                          {}, "counting tasks with unknown states"))
        return;
    if (query.next() && query.value(0).toLongLong() > 0) {
        qCWarning(lcStore).noquote()
            << query.value(0).toLongLong() << "task rows in" << connection.path
            << "have a state that is not one of the eight; they are kept but not resumed";
    }
}

} // namespace

StoreResult<core::Snapshot> readSnapshot(const Connection &connection, core::TimeMs now)
{
    core::Snapshot snapshot;
    const ReadContext context{now};
    // Bindings, as the plugin rehydrates them: both keys required.
    StoreError error =
        readAll(connection, tables::bindings(), QString(), context, "reading the bindings",
                &snapshot.bindings, [](const core::BindingRecord &binding) {
                    return !binding.requesterSessionKey.isEmpty() &&
                           !binding.orchestratorSessionKey.isEmpty();
                });
    if (!error)
        error =
            readAll(connection, tables::retries(), QString(), context, "reading the retry counts",
                    &snapshot.retryCounts,
                    [](const core::RetryCountRecord &retry) { return !retry.taskKey.isEmpty(); });
    // Running workers only: the engine keeps ended ones just long enough to recognise a late
    // duplicate of their ending (WorkerRegistry), and the table holds every worker ever. The SQL
    // passes every row the codec may read as running (it trims and ignores case); the codec
    // decides.
    if (!error)
        error = readAll(connection, tables::workers(),
                        QStringLiteral(" WHERE LOWER(status) LIKE '%running%'"), context,
                        "reading the running workers", &snapshot.workers,
                        [](const core::WorkerRecord &worker) {
                            return worker.running() && !worker.childSessionKey.isEmpty() &&
                                   !worker.orchestratorSessionKey.isEmpty();
                        });
    // Exactly the plugin's active set: its scheduler, dedupe and counts all select by these
    // literal strings, so a row with any other state was never live work for it either.
    if (!error)
        error = readAll(connection, tables::tasks(),
                        QStringLiteral(" WHERE state IN %1 ORDER BY created_at, task_id")
                            .arg(QLatin1String(kActiveStatesSql)),
                        context, "reading the active tasks", &snapshot.activeTasks,
                        [](const core::TaskRecord &) { return true; });
    if (!error)
        error = readSummaries(connection, &snapshot.summaries);
    if (!error)
        error = readSuppressed(connection, context, &snapshot.suppressedSpawns);
    if (error)
        return error;
    warnAboutUnknownStates(connection);
    return snapshot;
}

} // namespace clawops::store
