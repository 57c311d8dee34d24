#include "Store.h"

#include "Schema.h"
#include "core/Logging.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <cmath>
#include <limits>

namespace clawops::store {

using core::TaskState;
using core::TimeMs;

namespace {

constexpr int kBusyTimeoutMs = 5000; // the plugin's PRAGMA busy_timeout

const QString &driverName()
{
    static const QString name = QStringLiteral("QSQLITE");
    return name;
}

QString nativePath(const QString &path)
{
    return QDir::toNativeSeparators(path);
}

StoreError makeError(StoreError::Kind kind, const QString &message)
{
    return StoreError{kind, message};
}

QString errorText(const QSqlError &error)
{
    // databaseText is SQLite's own sentence; driverText only says which call failed.
    const QString db = error.databaseText();
    const QString driver = error.driverText();
    if (db.isEmpty())
        return driver;
    if (driver.isEmpty())
        return db;
    return QStringLiteral("%1 (%2)").arg(db, driver);
}

// ---- Values in and out --------------------------------------------------------------------

// QSQLITE binds a null QString as SQL NULL. The plugin writes NULL for an absent optional text
// (spec.label ?? null) and a NOT NULL column must never receive one.
QVariant nullableText(const QString &text)
{
    return text.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(text);
}

QVariant requiredText(const QString &text)
{
    return text.isNull() ? QVariant(QStringLiteral("")) : QVariant(text);
}

QVariant nullableInteger(const std::optional<qint64> &value)
{
    return value ? QVariant(*value) : QVariant(QMetaType::fromType<qint64>());
}

// A column value as the plugin's JavaScript would see it: only INTEGER and REAL values are
// numbers (typeof value === "number"); text, blobs and NULL are not.
std::optional<qint64> asNumber(const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::LongLong:
    case QMetaType::Int:
    case QMetaType::ULongLong:
    case QMetaType::UInt:
        return value.toLongLong();
    case QMetaType::Double: {
        const double number = std::floor(value.toDouble());
        if (!std::isfinite(number))
            return std::nullopt;
        constexpr double kMax = 9.2e18; // inside qint64, far beyond any real value here
        return static_cast<qint64>(std::clamp(number, -kMax, kMax));
    }
    default:
        return std::nullopt;
    }
}

// The plugin's asPositiveInt / asNonNegativeInt.
qint64 asPositiveInt(const QVariant &value, qint64 fallback)
{
    const std::optional<qint64> number = asNumber(value);
    return number && *number > 0 ? *number : fallback;
}

qint64 asNonNegativeInt(const QVariant &value, qint64 fallback)
{
    const std::optional<qint64> number = asNumber(value);
    return number && *number >= 0 ? *number : fallback;
}

int clampToInt(qint64 value)
{
    return static_cast<int>(std::clamp<qint64>(value, std::numeric_limits<int>::min(),
                                               std::numeric_limits<int>::max()));
}

// The plugin's asString: strings only, trimmed, empty means absent.
QString asString(const QVariant &value)
{
    if (value.isNull() || value.typeId() != QMetaType::QString)
        return {};
    return value.toString().trimmed();
}

// A stored text as it is (NULL reads as empty), for full records that must round-trip.
QString rawText(const QVariant &value)
{
    return value.isNull() ? QString() : value.toString();
}

// The plugin's normalizeTaskState(value, "queued").
TaskState stateOrQueued(const QVariant &value)
{
    return core::taskStateFromString(rawText(value)).value_or(TaskState::Queued);
}

// ---- orchestrator_tasks rows ----------------------------------------------------------------

// Every column TaskRecord maps, in the order readTask() reads them.
constexpr const char kTaskColumns[] =
    "task_id, task_key, requester_session_key, orchestrator_session_key, label, task_preview, "
    "state, attempt, max_retries, next_run_at, last_outcome, spec_json, receipt_seen, "
    "verification_items, explicit_no_verification, created_at, updated_at, worker_session_key, "
    "gateway_task_id, receipt_json, receipt_status, receipt_task_ref";

QString taskSelect()
{
    return QStringLiteral("SELECT %1 FROM orchestrator_tasks").arg(QLatin1String(kTaskColumns));
}

// The columns readTransition() reads, in its order.
constexpr const char *kTransitionColumns = "task_id, at, from_state, to_state, reason";

core::TransitionRecord readTransition(const QSqlQuery &query)
{
    core::TransitionRecord transition;
    transition.taskId = core::TaskId(rawText(query.value(0)));
    transition.at = asNonNegativeInt(query.value(1), 0);
    if (const QVariant from = query.value(2); !from.isNull())
        transition.from = core::taskStateFromString(from.toString());
    transition.to = stateOrQueued(query.value(3));
    transition.cause = core::TransitionCause::fromText(rawText(query.value(4)));
    return transition;
}

core::TaskRecord readTask(const QSqlQuery &query)
{
    core::TaskRecord task;
    task.taskId = core::TaskId(rawText(query.value(0)));
    task.taskKey = core::TaskKey(rawText(query.value(1)));
    task.requesterSessionKey = core::SessionKey(rawText(query.value(2)));
    task.orchestratorSessionKey = core::SessionKey(rawText(query.value(3)));
    task.label = rawText(query.value(4));
    task.taskPreview = rawText(query.value(5));
    task.state = stateOrQueued(query.value(6));
    task.attempt = clampToInt(asPositiveInt(query.value(7), 1));
    task.maxRetries = clampToInt(asNonNegativeInt(query.value(8), 0));
    if (const QVariant next = query.value(9); !next.isNull())
        task.nextRunAt = asNumber(next);
    task.lastOutcome = core::TransitionCause::fromText(rawText(query.value(10)));
    if (const QVariant specJson = query.value(11); !specJson.isNull()) {
        // A bad spec must not cost the row: keep it with an empty spec, say so once.
        if (const auto spec = core::specFromJson(specJson.toString().toUtf8()))
            task.spec = *spec;
        else
            qCWarning(lcStore).noquote()
                << "task" << task.taskId << "has a spec_json that is not a JSON object; kept the"
                << "row with an empty spec";
    }
    task.receiptSeen = asNonNegativeInt(query.value(12), 0) > 0;
    task.verificationItems = clampToInt(asNonNegativeInt(query.value(13), 0));
    task.explicitNoVerification = asNonNegativeInt(query.value(14), 0) > 0;
    task.createdAt = asNonNegativeInt(query.value(15), 0);
    task.updatedAt = asNonNegativeInt(query.value(16), 0);
    task.workerSessionKey = core::SessionKey(rawText(query.value(17)));
    task.gatewayTaskId = rawText(query.value(18));
    task.receiptJson = rawText(query.value(19));
    task.receiptStatus = rawText(query.value(20));
    task.receiptTaskRef = rawText(query.value(21));
    return task;
}

void bindTask(QSqlQuery &query, const core::TaskRecord &task)
{
    int i = 0;
    query.bindValue(i++, requiredText(task.taskId));
    query.bindValue(i++, requiredText(task.taskKey));
    query.bindValue(i++, requiredText(task.requesterSessionKey));
    query.bindValue(i++, requiredText(task.orchestratorSessionKey));
    query.bindValue(i++, nullableText(task.label));
    query.bindValue(i++, requiredText(task.taskPreview));
    query.bindValue(i++, core::stateName(task.state));
    query.bindValue(i++, task.attempt);
    query.bindValue(i++, task.maxRetries);
    query.bindValue(i++, nullableInteger(task.nextRunAt));
    query.bindValue(i++, nullableText(task.lastOutcome.toText()));
    query.bindValue(i++, QString::fromUtf8(core::specToJson(task.spec)));
    query.bindValue(i++, task.receiptSeen ? 1 : 0);
    query.bindValue(i++, task.verificationItems);
    query.bindValue(i++, task.explicitNoVerification ? 1 : 0);
    query.bindValue(i++, task.createdAt);
    query.bindValue(i++, task.updatedAt);
    query.bindValue(i++, nullableText(task.workerSessionKey));
    query.bindValue(i++, nullableText(task.gatewayTaskId));
    query.bindValue(i++, nullableText(task.receiptJson));
    query.bindValue(i++, nullableText(task.receiptStatus));
    query.bindValue(i++, nullableText(task.receiptTaskRef));
}

// A full row: every column follows the record except task_id (the key) and created_at, which
// keeps the first value written, as the plugin's upsertTaskRow does.
constexpr const char kUpsertTask[] = R"sql(
INSERT INTO orchestrator_tasks(
task_id, task_key, requester_session_key, orchestrator_session_key, label, task_preview,
state, attempt, max_retries, next_run_at, last_outcome, spec_json, receipt_seen,
verification_items, explicit_no_verification, created_at, updated_at, worker_session_key,
gateway_task_id, receipt_json, receipt_status, receipt_task_ref
)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT(task_id) DO UPDATE SET
task_key=excluded.task_key,
requester_session_key=excluded.requester_session_key,
orchestrator_session_key=excluded.orchestrator_session_key,
label=excluded.label,
task_preview=excluded.task_preview,
state=excluded.state,
attempt=excluded.attempt,
max_retries=excluded.max_retries,
next_run_at=excluded.next_run_at,
last_outcome=excluded.last_outcome,
spec_json=excluded.spec_json,
receipt_seen=excluded.receipt_seen,
verification_items=excluded.verification_items,
explicit_no_verification=excluded.explicit_no_verification,
updated_at=excluded.updated_at,
worker_session_key=excluded.worker_session_key,
gateway_task_id=excluded.gateway_task_id,
receipt_json=excluded.receipt_json,
receipt_status=excluded.receipt_status,
receipt_task_ref=excluded.receipt_task_ref
)sql";

// The plugin's upsertWorkerRow, including which columns a conflict updates: the orchestrator,
// label, preview and start time stay those of the first row.
constexpr const char kUpsertWorker[] = R"sql(
INSERT INTO orchestrator_workers(
child_session_key, task_id, task_key, orchestrator_session_key,
label, task_preview, status, attempt, started_at, updated_at, outcome
)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT(child_session_key) DO UPDATE SET
status=excluded.status,
updated_at=excluded.updated_at,
outcome=excluded.outcome,
task_id=excluded.task_id,
task_key=excluded.task_key,
attempt=excluded.attempt
)sql";

// The plugin's setBinding, two statements.
constexpr const char kBindDeleteOthers[] = R"sql(
DELETE FROM orchestrator_bindings
WHERE orchestrator_session_key = ? AND requester_session_key <> ?
)sql";
constexpr const char kBindUpsert[] = R"sql(
INSERT INTO orchestrator_bindings(requester_session_key, orchestrator_session_key, updated_at)
VALUES (?, ?, ?)
ON CONFLICT(requester_session_key) DO UPDATE SET
orchestrator_session_key=excluded.orchestrator_session_key,
updated_at=excluded.updated_at
)sql";

constexpr const char kUpsertRetry[] = R"sql(
INSERT INTO orchestrator_retries(task_key, retries, updated_at)
VALUES (?, ?, ?)
ON CONFLICT(task_key) DO UPDATE SET retries=excluded.retries, updated_at=excluded.updated_at
)sql";

constexpr const char kActiveStatesSql[] =
    "('queued', 'leased', 'running', 'needs_input', 'needs_verification')";

// Rows whose state is none of the eight, as the gaps between the known values: "state NOT IN
// (...)" would read the whole state index, whereas each gap is a range the index answers at once,
// so this stays cheap on a million rows.
QString unknownStateCondition()
{
    QStringList known;
    for (int i = 0; i < core::kTaskStateCount; ++i)
        known.append(core::stateName(static_cast<TaskState>(i)));
    known.sort();
    QStringList gaps;
    gaps.append(QStringLiteral("state < '%1'").arg(known.constFirst()));
    for (qsizetype i = 0; i + 1 < known.size(); ++i)
        gaps.append(
            QStringLiteral("(state > '%1' AND state < '%2')").arg(known.at(i), known.at(i + 1)));
    gaps.append(QStringLiteral("state > '%1'").arg(known.constLast()));
    return gaps.join(QStringLiteral(" OR "));
}

// ---- SQLite specifics -----------------------------------------------------------------------
// Everything that knows the file is SQLite lives here, so that a QPSQL backend replaces this
// block and leaves the rest of the store alone.
namespace sqlite {

constexpr int kSqliteCorrupt = 11;
constexpr int kSqliteNotADb = 26;

int primaryCode(const QSqlError &error)
{
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok);
    return ok ? (code & 0xff) : -1;
}

// A connection that exists only for the scope of one check: the QSqlDatabase handle is dropped
// before removeDatabase, as Qt requires. Queries on it must be locals declared after it.
class ScopedConnection
{
public:
    ScopedConnection(const QString &name, const QString &path, const QString &options)
        : m_name(name)
    {
        m_db = QSqlDatabase::addDatabase(driverName(), m_name);
        m_db.setDatabaseName(path);
        m_db.setConnectOptions(options);
        m_opened = m_db.open();
    }
    ~ScopedConnection()
    {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
    }
    ScopedConnection(const ScopedConnection &) = delete;
    ScopedConnection &operator=(const ScopedConnection &) = delete;

    bool opened() const { return m_opened; }
    QSqlDatabase &db() { return m_db; }

private:
    QString m_name;
    QSqlDatabase m_db;
    bool m_opened = false;
};

quint32 bigEndian32(const QByteArray &bytes, int at)
{
    return (quint32(quint8(bytes.at(at))) << 24) | (quint32(quint8(bytes.at(at + 1))) << 16) |
           (quint32(quint8(bytes.at(at + 2))) << 8) | quint32(quint8(bytes.at(at + 3)));
}

// What the 100-byte header says, read with plain file I/O so that nothing else can touch a file
// we may have to refuse.
StoreError checkHeader(const QString &path, qint64 fileSize)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return makeError(
            StoreError::Kind::CannotOpen,
            QStringLiteral("Cannot read “%1”: %2.").arg(nativePath(path), file.errorString()));
    }
    const QByteArray header = file.read(100);
    static const QByteArray magic("SQLite format 3\0", 16);
    if (!header.startsWith(magic)) {
        return makeError(StoreError::Kind::NotADatabase,
                         QStringLiteral("“%1” is not a SQLite database (it does not start with the "
                                        "SQLite header); ClawOps left it untouched.")
                             .arg(nativePath(path)));
    }
    if (header.size() < 100) {
        return makeError(StoreError::Kind::NotADatabase,
                         QStringLiteral("“%1” is not a usable SQLite database (its header is "
                                        "truncated at %2 bytes); ClawOps left it untouched.")
                             .arg(nativePath(path))
                             .arg(header.size()));
    }
    const quint32 rawPageSize = (quint32(quint8(header.at(16))) << 8) | quint8(header.at(17));
    const quint32 pageSize = rawPageSize == 1 ? 65536u : rawPageSize;
    if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) != 0) {
        return makeError(StoreError::Kind::NotADatabase,
                         QStringLiteral("“%1” is not a usable SQLite database (its header gives "
                                        "an impossible page size); ClawOps left it untouched.")
                             .arg(nativePath(path)));
    }
    // The in-header page count is trustworthy when the change counter (24) equals the
    // version-valid-for number (92). Without a WAL to make up the difference, a file shorter
    // than that was cut off.
    const quint32 pageCount = bigEndian32(header, 28);
    const bool countValid = pageCount != 0 && bigEndian32(header, 24) == bigEndian32(header, 92);
    const QFileInfo wal(path + QStringLiteral("-wal"));
    const bool walHasData = wal.exists() && wal.size() > 0;
    if (countValid && !walHasData && fileSize < qint64(pageCount) * qint64(pageSize)) {
        return makeError(StoreError::Kind::Corrupt,
                         QStringLiteral("“%1” is damaged: it is %2 bytes long but its header "
                                        "says %3 pages of %4 bytes. ClawOps left it untouched.")
                             .arg(nativePath(path))
                             .arg(fileSize)
                             .arg(pageCount)
                             .arg(pageSize));
    }
    return {};
}

StoreError classifyReadError(const QString &path, const QSqlError &error)
{
    const int code = primaryCode(error);
    if (code == kSqliteNotADb) {
        return makeError(StoreError::Kind::NotADatabase,
                         QStringLiteral("“%1” is not a SQLite database (%2); ClawOps left it "
                                        "untouched.")
                             .arg(nativePath(path), errorText(error)));
    }
    if (code == kSqliteCorrupt) {
        return makeError(StoreError::Kind::Corrupt,
                         QStringLiteral("“%1” is damaged (%2); ClawOps left it untouched.")
                             .arg(nativePath(path), errorText(error)));
    }
    return makeError(
        StoreError::Kind::CannotOpen,
        QStringLiteral("Cannot read “%1”: %2.").arg(nativePath(path), errorText(error)));
}

// quick_check on the whole file or on the named tables; "ok" when clean.
StoreError quickCheck(QSqlDatabase &db, const QString &path, const QStringList &tables)
{
    QStringList statements;
    if (tables.isEmpty())
        statements.append(QStringLiteral("PRAGMA quick_check"));
    for (const QString &table : tables)
        statements.append(QStringLiteral("PRAGMA quick_check(%1)").arg(table));
    for (const QString &statement : statements) {
        QSqlQuery query(db);
        query.setForwardOnly(true);
        if (!query.exec(statement))
            return classifyReadError(path, query.lastError());
        QStringList problems;
        while (query.next()) {
            const QString line = query.value(0).toString();
            if (line != QLatin1String("ok"))
                problems.append(line);
        }
        if (!problems.isEmpty()) {
            qCWarning(lcStore).noquote() << "quick_check of" << path << "failed:" << problems;
            return makeError(StoreError::Kind::Corrupt,
                             QStringLiteral("“%1” is damaged (quick_check: %2); ClawOps left it "
                                            "untouched.")
                                 .arg(nativePath(path), problems.constFirst()));
        }
    }
    return {};
}

struct Inspection
{
    int userVersion = 0;
    bool empty = true; // no tables at all
};

// Looks at an existing SQLite file through a read-only connection: whose it is, which version,
// whether it is whole. Nothing here can write to the file.
StoreError inspect(const QString &connectionName, const QString &path, qint64 fileSize,
                   const OpenOptions &options, Inspection *out)
{
    ScopedConnection connection(
        connectionName, path,
        QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=%1").arg(kBusyTimeoutMs));
    if (!connection.opened())
        return classifyReadError(path, connection.db().lastError());
    QSqlDatabase &db = connection.db();

    QSqlQuery query(db);
    query.setForwardOnly(true);
    QHash<QString, QString> tables; // name -> type (table, view, ...)
    if (!query.exec(QStringLiteral("SELECT name, type FROM sqlite_master WHERE type IN ('table', "
                                   "'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")))
        return classifyReadError(path, query.lastError());
    while (query.next())
        tables.insert(query.value(0).toString(), query.value(1).toString());
    query.finish();

    auto pragmaInt = [&](const char *pragma, qint64 *value) -> StoreError {
        if (!query.exec(QStringLiteral("PRAGMA %1").arg(QLatin1String(pragma))) || !query.next())
            return classifyReadError(path, query.lastError());
        *value = query.value(0).toLongLong();
        query.finish();
        return {};
    };
    qint64 userVersion = 0;
    qint64 applicationId = 0;
    if (StoreError error = pragmaInt("user_version", &userVersion))
        return error;
    if (StoreError error = pragmaInt("application_id", &applicationId))
        return error;

    if (applicationId != 0 && applicationId != kApplicationId) {
        return makeError(StoreError::Kind::ForeignDatabase,
                         QStringLiteral("“%1” belongs to another application (SQLite "
                                        "application_id %2); ClawOps left it untouched.")
                             .arg(nativePath(path))
                             .arg(applicationId));
    }

    // A table we know must have the columns we know; one that only shares a name is someone
    // else's and migrating it would mix their data with ours.
    const QStringList known = pluginTables() + clawopsTables();
    bool hasKnown = false;
    for (const QString &table : known) {
        const auto found = tables.constFind(table);
        if (found == tables.constEnd())
            continue;
        hasKnown = true;
        QSet<QString> columns;
        if (found.value() == QLatin1String("table")) {
            if (!query.exec(QStringLiteral("PRAGMA table_info(%1)").arg(table)))
                return classifyReadError(path, query.lastError());
            while (query.next())
                columns.insert(query.value(1).toString());
            query.finish();
        }
        for (const QString &column : requiredColumns(table)) {
            if (!columns.contains(column)) {
                return makeError(StoreError::Kind::ForeignDatabase,
                                 QStringLiteral("“%1” has a %2 %3 without the column %4, so it is "
                                                "not an orchestrator store; ClawOps left it "
                                                "untouched.")
                                     .arg(nativePath(path), found.value(), table, column));
            }
        }
    }
    if (!hasKnown && !tables.isEmpty()) {
        QStringList names = tables.keys();
        names.sort();
        return makeError(StoreError::Kind::ForeignDatabase,
                         QStringLiteral("“%1” is a SQLite database of another application (tables: "
                                        "%2); ClawOps left it untouched.")
                             .arg(nativePath(path), names.mid(0, 5).join(QStringLiteral(", "))));
    }
    if (userVersion > kSchemaVersion) {
        return makeError(StoreError::Kind::TooNew,
                         QStringLiteral("“%1” was written by a newer ClawOps (schema %2, this "
                                        "version knows up to %3); ClawOps left it untouched.")
                             .arg(nativePath(path))
                             .arg(userVersion)
                             .arg(kSchemaVersion));
    }

    // The full check reads every page; on a big file check the tables that stay small and let
    // checkIntegrity() do the rest when someone asks for it.
    QStringList partial;
    if (fileSize > options.fullCheckMaxBytes) {
        for (const QString &table :
             {QStringLiteral("orchestrator_bindings"), QStringLiteral("orchestrator_retries"),
              QStringLiteral("orchestrator_workers")}) {
            if (tables.value(table) == QLatin1String("table"))
                partial.append(table);
        }
        if (partial.isEmpty())
            partial.append(QStringLiteral("sqlite_master"));
    }
    if (StoreError error = quickCheck(db, path, partial))
        return error;

    out->userVersion = static_cast<int>(userVersion);
    out->empty = tables.isEmpty();
    return {};
}

// Connection settings for the read-write connection. WAL lets the engine write while readers
// (a second console, the sqlite3 shell) look; NORMAL is durable across application crashes in
// WAL mode and only risks the last commits on power loss, which resync recovers.
QString configure(QSqlDatabase &db)
{
    const QStringList pragmas = {
        QStringLiteral("PRAGMA busy_timeout = %1").arg(kBusyTimeoutMs),
        // New files only (an existing file keeps its page size): bigger pages mean fewer WAL
        // frames, hence fewer write calls, per commit; ingest is about 30% cheaper than at 4 KiB.
        QStringLiteral("PRAGMA page_size = 16384"),
        QStringLiteral("PRAGMA journal_mode = WAL"),
        QStringLiteral("PRAGMA synchronous = NORMAL"),
        // A bigger page cache keeps the indexes of a busy store in memory (64 MiB). No mmap:
        // a file cut short under a mapping kills the process with SIGBUS instead of returning
        // an error.
        QStringLiteral("PRAGMA cache_size = -65536"),
        QStringLiteral("PRAGMA temp_store = MEMORY"),
        // Checkpoint every 1024 pages (16 MiB at 16 KiB pages, 4 MiB in a plugin file): each
        // checkpoint is an fsync. The WAL file is cut back to 16 MiB after a checkpoint.
        QStringLiteral("PRAGMA wal_autocheckpoint = 1024"),
        QStringLiteral("PRAGMA journal_size_limit = 16777216"),
    };
    for (const QString &pragma : pragmas) {
        QSqlQuery query(db);
        if (!query.exec(pragma))
            return QStringLiteral("%1: %2").arg(pragma, errorText(query.lastError()));
    }
    return {};
}

} // namespace sqlite

// LIKE pattern for a substring search, with the wildcards of the search text made literal.
QString likePattern(const QString &search)
{
    QString escaped;
    escaped.reserve(search.size() + 8);
    for (const QChar c : search) {
        if (c == QLatin1Char('\\') || c == QLatin1Char('%') || c == QLatin1Char('_'))
            escaped.append(QLatin1Char('\\'));
        escaped.append(c);
    }
    return QLatin1Char('%') + escaped + QLatin1Char('%');
}

// The ORDER BY expression of each sort key: the one place a TaskSortKey meets SQL. The nullable
// text columns read NULL as empty text, so that a NULL and an empty value tie (and fall to the
// task id) here as they do in core::compareTasks, which cannot tell them apart.
QString sortExpression(core::TaskSortKey key)
{
    using core::TaskSortKey;
    switch (key) {
    case TaskSortKey::Id:
        return QStringLiteral("task_id");
    case TaskSortKey::Key:
        return QStringLiteral("task_key");
    case TaskSortKey::Label:
        return QStringLiteral("COALESCE(label, '')");
    case TaskSortKey::State:
        return QStringLiteral("state");
    case TaskSortKey::Attempt:
        return QStringLiteral("attempt");
    case TaskSortKey::LastOutcome:
        return QStringLiteral("COALESCE(last_outcome, '')");
    case TaskSortKey::Orchestrator:
        return QStringLiteral("orchestrator_session_key");
    case TaskSortKey::Requester:
        return QStringLiteral("requester_session_key");
    case TaskSortKey::Worker:
        return QStringLiteral("COALESCE(worker_session_key, '')");
    case TaskSortKey::NextRunAt:
        return QStringLiteral("next_run_at");
    case TaskSortKey::CreatedAt:
        return QStringLiteral("created_at");
    case TaskSortKey::UpdatedAt:
        break;
    }
    return QStringLiteral("updated_at");
}

// The WHERE clause of a console query and the values it binds, in order.
struct Filter
{
    QString where;
    QVariantList values;
};

Filter buildFilter(const core::TaskQuery &query)
{
    Filter filter;
    QStringList clauses;
    if (!query.states.isEmpty()) {
        QStringList marks;
        for (const TaskState state : query.states) {
            marks.append(QStringLiteral("?"));
            filter.values.append(core::stateName(state));
        }
        clauses.append(QStringLiteral("state IN (%1)").arg(marks.join(QStringLiteral(", "))));
    }
    if (!query.orchestratorSessionKey.isEmpty()) {
        clauses.append(QStringLiteral("orchestrator_session_key = ?"));
        filter.values.append(query.orchestratorSessionKey.str());
    }
    if (const QString search = query.searchText(); !search.isEmpty()) {
        const QString pattern = likePattern(search);
        QStringList any;
        for (const char *column : {"task_id", "label", "task_preview", "last_outcome"}) {
            any.append(QStringLiteral("%1 LIKE ? ESCAPE '\\'").arg(QLatin1String(column)));
            filter.values.append(pattern);
        }
        clauses.append(QStringLiteral("(%1)").arg(any.join(QStringLiteral(" OR "))));
    }
    if (!clauses.isEmpty())
        filter.where = QStringLiteral(" WHERE ") + clauses.join(QStringLiteral(" AND "));
    return filter;
}

// Statements prepared once per connection and reused for every change set and lookup.
struct Statements
{
    explicit Statements(const QSqlDatabase &db)
        : begin(db)
        , commit(db)
        , rollback(db)
        , upsertTask(db)
        , upsertWorker(db)
        , deleteWorker(db)
        , bindDeleteOthers(db)
        , bindUpsert(db)
        , deleteBindingByRequester(db)
        , deleteBindingByOrchestrator(db)
        , upsertRetry(db)
        , insertTransition(db)
        , insertAudit(db)
        , insertSuppressed(db)
        , findTask(db)
        , highestAttempt(db)
    {}

    QSqlQuery begin;
    QSqlQuery commit;
    QSqlQuery rollback;
    QSqlQuery upsertTask;
    QSqlQuery upsertWorker;
    QSqlQuery deleteWorker;
    QSqlQuery bindDeleteOthers;
    QSqlQuery bindUpsert;
    QSqlQuery deleteBindingByRequester;
    QSqlQuery deleteBindingByOrchestrator;
    QSqlQuery upsertRetry;
    QSqlQuery insertTransition;
    QSqlQuery insertAudit;
    QSqlQuery insertSuppressed;
    QSqlQuery findTask;
    QSqlQuery highestAttempt;

    // Returns what failed, or an empty string.
    QString prepareAll()
    {
        const std::pair<QSqlQuery *, QString> all[] = {
            // IMMEDIATE: take the write lock at the start, waiting up to busy_timeout, rather than
            // failing at the first write when another process holds it.
            {&begin, QStringLiteral("BEGIN IMMEDIATE")},
            {&commit, QStringLiteral("COMMIT")},
            {&rollback, QStringLiteral("ROLLBACK")},
            {&upsertTask, QString::fromUtf8(kUpsertTask)},
            {&upsertWorker, QString::fromUtf8(kUpsertWorker)},
            {&deleteWorker,
             QStringLiteral("DELETE FROM orchestrator_workers WHERE child_session_key = ?")},
            {&bindDeleteOthers, QString::fromUtf8(kBindDeleteOthers)},
            {&bindUpsert, QString::fromUtf8(kBindUpsert)},
            {&deleteBindingByRequester,
             QStringLiteral("DELETE FROM orchestrator_bindings WHERE requester_session_key = ?")},
            {&deleteBindingByOrchestrator,
             QStringLiteral(
                 "DELETE FROM orchestrator_bindings WHERE orchestrator_session_key = ?")},
            {&upsertRetry, QString::fromUtf8(kUpsertRetry)},
            {&insertTransition,
             QStringLiteral("INSERT INTO task_transitions(task_id, at, from_state, to_state, "
                            "reason) VALUES (?, ?, ?, ?, ?)")},
            {&insertAudit,
             QStringLiteral("INSERT INTO operator_actions(at, operator, action, task_id, reason, "
                            "result, detail) VALUES (?, ?, ?, ?, ?, ?, ?)")},
            {&insertSuppressed,
             QStringLiteral("INSERT INTO suppressed_spawns(at, task_key, active_task_id, "
                            "requester_session_key, orchestrator_session_key, label, spawn_ref, "
                            "child_session_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")},
            {&findTask, taskSelect() + QStringLiteral(" WHERE task_id = ?")},
            {&highestAttempt,
             QStringLiteral("SELECT MAX(attempt) FROM orchestrator_tasks WHERE task_key = ?")},
        };
        for (const auto &[query, sql] : all) {
            if (!query->prepare(sql))
                return QStringLiteral("%1: %2").arg(sql.simplified(),
                                                    errorText(query->lastError()));
        }
        findTask.setForwardOnly(true);
        highestAttempt.setForwardOnly(true);
        return {};
    }
};

} // namespace

// ---- Store ----------------------------------------------------------------------------------

struct Store::Private
{
    QString connectionName;
    QString path;
    QSqlDatabase db;
    std::unique_ptr<Statements> statements;
    int version = 0;

    bool isOpen() const { return statements != nullptr; }

    StoreError queryError(const QString &what, const QSqlError &error) const
    {
        return makeError(
            StoreError::Kind::Query,
            QStringLiteral("%1 in “%2” failed: %3").arg(what, nativePath(path), errorText(error)));
    }

    StoreError notOpen() const
    {
        return makeError(StoreError::Kind::CannotOpen, QStringLiteral("The store is not open."));
    }

    // Runs a read built from constant SQL with bound values.
    bool select(QSqlQuery &query, const QString &sql, const QVariantList &values, StoreError *error,
                const char *what) const
    {
        query.setForwardOnly(true);
        bool ok = query.prepare(sql);
        if (ok) {
            for (int i = 0; i < values.size(); ++i)
                query.bindValue(i, values.at(i));
            ok = query.exec();
        }
        if (!ok) {
            const StoreError failed = queryError(QString::fromLatin1(what), query.lastError());
            qCWarning(lcStore).noquote() << failed.message;
            if (error)
                *error = failed;
        }
        return ok;
    }
};

Store::Store()
    : d(std::make_unique<Private>())
{
    d->connectionName =
        QStringLiteral("clawops-store-%1").arg(reinterpret_cast<quintptr>(this), 0, 16);
}

Store::~Store()
{
    close();
}

StoreError Store::open(const QString &path, const OpenOptions &options)
{
    close();
    d->path = path;
    if (!QSqlDatabase::isDriverAvailable(driverName())) {
        return makeError(StoreError::Kind::CannotOpen,
                         QStringLiteral("Cannot open “%1”: the Qt SQLite driver (QSQLITE) is not "
                                        "installed.")
                             .arg(nativePath(path)));
    }
    const QFileInfo info(path);
    if (path.isEmpty() || !info.absoluteDir().exists()) {
        return makeError(
            StoreError::Kind::CannotOpen,
            QStringLiteral("Cannot open “%1”: its folder does not exist.").arg(nativePath(path)));
    }
    if (info.exists() && !info.isFile()) {
        return makeError(
            StoreError::Kind::CannotOpen,
            QStringLiteral("Cannot open “%1”: it is not a file.").arg(nativePath(path)));
    }

    // Everything about an existing file is decided before the first write. A missing or empty file
    // is a new store (SQLite itself takes a 0-byte file as an empty database), unless a WAL lies
    // beside it: SQLite would ignore that log and our first write would replace it.
    const QFileInfo wal(path + QStringLiteral("-wal"));
    if (info.exists() && info.size() == 0 && wal.exists() && wal.size() > 0) {
        return makeError(StoreError::Kind::Corrupt,
                         QStringLiteral("“%1” is empty but its write-ahead log “%2” is not; "
                                        "ClawOps left both untouched.")
                             .arg(nativePath(path), nativePath(wal.filePath())));
    }
    if (info.exists() && info.size() > 0) {
        if (StoreError error = sqlite::checkHeader(path, info.size()))
            return error;
        sqlite::Inspection inspection;
        if (StoreError error = sqlite::inspect(d->connectionName + QStringLiteral("-inspect"), path,
                                               info.size(), options, &inspection))
            return error;
    }

    d->db = QSqlDatabase::addDatabase(driverName(), d->connectionName);
    d->db.setDatabaseName(path);
    d->db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(kBusyTimeoutMs));
    auto fail = [this](StoreError::Kind kind, const QString &message) {
        close();
        return makeError(kind, message);
    };
    if (!d->db.open()) {
        return fail(StoreError::Kind::CannotOpen,
                    QStringLiteral("Cannot open “%1”: %2.")
                        .arg(nativePath(path), errorText(d->db.lastError())));
    }
    if (const QString error = sqlite::configure(d->db); !error.isEmpty()) {
        return fail(StoreError::Kind::CannotOpen,
                    QStringLiteral("Cannot set up “%1”: %2.").arg(nativePath(path), error));
    }

    int version = 0;
    {
        QSqlQuery query(d->db);
        if (!query.exec(QStringLiteral("PRAGMA user_version")) || !query.next()) {
            return fail(StoreError::Kind::CannotOpen,
                        QStringLiteral("Cannot read the schema version of “%1”: %2.")
                            .arg(nativePath(path), errorText(query.lastError())));
        }
        version = query.value(0).toInt();
    }
    // Checked again on the read-write connection: another ClawOps may have upgraded the file in
    // the moment between the inspection and now.
    if (version > kSchemaVersion) {
        return fail(StoreError::Kind::TooNew,
                    QStringLiteral("“%1” was written by a newer ClawOps (schema %2); ClawOps left "
                                   "it untouched.")
                        .arg(nativePath(path))
                        .arg(version));
    }
    if (version < kSchemaVersion) {
        if (const QString error = migrate(d->db, version); !error.isEmpty()) {
            return fail(StoreError::Kind::Query,
                        QStringLiteral("Cannot upgrade “%1”: %2.").arg(nativePath(path), error));
        }
        version = kSchemaVersion;
    }
    d->version = version;

    auto statements = std::make_unique<Statements>(d->db);
    if (const QString error = statements->prepareAll(); !error.isEmpty()) {
        statements.reset();
        return fail(StoreError::Kind::Query,
                    QStringLiteral("Cannot prepare the statements for “%1”: %2.")
                        .arg(nativePath(path), error));
    }
    d->statements = std::move(statements);
    qCInfo(lcStore).noquote() << "opened" << path << "schema" << version;
    return {};
}

void Store::close()
{
    // removeDatabase needs every QSqlQuery and QSqlDatabase copy of the connection gone first.
    d->statements.reset();
    const bool had = d->db.isValid();
    d->db.close();
    d->db = QSqlDatabase();
    if (had)
        QSqlDatabase::removeDatabase(d->connectionName);
    d->version = 0;
}

bool Store::isOpen() const
{
    return d->isOpen();
}

QString Store::path() const
{
    return d->path;
}

int Store::schemaVersion() const
{
    return d->isOpen() ? d->version : 0;
}

StoreError Store::checkIntegrity()
{
    if (!d->isOpen())
        return d->notOpen();
    return sqlite::quickCheck(d->db, d->path, {});
}

core::Snapshot Store::loadSnapshot(StoreError *error, std::optional<TimeMs> now)
{
    core::Snapshot snapshot;
    if (!d->isOpen()) {
        if (error)
            *error = d->notOpen();
        return snapshot;
    }
    const TimeMs fallbackNow = now.value_or(QDateTime::currentMSecsSinceEpoch());
    QSqlQuery query(d->db);

    // Bindings, as the plugin rehydrates them: both keys required.
    if (!d->select(query,
                   QStringLiteral("SELECT requester_session_key, orchestrator_session_key, "
                                  "updated_at FROM orchestrator_bindings"),
                   {}, error, "reading the bindings"))
        return {};
    while (query.next()) {
        core::BindingRecord binding;
        binding.requesterSessionKey = core::SessionKey(asString(query.value(0)));
        binding.orchestratorSessionKey = core::SessionKey(asString(query.value(1)));
        if (binding.requesterSessionKey.isEmpty() || binding.orchestratorSessionKey.isEmpty())
            continue;
        binding.updatedAt = asNonNegativeInt(query.value(2), 0);
        snapshot.bindings.append(binding);
    }

    if (!d->select(query,
                   QStringLiteral("SELECT task_key, retries, updated_at FROM orchestrator_retries"),
                   {}, error, "reading the retry counts"))
        return {};
    while (query.next()) {
        core::RetryCountRecord retry;
        retry.taskKey = core::TaskKey(asString(query.value(0)));
        if (retry.taskKey.isEmpty())
            continue;
        retry.retries = clampToInt(asNonNegativeInt(query.value(1), 0));
        retry.updatedAt = asNonNegativeInt(query.value(2), 0);
        snapshot.retryCounts.append(retry);
    }

    if (!d->select(query,
                   QStringLiteral("SELECT child_session_key, orchestrator_session_key, label, "
                                  "task_preview, status, started_at, updated_at, outcome, task_id, "
                                  "task_key, attempt FROM orchestrator_workers"),
                   {}, error, "reading the workers"))
        return {};
    while (query.next()) {
        core::WorkerRecord worker;
        worker.childSessionKey = core::SessionKey(asString(query.value(0)));
        worker.orchestratorSessionKey = core::SessionKey(asString(query.value(1)));
        if (worker.childSessionKey.isEmpty() || worker.orchestratorSessionKey.isEmpty())
            continue;
        worker.label = asString(query.value(2));
        worker.taskPreview = asString(query.value(3));
        if (worker.taskPreview.isEmpty())
            worker.taskPreview = QStringLiteral("(unknown task)");
        // The plugin reads any status text; ClawOps only needs to know whether the run lasts.
        if (const QString status = asString(query.value(4)); status.toLower() != u"running")
            worker.ended = core::outcomeFromText(status).value_or(core::WorkerOutcome::Unknown);
        worker.startedAt = asNonNegativeInt(query.value(5), fallbackNow);
        worker.updatedAt = asNonNegativeInt(query.value(6), fallbackNow);
        worker.outcome = asString(query.value(7));
        worker.taskId = core::TaskId(asString(query.value(8)));
        worker.taskKey = core::TaskKey(asString(query.value(9)));
        worker.attempt = clampToInt(asPositiveInt(query.value(10), 1));
        snapshot.workers.append(worker);
    }

    // Exactly the plugin's active set: its scheduler, dedupe and counts all select by these
    // literal strings, so a row with any other state was never live work for it either.
    if (!d->select(query,
                   taskSelect() + QStringLiteral(" WHERE state IN %1 ORDER BY created_at, task_id")
                                      .arg(QLatin1String(kActiveStatesSql)),
                   {}, error, "reading the active tasks"))
        return {};
    while (query.next())
        snapshot.activeTasks.append(readTask(query));

    // The plugin's status counts are over every row an orchestrator has, terminal ones included
    // (its readStatusSummary, with an unknown state read as queued).
    if (!d->select(query,
                   QStringLiteral("SELECT orchestrator_session_key, state, COUNT(*) FROM "
                                  "orchestrator_tasks GROUP BY orchestrator_session_key, state"),
                   {}, error, "counting the tasks of each orchestrator"))
        return {};
    while (query.next()) {
        const core::SessionKey orchestrator(asString(query.value(0)));
        snapshot.summaries[orchestrator][stateOrQueued(query.value(1))] +=
            clampToInt(query.value(2).toLongLong());
    }

    if (d->select(query,
                  QStringLiteral("SELECT COUNT(*) FROM orchestrator_tasks WHERE ") +
                      unknownStateCondition(),
                  {}, nullptr, "counting tasks with unknown states") &&
        query.next() && query.value(0).toLongLong() > 0) {
        qCWarning(lcStore).noquote()
            << query.value(0).toLongLong() << "task rows in" << d->path
            << "have a state that is not one of the eight; they are kept but not resumed";
    }
    if (error)
        *error = {};
    return snapshot;
}

StoreError Store::apply(const core::ChangeSet &changes)
{
    if (!d->isOpen())
        return d->notOpen();
    if (changes.isEmpty())
        return {};
    Statements &st = *d->statements;

    if (!st.begin.exec())
        return d->queryError(QStringLiteral("Starting a transaction"), st.begin.lastError());

    auto failed = [&](QSqlQuery &query, const QString &what) {
        const StoreError error = d->queryError(what, query.lastError());
        if (!st.rollback.exec()) {
            // SQLite rolls back by itself after some errors (disk full, I/O); then there is
            // nothing left to roll back and this failure is harmless.
            qCInfo(lcStore).noquote() << "rollback:" << errorText(st.rollback.lastError());
        }
        qCWarning(lcStore).noquote() << error.message;
        return error;
    };

    // Full rows, last write wins: only the last upsert of each task in the batch reaches SQLite,
    // carrying the created_at of the first, which is what the sequence of upserts would leave.
    const QList<core::TaskRecord> &tasks = changes.taskUpserts;
    QHash<QString, qsizetype> lastIndex;
    QHash<QString, TimeMs> firstCreatedAt;
    if (tasks.size() > 1) {
        lastIndex.reserve(tasks.size());
        for (qsizetype i = 0; i < tasks.size(); ++i) {
            lastIndex.insert(tasks.at(i).taskId, i);
            if (!firstCreatedAt.contains(tasks.at(i).taskId))
                firstCreatedAt.insert(tasks.at(i).taskId, tasks.at(i).createdAt);
        }
    }
    for (qsizetype i = 0; i < tasks.size(); ++i) {
        const core::TaskRecord &task = tasks.at(i);
        if (tasks.size() > 1 && lastIndex.value(task.taskId) != i)
            continue;
        bindTask(st.upsertTask, task);
        if (tasks.size() > 1)
            st.upsertTask.bindValue(15, firstCreatedAt.value(task.taskId));
        if (!st.upsertTask.exec())
            return failed(st.upsertTask, QStringLiteral("Saving task %1").arg(task.taskId));
    }

    for (const core::WorkerChange &change : changes.workerChanges) {
        const core::WorkerRecord &worker = change.record;
        if (change.remove) {
            st.deleteWorker.bindValue(0, requiredText(worker.childSessionKey));
            if (!st.deleteWorker.exec())
                return failed(st.deleteWorker,
                              QStringLiteral("Removing worker %1").arg(worker.childSessionKey));
            continue;
        }
        QSqlQuery &q = st.upsertWorker;
        q.bindValue(0, requiredText(worker.childSessionKey));
        q.bindValue(1, nullableText(worker.taskId));
        q.bindValue(2, nullableText(worker.taskKey));
        q.bindValue(3, requiredText(worker.orchestratorSessionKey));
        q.bindValue(4, nullableText(worker.label));
        q.bindValue(5, requiredText(worker.taskPreview));
        q.bindValue(6, requiredText(worker.running() ? QStringLiteral("running")
                                                     : core::outcomeText(*worker.ended)));
        q.bindValue(7, worker.attempt);
        q.bindValue(8, worker.startedAt);
        q.bindValue(9, worker.updatedAt);
        q.bindValue(10, nullableText(worker.outcome));
        if (!q.exec())
            return failed(q, QStringLiteral("Saving worker %1").arg(worker.childSessionKey));
    }

    for (const core::BindingChange &change : changes.bindingChanges) {
        const core::BindingRecord &binding = change.record;
        switch (change.kind) {
        case core::BindingChange::Kind::Bind:
            st.bindDeleteOthers.bindValue(0, requiredText(binding.orchestratorSessionKey));
            st.bindDeleteOthers.bindValue(1, requiredText(binding.requesterSessionKey));
            if (!st.bindDeleteOthers.exec())
                return failed(st.bindDeleteOthers, QStringLiteral("Saving a binding"));
            st.bindUpsert.bindValue(0, requiredText(binding.requesterSessionKey));
            st.bindUpsert.bindValue(1, requiredText(binding.orchestratorSessionKey));
            st.bindUpsert.bindValue(2, binding.updatedAt);
            if (!st.bindUpsert.exec())
                return failed(st.bindUpsert, QStringLiteral("Saving a binding"));
            break;
        case core::BindingChange::Kind::DeleteByRequester:
            st.deleteBindingByRequester.bindValue(0, requiredText(binding.requesterSessionKey));
            if (!st.deleteBindingByRequester.exec())
                return failed(st.deleteBindingByRequester, QStringLiteral("Removing a binding"));
            break;
        case core::BindingChange::Kind::DeleteByOrchestrator:
            st.deleteBindingByOrchestrator.bindValue(0,
                                                     requiredText(binding.orchestratorSessionKey));
            if (!st.deleteBindingByOrchestrator.exec())
                return failed(st.deleteBindingByOrchestrator, QStringLiteral("Removing a binding"));
            break;
        }
    }

    for (const core::RetryCountRecord &retry : changes.retryCounts) {
        st.upsertRetry.bindValue(0, requiredText(retry.taskKey));
        st.upsertRetry.bindValue(1, retry.retries);
        st.upsertRetry.bindValue(2, retry.updatedAt);
        if (!st.upsertRetry.exec())
            return failed(st.upsertRetry, QStringLiteral("Saving the retry count"));
    }

    for (const core::TransitionRecord &transition : changes.transitions) {
        QSqlQuery &q = st.insertTransition;
        q.bindValue(0, requiredText(transition.taskId));
        q.bindValue(1, transition.at);
        q.bindValue(2, transition.from ? QVariant(core::stateName(*transition.from))
                                       : QVariant(QMetaType::fromType<QString>()));
        q.bindValue(3, core::stateName(transition.to));
        q.bindValue(4, nullableText(transition.cause.toText()));
        if (!q.exec())
            return failed(q, QStringLiteral("Recording a transition of %1").arg(transition.taskId));
    }

    for (const core::AuditRecord &audit : changes.audits) {
        QSqlQuery &q = st.insertAudit;
        q.bindValue(0, audit.at);
        q.bindValue(1, requiredText(audit.operatorName));
        q.bindValue(2, requiredText(audit.action));
        q.bindValue(3, nullableText(audit.taskId));
        q.bindValue(4, nullableText(audit.reason));
        q.bindValue(5, nullableText(audit.result));
        q.bindValue(6, nullableText(audit.detail));
        if (!q.exec())
            return failed(q, QStringLiteral("Recording an operator action"));
    }

    for (const core::SuppressedSpawnRecord &spawn : changes.suppressed) {
        QSqlQuery &q = st.insertSuppressed;
        q.bindValue(0, spawn.at);
        q.bindValue(1, requiredText(spawn.taskKey));
        q.bindValue(2, nullableText(spawn.activeTaskId));
        q.bindValue(3, nullableText(spawn.requesterSessionKey));
        q.bindValue(4, nullableText(spawn.orchestratorSessionKey));
        q.bindValue(5, nullableText(spawn.label));
        q.bindValue(6, nullableText(spawn.spawnRef));
        q.bindValue(7, nullableText(spawn.childSessionKey));
        if (!q.exec())
            return failed(q, QStringLiteral("Recording a suppressed spawn"));
    }

    if (!st.commit.exec())
        return failed(st.commit, QStringLiteral("Committing"));
    return {};
}

core::ReadResult<core::TaskRecord> Store::findTask(const core::TaskId &taskId) const
{
    if (!d->isOpen())
        return core::ReadResult<core::TaskRecord>::failed(d->notOpen().message);
    QSqlQuery &query = d->statements->findTask;
    query.bindValue(0, requiredText(taskId));
    if (!query.exec()) {
        return core::ReadResult<core::TaskRecord>::failed(
            d->queryError(QStringLiteral("Reading task %1").arg(taskId.str()), query.lastError())
                .message);
    }
    if (!query.next()) {
        query.finish();
        return core::ReadResult<core::TaskRecord>::absent();
    }
    core::TaskRecord task = readTask(query);
    // A statement left on a row holds a read transaction, which would keep the WAL from being
    // checkpointed.
    query.finish();
    return core::ReadResult<core::TaskRecord>::found(std::move(task));
}

core::ReadResult<int> Store::highestAttempt(const core::TaskKey &taskKey) const
{
    if (!d->isOpen())
        return core::ReadResult<int>::failed(d->notOpen().message);
    QSqlQuery &query = d->statements->highestAttempt;
    query.bindValue(0, requiredText(taskKey));
    if (!query.exec()) {
        return core::ReadResult<int>::failed(
            d->queryError(QStringLiteral("Reading the attempts of %1").arg(taskKey.str()),
                          query.lastError())
                .message);
    }
    int attempt = 0;
    if (query.next())
        attempt = clampToInt(asNonNegativeInt(query.value(0), 0));
    query.finish();
    return core::ReadResult<int>::found(attempt);
}

QList<core::TaskRecord> Store::queryTasks(const core::TaskQuery &taskQuery, StoreError *error) const
{
    if (error)
        *error = {};
    if (!d->isOpen()) {
        if (error)
            *error = d->notOpen();
        return {};
    }
    if (taskQuery.limit <= 0)
        return {};
    Filter filter = buildFilter(taskQuery);
    const QString direction = taskQuery.descending ? QStringLiteral("DESC") : QStringLiteral("ASC");
    QString sql =
        taskSelect() + filter.where +
        QStringLiteral(" ORDER BY %1 %2").arg(sortExpression(taskQuery.sortKey), direction);
    if (taskQuery.sortKey != core::TaskSortKey::Id)
        sql += QStringLiteral(", task_id %1").arg(direction);
    sql += QStringLiteral(" LIMIT ? OFFSET ?");
    filter.values.append(taskQuery.limit);
    filter.values.append(std::max(0, taskQuery.offset));

    QSqlQuery query(d->db);
    if (!d->select(query, sql, filter.values, error, "Reading tasks"))
        return {};
    QList<core::TaskRecord> tasks;
    tasks.reserve(std::min(taskQuery.limit, 1000));
    while (query.next())
        tasks.append(readTask(query));
    return tasks;
}

int Store::countTasks(const core::TaskQuery &taskQuery, StoreError *error) const
{
    if (error)
        *error = {};
    if (!d->isOpen()) {
        if (error)
            *error = d->notOpen();
        return 0;
    }
    const Filter filter = buildFilter(taskQuery);
    QSqlQuery query(d->db);
    if (!d->select(query, QStringLiteral("SELECT COUNT(*) FROM orchestrator_tasks") + filter.where,
                   filter.values, error, "Counting tasks"))
        return 0;
    return query.next() ? clampToInt(query.value(0).toLongLong()) : 0;
}

core::StateCounts Store::countByState(StoreError *error) const
{
    if (error)
        *error = {};
    core::StateCounts counts;
    if (!d->isOpen()) {
        if (error)
            *error = d->notOpen();
        return counts;
    }
    QSqlQuery query(d->db);
    if (!d->select(query,
                   QStringLiteral("SELECT state, COUNT(*) FROM orchestrator_tasks GROUP BY state"),
                   {}, error, "Counting tasks by state"))
        return counts;
    while (query.next())
        counts[stateOrQueued(query.value(0))] += clampToInt(query.value(1).toLongLong());
    return counts;
}

QList<core::TransitionRecord> Store::transitionsFor(const core::TaskId &taskId) const
{
    if (!d->isOpen())
        return {};
    QSqlQuery query(d->db);
    if (!d->select(query,
                   QStringLiteral("SELECT %1 FROM task_transitions WHERE task_id = ? "
                                  "ORDER BY at, id")
                       .arg(QLatin1String(kTransitionColumns)),
                   {requiredText(taskId)}, nullptr, "Reading transitions"))
        return {};
    QList<core::TransitionRecord> out;
    while (query.next())
        out.append(readTransition(query));
    return out;
}

QList<core::AuditRecord> Store::auditFor(const core::TaskId &taskId) const
{
    if (!d->isOpen())
        return {};
    QSqlQuery query(d->db);
    if (!d->select(query,
                   QStringLiteral("SELECT at, operator, action, task_id, reason, result, detail "
                                  "FROM operator_actions WHERE task_id = ? ORDER BY at, id"),
                   {requiredText(taskId)}, nullptr, "Reading operator actions"))
        return {};
    QList<core::AuditRecord> out;
    while (query.next()) {
        core::AuditRecord audit;
        audit.at = asNonNegativeInt(query.value(0), 0);
        audit.operatorName = rawText(query.value(1));
        audit.action = rawText(query.value(2));
        audit.taskId = core::TaskId(rawText(query.value(3)));
        audit.reason = rawText(query.value(4));
        audit.result = rawText(query.value(5));
        audit.detail = rawText(query.value(6));
        out.append(audit);
    }
    return out;
}

QList<core::TaskRecord> Store::attemptsFor(const core::TaskKey &taskKey) const
{
    if (!d->isOpen())
        return {};
    QSqlQuery query(d->db);
    if (!d->select(query,
                   taskSelect() +
                       QStringLiteral(" WHERE task_key = ? ORDER BY attempt, created_at, task_id"),
                   {requiredText(taskKey)}, nullptr, "Reading attempts"))
        return {};
    QList<core::TaskRecord> out;
    while (query.next())
        out.append(readTask(query));
    return out;
}

QList<core::SuppressedSpawnRecord> Store::suppressedFor(const core::TaskKey &taskKey) const
{
    if (!d->isOpen())
        return {};
    QSqlQuery query(d->db);
    if (!d->select(query,
                   QStringLiteral("SELECT at, task_key, active_task_id, requester_session_key, "
                                  "orchestrator_session_key, label, spawn_ref, child_session_key "
                                  "FROM suppressed_spawns WHERE task_key = ? ORDER BY at, id"),
                   {requiredText(taskKey)}, nullptr, "Reading suppressed spawns"))
        return {};
    QList<core::SuppressedSpawnRecord> out;
    while (query.next()) {
        core::SuppressedSpawnRecord spawn;
        spawn.at = asNonNegativeInt(query.value(0), 0);
        spawn.taskKey = core::TaskKey(rawText(query.value(1)));
        spawn.activeTaskId = core::TaskId(rawText(query.value(2)));
        spawn.requesterSessionKey = core::SessionKey(rawText(query.value(3)));
        spawn.orchestratorSessionKey = core::SessionKey(rawText(query.value(4)));
        spawn.label = rawText(query.value(5));
        spawn.spawnRef = rawText(query.value(6));
        spawn.childSessionKey = core::SessionKey(rawText(query.value(7)));
        out.append(spawn);
    }
    return out;
}

QList<core::TransitionRecord> Store::transitionsSince(TimeMs since, int limit, bool *truncated,
                                                      StoreError *error) const
{
    if (truncated)
        *truncated = false;
    if (error)
        *error = {};
    if (!d->isOpen()) {
        if (error)
            *error = d->notOpen();
        return {};
    }
    if (limit <= 0)
        return {};
    // Newest first so that LIMIT keeps the recent end when the window holds too much; one row
    // more than asked tells whether anything was left out.
    QSqlQuery query(d->db);
    if (!d->select(query,
                   QStringLiteral("SELECT %1 FROM task_transitions WHERE at >= ? "
                                  "ORDER BY at DESC, id DESC LIMIT ?")
                       .arg(QLatin1String(kTransitionColumns)),
                   {since, limit + 1}, error, "Reading recent transitions"))
        return {};
    QList<core::TransitionRecord> out;
    while (query.next()) {
        if (out.size() == limit) {
            if (truncated)
                *truncated = true;
            break;
        }
        out.append(readTransition(query));
    }
    std::reverse(out.begin(), out.end());
    return out;
}

QList<core::TaskRecord> Store::tasksUpdatedSince(TimeMs since, int limit, StoreError *error) const
{
    if (error)
        *error = {};
    if (!d->isOpen()) {
        if (error)
            *error = d->notOpen();
        return {};
    }
    if (limit <= 0)
        return {};
    QSqlQuery query(d->db);
    if (!d->select(query,
                   taskSelect() + QStringLiteral(" WHERE updated_at >= ? "
                                                 "ORDER BY updated_at DESC, task_id DESC LIMIT ?"),
                   {since, limit}, error, "Reading recently changed tasks"))
        return {};
    QList<core::TaskRecord> out;
    while (query.next())
        out.append(readTask(query));
    return out;
}

} // namespace clawops::store
