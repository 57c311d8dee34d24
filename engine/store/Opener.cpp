#include "Opener.h"

#include "Connection.h"
#include "Schema.h"
#include "SqlDialect.h"
#include "core/Logging.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

namespace clawops::store::opener {

namespace {

constexpr int kSqliteCorrupt = 11;
constexpr int kSqliteNotADb = 26;

StoreError makeError(StoreError::Kind kind, const QString &message)
{
    return StoreError{kind, message};
}

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
        m_db = QSqlDatabase::addDatabase(sqliteDialect().driver, m_name);
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

// ---- Inspection of an existing file ---------------------------------------------------------

// What an existing file holds, read through a read-only connection.
struct Contents
{
    QHash<QString, QString> tables; // name -> type (table, view, ...)
    qint64 userVersion = 0;
    qint64 applicationId = 0;
};

StoreError readContents(QSqlDatabase &db, const QString &path, Contents *out)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT name, type FROM sqlite_master WHERE type IN ('table', "
                                   "'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")))
        return classifyReadError(path, query.lastError());
    while (query.next())
        out->tables.insert(query.value(0).toString(), query.value(1).toString());
    query.finish();

    auto pragmaInt = [&](const char *pragma, qint64 *value) -> StoreError {
        if (!query.exec(QStringLiteral("PRAGMA %1").arg(QLatin1String(pragma))) || !query.next())
            return classifyReadError(path, query.lastError());
        *value = query.value(0).toLongLong();
        query.finish();
        return {};
    };
    if (StoreError error = pragmaInt("user_version", &out->userVersion))
        return error;
    return pragmaInt("application_id", &out->applicationId);
}

// A table we know must have the columns we know; one that only shares a name is someone else's
// and migrating it would mix their data with ours.
StoreError checkOwnership(QSqlDatabase &db, const QString &path, const Contents &contents)
{
    if (contents.applicationId != 0 && contents.applicationId != kApplicationId) {
        return makeError(StoreError::Kind::ForeignDatabase,
                         QStringLiteral("“%1” belongs to another application (SQLite "
                                        "application_id %2); ClawOps left it untouched.")
                             .arg(nativePath(path))
                             .arg(contents.applicationId));
    }
    QSqlQuery query(db);
    query.setForwardOnly(true);
    bool hasKnown = false;
    for (const QString &table : pluginTables() + clawopsTables()) {
        const auto found = contents.tables.constFind(table);
        if (found == contents.tables.constEnd())
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
    if (!hasKnown && !contents.tables.isEmpty()) {
        QStringList names = contents.tables.keys();
        names.sort();
        return makeError(StoreError::Kind::ForeignDatabase,
                         QStringLiteral("“%1” is a SQLite database of another application (tables: "
                                        "%2); ClawOps left it untouched.")
                             .arg(nativePath(path), names.mid(0, 5).join(QStringLiteral(", "))));
    }
    return {};
}

StoreError tooNew(const QString &path, qint64 version, bool sayWhatWeKnow)
{
    QString message = QStringLiteral("“%1” was written by a newer ClawOps (schema %2")
                          .arg(nativePath(path), QString::number(version));
    if (sayWhatWeKnow)
        message += QStringLiteral(", this version knows up to %1").arg(kSchemaVersion);
    message += QStringLiteral("); ClawOps left it untouched.");
    return makeError(StoreError::Kind::TooNew, message);
}

// Looks at an existing SQLite file through a read-only connection: whose it is, which version,
// whether it is whole. Nothing here can write to the file.
StoreError inspect(const QString &connectionName, const QString &path, qint64 fileSize,
                   const OpenOptions &options)
{
    ScopedConnection connection(
        connectionName, path,
        QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=%1").arg(kBusyTimeoutMs));
    if (!connection.opened())
        return classifyReadError(path, connection.db().lastError());
    QSqlDatabase &db = connection.db();

    Contents contents;
    if (StoreError error = readContents(db, path, &contents))
        return error;
    if (StoreError error = checkOwnership(db, path, contents))
        return error;
    if (contents.userVersion > kSchemaVersion)
        return tooNew(path, contents.userVersion, true);

    // The full check reads every page; on a big file check the tables that stay small and let
    // checkIntegrity() do the rest when someone asks for it.
    QStringList partial;
    if (fileSize > options.fullCheckMaxBytes) {
        for (const QString &table :
             {QStringLiteral("orchestrator_bindings"), QStringLiteral("orchestrator_retries"),
              QStringLiteral("orchestrator_workers")}) {
            if (contents.tables.value(table) == QLatin1String("table"))
                partial.append(table);
        }
        if (partial.isEmpty())
            partial.append(QStringLiteral("sqlite_master"));
    }
    return quickCheck(db, path, partial);
}

// Everything about an existing file is decided before the first write. A missing or empty file
// is a new store (SQLite itself takes a 0-byte file as an empty database), unless a WAL lies
// beside it: SQLite would ignore that log and our first write would replace it.
StoreError checkFile(const QString &connectionName, const QString &path, const OpenOptions &options)
{
    if (!QSqlDatabase::isDriverAvailable(sqliteDialect().driver)) {
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
    const QFileInfo wal(path + QStringLiteral("-wal"));
    if (info.exists() && info.size() == 0 && wal.exists() && wal.size() > 0) {
        return makeError(StoreError::Kind::Corrupt,
                         QStringLiteral("“%1” is empty but its write-ahead log “%2” is not; "
                                        "ClawOps left both untouched.")
                             .arg(nativePath(path), nativePath(wal.filePath())));
    }
    if (info.exists() && info.size() > 0) {
        if (StoreError error = checkHeader(path, info.size()))
            return error;
        return inspect(connectionName + QStringLiteral("-inspect"), path, info.size(), options);
    }
    return {};
}

// ---- The read-write connection --------------------------------------------------------------

QString configure(QSqlDatabase &db)
{
    for (const QString &statement : sqliteDialect().connectionSetup) {
        QSqlQuery query(db);
        if (!query.exec(statement))
            return QStringLiteral("%1: %2").arg(statement, errorText(query.lastError()));
    }
    return {};
}

// Brings the file to our schema version. Checked again on the read-write connection: another
// ClawOps may have upgraded the file in the moment between the inspection and now.
StoreError upgrade(QSqlDatabase &db, const QString &path, int *version)
{
    {
        QSqlQuery query(db);
        if (!query.exec(QStringLiteral("PRAGMA user_version")) || !query.next()) {
            return makeError(StoreError::Kind::CannotOpen,
                             QStringLiteral("Cannot read the schema version of “%1”: %2.")
                                 .arg(nativePath(path), errorText(query.lastError())));
        }
        *version = query.value(0).toInt();
    }
    if (*version > kSchemaVersion)
        return tooNew(path, *version, false);
    if (*version < kSchemaVersion) {
        if (const QString error = migrate(db, *version); !error.isEmpty()) {
            return makeError(
                StoreError::Kind::Query,
                QStringLiteral("Cannot upgrade “%1”: %2.").arg(nativePath(path), error));
        }
        *version = kSchemaVersion;
    }
    return {};
}

} // namespace

StoreError open(const QString &connectionName, const QString &path, const OpenOptions &options,
                Opened *opened)
{
    if (StoreError error = checkFile(connectionName, path, options))
        return error;

    QSqlDatabase db = QSqlDatabase::addDatabase(sqliteDialect().driver, connectionName);
    db.setDatabaseName(path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(kBusyTimeoutMs));
    StoreError error;
    int version = 0;
    if (!db.open()) {
        error = makeError(StoreError::Kind::CannotOpen,
                          QStringLiteral("Cannot open “%1”: %2.")
                              .arg(nativePath(path), errorText(db.lastError())));
    } else if (const QString failed = configure(db); !failed.isEmpty()) {
        error = makeError(StoreError::Kind::CannotOpen,
                          QStringLiteral("Cannot set up “%1”: %2.").arg(nativePath(path), failed));
    } else {
        error = upgrade(db, path, &version);
    }
    if (error) {
        close(db, connectionName);
        return error;
    }
    opened->db = db;
    opened->schemaVersion = version;
    return {};
}

void close(QSqlDatabase &db, const QString &connectionName)
{
    // removeDatabase needs every QSqlQuery and QSqlDatabase copy of the connection gone first.
    const bool had = db.isValid();
    db.close();
    db = QSqlDatabase();
    if (had)
        QSqlDatabase::removeDatabase(connectionName);
}

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

} // namespace clawops::store::opener
