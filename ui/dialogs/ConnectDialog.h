#pragma once

#include "host/HostTypes.h"

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace clawops::ui {

// Gateway URL and token. Non-modal: it stays open and follows the connection while the
// operator fixes what the gateway complained about, and says in plain words what that was and
// what to do (approve the device, paste the right token, ...). An empty token field means "use
// the token stored for this gateway".
class ConnectDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit ConnectDialog(QWidget *parent = nullptr);

    void setGatewayUrl(const QString &url);
    QString gatewayUrl() const;
    QString token() const;
    bool rememberToken() const;
    void setTokenStorageDescription(const QString &where);
    void setStatus(const host::ConnectionStatus &status, qint64 nowMs);

    // A ws:// or wss:// URL with a host; the reason when it is not.
    static bool validateUrl(const QString &text, QString *why);

Q_SIGNALS:
    void connectRequested(const QUrl &url, const QString &token, bool remember);
    void disconnectRequested();
    void forgetTokenRequested(const QUrl &url);

private:
    void updateButtons();
    void onConnect();

    QLineEdit *m_url;
    QLineEdit *m_token;
    QCheckBox *m_remember;
    QLabel *m_urlHint;
    QLabel *m_phase;
    QLabel *m_advice;
    QPushButton *m_connect;
    QPushButton *m_disconnect;
};

} // namespace clawops::ui
