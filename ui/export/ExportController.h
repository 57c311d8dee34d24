#pragma once

#include "core/TaskQuery.h"
#include "host/HostTypes.h"

#include <QHash>
#include <QObject>
#include <QPointer>

#include <functional>
#include <optional>

class QTimer;
class QWidget;

namespace clawops::host {
class EngineApi;
}

namespace clawops::ui {

// Export of a task's history (JSON) and of a task list (CSV). The data comes from the engine's
// answers (a task detail, a transcript, a task page), requested without waiting; the file is
// written in the GUI thread once the answer is there. The file name is asked first, through a
// function a test can replace.
class ExportController final : public QObject
{
    Q_OBJECT

public:
    // Returns the chosen path, or empty when the operator cancelled.
    using PathChooser = std::function<QString(const QString &title, const QString &suggestedName,
                                              const QString &filter)>;

    // The most tasks one CSV holds; the file says when the view matched more.
    static constexpr int kMaxCsvRows = 200000;
    // Lines of the worker's transcript that go with a task's history.
    static constexpr int kTranscriptLines = 200;

    ExportController(host::EngineApi &engine, QWidget *dialogParent, QObject *parent = nullptr);

    void setPathChooser(PathChooser chooser) { m_chooser = std::move(chooser); }
    // How long a history waits for the transcript before it is written without one.
    void setTranscriptTimeoutMs(int ms);

    void exportHistory(const QString &taskId);
    // The tasks that match the query, in its order (its offset and limit are ignored).
    void exportTasks(const core::TaskQuery &query, const QString &suggestedName);

Q_SIGNALS:
    void statusMessage(const QString &text);
    void succeeded(const QString &text);
    void failed(const QString &text);

private:
    struct HistoryJob
    {
        QString path;
        host::TaskDetail detail;
        quint64 transcriptRequest = 0;
        QTimer *timeout = nullptr;
    };

    void onDetail(quint64 requestId, const host::TaskDetail &detail);
    void onTranscript(quint64 requestId, const host::Transcript &transcript);
    void onPage(quint64 requestId, const host::TaskPage &page);
    void finishHistory(quint64 detailRequest, const std::optional<host::Transcript> &transcript);
    bool writeFile(const QString &path, const QByteArray &data);

    host::EngineApi &m_engine;
    QPointer<QWidget> m_dialogParent;
    PathChooser m_chooser;
    int m_transcriptTimeoutMs = 5000;
    QHash<quint64, HistoryJob> m_histories;        // by detail request
    QHash<quint64, quint64> m_historyOfTranscript; // transcript request -> detail request
    QHash<quint64, QString> m_pages;               // page request -> path
};

} // namespace clawops::ui
