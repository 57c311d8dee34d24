#include "Importer.h"

#include "Connection.h"
#include "Location.h"
#include "OpenFiles.h"
#include "Opener.h"
#include "Schema.h"
#include "SqlDialect.h"
#include "Values.h"
#include "core/Logging.h"

#include <QFileInfo>
#include <QSqlError>
#include <QSqlField>
#include <QSqlIndex>
#include <QSqlQuery>
#include <QSqlRecord>

#include <algorithm>

namespace clawops::store {

namespace {

// About this many bound values per statement: far below SQLite's 32766 and PostgreSQL's 65535,
// and enough rows per round trip that the network is not what limits the copy.
constexpr int kValuesPerStatement = 8000;

StoreError importError(const QString &message)
{
    return StoreError{StoreError::Kind::Query, message};
}

struct TargetColumn
{
    QString name;
    bool integer = false;
    bool required = false;
};

// A value of an integer column as the target can hold it; see importStore.
QVariant integerValue(const QVariant &value, const TargetColumn &column, qint64 *coerced)
{
    if (value.isNull())
        return QVariant(QMetaType::fromType<qint64>());
    if (const std::optional<qint64> number = values::asNumber(value))
        return *number;
    ++*coerced;
    return column.required ? QVariant(qint64(-1)) : QVariant(QMetaType::fromType<qint64>());
}

QVariant textValue(const QVariant &value)
{
    if (value.isNull())
        return QVariant(QMetaType::fromType<QString>());
    return value.toString();
}

class TableCopy
{
public:
    TableCopy(QSqlDatabase &source, QSqlDatabase &target, const SqlDialect &dialect,
              const QString &where)
        : m_source(source)
        , m_target(target)
        , m_dialect(dialect)
        , m_where(where)
    {}

    StoreError copy(const QString &table,
                    const std::function<void(const ImportProgress &)> &progress,
                    ImportedTable *result);

private:
    QString upsert(const QString &table, int rows) const;
    // Upserts `rows` through `prepared` (made for exactly that many rows) or, when null, a
    // statement prepared for their number.
    // Fills m_key and m_columns (the target's columns the source has); *keyIndex is the key's.
    StoreError matchColumns(const QString &table, const QSet<QString> &sourceColumns,
                            qsizetype *keyIndex);
    StoreError flush(const QString &table, QList<QVariantList> &rows, QSqlQuery *prepared,
                     ImportedTable *result);

    QSqlDatabase &m_source;
    QSqlDatabase &m_target;
    const SqlDialect &m_dialect;
    QString m_where;
    QList<TargetColumn> m_columns;
    QString m_key;
};

QString TableCopy::upsert(const QString &table, int rows) const
{
    QStringList names;
    QStringList assignments;
    for (const TargetColumn &column : m_columns) {
        names.append(column.name);
        if (column.name != m_key)
            assignments.append(column.name + QLatin1Char('=') +
                               m_dialect.excludedColumn.arg(column.name));
    }
    QStringList marks(m_columns.size(), QStringLiteral("?"));
    const QString row = QLatin1Char('(') + marks.join(QStringLiteral(", ")) + QLatin1Char(')');
    QStringList allRows(rows, row);
    return QStringLiteral("INSERT INTO %1(%2) VALUES %3 ")
               .arg(table, names.join(QStringLiteral(", ")), allRows.join(QStringLiteral(", "))) +
           m_dialect.upsertClause.arg(m_key, assignments.join(QStringLiteral(", ")));
}

StoreError TableCopy::flush(const QString &table, QList<QVariantList> &rows, QSqlQuery *prepared,
                            ImportedTable *result)
{
    if (rows.isEmpty())
        return {};
    QSqlQuery own(m_target);
    QSqlQuery *statement = prepared;
    if (!statement) {
        if (!own.prepare(upsert(table, int(rows.size()))))
            return importError(QStringLiteral("Importing %1 into “%2” failed: %3")
                                   .arg(table, m_where, errorText(own.lastError())));
        statement = &own;
    }
    int index = 0;
    for (const QVariantList &row : rows) {
        for (const QVariant &value : row)
            statement->bindValue(index++, value);
    }
    // One statement is one transaction of its own: a batch is written whole or not at all, and a
    // second run redoes a batch the first did not finish.
    if (!statement->exec())
        return importError(QStringLiteral("Importing %1 into “%2” failed: %3")
                               .arg(table, m_where, errorText(statement->lastError())));
    result->rows += rows.size();
    rows.clear();
    // The search indexes take what the triggers queued (SqlDialect::searchSync).
    QSqlQuery sync(m_target);
    for (const QString &sql : m_dialect.searchSync) {
        if (!sync.exec(sql))
            return importError(QStringLiteral("Indexing %1 in “%2” failed: %3")
                                   .arg(table, m_where, errorText(sync.lastError())));
    }
    return {};
}

StoreError TableCopy::matchColumns(const QString &table, const QSet<QString> &sourceColumns,
                                   qsizetype *keyIndex)
{
    const QSqlRecord record = m_target.record(table);
    const QSqlIndex primary = m_target.primaryIndex(table);
    if (primary.count() != 1)
        return importError(
            QStringLiteral("“%1” has no single-column key on %2.").arg(m_where, table));
    m_key = primary.fieldName(0);
    m_columns.clear();
    for (int i = 0; i < record.count(); ++i) {
        const QSqlField field = record.field(i);
        if (!sourceColumns.contains(field.name()))
            continue; // an older file: the target's default
        const int type = field.metaType().id();
        m_columns.append(TargetColumn{field.name(),
                                      type == QMetaType::LongLong || type == QMetaType::Int,
                                      field.requiredStatus() == QSqlField::Required});
    }
    *keyIndex = std::find_if(m_columns.begin(), m_columns.end(),
                             [&](const TargetColumn &column) { return column.name == m_key; }) -
                m_columns.begin();
    if (*keyIndex == m_columns.size())
        return importError(QStringLiteral("The source's %1 has no column %2.").arg(table, m_key));
    return {};
}

StoreError TableCopy::copy(const QString &table,
                           const std::function<void(const ImportProgress &)> &progress,
                           ImportedTable *result)
{
    result->table = table;
    QSet<QString> sourceColumns;
    if (const QString error = columnsOf(m_source, sqliteDialect(), table, &sourceColumns);
        !error.isEmpty())
        return importError(QStringLiteral("Cannot read the source: %1.").arg(error));
    if (sourceColumns.isEmpty())
        return {}; // a plugin file has none of ClawOps's tables

    qsizetype keyIndex = 0;
    if (StoreError error = matchColumns(table, sourceColumns, &keyIndex))
        return error;

    QSqlQuery count(m_source);
    if (!count.exec(QStringLiteral("SELECT COUNT(*) FROM %1").arg(table)) || !count.next())
        return importError(QStringLiteral("Cannot read the source's %1: %2.")
                               .arg(table, errorText(count.lastError())));
    const qint64 total = count.value(0).toLongLong();
    count.finish();

    QStringList names;
    for (const TargetColumn &column : m_columns)
        names.append(column.name);
    QSqlQuery read(m_source);
    read.setForwardOnly(true);
    if (!read.exec(QStringLiteral("SELECT %1 FROM %2 ORDER BY rowid")
                       .arg(names.join(QStringLiteral(", ")), table)))
        return importError(QStringLiteral("Cannot read the source's %1: %2.")
                               .arg(table, errorText(read.lastError())));

    const int rowsPerStatement = std::max(1, kValuesPerStatement / int(m_columns.size()));
    QSqlQuery full(m_target);
    if (!full.prepare(upsert(table, rowsPerStatement)))
        return importError(QStringLiteral("Importing %1 into “%2” failed: %3")
                               .arg(table, m_where, errorText(full.lastError())));
    QList<QVariantList> rows;
    qint64 seen = 0;
    while (read.next()) {
        ++seen;
        if (read.value(int(keyIndex)).isNull()) {
            ++result->skipped;
            continue;
        }
        QVariantList row;
        row.reserve(m_columns.size());
        for (qsizetype i = 0; i < m_columns.size(); ++i) {
            const QVariant value = read.value(int(i));
            row.append(m_columns.at(i).integer
                           ? integerValue(value, m_columns.at(i), &result->coerced)
                           : textValue(value));
        }
        rows.append(std::move(row));
        if (rows.size() == rowsPerStatement) {
            if (StoreError error = flush(table, rows, &full, result))
                return error;
            if (progress)
                progress(ImportProgress{table, seen, total});
        }
    }
    if (read.lastError().isValid())
        return importError(QStringLiteral("Cannot read the source's %1: %2.")
                               .arg(table, errorText(read.lastError())));
    read.finish();
    if (StoreError error = flush(table, rows, nullptr, result))
        return error;
    if (m_key == QLatin1String("id") && !m_dialect.syncIdentity.isEmpty()) {
        QSqlQuery sync(m_target);
        if (!sync.exec(m_dialect.syncIdentity.arg(table)))
            return importError(QStringLiteral("Importing %1 into “%2” failed: %3")
                                   .arg(table, m_where, errorText(sync.lastError())));
    }
    if (progress)
        progress(ImportProgress{table, seen, total});
    return {};
}

// The source's read-only connection and the target's, removed again in any case.
class Connections
{
public:
    Connections()
        : m_sourceName(QStringLiteral("clawops-import-source"))
        , m_targetName(QStringLiteral("clawops-import-target"))
    {}
    ~Connections()
    {
        source.close();
        source = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_sourceName);
        if (!m_sourcePath.isEmpty())
            openfiles::release(m_sourcePath);
        opener::close(target.db, m_targetName);
    }
    Connections(const Connections &) = delete;
    Connections &operator=(const Connections &) = delete;

    const QString m_sourceName;
    const QString m_targetName;
    QString m_sourcePath; // counted in OpenFiles from before the source's open
    QSqlDatabase source;
    opener::Opened target;
};

} // namespace

qint64 ImportSummary::rows() const
{
    qint64 sum = 0;
    for (const ImportedTable &table : tables)
        sum += table.rows;
    return sum;
}

StoreResult<ImportSummary> importStore(const QString &sourcePath, const QString &target,
                                       const OpenOptions &targetOptions,
                                       const std::function<void(const ImportProgress &)> &progress)
{
    if (isPostgresUrl(sourcePath))
        return importError(QStringLiteral("--import reads a SQLite file, not a PostgreSQL URL."));
    const QFileInfo info(sourcePath);
    if (!info.isFile() || info.size() == 0)
        return StoreError{StoreError::Kind::CannotOpen,
                          QStringLiteral("Nothing to import: “%1” does not exist or is empty.")
                              .arg(nativePath(sourcePath))};
    Connections connections;
    OpenOptions sourceOptions;
    sourceOptions.fullCheckMaxBytes = targetOptions.fullCheckMaxBytes;
    if (StoreError error =
            opener::inspectSqliteFile(connections.m_sourceName, sourcePath, sourceOptions))
        return error;
    connections.m_sourcePath = sourcePath;
    openfiles::retain(sourcePath);
    connections.source =
        QSqlDatabase::addDatabase(sqliteDialect().driver, connections.m_sourceName);
    connections.source.setDatabaseName(sourcePath);
    connections.source.setConnectOptions(
        QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=%1").arg(kBusyTimeoutMs));
    if (!connections.source.open())
        return StoreError{
            StoreError::Kind::CannotOpen,
            QStringLiteral("Cannot open “%1”: %2.")
                .arg(nativePath(sourcePath), errorText(connections.source.lastError()))};
    if (StoreError error =
            opener::open(connections.m_targetName, target, targetOptions, &connections.target))
        return error;

    const StoreResult<Location> location = parseLocation(target);
    TableCopy copy(connections.source, connections.target.db, *connections.target.dialect,
                   location.value().display());
    ImportSummary summary;
    for (const QString &table : pluginTables() + clawopsTables()) {
        ImportedTable imported;
        if (StoreError error = copy.copy(table, progress, &imported)) {
            qCWarning(lcStore).noquote() << error.message;
            return error;
        }
        if (imported.coerced > 0)
            qCWarning(lcStore).noquote()
                << imported.coerced << "values in" << table
                << "were not numbers in an integer column; written as -1 or NULL";
        summary.tables.append(imported);
    }
    qCInfo(lcStore).noquote() << "imported" << summary.rows() << "rows from" << sourcePath << "into"
                              << location.value().display();
    return summary;
}

} // namespace clawops::store
