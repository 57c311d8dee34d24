#pragma once

#include "host/HostTypes.h"

#include <QCoreApplication>
#include <QString>

namespace clawops::ui {

// The connection state in plain words: a short phase for the status bar, and for failures what
// went wrong and what the operator should do next (the gateway's error codes translated).
struct ConnectionAdvice
{
    Q_DECLARE_TR_FUNCTIONS(ConnectionAdvice)

public:
    enum class Severity
    {
        Good,    // live
        Busy,    // connecting, catching up
        Warning, // lost, retrying on its own
        Error,   // stopped: needs the operator
        Idle,    // offline by choice
    };

    Severity severity = Severity::Idle;
    QString phaseText; // "Live", "Reconnecting in 4 s", "Stopped: needs you"
    QString headline;  // empty when there is nothing to explain
    QString explanation;
    QString nextStep;

    static ConnectionAdvice from(const host::ConnectionStatus &status, qint64 nowMs);
    static QString phaseName(host::ConnectionPhase phase);
};

} // namespace clawops::ui
