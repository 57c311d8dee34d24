#pragma once

#include "host/HostTypes.h"

#include <QObject>
#include <QPointer>
#include <QUrl>

class QWidget;

namespace clawops::host {
class EngineApi;
}

namespace clawops::ui {

class ConnectDialog;
class ConsoleStatus;
class TokenStore;
struct UiSettings;

// The operator's way to a gateway: the connect dialog, the token (typed, or the stored one read
// from the keychain first) and the last gateway that went live, remembered in the window's
// settings for the next start.
class ConnectionControl final : public QObject
{
    Q_OBJECT

public:
    // The settings belong to the window and outlive this; `gatewayUrl` is the one the console
    // was started with.
    ConnectionControl(host::EngineApi &engine, TokenStore &tokens, ConsoleStatus &status,
                      UiSettings &ui, const QUrl &gatewayUrl, QWidget *dialogParent);

    void showDialog();
    // An empty token means "the stored one".
    void connectTo(const QUrl &url, const QString &token, bool remember);
    void tick(qint64 nowMs);

private:
    void onConnectionChanged(const host::ConnectionStatus &status);

    host::EngineApi &m_engine;
    TokenStore &m_tokens;
    ConsoleStatus &m_status;
    UiSettings &m_ui;
    QUrl m_gatewayUrl;
    QWidget *m_dialogParent;
    QPointer<ConnectDialog> m_dialog;
};

} // namespace clawops::ui
