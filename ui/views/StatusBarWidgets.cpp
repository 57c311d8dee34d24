#include "StatusBarWidgets.h"

#include "DotIcon.h"
#include "present/Accent.h"
#include "present/ConnectionAdvice.h"
#include "present/EngineWords.h"
#include "present/TimeFormat.h"

#include <QDateTime>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

namespace clawops::ui {

namespace {

QColor severityColor(ConnectionAdvice::Severity severity)
{
    switch (severity) {
    case ConnectionAdvice::Severity::Good:
        return QColor(0x2e, 0x9d, 0x5b);
    case ConnectionAdvice::Severity::Busy:
        return QColor(0x1f, 0x78, 0xd1);
    case ConnectionAdvice::Severity::Warning:
        return QColor(0xe0, 0x6c, 0x00);
    case ConnectionAdvice::Severity::Error:
        return QColor(0xc6, 0x28, 0x28);
    case ConnectionAdvice::Severity::Idle:
        return QColor(0x80, 0x80, 0x80);
    }
    return Qt::gray;
}

QIcon dot(const QColor &color)
{
    return dotIcon(color, 1.5 / 12);
}

QLabel *makeLabel(QWidget *parent, const QString &name)
{
    auto *label = new QLabel(parent);
    label->setObjectName(name);
    label->setTextFormat(Qt::PlainText);
    return label;
}

} // namespace

StatusBarWidgets::StatusBarWidgets(QWidget *parent)
    : QWidget(parent)
    , m_connection(new QToolButton(this))
    , m_version(makeLabel(this, QStringLiteral("status.version")))
    , m_rtt(makeLabel(this, QStringLiteral("status.rtt")))
    , m_lastEvent(makeLabel(this, QStringLiteral("status.lastEvent")))
    , m_pending(makeLabel(this, QStringLiteral("status.pending")))
    , m_paused(makeLabel(this, QStringLiteral("status.paused")))
    , m_insecure(makeLabel(this, QStringLiteral("status.insecure")))
    , m_store(makeLabel(this, QStringLiteral("status.store")))
    , m_role(makeLabel(this, QStringLiteral("status.role")))
    , m_others(makeLabel(this, QStringLiteral("status.others")))
{
    m_connection->setObjectName(QStringLiteral("status.connection"));
    m_connection->setAutoRaise(true);
    m_connection->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    connect(m_connection, &QToolButton::clicked, this, &StatusBarWidgets::connectionClicked);
    m_paused->setText(tr("Retries paused"));
    m_paused->setStyleSheet(QStringLiteral("color: %1; font-weight: bold;")
                                .arg(accentColor(Accent::Warning, palette()).name()));
    m_paused->hide();
    m_pending->hide();
    m_insecure->setStyleSheet(QStringLiteral("color: %1; font-weight: bold;")
                                  .arg(accentColor(Accent::Error, palette()).name()));
    m_insecure->hide();
    m_role->hide();
    m_others->hide();

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(12);
    layout->addWidget(m_pending);
    layout->addWidget(m_paused);
    layout->addWidget(m_insecure);
    layout->addWidget(m_role);
    layout->addWidget(m_others);
    layout->addWidget(m_store);
    layout->addWidget(m_lastEvent);
    layout->addWidget(m_rtt);
    layout->addWidget(m_version);
    layout->addWidget(m_connection);
    setStatus({});
}

void StatusBarWidgets::setStatus(const host::ConnectionStatus &status)
{
    m_status = status;
    // Allowed by the operator, so not an error, but never out of sight while it lasts.
    if (status.certificatesUnchecked) {
        m_insecure->setText(tr("Certificate not checked"));
        m_insecure->setToolTip(tr("The gateway's certificate is not verified "
                                  "(--no-verify-tls): anyone on the network path could read "
                                  "the token and the traffic."));
    } else if (status.unencryptedRemote) {
        m_insecure->setText(tr("Unencrypted"));
        m_insecure->setToolTip(tr("ws:// to another machine (--allow-insecure): the token and "
                                  "the traffic travel in clear text."));
    }
    m_insecure->setVisible(status.certificatesUnchecked || status.unencryptedRemote);
    tick(m_now > 0 ? m_now : QDateTime::currentMSecsSinceEpoch());
}

void StatusBarWidgets::setPendingCount(int count)
{
    m_pending->setVisible(count > 0);
    m_pending->setText(tr("%n action(s) pending", nullptr, count));
}

void StatusBarWidgets::setRetriesPaused(bool paused)
{
    m_paused->setVisible(paused);
}

void StatusBarWidgets::setDatabasePath(const QString &path)
{
    m_store->setText(QFileInfo(path).fileName());
    m_store->setToolTip(tr("Store: %1").arg(path));
}

void StatusBarWidgets::setRole(const host::RoleStatus &role)
{
    QString style;
    switch (role.role) {
    case host::EngineRole::Starting:
        m_role->hide();
        m_others->hide();
        return;
    case host::EngineRole::Acting:
        m_role->setText(tr("Acting"));
        m_role->setToolTip(tr("This console's engine holds the store's lease: it schedules, "
                              "retries and cancels for the fleet (lease epoch %1).")
                               .arg(role.epoch));
        break;
    case host::EngineRole::Following:
        m_role->setText(role.holderHost.isEmpty() ? tr("Following")
                                                  : tr("Following %1").arg(role.holderHost));
        m_role->setToolTip(tr("The console on %1 (operator %2) acts for the fleet; this one "
                              "shows the shared store and takes over if that console stops.")
                               .arg(role.holderHost, role.holderOperator));
        style = QStringLiteral("color: %1;").arg(accentColor(Accent::Warning, palette()).name());
        break;
    case host::EngineRole::StoreUnreachable:
        m_role->setText(tr("Store unreachable"));
        m_role->setToolTip(tr("Nothing is sent to the fleet until the store answers again.") +
                           (role.detail.isEmpty() ? QString() : QLatin1Char('\n') + role.detail));
        style = QStringLiteral("color: %1; font-weight: bold;")
                    .arg(accentColor(Accent::Error, palette()).name());
        break;
    case host::EngineRole::Observer:
        m_role->setText(role.actingPeerLeft
                            ? tr("Observer — ClawOps on %1 left").arg(role.holderHost)
                            : tr("Observer — ClawOps on %1 is acting").arg(role.holderHost));
        m_role->setToolTip(
            role.actingPeerLeft
                ? tr("The ClawOps that acted on this gateway left it; this console takes over "
                     "shortly unless it returns (File → Take Over does it now).")
                : tr("Another ClawOps, with a store of its own, acts on this gateway: this "
                     "console sends nothing and shows what its store has (File → Take Over)."));
        style = QStringLiteral("color: %1;").arg(accentColor(Accent::Warning, palette()).name());
        break;
    }
    if (role.heldChanges > 0) {
        // The store refuses writes: say it on the role itself, whatever the role is, because
        // every change since exists only in this console's memory.
        const QString unreachable = role.role == host::EngineRole::StoreUnreachable
                                        ? QString()
                                        : QStringLiteral(" · ") + tr("store unreachable");
        m_role->setText(m_role->text() + unreachable + QStringLiteral(" · ") +
                        tr("%n change(s) wait for the store", nullptr, int(role.heldChanges)));
        m_role->setToolTip(m_role->toolTip() + QLatin1String("\n\n") +
                           tr("The store cannot be written (%1). The engine keeps what changed "
                              "in memory and writes it as soon as the store takes it again; "
                              "quitting now loses it.")
                               .arg(role.detail.isEmpty() ? tr("see the notices") : role.detail));
        style = QStringLiteral("color: %1; font-weight: bold;")
                    .arg(accentColor(Accent::Error, palette()).name());
    }
    m_role->setStyleSheet(style);
    m_role->show();
    showOthers(role.others);
}

void StatusBarWidgets::showOthers(const QList<host::PeerConsole> &others)
{
    m_others->setVisible(!others.isEmpty());
    if (others.isEmpty())
        return;
    // A console of another store is known by its host only (the gateway's presence list).
    const auto nameOf = [](const host::PeerConsole &peer) {
        return peer.operatorName.isEmpty() ? tr("ClawOps @ %1").arg(peer.host)
                                           : tr("%1 @ %2").arg(peer.operatorName, peer.host);
    };
    QStringList names;
    QStringList lines;
    for (const host::PeerConsole &peer : others) {
        names.append(nameOf(peer));
        lines.append(tr("%1 (%2)").arg(nameOf(peer), EngineWords::role(peer.role)));
    }
    // Two names fit beside the role; more are counted, and listed in the tooltip.
    m_others->setText(others.size() <= 2 ? tr("Also here: %1").arg(names.join(QStringLiteral(", ")))
                                         : tr("%n other console(s)", nullptr, int(others.size())));
    m_others->setToolTip(tr("Other ClawOps consoles on this store or gateway:") +
                         QLatin1Char('\n') + lines.join(QLatin1Char('\n')));
}

void StatusBarWidgets::tick(qint64 nowMs)
{
    m_now = nowMs;
    const ConnectionAdvice advice = ConnectionAdvice::from(m_status, nowMs);
    m_connection->setIcon(dot(severityColor(advice.severity)));
    m_connection->setText(advice.phaseText);
    QString tip = m_status.gatewayUrl.isEmpty() ? tr("No gateway") : m_status.gatewayUrl;
    if (!advice.headline.isEmpty())
        tip += QLatin1Char('\n') + advice.headline;
    if (!advice.nextStep.isEmpty())
        tip += QLatin1Char('\n') + advice.nextStep;
    m_connection->setToolTip(tip + QLatin1Char('\n') + tr("Click to connect or change gateway"));

    m_version->setText(m_status.serverVersion.isEmpty()
                           ? QString()
                           : tr("gateway %1").arg(m_status.serverVersion));
    m_version->setVisible(!m_status.serverVersion.isEmpty());
    m_rtt->setText(m_status.roundTripMs >= 0 ? tr("%1 ms").arg(m_status.roundTripMs) : QString());
    m_rtt->setToolTip(tr("Round-trip time to the gateway"));
    m_rtt->setVisible(m_status.roundTripMs >= 0);
    if (m_status.lastEventAtMs > 0) {
        m_lastEvent->setText(
            tr("last event %1").arg(TimeFormat::relative(m_status.lastEventAtMs, nowMs)));
        m_lastEvent->setToolTip(TimeFormat::absolute(m_status.lastEventAtMs));
        m_lastEvent->show();
    } else {
        m_lastEvent->hide();
    }
}

} // namespace clawops::ui
