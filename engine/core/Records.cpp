#include "Records.h"

namespace clawops::core {

void ChangeSet::append(ChangeSet &&other)
{
    taskUpserts.append(std::move(other.taskUpserts));
    workerChanges.append(std::move(other.workerChanges));
    bindingChanges.append(std::move(other.bindingChanges));
    retryCounts.append(std::move(other.retryCounts));
    transitions.append(std::move(other.transitions));
    audits.append(std::move(other.audits));
    suppressed.append(std::move(other.suppressed));
    policyViolations.append(std::move(other.policyViolations));
    approvals.append(std::move(other.approvals));
    commandCompletions.append(std::move(other.commandCompletions));
}

} // namespace clawops::core
