#include "RetryQueuePage.h"

#include "TaskTableView.h"
#include "models/RetryQueueModel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QToolButton>
#include <QVBoxLayout>

namespace clawops::ui {

RetryQueuePage::RetryQueuePage(RetryQueueModel *model, QAction *pauseAction, QWidget *parent)
    : QWidget(parent)
    , m_state(new QLabel(this))
    , m_view(new TaskTableView(this))
{
    setObjectName(QStringLiteral("retryQueuePage"));
    m_state->setObjectName(QStringLiteral("retry.state"));
    m_view->setObjectName(QStringLiteral("retry.table"));
    m_view->setModel(model);
    m_view->setPlaceholderText(tr("No retry is waiting."));
    m_view->horizontalHeader()->resizeSection(RetryQueueModel::RunsInColumn, 80);
    m_view->horizontalHeader()->resizeSection(RetryQueueModel::IdColumn, 130);
    m_view->horizontalHeader()->resizeSection(RetryQueueModel::LabelColumn, 200);

    auto *button = new QToolButton(this);
    button->setObjectName(QStringLiteral("retry.pause"));
    button->setDefaultAction(pauseAction);
    button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(m_state, 1);
    bar->addWidget(button);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);
    setRetriesPaused(false);
}

void RetryQueuePage::setRetriesPaused(bool paused)
{
    m_state->setText(paused ? tr("<b>Automatic retries are paused.</b> Queued retries wait until "
                                 "you resume them; forced retries still go out.")
                            : tr("Automatic retries are dispatched when their time comes."));
}

} // namespace clawops::ui
