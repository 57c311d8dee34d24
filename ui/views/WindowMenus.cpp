#include "WindowMenus.h"

#include "actions/ActionController.h"
#include "dialogs/ShortcutsDialog.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QToolBar>

namespace clawops::ui {

WindowMenus::WindowMenus(QMainWindow &window, ActionController &actions, QDockWidget &detailDock,
                         QAction *doNotDisturb)
    : QObject(&window)
    , m_window(window)
    , m_actions(actions)
    , m_detailDock(detailDock)
{
    createActions();
    buildMenuBar(doNotDisturb);
    buildToolBar();
    // Window-wide shortcuts for actions that live only in menus hidden by the toolbar's overflow.
    m_window.addActions(m_tabs);
    m_window.addActions({m_next, m_previous, m_backToDecided});
}

QAction *WindowMenus::addAction(const QString &text, const QString &objectName, const QString &icon)
{
    // Parented to the window, so that its shortcuts work wherever the focus is in it.
    auto *action =
        icon.isEmpty() ? new QAction(text, &m_window) : new QAction(QIcon(icon), text, &m_window);
    action->setObjectName(objectName);
    return action;
}

void WindowMenus::createActions()
{
    m_connect = addAction(tr("&Connect…"), QStringLiteral("action.connect"),
                          QStringLiteral(":/icons/connect.svg"));
    m_connect->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    m_connect->setStatusTip(tr("Choose the gateway and token"));
    connect(m_connect, &QAction::triggered, this, &WindowMenus::connectWanted);

    m_disconnect = addAction(tr("&Disconnect"), QStringLiteral("action.disconnect"));
    connect(m_disconnect, &QAction::triggered, this, &WindowMenus::disconnectWanted);

    m_takeOver = addAction(tr("&Take Over"), QStringLiteral("action.takeOver"));
    m_takeOver->setStatusTip(
        tr("Act in place of the ClawOps acting on this gateway; it becomes an observer"));
    m_takeOver->setEnabled(false);
    connect(m_takeOver, &QAction::triggered, this, &WindowMenus::takeOverWanted);

    m_settings = addAction(tr("&Settings…"), QStringLiteral("action.settings"),
                           QStringLiteral(":/icons/settings.svg"));
    m_settings->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    connect(m_settings, &QAction::triggered, this, &WindowMenus::settingsWanted);

    m_reload = addAction(tr("&Reload"), QStringLiteral("action.reload"),
                         QStringLiteral(":/icons/refresh.svg"));
    m_reload->setShortcut(QKeySequence::Refresh);
    m_reload->setStatusTip(tr("Read the tables again from the store"));
    connect(m_reload, &QAction::triggered, this, &WindowMenus::reloadWanted);

    m_find = addAction(tr("&Find Tasks"), QStringLiteral("action.find"));
    m_find->setShortcut(QKeySequence::Find);
    connect(m_find, &QAction::triggered, this, &WindowMenus::findWanted);

    m_copyIds = addAction(tr("Copy Task IDs"), QStringLiteral("action.copyIds"));
    m_copyIds->setShortcut(QKeySequence::Copy);
    m_copyIds->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_copyIds, &QAction::triggered, this, &WindowMenus::copyIdsWanted);

    createItemNavigation();
    createExportActions();

    m_quit = addAction(tr("&Quit"), QStringLiteral("action.quit"));
    m_quit->setShortcut(QKeySequence::Quit);
    connect(m_quit, &QAction::triggered, &m_window, &QWidget::close);

    m_shortcuts = addAction(tr("&Keyboard Shortcuts"), QStringLiteral("action.shortcuts"));
    m_shortcuts->setShortcut(QKeySequence::HelpContents);
    connect(m_shortcuts, &QAction::triggered, this, &WindowMenus::showShortcuts);

    m_about = addAction(tr("&About ClawOps"), QStringLiteral("action.about"));
    connect(m_about, &QAction::triggered, this, &WindowMenus::showAbout);

    createTabActions();
}

// Single keys, like the decisions they go with; a text field keeps them for typing.
void WindowMenus::createItemNavigation()
{
    m_next = addAction(tr("&Next Item"), QStringLiteral("action.nextItem"));
    m_next->setShortcut(QKeySequence(Qt::Key_J));
    connect(m_next, &QAction::triggered, this, [this] { Q_EMIT moveWanted(1); });
    m_previous = addAction(tr("&Previous Item"), QStringLiteral("action.previousItem"));
    m_previous->setShortcut(QKeySequence(Qt::Key_K));
    connect(m_previous, &QAction::triggered, this, [this] { Q_EMIT moveWanted(-1); });
    m_backToDecided =
        addAction(tr("&Back to Last Decided Task"), QStringLiteral("action.backToDecided"));
    m_backToDecided->setShortcut(QKeySequence(Qt::Key_Backspace));
    connect(m_backToDecided, &QAction::triggered, this, &WindowMenus::backToDecidedWanted);
    for (QAction *action : {m_next, m_previous, m_backToDecided})
        action->setToolTip(
            QStringLiteral("%1 (%2)").arg(action->text().remove(QLatin1Char('&')),
                                          action->shortcut().toString(QKeySequence::NativeText)));
    m_next->setStatusTip(tr("Select the next row of the list shown"));
    m_previous->setStatusTip(tr("Select the previous row of the list shown"));
    m_backToDecided->setStatusTip(
        tr("Select the task of your last Inbox decision and show its detail"));
}

void WindowMenus::createExportActions()
{
    m_exportHistory =
        addAction(tr("&Export Task History…"), QStringLiteral("action.exportHistory"));
    m_exportHistory->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_exportHistory->setStatusTip(tr("Save the selected task's transitions, attempts, receipt, "
                                     "operator actions and transcript tail as JSON"));
    connect(m_exportHistory, &QAction::triggered, this, &WindowMenus::exportHistoryWanted);
    m_exportView = addAction(tr("Export &View as CSV…"), QStringLiteral("action.exportView"));
    m_exportView->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    m_exportView->setStatusTip(
        tr("Save every task the Tasks or Inbox tab shows, with its filters and order, as CSV"));
    connect(m_exportView, &QAction::triggered, this, &WindowMenus::exportViewWanted);
    for (QAction *action : {m_exportHistory, m_exportView})
        action->setToolTip(QStringLiteral("%1 (%2)").arg(
            action->statusTip(), action->shortcut().toString(QKeySequence::NativeText)));
}

// Ctrl+1… for the tabs, F6 for the detail panel.
void WindowMenus::createTabActions()
{
    const QStringList tabNames = {tr("&Tasks"), tr("&Inbox"), tr("Retry &Queue"), tr("Time&line"),
                                  tr("C&harts")};
    for (int i = 0; i < tabNames.size(); ++i) {
        QAction *action = addAction(tabNames.at(i), QStringLiteral("action.tab%1").arg(i + 1));
        action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
        connect(action, &QAction::triggered, this, [this, i] { Q_EMIT tabWanted(i); });
        m_tabs.append(action);
    }
    QAction *dockToggle = m_detailDock.toggleViewAction();
    dockToggle->setShortcut(QKeySequence(Qt::Key_F6));
    dockToggle->setObjectName(QStringLiteral("action.toggleDetail"));
}

void WindowMenus::buildMenuBar(QAction *doNotDisturb)
{
    QMenuBar *bar = m_window.menuBar();
    QMenu *file = bar->addMenu(tr("&File"));
    file->addAction(m_connect);
    file->addAction(m_disconnect);
    file->addAction(m_takeOver);
    file->addSeparator();
    file->addAction(m_exportHistory);
    file->addAction(m_exportView);
    file->addSeparator();
    file->addAction(m_settings);
    file->addSeparator();
    file->addAction(m_quit);

    QMenu *view = bar->addMenu(tr("&View"));
    view->addAction(m_reload);
    view->addAction(m_find);
    view->addSeparator();
    view->addActions(m_tabs);
    view->addSeparator();
    view->addAction(m_detailDock.toggleViewAction());
    view->addSeparator();
    view->addAction(doNotDisturb);

    QMenu *task = bar->addMenu(tr("&Task"));
    task->addAction(m_next);
    task->addAction(m_previous);
    task->addAction(m_backToDecided);
    task->addSeparator();
    m_actions.addToMenu(task);
    task->addSeparator();
    task->addAction(m_actions.pauseRetriesAction());
    task->addSeparator();
    task->addAction(m_copyIds);

    QMenu *help = bar->addMenu(tr("&Help"));
    help->addAction(m_shortcuts);
    help->addAction(m_about);
}

void WindowMenus::buildToolBar()
{
    QToolBar *bar = m_window.addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setIconSize(QSize(20, 20));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addAction(m_connect);
    bar->addAction(m_reload);
    bar->addSeparator();
    for (QAction *action : m_actions.taskActions()) {
        bar->addAction(action);
        if (action == m_actions.action(TaskAction::Answer))
            bar->addSeparator();
    }
    bar->addSeparator();
    bar->addAction(m_actions.pauseRetriesAction());
    bar->addSeparator();
    bar->addAction(m_settings);
}

void WindowMenus::fillContextMenu(QMenu *menu) const
{
    m_actions.addToMenu(menu);
    menu->addSeparator();
    menu->addAction(m_copyIds);
    menu->addAction(m_exportHistory);
    menu->addAction(m_exportView);
    menu->addAction(m_detailDock.toggleViewAction());
}

void WindowMenus::showShortcuts()
{
    QList<QAction *> all = {m_connect,
                            m_settings,
                            m_reload,
                            m_find,
                            m_copyIds,
                            m_next,
                            m_previous,
                            m_backToDecided,
                            m_exportHistory,
                            m_exportView,
                            m_detailDock.toggleViewAction(),
                            m_actions.pauseRetriesAction(),
                            m_quit};
    all += m_actions.taskActions();
    all += m_actions.claimActions();
    all += m_tabs;
    auto *dialog = new ShortcutsDialog(all, &m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

void WindowMenus::showAbout()
{
    QMessageBox::about(&m_window, tr("About ClawOps"),
                       tr("<b>ClawOps %1</b><p>Operations console and orchestration engine for "
                          "OpenClaw agents.</p>")
                           .arg(QApplication::applicationVersion().toHtmlEscaped()));
}

} // namespace clawops::ui
