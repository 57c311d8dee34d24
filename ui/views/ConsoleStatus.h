#pragma once

#include "NoticeArea.h"
#include "host/HostTypes.h"

#include <QObject>

class QStatusBar;

namespace clawops::host {
class EngineApi;
}

namespace clawops::ui {

class ActionController;
class PendingCommands;
class StatusBarWidgets;
class TokenStore;

// What the console tells the operator about itself: the status bar (the connection in plain
// words, the store, commands in flight, paused retries, passing messages) and the notices above
// the tabs (an engine that failed, a connection stopped for a reason that needs the operator,
// failed actions, where a token went). It follows the engine by itself; the window adds the
// parts of its own whose reports belong here.
class ConsoleStatus final : public QObject
{
    Q_OBJECT

public:
    // The widgets go into the window's status bar; the notices into the area given.
    ConsoleStatus(host::EngineApi &engine, QStatusBar *bar, NoticeArea *notices,
                  QObject *parent = nullptr);

    const host::ConnectionStatus &connection() const;
    void showMessage(const QString &text);
    void notice(NoticeArea::Severity severity, const QString &text);
    void setDatabasePath(const QString &path);
    void follow(const ActionController &actions);
    void follow(const PendingCommands &pending);
    void follow(const TokenStore &tokens);
    // The clock moved: ages and countdowns in the status bar.
    void tick(qint64 nowMs);

Q_SIGNALS:
    void connectionClicked();

private:
    void onConnectionChanged(const host::ConnectionStatus &status);

    QStatusBar *m_bar;
    NoticeArea *m_notices;
    StatusBarWidgets *m_widgets;
    QString m_lastErrorShown;
};

} // namespace clawops::ui
