#pragma once

#include <QList>
#include <QObject>

class QAction;
class QDockWidget;
class QMainWindow;
class QMenu;

namespace clawops::ui {

class ActionController;

// The window's own commands (connect, settings, reload, find, copy ids, the tabs, quit, help)
// as actions with their shortcuts, and where every action is offered: the menu bar, the toolbar,
// the context menu of the tables and the shortcuts dialog. The task actions are the
// ActionController's; this only places them. What the window's commands do is up to the window:
// each one is a signal.
class WindowMenus final : public QObject
{
    Q_OBJECT

public:
    WindowMenus(QMainWindow &window, ActionController &actions, QDockWidget &detailDock,
                QAction *doNotDisturb);

    QAction *copyIdsAction() const { return m_copyIds; }
    QAction *backToDecidedAction() const { return m_backToDecided; }
    // Enabled while this console observes another ClawOps acting on the gateway.
    QAction *takeOverAction() const { return m_takeOver; }
    // The task actions, copy ids and the detail dock's switch.
    void fillContextMenu(QMenu *menu) const;

Q_SIGNALS:
    void connectWanted();
    void disconnectWanted();
    void takeOverWanted();
    void settingsWanted();
    void reloadWanted();
    void findWanted();
    void copyIdsWanted();
    void tabWanted(int index);
    // Walking a list: the next or previous row of the table shown.
    void moveWanted(int delta);
    void backToDecidedWanted();
    void exportHistoryWanted();
    void exportViewWanted();

private:
    QAction *addAction(const QString &text, const QString &objectName, const QString &icon = {});
    void createActions();
    void createItemNavigation();
    void createExportActions();
    void createTabActions();
    void buildMenuBar(QAction *doNotDisturb);
    void buildToolBar();
    void showShortcuts();
    void showAbout();

    QMainWindow &m_window;
    ActionController &m_actions;
    QDockWidget &m_detailDock;
    QAction *m_connect = nullptr;
    QAction *m_disconnect = nullptr;
    QAction *m_takeOver = nullptr;
    QAction *m_settings = nullptr;
    QAction *m_reload = nullptr;
    QAction *m_find = nullptr;
    QAction *m_copyIds = nullptr;
    QAction *m_quit = nullptr;
    QAction *m_next = nullptr;
    QAction *m_previous = nullptr;
    QAction *m_backToDecided = nullptr;
    QAction *m_exportHistory = nullptr;
    QAction *m_exportView = nullptr;
    QAction *m_shortcuts = nullptr;
    QAction *m_about = nullptr;
    QList<QAction *> m_tabs;
};

} // namespace clawops::ui
