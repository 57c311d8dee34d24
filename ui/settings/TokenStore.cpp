#include "TokenStore.h"

#include "UiLogging.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTimer>
#include <QUrl>

#ifdef CLAWOPS_HAVE_KEYCHAIN
#include <qt6keychain/keychain.h>
#endif

namespace clawops::ui {

namespace {
const QString kService = QStringLiteral("ClawOps");
constexpr QFile::Permissions kOwnerOnly = QFile::ReadOwner | QFile::WriteOwner;
} // namespace

TokenStore::TokenStore(QObject *parent)
    : QObject(parent)
    , m_backend(keychainBuiltIn() ? Backend::Keychain : Backend::File)
    , m_filePath(QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) +
                 QStringLiteral("/gateway-tokens.json"))
{}

bool TokenStore::keychainBuiltIn()
{
#ifdef CLAWOPS_HAVE_KEYCHAIN
    return true;
#else
    return false;
#endif
}

void TokenStore::setBackend(Backend backend)
{
    m_backend = keychainBuiltIn() ? backend : Backend::File;
}

void TokenStore::setFilePath(const QString &path)
{
    m_filePath = path;
}

QString TokenStore::describe(Backend backend) const
{
    return backend == Backend::Keychain
               ? tr("the system keychain")
               : tr("an owner-only file (%1)").arg(QDir::toNativeSeparators(m_filePath));
}

QString TokenStore::keyFor(const QString &gatewayUrl)
{
    // One entry per gateway however its URL was typed: no user info, no trailing slash.
    QUrl url(gatewayUrl.trimmed());
    if (url.path() == QLatin1String("/"))
        url.setPath(QString());
    return QStringLiteral("gateway-token:") +
           url.toString(QUrl::StripTrailingSlash | QUrl::RemoveUserInfo);
}

template<typename F> void TokenStore::later(F &&f)
{
    // The file backend answers on the next event-loop turn, like the keychain does.
    QTimer::singleShot(0, this, std::forward<F>(f));
}

void TokenStore::read(const QString &gatewayUrl)
{
#ifdef CLAWOPS_HAVE_KEYCHAIN
    if (m_backend == Backend::Keychain) {
        auto *job = new QKeychain::ReadPasswordJob(kService, this);
        job->setAutoDelete(true);
        job->setKey(keyFor(gatewayUrl));
        connect(job, &QKeychain::Job::finished, this, [this, gatewayUrl](QKeychain::Job *done) {
            auto *readJob = static_cast<QKeychain::ReadPasswordJob *>(done);
            if (done->error() == QKeychain::NoError) {
                Q_EMIT readFinished(gatewayUrl, readJob->textData(), QString());
                return;
            }
            if (done->error() == QKeychain::EntryNotFound) {
                // Nothing in the keychain; a token saved while it was unavailable may be on disk.
                readFile(gatewayUrl, QString());
                return;
            }
            qCWarning(lcUiSecrets).noquote() << "keychain read failed:" << done->errorString();
            readFile(gatewayUrl, done->errorString());
        });
        job->start();
        return;
    }
#endif
    later([this, gatewayUrl] { readFile(gatewayUrl, QString()); });
}

void TokenStore::write(const QString &gatewayUrl, const QString &token)
{
#ifdef CLAWOPS_HAVE_KEYCHAIN
    if (m_backend == Backend::Keychain) {
        auto *job = new QKeychain::WritePasswordJob(kService, this);
        job->setAutoDelete(true);
        job->setKey(keyFor(gatewayUrl));
        job->setTextData(token);
        connect(
            job, &QKeychain::Job::finished, this, [this, gatewayUrl, token](QKeychain::Job *done) {
                if (done->error() == QKeychain::NoError) {
                    removeFile(gatewayUrl); // no stale copy left behind on disk
                    Q_EMIT writeFinished(gatewayUrl, true, describe(Backend::Keychain), QString());
                    return;
                }
                qCWarning(lcUiSecrets).noquote()
                    << "keychain write failed, using the owner-only file:" << done->errorString();
                writeFile(
                    gatewayUrl, token,
                    tr("The system keychain is not available (%1).").arg(done->errorString()));
            });
        job->start();
        return;
    }
#endif
    later([this, gatewayUrl, token] { writeFile(gatewayUrl, token, QString()); });
}

void TokenStore::remove(const QString &gatewayUrl)
{
#ifdef CLAWOPS_HAVE_KEYCHAIN
    if (m_backend == Backend::Keychain) {
        auto *job = new QKeychain::DeletePasswordJob(kService, this);
        job->setAutoDelete(true);
        job->setKey(keyFor(gatewayUrl));
        connect(job, &QKeychain::Job::finished, this, [this, gatewayUrl](QKeychain::Job *done) {
            removeFile(gatewayUrl);
            const bool ok =
                done->error() == QKeychain::NoError || done->error() == QKeychain::EntryNotFound;
            Q_EMIT removeFinished(gatewayUrl, ok, ok ? QString() : done->errorString());
        });
        job->start();
        return;
    }
#endif
    later([this, gatewayUrl] {
        removeFile(gatewayUrl);
        Q_EMIT removeFinished(gatewayUrl, true, QString());
    });
}

void TokenStore::readFile(const QString &gatewayUrl, const QString &note)
{
    QJsonObject tokens;
    QString error;
    if (!loadFile(&tokens, &error)) {
        Q_EMIT readFinished(gatewayUrl, QString(), note.isEmpty() ? error : note);
        return;
    }
    Q_EMIT readFinished(gatewayUrl, tokens.value(keyFor(gatewayUrl)).toString(), QString());
}

void TokenStore::writeFile(const QString &gatewayUrl, const QString &token, const QString &note)
{
    QJsonObject tokens;
    QString error;
    if (!loadFile(&tokens, &error)) {
        Q_EMIT writeFinished(gatewayUrl, false, describe(Backend::File), error);
        return;
    }
    tokens.insert(keyFor(gatewayUrl), token);
    if (!saveFile(tokens, &error)) {
        Q_EMIT writeFinished(gatewayUrl, false, describe(Backend::File), error);
        return;
    }
    Q_EMIT writeFinished(gatewayUrl, true, describe(Backend::File), note);
}

void TokenStore::removeFile(const QString &gatewayUrl)
{
    QJsonObject tokens;
    QString error;
    if (!QFileInfo::exists(m_filePath) || !loadFile(&tokens, &error))
        return;
    if (!tokens.contains(keyFor(gatewayUrl)))
        return;
    tokens.remove(keyFor(gatewayUrl));
    if (!saveFile(tokens, &error))
        qCWarning(lcUiSecrets).noquote() << "could not update" << m_filePath << error;
}

bool TokenStore::loadFile(QJsonObject *tokens, QString *error) const
{
    QFile file(m_filePath);
    if (!file.exists())
        return true;
    // A copy that someone made readable to others is tightened before it is read.
    if ((file.permissions() & ~(kOwnerOnly | QFile::ReadUser | QFile::WriteUser)).toInt() != 0)
        file.setPermissions(kOwnerOnly);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = tr("Cannot read %1: %2").arg(m_filePath, file.errorString());
        return false;
    }
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll());
    if (!document.isObject()) {
        *error = tr("%1 is not a token file; leaving it alone.").arg(m_filePath);
        return false;
    }
    *tokens = document.object();
    return true;
}

bool TokenStore::saveFile(const QJsonObject &tokens, QString *error) const
{
    const QFileInfo info(m_filePath);
    QDir dir = info.absoluteDir();
    if (!dir.exists()) {
        if (!dir.mkpath(QStringLiteral("."))) {
            *error = tr("Cannot create %1").arg(dir.absolutePath());
            return false;
        }
        QFile::setPermissions(dir.absolutePath(),
                              QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }
    QSaveFile file(m_filePath);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = tr("Cannot write %1: %2").arg(m_filePath, file.errorString());
        return false;
    }
    // The temporary file gets owner-only rights before the secret is written into it.
    file.setPermissions(kOwnerOnly);
    file.write(QJsonDocument(tokens).toJson(QJsonDocument::Indented));
    if (!file.commit()) {
        *error = tr("Cannot write %1: %2").arg(m_filePath, file.errorString());
        return false;
    }
    QFile::setPermissions(m_filePath, kOwnerOnly);
    return true;
}

} // namespace clawops::ui
