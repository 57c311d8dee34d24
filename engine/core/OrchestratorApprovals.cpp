// Gateway approvals: what the gateway waits on, mapped to the task whose worker asked, and the
// operator's decision sent back. Nothing here is stored: the gateway keeps the approvals.
#include "Logging.h"
#include "Orchestrator.h"

namespace clawops::core {

bool Orchestrator::addApproval(const ApprovalRequest &request)
{
    TaskId taskId;
    QString label;
    if (!request.sessionKey.isEmpty()) {
        if (const TaskRecord *task = taskForChild(request.sessionKey)) {
            taskId = task->taskId;
            label = task->spec.label;
        }
    }
    return m_approvals.add(request, taskId, label);
}

void Orchestrator::onApprovalRequested(const ApprovalRequested &event)
{
    addApproval(event.request);
}

void Orchestrator::onApprovalResolved(const ApprovalResolved &event)
{
    m_approvals.resolve(event.id, event.decision, event.resolvedBy, event.thisConsole);
}

void Orchestrator::onApprovalsListed(const ApprovalsListed &event)
{
    QSet<QString> ids;
    for (const ApprovalRequest &request : event.pending) {
        ids.insert(request.id);
        addApproval(request);
    }
    m_approvals.reconcile(event.kind, ids);
}

void Orchestrator::onApprovalDecisionFailed(const ApprovalDecisionFailed &event)
{
    qCWarning(lcCore).noquote() << "decision for approval" << event.id
                                << "did not reach the gateway:" << event.error;
    m_approvals.noteDecisionFailed(event.id);
}

// The first answer wins at the gateway: a decision sent here may still lose to another console,
// which the .resolved event then says.
CommandResult Orchestrator::decideApproval(const OperatorCommand &command)
{
    const ApprovalRecord *record = m_approvals.find(command.approvalId);
    if (!record)
        return CommandResult::refused(CommandResult::Kind::NoSuchApproval, command.taskId,
                                      command.approvalId);
    const QString subject = record->request.command;
    if (!record->request.offers(command.text))
        return CommandResult::refused(CommandResult::Kind::DecisionNotOffered, command.taskId,
                                      subject);
    if (!m_gatewayLive)
        return CommandResult::refused(CommandResult::Kind::GatewayNotLive, command.taskId, subject);
    m_approvals.noteDecisionSent(command.approvalId, command.text);
    m_actions.append(
        ResolveApproval{command.approvalId, record->request.kind, command.text, record->taskId});
    return CommandResult::done(CommandResult::Kind::ApprovalDecisionSent, command.taskId, subject);
}

} // namespace clawops::core
