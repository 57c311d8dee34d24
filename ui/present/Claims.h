#pragma once

#include "core/Records.h"

#include <QCoreApplication>
#include <QString>

namespace clawops::ui {

// Who this console is, as its claims are stamped: the operator name it sends with every command
// and the host its engine adds to them.
struct ConsoleIdentity
{
    QString operatorName;
    QString host;

    // The engine stamps its commands with the machine's host name (store::makeLeaseHolder); the
    // console runs on the same machine, so it reads the same name without asking the engine.
    static ConsoleIdentity local(const QString &operatorName);
    bool owns(const core::ClaimRecord &claim) const;
    bool operator==(const ConsoleIdentity &) const = default;
};

class ClaimWords
{
    Q_DECLARE_TR_FUNCTIONS(ClaimWords)

public:
    // "alice @ ops-west", or "you" for this console's own claim.
    static QString claimant(const core::ClaimRecord &claim, const ConsoleIdentity &me);
    // "claimed by alice @ ops-west" / "claimed by you".
    static QString badge(const core::ClaimRecord &claim, const ConsoleIdentity &me);
};

} // namespace clawops::ui
