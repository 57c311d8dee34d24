#include "PolicyMarker.h"

#include "models/PolicyViolationModel.h"
#include "present/SessionKeys.h"

namespace clawops::ui {

PolicyMarker::PolicyMarker(QWidget *parent)
    : QLabel(parent)
{
    setObjectName(QStringLiteral("detail.policy"));
    setWordWrap(true);
    hide();
}

void PolicyMarker::setModel(const PolicyViolationModel *model)
{
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    m_model = model;
    if (model)
        connect(model, &PolicyViolationModel::violationsAdded, this, &PolicyMarker::refresh);
    refresh();
}

void PolicyMarker::showFor(const core::TaskRecord &task)
{
    m_worker = task.workerSessionKey;
    m_orchestrator = task.orchestratorSessionKey;
    refresh();
}

void PolicyMarker::clearTask()
{
    m_worker.clear();
    m_orchestrator.clear();
    refresh();
}

void PolicyMarker::refresh()
{
    const int byWorker = m_model && !m_worker.isEmpty() ? m_model->countFor(m_worker) : 0;
    const int byOrchestrator =
        m_model && !m_orchestrator.isEmpty() ? m_model->countFor(m_orchestrator) : 0;
    QStringList parts;
    if (byWorker > 0)
        parts.append(tr("%n by its worker", nullptr, byWorker));
    if (byOrchestrator > 0)
        parts.append(tr("%n by its orchestrator %1", nullptr, byOrchestrator)
                         .arg(shortSessionKey(m_orchestrator)));
    setVisible(!parts.isEmpty());
    setText(parts.isEmpty() ? QString()
                            : tr("\u26A0 Policy violations: %1 (see the Policy tab)")
                                  .arg(parts.join(QStringLiteral("; "))));
}

} // namespace clawops::ui
