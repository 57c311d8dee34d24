#include "TrayNotifier.h"

#include "UiLogging.h"
#include "host/EngineApi.h"

#include <QAction>
#include <QDateTime>
#include <QIcon>
#include <QMenu>
#include <QSystemTrayIcon>
#include <QTimer>

#include <algorithm>

namespace clawops::ui {

namespace {
constexpr int kMessageShownMs = 10000;

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}
} // namespace

TrayNotifier::TrayNotifier(QObject *parent)
    : QObject(parent)
    , m_policy(nowMs())
    , m_flushTimer(new QTimer(this))
    , m_dndAction(new QAction(tr("Do Not &Disturb"), this))
{
    m_flushTimer->setSingleShot(true);
    connect(m_flushTimer, &QTimer::timeout, this, &TrayNotifier::flush);
    m_dndAction->setObjectName(QStringLiteral("action.doNotDisturb"));
    m_dndAction->setCheckable(true);
    m_dndAction->setStatusTip(tr("Show no desktop notifications; counts stay up to date"));
    connect(m_dndAction, &QAction::toggled, this, [this](bool on) {
        m_policy.setDoNotDisturb(on);
        if (on)
            m_flushTimer->stop();
        updateCounts();
        Q_EMIT doNotDisturbChanged(on);
    });
    if (QSystemTrayIcon::isSystemTrayAvailable())
        createTray();
    else
        qCInfo(lcUi) << "no system tray: desktop notifications are off";
    updateCounts();
}

TrayNotifier::~TrayNotifier()
{
    if (m_tray)
        m_tray->hide(); // some trays keep a dead icon around otherwise
    delete m_menu;
}

void TrayNotifier::createTray()
{
    m_menu = new QMenu; // a tray menu has no parent widget to belong to
    QAction *show = m_menu->addAction(tr("Show ClawOps"));
    connect(show, &QAction::triggered, this, &TrayNotifier::showWindowRequested);
    m_menu->addSeparator();
    for (int i = 0; i < int(NotificationPolicy::countLines({}).size()); ++i) {
        QAction *line = m_menu->addAction(QString());
        line->setEnabled(false);
        m_countActions.append(line);
    }
    m_menu->addSeparator();
    m_menu->addAction(m_dndAction);
    m_menu->addSeparator();
    QAction *quit = m_menu->addAction(tr("Quit ClawOps"));
    connect(quit, &QAction::triggered, this, &TrayNotifier::quitRequested);

    m_tray = new QSystemTrayIcon(QIcon(QStringLiteral(":/icons/clawops.svg")), this);
    m_tray->setContextMenu(m_menu);
    connect(m_tray, &QSystemTrayIcon::activated, this,
            [this](QSystemTrayIcon::ActivationReason reason) {
                if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
                    Q_EMIT showWindowRequested();
            });
    connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] {
        if (m_lastTaskId.isEmpty())
            Q_EMIT showWindowRequested();
        else
            Q_EMIT openTaskRequested(m_lastTaskId);
    });
    m_tray->show();
}

void TrayNotifier::subscribe(host::EngineApi &engine)
{
    connect(&engine, &host::EngineApi::delta, this, &TrayNotifier::applyDelta);
    connect(&engine, &host::EngineApi::connectionChanged, this,
            [this](const host::ConnectionStatus &status) { setConnectionPhase(status.phase); });
}

void TrayNotifier::applyDelta(const host::EngineDelta &delta)
{
    m_policy.applyDelta(delta, nowMs());
    if (delta.stateCounts)
        updateCounts();
    scheduleFlush();
}

void TrayNotifier::setConnectionPhase(host::ConnectionPhase phase)
{
    m_policy.setConnectionPhase(phase, nowMs());
}

void TrayNotifier::setDoNotDisturb(bool on)
{
    m_dndAction->setChecked(on); // the toggled handler does the rest
}

void TrayNotifier::scheduleFlush()
{
    const std::optional<qint64> due = m_policy.nextFlushAtMs();
    if (!due)
        return;
    const qint64 wait = std::max<qint64>(0, *due - nowMs());
    if (!m_flushTimer->isActive() || m_flushTimer->remainingTime() > wait)
        m_flushTimer->start(int(std::min<qint64>(wait, 60000)));
}

void TrayNotifier::flush()
{
    const std::optional<Notification> notification = m_policy.flush(nowMs());
    if (!notification) {
        scheduleFlush(); // the minimum interval may still be running
        return;
    }
    show(*notification);
}

void TrayNotifier::notify(const Notification &notification)
{
    if (m_policy.doNotDisturb())
        return;
    show(notification);
}

void TrayNotifier::show(const Notification &notification)
{
    m_lastTaskId = notification.taskId;
    qCInfo(lcUi).noquote() << "notification:" << notification.title;
    if (m_tray)
        m_tray->showMessage(notification.title, notification.body,
                            notification.critical ? QSystemTrayIcon::Warning
                                                  : QSystemTrayIcon::Information,
                            kMessageShownMs);
    Q_EMIT notified(notification);
}

void TrayNotifier::updateCounts()
{
    if (!m_tray)
        return;
    const QStringList lines = NotificationPolicy::countLines(m_policy.stateCounts());
    for (int i = 0; i < int(m_countActions.size()) && i < int(lines.size()); ++i)
        m_countActions.at(i)->setText(lines.at(i));
    QString tip = tr("ClawOps") + QLatin1Char('\n') + lines.join(QLatin1Char('\n'));
    if (m_policy.doNotDisturb())
        tip += QLatin1Char('\n') + tr("Do not disturb is on");
    m_tray->setToolTip(tip);
}

} // namespace clawops::ui
