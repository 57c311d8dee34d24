#include "WindowParts.h"

#include "actions/ActionController.h"
#include "models/InboxModel.h"
#include "models/PendingCommands.h"
#include "models/RetryQueueModel.h"
#include "models/TaskTableModel.h"
#include "timeline/TimelineView.h"
#include "views/InboxPage.h"
#include "views/MainWindow.h"
#include "views/NoticeArea.h"
#include "views/RetryQueuePage.h"
#include "views/StatusBarWidgets.h"
#include "views/TaskDetailPanel.h"
#include "views/TaskTableView.h"
#include "views/TasksPage.h"

#include <QDir>
#include <QTabWidget>
#include <QWidget>

namespace clawops::ui::test {

bool keepScreenshot(QWidget *widget, const QString &name)
{
    const QString folder = qEnvironmentVariable("CLAWOPS_UI_SCREENSHOTS");
    return folder.isEmpty() ||
           widget->grab().save(QDir(folder).filePath(name + QStringLiteral(".png")));
}

namespace {

template<typename Model> Model *modelOf(const TaskTableView *view)
{
    auto *model = qobject_cast<Model *>(view->model());
    if (!model)
        qFatal("%s does not show a %s", qPrintable(view->objectName()),
               Model::staticMetaObject.className());
    return model;
}

} // namespace

WindowParts::WindowParts(const MainWindow &window)
    : tabs(named<QTabWidget>(window, QStringLiteral("mainTabs")))
    , tasksPage(named<TasksPage>(window, QStringLiteral("tasksPage")))
    , inboxPage(named<InboxPage>(window, QStringLiteral("inboxPage")))
    , retryPage(named<RetryQueuePage>(window, QStringLiteral("retryQueuePage")))
    , timeline(named<TimelineView>(window, QStringLiteral("timelinePage")))
    , detail(named<TaskDetailPanel>(window, QStringLiteral("detailPanel")))
    , notices(named<NoticeArea>(window, QStringLiteral("notice.area")))
    , statusWidgets(named<StatusBarWidgets>(window, QStringLiteral("statusWidgets")))
    , actions(named<ActionController>(window, QStringLiteral("actions")))
    , pending(named<PendingCommands>(window, QStringLiteral("pendingCommands")))
    , tasksModel(modelOf<TaskTableModel>(tasksPage->view()))
    , inboxModel(modelOf<InboxModel>(inboxPage->view()))
    , retryModel(modelOf<RetryQueueModel>(retryPage->view()))
{}

} // namespace clawops::ui::test
