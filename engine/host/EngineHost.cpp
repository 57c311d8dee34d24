#include "EngineHost.h"

#include "AnswerOutlet.h"
#include "EngineWorker.h"
#include "core/Logging.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QMetaObject>

#include <openssl/crypto.h>
#include <optional>
#include <type_traits>

namespace clawops::host {

namespace {
// Of the time stop() is given, the worker spends this share committing; the rest is for the
// gateway link to close and the thread to end.
constexpr qint64 kCommitSharePercent = 75;
} // namespace

EngineHost::EngineHost(QObject *parent)
    : EngineApi(parent)
{
    registerMetaTypes();
}

EngineHost::~EngineHost()
{
    stop();
}

void EngineHost::registerMetaTypes()
{
    qRegisterMetaType<EngineSettings>();
    qRegisterMetaType<ConnectionStatus>();
    qRegisterMetaType<RoleStatus>();
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

template<typename... Params, typename... Args>
void EngineHost::post(void (EngineWorker::*method)(Params...), Args &&...args)
{
    if (!m_worker)
        return;
    QMetaObject::invokeMethod(
        m_worker,
        [worker = m_worker, method, ... values = std::decay_t<Args>(std::forward<Args>(args))] {
            (worker->*method)(values...);
        },
        Qt::QueuedConnection);
}

template<typename... Params, typename... Args>
quint64 EngineHost::ask(void (EngineWorker::*method)(quint64, Params...), Args &&...args)
{
    const quint64 id = ++m_lastRequestId;
    post(method, id, std::forward<Args>(args)...);
    return id;
}

void EngineHost::start(const EngineSettings &settings)
{
    if (m_worker)
        return;
    m_thread = std::make_unique<QThread>();
    m_thread->setObjectName(QStringLiteral("clawops-engine"));
    m_answers = std::make_shared<AnswerOutlet>(*this);
    auto *worker = new EngineWorker(m_answers);
    worker->moveToThread(m_thread.get());
    m_worker = worker;
    // The worker is created here but owned by its thread from now on; it is deleted there.
    connect(m_thread.get(), &QThread::finished, worker, &QObject::deleteLater);
    // OpenSSL frees a thread's own state (its random generators, its error queue) when the thread
    // exits, but QThread::wait() returns before that: a process exiting right after stop() raced
    // that cleanup against OpenSSL's own at exit (LeakSanitizer saw the state lost). Freed in the
    // thread instead, after the worker: its deleteLater was posted first.
    auto *openSslState = new QObject;
    openSslState->moveToThread(m_thread.get());
    connect(m_thread.get(), &QThread::finished, openSslState, &QObject::deleteLater);
    connect(openSslState, &QObject::destroyed, [] { OPENSSL_thread_stop(); });
    m_thread->start();
    post(&EngineWorker::start, settings);
}

ShutdownReport EngineHost::stop(int timeoutMs)
{
    ShutdownReport report;
    if (!m_thread)
        return report;
    QElapsedTimer elapsed;
    elapsed.start();
    const QDeadlineTimer deadline(timeoutMs);
    const QDeadlineTimer commitDeadline(timeoutMs * kCommitSharePercent / 100);
    // Written in the engine thread; read here only after that thread has ended.
    auto workerReport = std::make_shared<std::optional<ShutdownReport>>();
    QMetaObject::invokeMethod(
        m_worker,
        [worker = m_worker, commitDeadline, workerReport] {
            *workerReport = worker->shutdown(commitDeadline);
            QThread::currentThread()->quit();
        },
        Qt::QueuedConnection);
    // Blocking here is the point: the caller is shutting down and wants everything committed.
    // The wait is bounded all the same.
    const bool ended = m_thread->wait(deadline);
    m_answers->close();
    m_worker = nullptr;
    if (ended) {
        m_thread.reset();
        if (*workerReport)
            report = **workerReport;
    } else {
        report.complete = false;
        report.problem = QStringLiteral("the engine thread did not end within %1 ms; it is left "
                                        "to finish on its own")
                             .arg(timeoutMs);
        qCCritical(lcHost).noquote() << report.problem;
        letThreadFinishAlone();
    }
    report.elapsedMs = elapsed.elapsed();
    return report;
}

void EngineHost::letThreadFinishAlone()
{
    QThread *thread = m_thread.release();
    // Deleted once it ends, while an event loop is there to do it; at exit it is simply left.
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    if (thread->isFinished())
        thread->deleteLater(); // ended just now, before the connection was made
}

bool EngineHost::isRunning() const
{
    return m_thread && m_thread->isRunning();
}

quint64 EngineHost::sendCommand(const core::OperatorCommand &command)
{
    return ask(&EngineWorker::executeCommand, command);
}

quint64 EngineHost::requestTaskPage(const core::TaskQuery &request)
{
    return ask(&EngineWorker::fetchTaskPage, request);
}

quint64 EngineHost::requestTaskDetail(const core::TaskId &taskId)
{
    return ask(&EngineWorker::fetchTaskDetail, taskId);
}

quint64 EngineHost::requestTranscript(const core::SessionKey &sessionKey, int maxLines)
{
    return ask(&EngineWorker::fetchTranscript, sessionKey, maxLines);
}

quint64 EngineHost::requestActivity(const ActivityRequest &request)
{
    return ask(&EngineWorker::fetchActivity, request);
}

void EngineHost::reconnect(const QUrl &gatewayUrl, const QString &token)
{
    post(&EngineWorker::reconnectGateway, gatewayUrl, token);
}

void EngineHost::disconnectGateway()
{
    post(&EngineWorker::disconnectGateway);
}

void EngineHost::takeOver()
{
    post(&EngineWorker::takeOver);
}

void EngineHost::updateConfig(const core::EngineConfig &config)
{
    post(&EngineWorker::applyConfig, config);
}

} // namespace clawops::host
