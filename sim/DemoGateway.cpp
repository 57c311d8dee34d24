#include "DemoGateway.h"

#include "SimGatewayServer.h"

#include <QMetaObject>
#include <QUuid>

#include <openssl/crypto.h>

namespace clawops::sim {

DemoGateway::DemoGateway(WorldConfig world)
    : m_worldConfig(std::move(world))
    , m_token(QUuid::createUuid().toString(QUuid::WithoutBraces))
{
    m_thread.setObjectName(QStringLiteral("clawops-demo-gateway"));
}

DemoGateway::~DemoGateway()
{
    stop();
}

WorldConfig DemoGateway::demoWorld()
{
    WorldConfig config;
    config.seed = 20261123;
    config.spawnsPerSecond = 1.2;
    config.workerMinMs = 2000;
    config.workerMaxMs = 9000;
    config.slowWorkerMs = 60000;
    // A worker's exec waits for the operator now and then, so the Inbox shows gateway approvals.
    config.approvalEveryMs = 12000;
    return config;
}

bool DemoGateway::start(QString *error)
{
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
    QObject::connect(&m_thread, &QThread::finished, m_context, &QObject::deleteLater);
    m_thread.start();
    bool listening = false;
    QMetaObject::invokeMethod(
        m_context,
        [this, &listening] {
            SimGatewayConfig config;
            config.sharedToken = m_token;
            m_server = new SimGatewayServer(config);
            listening = m_server->listen(0);
            m_url = m_server->url();
            m_world = new World(*m_server, m_worldConfig, m_server);
            m_world->start();
        },
        Qt::BlockingQueuedConnection);
    if (!listening) {
        if (error)
            *error = QStringLiteral("could not listen on 127.0.0.1");
        stop();
        return false;
    }
    return true;
}

qint64 DemoGateway::framesSent() const
{
    return m_server ? m_server->framesSent() : 0;
}

void DemoGateway::stop()
{
    if (!m_thread.isRunning())
        return;
    QMetaObject::invokeMethod(
        m_context,
        [this] {
            delete m_server; // owns the world
            m_server = nullptr;
            m_world = nullptr;
            // OpenSSL frees a thread's own state (its error queue) when the thread exits, which
            // QThread::wait() does not wait for: the process may be exiting by then (LeakSanitizer
            // saw the state lost). Nothing in this thread uses OpenSSL after the server.
            OPENSSL_thread_stop();
        },
        Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

} // namespace clawops::sim
