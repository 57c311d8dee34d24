#include "ConnectDialog.h"

#include "present/ConnectionAdvice.h"

#include <QAction>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QUrl>
#include <QVBoxLayout>

namespace clawops::ui {

ConnectDialog::ConnectDialog(QWidget *parent)
    : QDialog(parent)
    , m_url(new QLineEdit(this))
    , m_token(new QLineEdit(this))
    , m_remember(new QCheckBox(tr("Remember the token"), this))
    , m_urlHint(new QLabel(this))
    , m_phase(new QLabel(this))
    , m_advice(new QLabel(this))
    , m_connect(new QPushButton(QIcon(QStringLiteral(":/icons/connect.svg")), tr("Connect"), this))
    , m_disconnect(new QPushButton(tr("Disconnect"), this))
{
    setObjectName(QStringLiteral("connectDialog"));
    setWindowTitle(tr("Connect to a Gateway"));
    m_url->setObjectName(QStringLiteral("connect.url"));
    m_url->setPlaceholderText(QStringLiteral("ws://127.0.0.1:18789/"));
    m_token->setObjectName(QStringLiteral("connect.token"));
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(tr("Leave empty to use the stored token"));
    m_token->setToolTip(tr("The gateway's shared token: `openclaw gateway auth-token --show` on "
                           "the gateway host."));
    QAction *reveal = m_token->addAction(QIcon(), QLineEdit::TrailingPosition);
    reveal->setText(tr("Show"));
    reveal->setToolTip(tr("Show or hide the token"));
    reveal->setCheckable(true);
    connect(reveal, &QAction::toggled, this, [this](bool shown) {
        m_token->setEchoMode(shown ? QLineEdit::Normal : QLineEdit::Password);
    });
    m_remember->setObjectName(QStringLiteral("connect.remember"));
    m_remember->setChecked(true);
    m_urlHint->setObjectName(QStringLiteral("connect.urlHint"));
    m_urlHint->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_phase->setObjectName(QStringLiteral("connect.phase"));
    m_phase->setTextFormat(Qt::PlainText);
    m_advice->setObjectName(QStringLiteral("connect.advice"));
    m_advice->setWordWrap(true);
    m_advice->setTextFormat(Qt::RichText);
    m_advice->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_advice->setMinimumWidth(420);
    m_connect->setObjectName(QStringLiteral("connect.connect"));
    m_connect->setDefault(true);
    m_disconnect->setObjectName(QStringLiteral("connect.disconnect"));

    auto *form = new QFormLayout;
    form->addRow(tr("Gateway URL"), m_url);
    form->addRow(QString(), m_urlHint);
    form->addRow(tr("Token"), m_token);
    form->addRow(QString(), m_remember);

    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_connect, QDialogButtonBox::AcceptRole);
    buttons->addButton(m_disconnect, QDialogButtonBox::ActionRole);
    QPushButton *forget =
        buttons->addButton(tr("Forget Stored Token"), QDialogButtonBox::ResetRole);
    forget->setObjectName(QStringLiteral("connect.forget"));
    buttons->addButton(QDialogButtonBox::Close);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_phase);
    layout->addWidget(m_advice);
    layout->addStretch(1);
    layout->addWidget(buttons);

    connect(m_url, &QLineEdit::textChanged, this, &ConnectDialog::updateButtons);
    connect(m_connect, &QPushButton::clicked, this, &ConnectDialog::onConnect);
    connect(m_disconnect, &QPushButton::clicked, this, &ConnectDialog::disconnectRequested);
    connect(forget, &QPushButton::clicked, this, [this] {
        QString why;
        if (validateUrl(gatewayUrl(), &why))
            Q_EMIT forgetTokenRequested(QUrl(gatewayUrl()));
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    updateButtons();
    setStatus({}, 0);
}

void ConnectDialog::setGatewayUrl(const QString &url)
{
    m_url->setText(url);
}

QString ConnectDialog::gatewayUrl() const
{
    return m_url->text().trimmed();
}

QString ConnectDialog::token() const
{
    return m_token->text().trimmed();
}

bool ConnectDialog::rememberToken() const
{
    return m_remember->isChecked();
}

void ConnectDialog::setTokenStorageDescription(const QString &where)
{
    m_remember->setToolTip(tr("Stored in %1").arg(where));
    m_remember->setText(tr("Remember the token in %1").arg(where));
}

bool ConnectDialog::validateUrl(const QString &text, QString *why)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    if (text.trimmed().isEmpty()) {
        *why = tr("Enter the gateway's WebSocket URL.");
        return false;
    }
    if (!url.isValid() ||
        (url.scheme() != QLatin1String("ws") && url.scheme() != QLatin1String("wss"))) {
        *why = tr("Use a ws:// or wss:// URL, for example ws://127.0.0.1:18789/.");
        return false;
    }
    if (url.host().isEmpty()) {
        *why = tr("The URL needs a host.");
        return false;
    }
    return true;
}

void ConnectDialog::updateButtons()
{
    QString why;
    const bool ok = validateUrl(gatewayUrl(), &why);
    m_urlHint->setText(ok ? QString() : why);
    m_urlHint->setVisible(!ok && !gatewayUrl().isEmpty());
    m_connect->setEnabled(ok);
}

void ConnectDialog::onConnect()
{
    QString why;
    if (!validateUrl(gatewayUrl(), &why))
        return;
    Q_EMIT connectRequested(QUrl(gatewayUrl()), token(), rememberToken());
    m_token->clear(); // the secret does not linger in the widget
}

void ConnectDialog::setStatus(const host::ConnectionStatus &status, qint64 nowMs)
{
    const ConnectionAdvice advice = ConnectionAdvice::from(status, nowMs);
    m_phase->setText(status.gatewayUrl.isEmpty()
                         ? advice.phaseText
                         : tr("%1 — %2").arg(advice.phaseText, status.gatewayUrl));
    QString html;
    if (!advice.headline.isEmpty())
        html += QStringLiteral("<p><b>%1</b></p>").arg(advice.headline.toHtmlEscaped());
    if (!advice.explanation.isEmpty())
        html += QStringLiteral("<p>%1</p>").arg(advice.explanation.toHtmlEscaped());
    if (!advice.nextStep.isEmpty())
        html += QStringLiteral("<p>%1 <b>%2</b></p>")
                    .arg(tr("What to do:").toHtmlEscaped(), advice.nextStep.toHtmlEscaped());
    if (!status.errorMessage.isEmpty() && status.errorMessage != advice.explanation)
        html += QStringLiteral("<p style=\"color:gray\">%1 %2</p>")
                    .arg(tr("Gateway said:").toHtmlEscaped(), status.errorMessage.toHtmlEscaped());
    m_advice->setText(html);
    m_advice->setVisible(!html.isEmpty());
    m_disconnect->setEnabled(status.phase != host::ConnectionPhase::Offline);
}

} // namespace clawops::ui
