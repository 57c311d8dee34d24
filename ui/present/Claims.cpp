#include "Claims.h"

#include <QSysInfo>

namespace clawops::ui {

ConsoleIdentity ConsoleIdentity::local(const QString &operatorName)
{
    return {operatorName, QSysInfo::machineHostName()};
}

bool ConsoleIdentity::owns(const core::ClaimRecord &claim) const
{
    return claim.operatorName == operatorName && claim.consoleHost == host;
}

QString ClaimWords::claimant(const core::ClaimRecord &claim, const ConsoleIdentity &me)
{
    if (me.owns(claim))
        return tr("you");
    if (claim.consoleHost.isEmpty())
        return claim.operatorName;
    return tr("%1 @ %2", "operator @ console host").arg(claim.operatorName, claim.consoleHost);
}

QString ClaimWords::badge(const core::ClaimRecord &claim, const ConsoleIdentity &me)
{
    if (me.owns(claim))
        return tr("claimed by you");
    return tr("claimed by %1").arg(claimant(claim, me));
}

} // namespace clawops::ui
