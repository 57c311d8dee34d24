#pragma once

#include <QObject>
#include <QStringList>
#include <QTimer>

namespace clawops::sim {

class SimGatewayServer;
class World;

// Gateway faults by name, one at a time or on a schedule, for the reliability tests and for
// `clawops-sim --fault-every`. Which fault comes next on a schedule is drawn from the seed.
class FaultInjector : public QObject
{
    Q_OBJECT

public:
    FaultInjector(SimGatewayServer &server, World &world, quint32 seed, QObject *parent = nullptr);

    // Every fault this injector knows:
    //   drop-mid-frame   the next event's frame is cut off half-way, then the socket is reset
    //   reset            every connection is reset (no close handshake)
    //   stall            no tick and no frame for three tick intervals
    //   restart          a new gateway instance (new boot id); runs survive
    //   restart-lost     a new instance; running workers are cut off (interrupted)
    //   lose             fifteen events never sent; the seq numbers show the gap
    //   duplicate        five events sent twice
    //   reorder          four events sent in reverse order
    //   skip-seq         seq jumps by two, nothing lost
    static QStringList names();
    // Injects one fault now; false for a name it does not know.
    bool inject(const QString &name);
    // Injects a fault from `names` every `everyMs` until stop().
    void start(int everyMs, const QStringList &names);
    void stop();
    int injected() const { return m_injected; }

private:
    void injectNext();

    SimGatewayServer &m_server;
    World &m_world;
    quint32 m_seed;
    QStringList m_schedule;
    QTimer m_timer;
    int m_injected = 0;
};

} // namespace clawops::sim
