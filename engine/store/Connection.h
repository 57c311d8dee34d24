#pragma once

#include "StoreTypes.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariantList>

class QSqlError;

namespace clawops::store {

QString nativePath(const QString &path);
// SQLite's own sentence, with the driver's note on which call failed.
QString errorText(const QSqlError &error);

// An open connection with the file it names in messages. Everything that runs statements on it
// reports failures the same way: one sentence naming what failed and the file.
struct Connection
{
    QSqlDatabase db;
    QString path;

    StoreError queryError(const QString &what, const QSqlError &error) const;
    static StoreError notOpen();
    // Prepares and runs a read of constant SQL with bound values; on failure logs it and
    // returns what failed.
    StoreError select(QSqlQuery &query, const QString &sql, const QVariantList &values,
                      const char *what) const;
};

} // namespace clawops::store
