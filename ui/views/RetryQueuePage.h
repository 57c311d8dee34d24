#pragma once

#include <QWidget>

class QAction;
class QLabel;

namespace clawops::ui {

class RetryQueueModel;
class TaskTableView;

// The Retry queue tab: retries waiting for their time, soonest first, and whether the engine
// dispatches them automatically right now.
class RetryQueuePage final : public QWidget
{
    Q_OBJECT

public:
    RetryQueuePage(RetryQueueModel *model, QAction *pauseAction, QWidget *parent = nullptr);

    TaskTableView *view() const { return m_view; }
    void setRetriesPaused(bool paused);

private:
    QLabel *m_state;
    TaskTableView *m_view;
};

} // namespace clawops::ui
