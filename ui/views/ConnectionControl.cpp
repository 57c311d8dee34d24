#include "ConnectionControl.h"

#include "ConsoleStatus.h"
#include "dialogs/ConnectDialog.h"
#include "host/EngineApi.h"
#include "settings/TokenStore.h"
#include "settings/UiSettings.h"

#include <QDateTime>
#include <QSettings>

namespace clawops::ui {

ConnectionControl::ConnectionControl(host::EngineApi &engine, TokenStore &tokens,
                                     ConsoleStatus &status, UiSettings &ui, const QUrl &gatewayUrl,
                                     QWidget *dialogParent)
    : QObject(dialogParent)
    , m_engine(engine)
    , m_tokens(tokens)
    , m_status(status)
    , m_ui(ui)
    , m_gatewayUrl(gatewayUrl)
    , m_dialogParent(dialogParent)
{
    connect(&engine, &host::EngineApi::connectionChanged, this,
            &ConnectionControl::onConnectionChanged);
}

void ConnectionControl::showDialog()
{
    if (!m_dialog) {
        m_dialog = new ConnectDialog(m_dialogParent);
        m_dialog->setTokenStorageDescription(m_tokens.describe(m_tokens.backend()));
        connect(m_dialog, &ConnectDialog::connectRequested, this, &ConnectionControl::connectTo);
        connect(m_dialog, &ConnectDialog::disconnectRequested, this,
                [this] { m_engine.disconnectGateway(); });
        connect(m_dialog, &ConnectDialog::forgetTokenRequested, this, [this](const QUrl &url) {
            m_tokens.remove(url.toString());
            m_status.showMessage(tr("Forgetting the stored token for %1…").arg(url.toString()));
        });
    }
    QString url = m_status.connection().gatewayUrl;
    if (url.isEmpty())
        url = m_gatewayUrl.toString();
    if (url.isEmpty())
        url = m_ui.lastGatewayUrl;
    m_dialog->setGatewayUrl(url);
    m_dialog->setStatus(m_status.connection(), QDateTime::currentMSecsSinceEpoch());
    m_dialog->show();
    m_dialog->raise();
    m_dialog->activateWindow();
}

void ConnectionControl::connectTo(const QUrl &url, const QString &token, bool remember)
{
    m_gatewayUrl = url;
    if (!token.isEmpty()) {
        m_engine.reconnect(url, token);
        if (remember)
            m_tokens.write(url.toString(), token);
        return;
    }
    // No token typed: use the stored one. The keychain answers later; connect then.
    auto *context = new QObject(this);
    connect(
        &m_tokens, &TokenStore::readFinished, context,
        [this, url, context](const QString &forUrl, const QString &stored, const QString &error) {
            if (forUrl != url.toString())
                return;
            context->deleteLater();
            if (!error.isEmpty())
                m_status.notice(NoticeArea::Severity::Warning,
                                tr("The stored token could not be read (%1); connecting "
                                   "without it.")
                                    .arg(error));
            m_engine.reconnect(url, stored);
        });
    m_tokens.read(url.toString());
}

void ConnectionControl::tick(qint64 nowMs)
{
    if (m_dialog && m_dialog->isVisible())
        m_dialog->setStatus(m_status.connection(), nowMs);
}

void ConnectionControl::onConnectionChanged(const host::ConnectionStatus &status)
{
    if (m_dialog)
        m_dialog->setStatus(status, QDateTime::currentMSecsSinceEpoch());
    if (!status.gatewayUrl.isEmpty() && status.gatewayUrl != m_ui.lastGatewayUrl &&
        status.phase == host::ConnectionPhase::Live) {
        m_ui.lastGatewayUrl = status.gatewayUrl;
        QSettings settings;
        m_ui.save(settings);
    }
}

} // namespace clawops::ui
