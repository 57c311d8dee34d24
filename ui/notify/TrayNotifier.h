#pragma once

#include "host/HostTypes.h"
#include "notify/NotificationPolicy.h"

#include <QObject>

class QAction;
class QMenu;
class QSystemTrayIcon;
class QTimer;

namespace clawops::host {
class EngineApi;
}

namespace clawops::ui {

// Puts NotificationPolicy on the desktop: the tray icon with the counts in its tooltip and
// menu, the desktop notifications, and the do-not-disturb switch. Without a system tray (Xvfb,
// some Wayland desktops) there is no icon and no notification; the switch still exists so the
// window's menu and the settings can show it.
class TrayNotifier final : public QObject
{
    Q_OBJECT

public:
    explicit TrayNotifier(QObject *parent = nullptr);
    ~TrayNotifier() override;

    NotificationPolicy &policy() { return m_policy; }
    QAction *doNotDisturbAction() const { return m_dndAction; }
    bool hasTrayIcon() const { return m_tray != nullptr; }

    // Takes the engine's deltas and its connection's phase.
    void subscribe(host::EngineApi &engine);
    void applyDelta(const host::EngineDelta &delta);
    void setConnectionPhase(host::ConnectionPhase phase);
    void setDoNotDisturb(bool on);
    // A notification composed elsewhere (the waiting limits); do not disturb holds it back too.
    void notify(const Notification &notification);

Q_SIGNALS:
    void openTaskRequested(const QString &taskId);
    void showWindowRequested();
    void quitRequested();
    void doNotDisturbChanged(bool on);
    // For tests and platforms without a tray: what would have popped up.
    void notified(const clawops::ui::Notification &notification);

private:
    void createTray();
    void scheduleFlush();
    void flush();
    void show(const Notification &notification);
    void updateCounts();

    NotificationPolicy m_policy;
    QTimer *m_flushTimer;
    QAction *m_dndAction;
    QSystemTrayIcon *m_tray = nullptr;
    QMenu *m_menu = nullptr;
    QList<QAction *> m_countActions;
    QString m_lastTaskId;
};

} // namespace clawops::ui
