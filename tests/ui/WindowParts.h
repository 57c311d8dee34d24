#pragma once

#include <QObject>
#include <QString>

class QTabWidget;
class QWidget;

namespace clawops::ui {
class ActionController;
class InboxModel;
class InboxPage;
class MainWindow;
class NoticeArea;
class PendingCommands;
class RetryQueueModel;
class RetryQueuePage;
class StatusBarWidgets;
class TaskDetailPanel;
class TaskTableModel;
class TasksPage;
class TimelineView;
} // namespace clawops::ui

namespace clawops::ui::test {

// The object named so under root; a missing one (a renamed object) ends the test run with its
// name instead of a crash further on.
template<typename T> T *named(const QObject &root, const QString &name)
{
    T *found = root.findChild<T *>(name);
    if (!found)
        qFatal("no %s named \"%s\"", T::staticMetaObject.className(), qPrintable(name));
    return found;
}

// The window's parts as a test reaches them: by object name, and the models through the views
// that show them, the way the window itself has them. The window offers no accessors.
// With CLAWOPS_UI_SCREENSHOTS=<folder>, saves the widget as <folder>/<name>.png for reviewers;
// nothing depends on it. False only when a wanted picture could not be written.
bool keepScreenshot(QWidget *widget, const QString &name);

struct WindowParts
{
    explicit WindowParts(const MainWindow &window);

    QTabWidget *tabs;
    TasksPage *tasksPage;
    InboxPage *inboxPage;
    RetryQueuePage *retryPage;
    TimelineView *timeline;
    TaskDetailPanel *detail;
    NoticeArea *notices;
    StatusBarWidgets *statusWidgets;
    ActionController *actions;
    PendingCommands *pending;
    TaskTableModel *tasksModel;
    InboxModel *inboxModel;
    RetryQueueModel *retryModel;
};

} // namespace clawops::ui::test
