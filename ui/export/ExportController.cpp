#include "ExportController.h"

#include "TaskExport.h"
#include "UiLogging.h"
#include "host/EngineApi.h"

#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QSaveFile>
#include <QTimer>

namespace clawops::ui {

ExportController::ExportController(host::EngineApi &engine, QWidget *dialogParent, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_dialogParent(dialogParent)
{
    m_chooser = [this](const QString &title, const QString &suggestedName, const QString &filter) {
        return QFileDialog::getSaveFileName(m_dialogParent, title,
                                            QDir::home().filePath(suggestedName), filter);
    };
    connect(&m_engine, &host::EngineApi::taskDetailReady, this, &ExportController::onDetail);
    connect(&m_engine, &host::EngineApi::transcriptReady, this, &ExportController::onTranscript);
    connect(&m_engine, &host::EngineApi::taskPageReady, this, &ExportController::onPage);
}

void ExportController::setTranscriptTimeoutMs(int ms)
{
    m_transcriptTimeoutMs = ms;
}

void ExportController::exportHistory(const QString &taskId)
{
    if (taskId.isEmpty()) {
        Q_EMIT statusMessage(tr("Export: select a task first."));
        return;
    }
    const QString path =
        m_chooser(tr("Export Task History"), TaskExport::suggestedHistoryFileName(taskId),
                  tr("JSON files (*.json)"));
    if (path.isEmpty())
        return;
    HistoryJob job;
    job.path = path;
    const quint64 request = m_engine.requestTaskDetail(core::TaskId(taskId));
    m_histories.insert(request, job);
    qCInfo(lcUiExport).noquote() << "history of" << taskId << "to" << path << "as" << request;
    Q_EMIT statusMessage(tr("Exporting the history of %1…").arg(taskId));
}

void ExportController::exportTasks(const core::TaskQuery &query, const QString &suggestedName)
{
    const QString path =
        m_chooser(tr("Export Tasks as CSV"), suggestedName, tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    core::TaskQuery all = query;
    all.offset = 0;
    all.limit = kMaxCsvRows;
    const quint64 request = m_engine.requestTaskPage(all);
    m_pages.insert(request, path);
    qCInfo(lcUiExport).noquote() << "task list to" << path << "as" << request;
    Q_EMIT statusMessage(tr("Exporting the tasks of this view…"));
}

void ExportController::onDetail(quint64 requestId, const host::TaskDetail &detail)
{
    auto it = m_histories.find(requestId);
    if (it == m_histories.end())
        return; // the detail panel's, not ours
    if (!detail.found) {
        m_histories.erase(it);
        Q_EMIT failed(tr("Export failed: the store has no task %1.").arg(detail.task.taskId.str()));
        return;
    }
    it->detail = detail;
    if (detail.task.workerSessionKey.isEmpty()) {
        finishHistory(requestId, std::nullopt);
        return;
    }
    it->transcriptRequest =
        m_engine.requestTranscript(detail.task.workerSessionKey, kTranscriptLines);
    m_historyOfTranscript.insert(it->transcriptRequest, requestId);
    // The gateway may be away; the history is worth having without the transcript.
    it->timeout = new QTimer(this);
    it->timeout->setSingleShot(true);
    connect(it->timeout, &QTimer::timeout, this, [this, requestId] {
        auto job = m_histories.find(requestId);
        if (job == m_histories.end())
            return;
        m_historyOfTranscript.remove(job->transcriptRequest);
        host::Transcript missing;
        missing.sessionKey = job->detail.task.workerSessionKey.str();
        missing.error = tr("the gateway did not send the transcript in time");
        finishHistory(requestId, missing);
    });
    it->timeout->start(m_transcriptTimeoutMs);
}

void ExportController::onTranscript(quint64 requestId, const host::Transcript &transcript)
{
    const auto it = m_historyOfTranscript.find(requestId);
    if (it == m_historyOfTranscript.end())
        return;
    const quint64 detailRequest = it.value();
    m_historyOfTranscript.erase(it);
    finishHistory(detailRequest, transcript);
}

void ExportController::finishHistory(quint64 detailRequest,
                                     const std::optional<host::Transcript> &transcript)
{
    const HistoryJob job = m_histories.take(detailRequest);
    if (job.timeout)
        job.timeout->deleteLater();
    const QByteArray json =
        TaskExport::historyJson(job.detail, transcript, QDateTime::currentMSecsSinceEpoch());
    if (writeFile(job.path, json))
        Q_EMIT succeeded(
            tr("History of %1 saved to %2.")
                .arg(job.detail.task.taskId.str(), QDir::toNativeSeparators(job.path)));
}

void ExportController::onPage(quint64 requestId, const host::TaskPage &page)
{
    const auto it = m_pages.find(requestId);
    if (it == m_pages.end())
        return;
    const QString path = it.value();
    m_pages.erase(it);
    if (!page.error.isEmpty()) {
        Q_EMIT failed(tr("Export failed: the store did not answer: %1").arg(page.error));
        return;
    }
    if (!writeFile(path, TaskExport::tasksCsv(page.rows)))
        return;
    const QString where = QDir::toNativeSeparators(path);
    if (page.totalMatching > page.rows.size())
        Q_EMIT succeeded(tr("The first %1 of %2 tasks saved to %3.")
                             .arg(page.rows.size())
                             .arg(page.totalMatching)
                             .arg(where));
    else
        Q_EMIT succeeded(tr("%n task(s) saved to %1.", nullptr, int(page.rows.size())).arg(where));
}

bool ExportController::writeFile(const QString &path, const QByteArray &data)
{
    // QSaveFile: a failed write leaves any earlier file of that name as it was.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit()) {
        qCWarning(lcUiExport).noquote() << "writing" << path << "failed:" << file.errorString();
        Q_EMIT failed(
            tr("Could not write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
        return false;
    }
    return true;
}

} // namespace clawops::ui
