#pragma once

#include <QCoreApplication>
#include <QString>

namespace clawops::ui {

// How the console writes times: relative ages for tables ("3 min ago"), countdowns for what is
// about to happen ("1:42"), durations for how long something waited, and the absolute local
// time for tooltips. All inputs are milliseconds since the epoch (or plain milliseconds).
class TimeFormat
{
    Q_DECLARE_TR_FUNCTIONS(TimeFormat)

public:
    static QString relative(qint64 atMs, qint64 nowMs);
    static QString duration(qint64 ms);
    // Remaining time until targetMs, rounded up to the second; "due" once it has passed.
    static QString countdown(qint64 targetMs, qint64 nowMs);
    static QString absolute(qint64 atMs);
};

} // namespace clawops::ui
