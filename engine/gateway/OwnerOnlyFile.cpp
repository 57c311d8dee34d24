#include "OwnerOnlyFile.h"

#include "core/Logging.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace clawops::gateway {

namespace {

constexpr QFileDevice::Permissions kOwnerFile = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr QFileDevice::Permissions kOwnerDir =
    QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner;

void setError(QString *error, const QString &text)
{
    if (error)
        *error = text;
}

} // namespace

bool ensureOwnerOnlyDir(const QString &dir, QString *error)
{
    if (!QDir().mkpath(dir)) {
        setError(error, QStringLiteral("cannot create directory %1").arg(dir));
        return false;
    }
    if (!QFile::setPermissions(dir, kOwnerDir)) {
        setError(error, QStringLiteral("cannot restrict permissions of %1").arg(dir));
        return false;
    }
    return true;
}

bool writeOwnerOnlyFile(const QString &path, const QByteArray &data, QString *error)
{
    const QString dir = QFileInfo(path).absolutePath();
    if (!ensureOwnerOnlyDir(dir, error))
        return false;
    const QString temporary = path + QStringLiteral(".tmp");
    QFile::remove(temporary);
    QFile file(temporary);
    // NewOnly + permissions creates the file 0600 from the first byte, no chmod window.
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, kOwnerFile)) {
        setError(error, QStringLiteral("cannot create %1: %2").arg(temporary, file.errorString()));
        return false;
    }
    if (file.write(data) != data.size() || !file.flush()) {
        setError(error, QStringLiteral("cannot write %1: %2").arg(temporary, file.errorString()));
        file.close();
        QFile::remove(temporary);
        return false;
    }
    file.close();
    // rename(2) replaces the target atomically; QFile::rename refuses an existing target.
    if (std::rename(QFile::encodeName(temporary).constData(),
                    QFile::encodeName(path).constData()) != 0) {
        setError(error, QStringLiteral("cannot replace %1: %2")
                            .arg(path, QString::fromLocal8Bit(std::strerror(errno))));
        QFile::remove(temporary);
        return false;
    }
    return true;
}

QString looseSecretPermissions(const QString &path)
{
    constexpr QFileDevice::Permissions kOthers = QFileDevice::ReadGroup | QFileDevice::WriteGroup |
                                                 QFileDevice::ExeGroup | QFileDevice::ReadOther |
                                                 QFileDevice::WriteOther | QFileDevice::ExeOther;
    if (!(QFileInfo(path).permissions() & kOthers))
        return {};
    return QStringLiteral("%1 holds a secret but other users can read or change it; it may "
                          "already have leaked. Run: chmod 600 '%1' (and replace the secret if "
                          "others could have read it).")
        .arg(QFileInfo(path).absoluteFilePath());
}

bool readOwnerOnlyFile(const QString &path, QByteArray *data, bool *exists, QString *error)
{
    QFileInfo info(path);
    *exists = info.exists();
    if (!*exists)
        return true;
    if (const QString loose = looseSecretPermissions(path); !loose.isEmpty()) {
        qCWarning(lcGateway).noquote() << loose;
        setError(error, loose);
        return false;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        setError(error, QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
        return false;
    }
    *data = file.readAll();
    return true;
}

} // namespace clawops::gateway
