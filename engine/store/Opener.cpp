#include "Opener.h"

#include "Connection.h"
#include "Location.h"
#include "OpenFiles.h"
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
        , m_path(path)
    {
        openfiles::retain(m_path);
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
        openfiles::release(m_path);
    }
    ScopedConnection(const ScopedConnection &) = delete;
    ScopedConnection &operator=(const ScopedConnection &) = delete;

    bool opened() const { return m_opened; }
    QSqlDatabase &db() { return m_db; }

private:
    QString m_name;
    QString m_path;
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

StoreError classifyReadError(const QString &path, const QSqlError &error,
                             const SqlDialect &dialect = sqliteDialect())
{
    // PostgreSQL's codes are SQLSTATEs, which say nothing about a file.
    const int code = &dialect == &sqliteDialect() ? primaryCode(error) : -1;
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

// What an existing store holds: its tables, and the version and owner its schema records.
struct Contents
{
    QHash<QString, QString> tables; // name -> type (table, view, ...)
    qint64 userVersion = 0;
    qint64 applicationId = 0;
};

StoreError readContents(QSqlDatabase &db, const SqlDialect &dialect, const QString &where,
                        Contents *out)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(dialect.listTables))
        return classifyReadError(where, query.lastError(), dialect);
    while (query.next())
        out->tables.insert(query.value(0).toString(), query.value(1).toString());
    query.finish();
    // PostgreSQL keeps them in a table of ours, which a new or plugin-made store lacks.
    if (!dialect.versionTable.isEmpty() && !out->tables.contains(dialect.versionTable))
        return {};

    auto readInt = [&](const QString &sql, qint64 *value) -> StoreError {
        if (!query.exec(sql) || !query.next())
            return classifyReadError(where, query.lastError(), dialect);
        *value = query.value(0).toLongLong();
        query.finish();
        return {};
    };
    if (StoreError error = readInt(dialect.readVersion, &out->userVersion))
        return error;
    return readInt(dialect.readApplicationId, &out->applicationId);
}

// A table we know must have the columns we know; one that only shares a name is someone else's
// and migrating it would mix their data with ours.
StoreError checkOwnership(QSqlDatabase &db, const SqlDialect &dialect, const QString &where,
                          const Contents &contents)
{
    if (contents.applicationId != 0 && contents.applicationId != kApplicationId) {
        return makeError(StoreError::Kind::ForeignDatabase,
                         QStringLiteral("“%1” belongs to another application (%2 application_id "
                                        "%3); ClawOps left it untouched.")
                             .arg(where, dialect.name)
                             .arg(contents.applicationId));
    }
    bool hasKnown = false;
    for (const QString &table : pluginTables() + clawopsTables()) {
        const auto found = contents.tables.constFind(table);
        if (found == contents.tables.constEnd())
            continue;
        hasKnown = true;
        QSet<QString> columns;
        if (found.value() == QLatin1String("table")) {
            if (const QString failed = columnsOf(db, dialect, table, &columns); !failed.isEmpty())
                return makeError(StoreError::Kind::CannotOpen,
                                 QStringLiteral("Cannot read “%1”: %2.").arg(where, failed));
        }
        for (const QString &column : requiredColumns(table)) {
            if (!columns.contains(column)) {
                return makeError(StoreError::Kind::ForeignDatabase,
                                 QStringLiteral("“%1” has a %2 %3 without the column %4, so it is "
                                                "not an orchestrator store; ClawOps left it "
                                                "untouched.")
                                     .arg(where, found.value(), table, column));
            }
        }
    }
    QStringList others;
    for (auto it = contents.tables.constBegin(); it != contents.tables.constEnd(); ++it) {
        if (it.key() != dialect.versionTable)
            others.append(it.key());
    }
    if (!hasKnown && !others.isEmpty()) {
        others.sort();
        return makeError(
            StoreError::Kind::ForeignDatabase,
            QStringLiteral("“%1” is a %2 database of another application (tables: "
                           "%3); ClawOps left it untouched.")
                .arg(where, dialect.name, others.mid(0, 5).join(QStringLiteral(", "))));
    }
    return {};
}

StoreError tooNew(const QString &where, qint64 version, bool sayWhatWeKnow)
{
    QString message = QStringLiteral("“%1” was written by a newer ClawOps (schema %2")
                          .arg(where, QString::number(version));
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
    if (StoreError error = readContents(db, sqliteDialect(), nativePath(path), &contents))
        return error;
    if (StoreError error = checkOwnership(db, sqliteDialect(), nativePath(path), contents))
        return error;
    if (contents.userVersion > kSchemaVersion)
        return tooNew(nativePath(path), contents.userVersion, true);

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
        // When this process has the file open already, SQLite is using it: it was checked then,
        // and opening it here would drop SQLite's locks (OpenFiles.h).
        StoreError headerError;
        openfiles::readUnlessOpen(path, [&] { headerError = checkHeader(path, info.size()); });
        if (headerError)
            return headerError;
        return inspect(connectionName + QStringLiteral("-inspect"), path, info.size(), options);
    }
    return {};
}

// ---- The read-write connection --------------------------------------------------------------

QString configure(QSqlDatabase &db, const SqlDialect &dialect)
{
    for (const QString &statement : dialect.connectionSetup) {
        QSqlQuery query(db);
        if (!query.exec(statement))
            return QStringLiteral("%1: %2").arg(statement, errorText(query.lastError()));
    }
    return {};
}

// Brings the store to our schema version. The migration reads the version again under its lock:
// another ClawOps may have upgraded the store in the moment between the inspection and now.
StoreError upgrade(QSqlDatabase &db, const SqlDialect &dialect, const QString &where,
                   int knownVersion, int *version)
{
    *version = knownVersion;
    // SQLite's write lock is the whole file; an up-to-date file is not locked for nothing.
    if (dialect.versionTable.isEmpty() && knownVersion == kSchemaVersion)
        return {};
    if (knownVersion > kSchemaVersion)
        return tooNew(where, knownVersion, false);
    const Migration migration = migrate(db, dialect);
    if (!migration.error.isEmpty()) {
        return makeError(StoreError::Kind::Query,
                         QStringLiteral("Cannot upgrade “%1”: %2.").arg(where, migration.error));
    }
    if (migration.foundVersion > kSchemaVersion)
        return tooNew(where, migration.foundVersion, false);
    *version = kSchemaVersion;
    return {};
}

StoreError readVersion(QSqlDatabase &db, const QString &where, int *version)
{
    QSqlQuery query(db);
    if (!query.exec(sqliteDialect().readVersion) || !query.next()) {
        return makeError(StoreError::Kind::CannotOpen,
                         QStringLiteral("Cannot read the schema version of “%1”: %2.")
                             .arg(where, errorText(query.lastError())));
    }
    *version = query.value(0).toInt();
    return {};
}

StoreError openSqlite(const QString &connectionName, const QString &path,
                      const OpenOptions &options, Opened *opened)
{
    if (StoreError error = checkFile(connectionName, path, options))
        return error;

    const SqlDialect &dialect = sqliteDialect();
    const QString where = nativePath(path);
    QSqlDatabase db = QSqlDatabase::addDatabase(dialect.driver, connectionName);
    db.setDatabaseName(path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(kBusyTimeoutMs));
    StoreError error;
    int version = 0;
    openfiles::retain(path); // released by close(), which every failure below ends in
    if (!db.open()) {
        error = makeError(
            StoreError::Kind::CannotOpen,
            QStringLiteral("Cannot open “%1”: %2.").arg(where, errorText(db.lastError())));
    } else if (const QString failed = configure(db, dialect); !failed.isEmpty()) {
        error = makeError(StoreError::Kind::CannotOpen,
                          QStringLiteral("Cannot set up “%1”: %2.").arg(where, failed));
    } else {
        error = readVersion(db, where, &version);
        if (!error)
            error = upgrade(db, dialect, where, version, &version);
    }
    if (error) {
        close(db, connectionName);
        return error;
    }
    opened->db = db;
    opened->schemaVersion = version;
    opened->dialect = &dialect;
    return {};
}

// A PostgreSQL database is inspected on the connection that then uses it: there is no file to
// keep untouched, and nothing is written before the ownership check has passed.
StoreError openPostgres(const QString &connectionName, const Location &location,
                        const OpenOptions &options, Opened *opened)
{
    const SqlDialect &dialect = postgresDialect();
    const QString where = location.display();
    if (!QSqlDatabase::isDriverAvailable(dialect.driver)) {
        return makeError(StoreError::Kind::CannotOpen,
                         QStringLiteral("Cannot open “%1”: the Qt PostgreSQL driver (QPSQL) is "
                                        "not installed (Debian: libqt6sql6-psql).")
                             .arg(where));
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(dialect.driver, connectionName);
    db.setHostName(location.host);
    db.setPort(location.port);
    db.setUserName(location.user);
    db.setDatabaseName(location.database);
    // Without one, libpq looks in PGPASSFILE or ~/.pgpass by itself.
    if (!options.password.isEmpty())
        db.setPassword(options.password);
    QStringList connectOptions{QStringLiteral("connect_timeout=10"),
                               QStringLiteral("application_name=clawops")};
    if (!location.connectOptions.isEmpty())
        connectOptions.append(location.connectOptions);
    db.setConnectOptions(connectOptions.join(QLatin1Char(';')));

    StoreError error;
    int version = 0;
    Contents contents;
    if (!db.open()) {
        // libpq's sentence names host, port and user, never the password.
        error = makeError(
            StoreError::Kind::CannotOpen,
            QStringLiteral("Cannot open “%1”: %2.").arg(where, errorText(db.lastError())));
    } else if (const QString failed = configure(db, dialect); !failed.isEmpty()) {
        error = makeError(StoreError::Kind::CannotOpen,
                          QStringLiteral("Cannot set up “%1”: %2.").arg(where, failed));
    } else {
        error = readContents(db, dialect, where, &contents);
        if (!error)
            error = checkOwnership(db, dialect, where, contents);
        if (!error)
            error = upgrade(db, dialect, where, int(contents.userVersion), &version);
    }
    if (error) {
        close(db, connectionName);
        return error;
    }
    opened->db = db;
    opened->schemaVersion = version;
    opened->dialect = &dialect;
    return {};
}

} // namespace

StoreError inspectSqliteFile(const QString &connectionName, const QString &path,
                             const OpenOptions &options)
{
    return checkFile(connectionName, path, options);
}

StoreError open(const QString &connectionName, const QString &location, const OpenOptions &options,
                Opened *opened)
{
    const StoreResult<Location> parsed = parseLocation(location);
    if (!parsed.isOk())
        return parsed.error();
    if (parsed.value().isPostgres())
        return openPostgres(connectionName, parsed.value(), options, opened);
    return openSqlite(connectionName, location, options, opened);
}

void close(QSqlDatabase &db, const QString &connectionName)
{
    // removeDatabase needs every QSqlQuery and QSqlDatabase copy of the connection gone first.
    const bool had = db.isValid();
    const QString sqliteFile =
        had && db.driverName() == sqliteDialect().driver ? db.databaseName() : QString();
    db.close();
    db = QSqlDatabase();
    if (had)
        QSqlDatabase::removeDatabase(connectionName);
    if (!sqliteFile.isEmpty())
        openfiles::release(sqliteFile);
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
