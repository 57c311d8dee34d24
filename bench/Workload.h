#pragma once

#include <QByteArray>
#include <QList>

namespace clawops::bench {

struct Workload
{
    QList<QByteArray> frames; // exactly as they would arrive on the socket
    int lifecycles = 0;
};

// Worker lifecycles with the recorded gateway's frames: a parent turn calling sessions_spawn,
// the child's run and ending, the parent's announce. The mix of endings and of the three ways a
// spawn is seen follows the recorded traces; the seed makes it reproducible.
Workload makeWorkload(int lifecycles, quint32 seed, bool fullSessionRows);

} // namespace clawops::bench
