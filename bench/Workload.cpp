#include "Workload.h"

#include "sim/FrameFactory.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>

#include <cstring>

namespace clawops::bench {

namespace {

QString receipt(const QString &taskRef, bool verification)
{
    QJsonObject object{{QStringLiteral("task_id"), taskRef},
                       {QStringLiteral("status"), QStringLiteral("completed")},
                       {QStringLiteral("summary"), QStringLiteral("done")}};
    object.insert(QStringLiteral("verification"),
                  verification ? QJsonArray{QJsonObject{
                                     {QStringLiteral("kind"), QStringLiteral("command")},
                                     {QStringLiteral("value"), QStringLiteral("make check")},
                                     {QStringLiteral("expected"), QStringLiteral("exit 0")}}}
                               : QJsonArray{});
    return QStringLiteral("Work done for %1.\n\n```json\n%2\n```")
        .arg(taskRef, QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented)));
}

sim::FrameFactory::SpawnScenario scenario(int i, quint32 roll)
{
    using Scenario = sim::FrameFactory::SpawnScenario;
    static const QStringList parents = {QStringLiteral("agent:main:main"),
                                        QStringLiteral("agent:ops:main"),
                                        QStringLiteral("agent:research:main")};
    Scenario s;
    s.parentKey = parents.at(i % parents.size());
    s.parentSessionId = QStringLiteral("ps-%1").arg(i % parents.size());
    s.parentRunId = QStringLiteral("pr-%1").arg(i);
    s.toolCallId = QStringLiteral("call_%1").arg(i);
    s.childKey = QStringLiteral("agent:main:subagent:c-%1").arg(i);
    s.childSessionId = QStringLiteral("cs-%1").arg(i);
    s.childRunId = QStringLiteral("cr-%1").arg(i);
    s.taskId = QStringLiteral("gt-%1").arg(i);
    s.label = QStringLiteral("worker-%1").arg(i);
    s.task =
        QStringLiteral("task_id=T-%1 Run the checks for build %1 and reply with a receipt.").arg(i);
    s.visibility = roll % 10 == 0  ? Scenario::Visibility::TranscriptOnly
                   : roll % 3 == 0 ? Scenario::Visibility::ToolEvents
                                   : Scenario::Visibility::SessionTool;
    if (roll < 70) {
        s.ending = Scenario::Ending::Ok;
        s.finalText = receipt(QStringLiteral("T-%1").arg(i), roll < 45);
    } else if (roll < 85) {
        s.ending = Scenario::Ending::Error;
        s.providerRetries = 2;
        s.errorText =
            QStringLiteral("mock/mock-1 request failed (provider internal error, HTTP 500).");
    } else if (roll < 93) {
        s.ending = Scenario::Ending::Timeout;
        s.errorText = QStringLiteral("Request timed out before a response was generated.");
    } else {
        s.ending = Scenario::Ending::Killed;
        s.announce = false;
        s.errorText = QStringLiteral("agent run aborted");
    }
    return s;
}

} // namespace

bool writeWorkload(const QString &path, int lifecycles, quint32 seed, bool fullSessionRows,
                   Workload *workload, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    QRandomGenerator random(seed);
    sim::FrameFactory::Options options;
    options.sessionRows = fullSessionRows;
    sim::FrameFactory factory(1'795'468'800'000, options);
    *workload = Workload{path, lifecycles, 0, 0};
    for (int i = 0; i < lifecycles; ++i) {
        for (const QJsonObject &frame : factory.spawnLifecycle(scenario(i, random.bounded(100u)))) {
            const QByteArray text = sim::FrameFactory::toText(frame);
            ++workload->frames;
            workload->bytes += text.size();
            if (file.write(text) != text.size() || !file.putChar('\n')) {
                *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
                return false;
            }
        }
        factory.advance(50);
    }
    return true;
}

bool openWorkload(const QString &path, int lifecycles, Workload *workload, QString *error)
{
    FrameReader reader;
    if (!reader.open(path, error))
        return false;
    *workload = Workload{path, lifecycles, 0, 0};
    QByteArray frame;
    while (reader.next(frame)) {
        ++workload->frames;
        workload->bytes += frame.size();
    }
    *error = reader.error();
    return error->isEmpty();
}

bool FrameReader::open(const QString &path, QString *error)
{
    m_file.setFileName(path);
    if (!m_file.open(QIODevice::ReadOnly | QIODevice::Unbuffered)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, m_file.errorString());
        return false;
    }
    m_buffer.reserve(kChunkBytes * 2);
    return true;
}

bool FrameReader::next(QByteArray &frame)
{
    for (;;) {
        const char *begin = m_buffer.constData() + m_position;
        const qsizetype left = m_buffer.size() - m_position;
        const void *newline = left > 0 ? std::memchr(begin, '\n', size_t(left)) : nullptr;
        if (newline || (m_atEnd && left > 0)) {
            const qsizetype length =
                newline ? qsizetype(static_cast<const char *>(newline) - begin) : left;
            frame = QByteArray::fromRawData(begin, length);
            m_position += length + (newline ? 1 : 0);
            if (length == 0)
                continue; // an empty line
            return true;
        }
        if (m_atEnd || !refill())
            return false;
    }
}

bool FrameReader::refill()
{
    // Keep the start of a frame cut by the chunk's end, then read on after it.
    m_buffer.remove(0, m_position);
    m_position = 0;
    const qsizetype kept = m_buffer.size();
    m_buffer.resize(kept + kChunkBytes);
    const qint64 read = m_file.read(m_buffer.data() + kept, kChunkBytes);
    if (read < 0) {
        m_error = QStringLiteral("cannot read %1: %2").arg(m_file.fileName(), m_file.errorString());
        m_buffer.resize(kept);
        return false;
    }
    m_buffer.resize(kept + read);
    m_atEnd = read == 0;
    return true;
}

} // namespace clawops::bench
