#pragma once

#include <QJsonObject>
#include <QObject>
#include <QString>

namespace clawops::ui {

// Keeps the gateway token per gateway URL: in the system keychain (qtkeychain, asynchronous jobs)
// when the build has it and the keychain answers, otherwise in an owner-only (0600) JSON file
// under the application's config folder. Every call answers with a signal, later, whichever
// backend served it, so callers never wait.
class TokenStore final : public QObject
{
    Q_OBJECT

public:
    enum class Backend
    {
        Keychain,
        File,
    };

    explicit TokenStore(QObject *parent = nullptr);

    static bool keychainBuiltIn();
    void setBackend(Backend backend);
    Backend backend() const { return m_backend; }
    void setFilePath(const QString &path);
    QString filePath() const { return m_filePath; }

    void read(const QString &gatewayUrl);
    void write(const QString &gatewayUrl, const QString &token);
    void remove(const QString &gatewayUrl);

    // "the system keychain" / "an owner-only file (path)"
    QString describe(Backend backend) const;

Q_SIGNALS:
    // token is empty when none is stored; error is empty unless something failed.
    void readFinished(const QString &gatewayUrl, const QString &token, const QString &error);
    // where: which backend took it, in words; on keychain failure the file is used instead and
    // `note` says so.
    void writeFinished(const QString &gatewayUrl, bool ok, const QString &where,
                       const QString &note);
    void removeFinished(const QString &gatewayUrl, bool ok, const QString &error);

private:
    static QString keyFor(const QString &gatewayUrl);
    void readFile(const QString &gatewayUrl, const QString &note);
    void writeFile(const QString &gatewayUrl, const QString &token, const QString &note);
    void removeFile(const QString &gatewayUrl);
    bool loadFile(QJsonObject *tokens, QString *error) const;
    bool saveFile(const QJsonObject &tokens, QString *error) const;
    template<typename F> void later(F &&f);

    Backend m_backend;
    QString m_filePath;
};

} // namespace clawops::ui
