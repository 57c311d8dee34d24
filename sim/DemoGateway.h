#pragma once

#include "World.h"

#include <QString>
#include <QThread>
#include <QUrl>

namespace clawops::sim {

class SimGatewayServer;

// The simulated gateway of `clawops --demo`: a SimGatewayServer with a World of orchestrators and
// workers, on 127.0.0.1 and an ephemeral port, in a thread of its own so that it behaves like a
// separate process as far as the console can tell.
class DemoGateway
{
public:
    explicit DemoGateway(WorldConfig world = demoWorld());
    ~DemoGateway();
    DemoGateway(const DemoGateway &) = delete;
    DemoGateway &operator=(const DemoGateway &) = delete;

    bool start(QString *error);
    void stop();
    QUrl url() const { return m_url; }
    QString token() const { return m_token; }
    qint64 framesSent() const; // from any thread, while started

    // A lively default: new work every second or so, every kind of ending represented.
    static WorldConfig demoWorld();

private:
    WorldConfig m_worldConfig;
    QThread m_thread;
    QObject *m_context = nullptr; // lives in m_thread; the server and world are made there
    SimGatewayServer *m_server = nullptr;
    World *m_world = nullptr;
    QUrl m_url;
    QString m_token;
};

} // namespace clawops::sim
