#include "FaultInjector.h"

#include "SimGatewayServer.h"
#include "SimLogging.h"
#include "World.h"
#include "WorldDice.h"

namespace clawops::sim {

namespace {
constexpr int kRestartDowntimeMs = 500;
}

FaultInjector::FaultInjector(SimGatewayServer &server, World &world, quint32 seed, QObject *parent)
    : QObject(parent)
    , m_server(server)
    , m_world(world)
    , m_seed(seed)
{
    connect(&m_timer, &QTimer::timeout, this, &FaultInjector::injectNext);
}

QStringList FaultInjector::names()
{
    return {QStringLiteral("drop-mid-frame"), QStringLiteral("reset"),
            QStringLiteral("stall"),          QStringLiteral("restart"),
            QStringLiteral("restart-lost"),   QStringLiteral("lose"),
            QStringLiteral("duplicate"),      QStringLiteral("reorder"),
            QStringLiteral("skip-seq")};
}

bool FaultInjector::inject(const QString &name)
{
    if (name == QLatin1String("drop-mid-frame"))
        m_server.dropMidFrame();
    else if (name == QLatin1String("reset"))
        m_server.dropConnections();
    else if (name == QLatin1String("stall"))
        m_server.stall(3 * m_server.config().tickIntervalMs);
    else if (name == QLatin1String("restart"))
        m_world.restartGateway(kRestartDowntimeMs, true);
    else if (name == QLatin1String("restart-lost"))
        m_world.restartGateway(kRestartDowntimeMs, false);
    else if (name == QLatin1String("lose"))
        m_server.loseEvents(15); // more than one worker's ending: no other frame says it
    else if (name == QLatin1String("duplicate"))
        m_server.duplicateEvents(5);
    else if (name == QLatin1String("reorder"))
        m_server.reorderEvents(4);
    else if (name == QLatin1String("skip-seq"))
        m_server.skipSeq(2);
    else
        return false;
    ++m_injected;
    return true;
}

void FaultInjector::start(int everyMs, const QStringList &names)
{
    m_schedule = names.isEmpty() ? FaultInjector::names() : names;
    m_timer.start(qMax(50, everyMs));
}

void FaultInjector::stop()
{
    m_timer.stop();
}

void FaultInjector::injectNext()
{
    Dice dice(m_seed, {QStringLiteral("fault"), QString::number(m_injected)});
    const QString name = m_schedule.at(dice.bounded(int(m_schedule.size())));
    qCInfo(lcSim) << "scheduled fault" << name;
    inject(name);
}

} // namespace clawops::sim
