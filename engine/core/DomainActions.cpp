#include "DomainActions.h"

namespace clawops::core {

QString cancelReasonText(CancelWorker::Reason reason)
{
    switch (reason) {
    case CancelWorker::Reason::OperatorKill:
        return QStringLiteral("operator-kill");
    case CancelWorker::Reason::DuplicateSuppressed:
        return QStringLiteral("duplicate-suppressed");
    }
    return {};
}

} // namespace clawops::core
