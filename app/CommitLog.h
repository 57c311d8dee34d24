#pragma once

#include "host/HostTypes.h"

#include <QFile>
#include <QString>

namespace clawops::app {

// `--commit-log FILE`: after every committed batch, one JSON line per transition in it
// ({task, at, from, to, reason}, as task_transitions stores them) is appended with a single
// unbuffered write. Deltas leave the engine only after their commit, so every line names a
// transition the store holds; a test that kills the engine can check exactly that.
class CommitLog
{
public:
    // Empty path: a log that records nothing. Returns an error message, or an empty string.
    QString open(const QString &path);
    void record(const host::EngineDelta &delta);

private:
    QFile m_file;
};

} // namespace clawops::app
