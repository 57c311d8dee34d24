#pragma once

#include "SqlDialect.h"
#include "core/Clock.h"

#include <QHash>
#include <QSqlQuery>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <cstddef>
#include <span>

namespace clawops::store {

// What a reader may need besides the value: the plugin's readers fall back to Date.now() for a
// missing time.
struct ReadContext
{
    core::TimeMs now = 0;
};

// What an upsert does with a column when the row exists already.
enum class OnConflict
{
    Key,    // the conflict target (one per table that upserts)
    Update, // takes the new value
    Keep,   // keeps the stored value (created_at, and the plugin's first-seen worker columns)
};

// One column of a table: its name, how a record gives its value, how a stored value goes back
// into a record.
template<class Record> struct Column
{
    const char *name;
    QVariant (*write)(const Record &record);
    void (*read)(Record &record, const QVariant &value, const ReadContext &context);
    OnConflict onConflict = OnConflict::Update;
};

// A table as a list of columns. Statements that list columns are generated from it, and rows are
// bound and read through it, so the order of columns lives in one place and a column is added
// or renamed in one line.
template<class Record> class RowCodec
{
public:
    template<std::size_t N>
    RowCodec(const char *table, const Column<Record> (&columns)[N])
        : m_table(QString::fromLatin1(table))
        , m_columns(columns, N)
    {
        for (const Column<Record> &column : m_columns)
            m_names.append(QString::fromLatin1(column.name));
    }

    const QString &table() const { return m_table; }
    const QStringList &columnNames() const { return m_names; }

    // "SELECT <every column> FROM <table>", in the order read() expects.
    QString select() const
    {
        return QStringLiteral("SELECT %1 FROM %2").arg(m_names.join(QStringLiteral(", ")), m_table);
    }

    // "INSERT INTO <table>(<every column>) VALUES (?, ...)", in the order bind() binds; with
    // `rows` rows of marks for a multi-row statement, and `verb` for INSERT INTO.
    QString insert(int rows = 1, const QString &verb = QStringLiteral("INSERT INTO")) const
    {
        QStringList marks;
        for (qsizetype i = 0; i < m_names.size(); ++i)
            marks.append(QStringLiteral("?"));
        const QString row = QLatin1Char('(') + marks.join(QStringLiteral(", ")) + QLatin1Char(')');
        return QStringLiteral("%1 %2(%3) VALUES %4")
            .arg(verb, m_table, m_names.join(QStringLiteral(", ")),
                 QStringList(rows, row).join(QStringLiteral(", ")));
    }

    // insert() that updates the row with the same key instead, column by column as the table
    // says. The keys of a multi-row upsert must differ (mergeByKey).
    QString upsert(const SqlDialect &dialect, int rows = 1) const
    {
        QString key;
        QStringList assignments;
        for (const Column<Record> &column : m_columns) {
            const QString name = QString::fromLatin1(column.name);
            if (column.onConflict == OnConflict::Key)
                key = name;
            else if (column.onConflict == OnConflict::Update)
                assignments.append(name + QLatin1Char('=') + dialect.excludedColumn.arg(name));
        }
        return insert(rows) + QLatin1Char(' ') +
               dialect.upsertClause.arg(key, assignments.join(QStringLiteral(", ")));
    }

    // An upsert in the two statements of SqlDialect::splitUpsert: an insert that leaves an
    // existing key alone, and the update to run when it inserted nothing, bound with
    // updateValues().
    QString insertUnlessKeyExists(const SqlDialect &dialect) const
    {
        return insert(1, dialect.failingInsert) +
               QStringLiteral(" ON CONFLICT(%1) DO NOTHING").arg(m_names.at(keyColumn()));
    }
    QString updateByKey(const SqlDialect &dialect) const
    {
        QStringList assignments;
        for (const Column<Record> &column : m_columns) {
            if (column.onConflict == OnConflict::Update)
                assignments.append(QString::fromLatin1(column.name) + QStringLiteral(" = ?"));
        }
        return QStringLiteral("%1 %2 SET %3 WHERE %4 = ?")
            .arg(dialect.failingUpdate, m_table, assignments.join(QStringLiteral(", ")),
                 m_names.at(keyColumn()));
    }
    // The values of updateByKey() from a row of values(): the updated columns, then the key.
    QVariantList updateValues(const QVariantList &row) const
    {
        QVariantList out;
        out.reserve(row.size());
        for (std::size_t i = 0; i < m_columns.size(); ++i) {
            if (m_columns[i].onConflict == OnConflict::Update)
                out.append(row.at(qsizetype(i)));
        }
        out.append(row.at(keyColumn()));
        return out;
    }

    // The values bind() binds, in order.
    QVariantList values(const Record &record) const
    {
        QVariantList out;
        out.reserve(qsizetype(m_columns.size()));
        for (const Column<Record> &column : m_columns)
            out.append(column.write(record));
        return out;
    }

    // Upserts of one batch as one row per key, which is what the sequence of upserts would
    // leave: the last values, except that Keep columns keep the first upsert's (the row's
    // values, when it exists already, win over both in the statement itself). In the order each
    // key first appears.
    QList<QVariantList> mergeByKey(const QList<Record> &records) const
    {
        const qsizetype key = keyColumn();
        QList<QVariantList> rows;
        QHash<QString, qsizetype> at;
        rows.reserve(records.size());
        for (const Record &record : records) {
            QVariantList row = values(record);
            const QString keyText = row.at(key).toString();
            const auto found = at.constFind(keyText);
            if (found == at.constEnd()) {
                at.insert(keyText, rows.size());
                rows.append(std::move(row));
                continue;
            }
            QVariantList &merged = rows[found.value()];
            for (std::size_t i = 0; i < m_columns.size(); ++i) {
                if (m_columns[i].onConflict != OnConflict::Keep)
                    merged[qsizetype(i)] = row.at(qsizetype(i));
            }
        }
        return rows;
    }

    void bind(QSqlQuery &query, const Record &record) const
    {
        for (std::size_t i = 0; i < m_columns.size(); ++i)
            query.bindValue(int(i), m_columns[i].write(record));
    }

    // A row of select(), or of any statement whose first columns are select()'s.
    Record read(const QSqlQuery &query, const ReadContext &context = {}) const
    {
        Record record;
        for (std::size_t i = 0; i < m_columns.size(); ++i)
            m_columns[i].read(record, query.value(int(i)), context);
        return record;
    }

private:
    // The conflict target's place among the columns; a table without one has none to upsert on.
    qsizetype keyColumn() const
    {
        for (std::size_t i = 0; i < m_columns.size(); ++i) {
            if (m_columns[i].onConflict == OnConflict::Key)
                return qsizetype(i);
        }
        Q_ASSERT_X(false, "RowCodec", "an upsert on a table without a key column");
        return 0;
    }

    QString m_table;
    std::span<const Column<Record>> m_columns;
    QStringList m_names;
};

} // namespace clawops::store
