#pragma once

#include "host/HostTypes.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace clawops::ui {

// The files the console writes for an operator to keep or hand on: a task's whole history as
// JSON and a list of tasks as CSV. Pure functions of what the engine already answered, so that
// they run in the GUI thread without asking anything.
namespace TaskExport {

// The task, its receipt (parsed when it is JSON), every attempt of the same work, its
// transitions, the operators' actions on it, the duplicates suppressed in its favour and, when
// given, the tail of its worker's transcript. Times are ISO 8601 UTC with milliseconds.
QByteArray historyJson(const host::TaskDetail &detail,
                       const std::optional<host::Transcript> &transcript, qint64 exportedAtMs);

// One header line and one line per task (RFC 4180: fields with a comma, quote or line break are
// quoted, quotes doubled; CRLF line ends). A field that a spreadsheet would run as a formula
// (starting with = + - @) gets a leading apostrophe.
QByteArray tasksCsv(const QList<core::TaskRecord> &tasks);
QString csvField(const QString &value);

// "task-<id>-history.json", with characters a file system may refuse replaced.
QString suggestedHistoryFileName(const QString &taskId);

} // namespace TaskExport

} // namespace clawops::ui
