#include "Connection.h"

#include "core/Logging.h"

#include <QDir>
#include <QSqlError>

namespace clawops::store {

QString nativePath(const QString &path)
{
    return QDir::toNativeSeparators(path);
}

QString errorText(const QSqlError &error)
{
    // databaseText is SQLite's own sentence; driverText only says which call failed. The code
    // (SQLite's extended result code, PostgreSQL's SQLSTATE) tells apart failures that share a
    // sentence: "disk I/O error" is a dozen different ones.
    QString db = error.databaseText();
    QString driver = error.driverText();
    if (const QString code = error.nativeErrorCode(); !code.isEmpty())
        driver = driver.isEmpty() ? QStringLiteral("code %1").arg(code)
                                  : QStringLiteral("%1, code %2").arg(driver, code);
    if (db.isEmpty())
        return driver;
    if (driver.isEmpty())
        return db;
    return QStringLiteral("%1 (%2)").arg(db, driver);
}

StoreError Connection::queryError(const QString &what, const QSqlError &error) const
{
    return StoreError{
        StoreError::Kind::Query,
        QStringLiteral("%1 in “%2” failed: %3").arg(what, nativePath(path), errorText(error))};
}

StoreError Connection::notOpen()
{
    return StoreError{StoreError::Kind::CannotOpen, QStringLiteral("The store is not open.")};
}

StoreError Connection::select(QSqlQuery &query, const QString &sql, const QVariantList &values,
                              const char *what) const
{
    query.setForwardOnly(true);
    bool ok = query.prepare(sql);
    if (ok) {
        for (int i = 0; i < values.size(); ++i)
            query.bindValue(i, values.at(i));
        ok = query.exec();
    }
    if (ok)
        return {};
    StoreError failed = queryError(QString::fromLatin1(what), query.lastError());
    qCWarning(lcStore).noquote() << failed.message;
    return failed;
}

} // namespace clawops::store
