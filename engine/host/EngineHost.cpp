#include "EngineHost.h"

#include "EngineWorker.h"
#include "core/Logging.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QMetaObject>

#include <openssl/crypto.h>

namespace clawops::host {

EngineHost::EngineHost(QObject *parent)
    : QObject(parent)
{
    registerMetaTypes();
    m_thread.setObjectName(QStringLiteral("clawops-engine"));
}

EngineHost::~EngineHost()
{
    stop();
}

void EngineHost::registerMetaTypes()
{
    qRegisterMetaType<EngineSettings>();
    qRegisterMetaType<ConnectionStatus>();
    qRegisterMetaType<EngineDelta>();
    qRegisterMetaType<core::TaskQuery>();
    qRegisterMetaType<TaskPage>();
    qRegisterMetaType<TaskDetail>();
    qRegisterMetaType<ActivityRequest>();
    qRegisterMetaType<ActivitySnapshot>();
    qRegisterMetaType<Transcript>();
    qRegisterMetaType<core::OperatorCommand>();
    qRegisterMetaType<core::CommandResult>();
    qRegisterMetaType<core::EngineConfig>();
}

void EngineHost::start(const EngineSettings &settings)
{
    if (m_worker)
        return;
    auto *worker = new EngineWorker;
    worker->moveToThread(&m_thread);
    m_worker = worker;
    // The worker is created here but owned by its thread from now on; it is deleted there.
    connect(&m_thread, &QThread::finished, worker, &QObject::deleteLater);
    // OpenSSL frees a thread's own state (its random generators, its error queue) when the thread
    // exits, but QThread::wait() returns before that: a process exiting right after stop() raced
    // that cleanup against OpenSSL's own at exit (LeakSanitizer saw the state lost). Freed in the
    // thread instead, after the worker: its deleteLater was posted first.
    auto *openSslState = new QObject;
    openSslState->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, openSslState, &QObject::deleteLater);
    connect(openSslState, &QObject::destroyed, [] { OPENSSL_thread_stop(); });
    connect(worker, &EngineWorker::started, this, &EngineHost::started);
    connect(worker, &EngineWorker::failed, this, &EngineHost::failed);
    connect(worker, &EngineWorker::delta, this, &EngineHost::delta);
    connect(worker, &EngineWorker::connectionChanged, this, &EngineHost::connectionChanged);
    connect(worker, &EngineWorker::commandFinished, this, &EngineHost::commandFinished);
    connect(worker, &EngineWorker::taskPageReady, this, &EngineHost::taskPageReady);
    connect(worker, &EngineWorker::taskDetailReady, this, &EngineHost::taskDetailReady);
    connect(worker, &EngineWorker::transcriptReady, this, &EngineHost::transcriptReady);
    connect(worker, &EngineWorker::activityReady, this, &EngineHost::activityReady);
    m_thread.start();
    QMetaObject::invokeMethod(worker, "start", Qt::QueuedConnection,
                              Q_ARG(clawops::host::EngineSettings, settings));
}

bool EngineHost::stop(int timeoutMs)
{
    if (!m_thread.isRunning())
        return true;
    const QDeadlineTimer deadline(timeoutMs);
    if (m_worker) {
        // Blocking here is the point: the caller is shutting down and wants everything
        // committed. The worker finishes within the deadline or we say so.
        QMetaObject::invokeMethod(m_worker, "shutdown", Qt::BlockingQueuedConnection);
    }
    m_thread.quit();
    const bool joined = m_thread.wait(deadline);
    if (!joined)
        qCWarning(lcHost) << "engine thread did not stop within" << timeoutMs << "ms";
    Q_EMIT stopped();
    return joined;
}

bool EngineHost::isRunning() const
{
    return m_thread.isRunning();
}

quint64 EngineHost::nextRequestId()
{
    return ++m_lastRequestId;
}

quint64 EngineHost::sendCommand(const core::OperatorCommand &command)
{
    const quint64 id = nextRequestId();
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, "executeCommand", Qt::QueuedConnection,
                                  Q_ARG(quint64, id),
                                  Q_ARG(clawops::core::OperatorCommand, command));
    return id;
}

quint64 EngineHost::requestTaskPage(const core::TaskQuery &request)
{
    const quint64 id = nextRequestId();
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, "fetchTaskPage", Qt::QueuedConnection,
                                  Q_ARG(quint64, id), Q_ARG(clawops::core::TaskQuery, request));
    return id;
}

quint64 EngineHost::requestTaskDetail(const core::TaskId &taskId)
{
    const quint64 id = nextRequestId();
    if (m_worker)
        QMetaObject::invokeMethod(
            m_worker,
            [worker = m_worker.data(), id, taskId] { worker->fetchTaskDetail(id, taskId); },
            Qt::QueuedConnection);
    return id;
}

quint64 EngineHost::requestTranscript(const QString &sessionKey, int maxLines)
{
    const quint64 id = nextRequestId();
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, "fetchTranscript", Qt::QueuedConnection,
                                  Q_ARG(quint64, id), Q_ARG(QString, sessionKey),
                                  Q_ARG(int, maxLines));
    return id;
}

quint64 EngineHost::requestActivity(const ActivityRequest &request)
{
    const quint64 id = nextRequestId();
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, "fetchActivity", Qt::QueuedConnection,
                                  Q_ARG(quint64, id),
                                  Q_ARG(clawops::host::ActivityRequest, request));
    return id;
}

void EngineHost::reconnect(const QUrl &gatewayUrl, const QString &token)
{
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, "reconnectGateway", Qt::QueuedConnection,
                                  Q_ARG(QUrl, gatewayUrl), Q_ARG(QString, token));
}

void EngineHost::disconnectGateway()
{
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, "disconnectGateway", Qt::QueuedConnection);
}

void EngineHost::updateConfig(const core::EngineConfig &config)
{
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, "applyConfig", Qt::QueuedConnection,
                                  Q_ARG(clawops::core::EngineConfig, config));
}

} // namespace clawops::host
