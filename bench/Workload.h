#pragma once

#include <QByteArray>
#include <QFile>
#include <QString>

namespace clawops::bench {

// The benchmark's frames live in a file, one per line (compact JSON has no raw newline), and are
// read back a few megabytes at a time: a run holds a chunk of the workload, never all of it, as
// a socket would hand it over.
struct Workload
{
    QString path;
    int lifecycles = 0;
    qint64 frames = 0;
    qint64 bytes = 0; // frame text, without the newlines
};

// Worker lifecycles with the recorded gateway's frames: a parent turn calling sessions_spawn,
// the child's run and ending, the parent's announce. The mix of endings and of the three ways a
// spawn is seen follows the recorded traces; the seed makes it reproducible. Written to `path`;
// false (and `error`) when it cannot be.
bool writeWorkload(const QString &path, int lifecycles, quint32 seed, bool fullSessionRows,
                   Workload *workload, QString *error);
// A file of frames written before (by writeWorkload() or --dump-frames), counted.
bool openWorkload(const QString &path, int lifecycles, Workload *workload, QString *error);

// The frames of a workload file in order. Each frame is a view into the reader's buffer, valid
// until the next call.
class FrameReader
{
public:
    bool open(const QString &path, QString *error);
    // The next frame; false at the end (or on a read error: error()).
    bool next(QByteArray &frame);
    QString error() const { return m_error; }

private:
    bool refill();

    static constexpr qsizetype kChunkBytes = qsizetype(4) << 20;
    QFile m_file;
    QByteArray m_buffer;
    qsizetype m_position = 0;
    bool m_atEnd = false;
    QString m_error;
};

} // namespace clawops::bench
