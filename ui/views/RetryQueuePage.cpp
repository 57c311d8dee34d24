#include "RetryQueuePage.h"

#include "TaskTableView.h"
#include "models/RetryQueueModel.h"

#include <QAction>
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
    , m_bar(new QHBoxLayout)
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

    m_bar->setContentsMargins(0, 0, 0, 0);
    m_bar->addWidget(m_state, 1);
    m_bar->addWidget(button);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->addLayout(m_bar);
    layout->addWidget(m_view, 1);
    connect(model, &RetryQueueModel::retriesPausedChanged, this,
            &RetryQueuePage::showRetriesPaused);
    showRetriesPaused(model->retriesPaused());
}

QAction *RetryQueuePage::addProxy(QAction *target, const QString &text, const QString &objectName)
{
    // A page-local action with the queue's wording; enabled state and tooltip (which explains
    // why not, for the selection) follow the controller's action, which does the work.
    auto *proxy = new QAction(target->icon(), text, this);
    proxy->setObjectName(objectName);
    auto sync = [proxy, target] {
        proxy->setEnabled(target->isEnabled());
        proxy->setToolTip(target->toolTip());
        proxy->setStatusTip(target->statusTip());
    };
    connect(target, &QAction::changed, proxy, sync);
    sync();
    connect(proxy, &QAction::triggered, target, &QAction::trigger);
    auto *button = new QToolButton(this);
    button->setObjectName(objectName + QStringLiteral(".button"));
    button->setDefaultAction(proxy);
    button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_bar->insertWidget(m_bar->count() - 1, button);
    return proxy;
}

void RetryQueuePage::setRetryActions(QAction *forceRetry, QAction *cancelRetry)
{
    addProxy(forceRetry, tr("Run Now"), QStringLiteral("retry.runNow"));
    addProxy(cancelRetry, tr("Cancel Retry (→ Dead)"), QStringLiteral("retry.cancel"));
}

void RetryQueuePage::showRetriesPaused(bool paused)
{
    m_state->setText(paused ? tr("<b>Automatic retries are paused.</b> Queued retries wait until "
                                 "you resume them; forced retries still go out.")
                            : tr("Automatic retries are dispatched when their time comes."));
}

} // namespace clawops::ui
