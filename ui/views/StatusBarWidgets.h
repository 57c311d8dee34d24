#pragma once

#include "host/HostTypes.h"

#include <QWidget>

class QLabel;
class QToolButton;

namespace clawops::ui {

// The permanent part of the status bar: connection phase in plain words (click: connect
// dialog), gateway version, round-trip time, age of the last gateway event (ticking), pending
// operator commands, whether automatic retries are paused, the engine's role on a shared
// store (acting, following another console, store unreachable) and the other consoles there.
class StatusBarWidgets final : public QWidget
{
    Q_OBJECT

public:
    explicit StatusBarWidgets(QWidget *parent = nullptr);

    void setStatus(const host::ConnectionStatus &status);
    const host::ConnectionStatus &status() const { return m_status; }
    void setPendingCount(int count);
    void setRetriesPaused(bool paused);
    void setDatabasePath(const QString &path);
    // The role, and who else runs a console on the store or the gateway.
    void setRole(const host::RoleStatus &role);
    // Repaints everything that depends on the clock.
    void tick(qint64 nowMs);

Q_SIGNALS:
    void connectionClicked();

private:
    void showOthers(const QList<host::PeerConsole> &others);

    host::ConnectionStatus m_status;
    QToolButton *m_connection;
    QLabel *m_version;
    QLabel *m_rtt;
    QLabel *m_lastEvent;
    QLabel *m_pending;
    QLabel *m_paused;
    QLabel *m_insecure;
    QLabel *m_store;
    QLabel *m_role;
    QLabel *m_others;
    qint64 m_now = 0;
};

} // namespace clawops::ui
