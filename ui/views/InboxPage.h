#pragma once

#include "core/StateCounts.h"

#include <QHash>
#include <QWidget>

class QLabel;
class QToolButton;

namespace clawops::ui {

class InboxModel;
class PendingCommands;
class TaskTableView;

// The Inbox tab: the tasks that need a human, the longest-waiting first, with a switch between
// both kinds, only needs_input and only needs_verification.
class InboxPage final : public QWidget
{
    Q_OBJECT

public:
    InboxPage(InboxModel *model, PendingCommands *pending, QWidget *parent = nullptr);

    TaskTableView *view() const { return m_view; }

private:
    void applyKind();
    void showCounts(const core::StateCounts &counts);

    InboxModel *m_model;
    QLabel *m_summary;
    QToolButton *m_all;
    QToolButton *m_input;
    QToolButton *m_verification;
    TaskTableView *m_view;
};

} // namespace clawops::ui
