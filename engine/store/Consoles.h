#pragma once

#include "StoreTypes.h"

#include <QList>
#include <QString>

namespace clawops::store {

struct Connection;
struct SqlDialect;

// One console running on a store, as clawops_consoles lists it.
struct ConsolePresence
{
    QString holderId; // the engine's LeaseHolder id
    QString operatorName;
    QString host;
    QString role; // acting, following, observer, unreachable (free text for older consoles)

    bool operator==(const ConsolePresence &) const = default;
};

// Who else runs a console on a shared store, so that each one can say so: every engine writes
// its row every third of its lease TTL, and a row not renewed within twice the TTL (on the
// database's clock) is no longer listed. Not fenced: it is a roll call, not the fleet's record.
class ConsoleRoll
{
public:
    ConsoleRoll(const Connection &connection, const SqlDialect &dialect);

    // Writes (or renews) `me`, listed for `listedForMs` from now; drops rows long gone.
    StoreError sayPresent(const ConsolePresence &me, int listedForMs);
    // A clean stop: the others stop listing this console at once.
    StoreError sayGone(const QString &holderId);
    // The consoles listed now, this one (`exceptHolderId`) left out, by host and operator.
    StoreResult<QList<ConsolePresence>> present(const QString &exceptHolderId) const;

private:
    const Connection &m_connection;
    const SqlDialect &m_dialect;
};

} // namespace clawops::store
