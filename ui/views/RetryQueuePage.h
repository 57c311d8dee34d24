#pragma once

#include <QWidget>

class QAction;
class QHBoxLayout;
class QLabel;

namespace clawops::ui {

class RetryQueueModel;
class TaskTableView;

// The Retry queue tab: retries waiting for their time, soonest first, and whether the engine
// dispatches them automatically right now. "Run now" and "Cancel retry" act on the selected
// rows through the window's task actions, so they confirm, show as pending and are audited like
// every other operator action.
class RetryQueuePage final : public QWidget
{
    Q_OBJECT

public:
    RetryQueuePage(RetryQueueModel *model, QAction *pauseAction, QWidget *parent = nullptr);

    TaskTableView *view() const { return m_view; }
    // The controller's Force Retry and Cancel Retry actions, offered here in the queue's words.
    void setRetryActions(QAction *forceRetry, QAction *cancelRetry);

private:
    void showRetriesPaused(bool paused);
    QAction *addProxy(QAction *target, const QString &text, const QString &objectName);

    QLabel *m_state;
    TaskTableView *m_view;
    QHBoxLayout *m_bar;
};

} // namespace clawops::ui
