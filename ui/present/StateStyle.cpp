#include "StateStyle.h"

namespace clawops::ui {

using core::TaskState;

QString StateStyle::label(TaskState state)
{
    switch (state) {
    case TaskState::Queued:
        return tr("queued");
    case TaskState::Leased:
        return tr("leased");
    case TaskState::Running:
        return tr("running");
    case TaskState::NeedsInput:
        return tr("needs input");
    case TaskState::NeedsVerification:
        return tr("needs verification");
    case TaskState::Done:
        return tr("done");
    case TaskState::Failed:
        return tr("failed");
    case TaskState::Dead:
        return tr("dead");
    }
    return {};
}

QString StateStyle::description(TaskState state)
{
    switch (state) {
    case TaskState::Queued:
        return tr("Waiting for a retry to be dispatched or respawned.");
    case TaskState::Leased:
        return tr("Spawn requested; the gateway has not started the worker yet.");
    case TaskState::Running:
        return tr("A worker session is working on it.");
    case TaskState::NeedsInput:
        return tr("Blocked: the worker or the engine needs an answer from a human.");
    case TaskState::NeedsVerification:
        return tr("The worker says it is done; a human should check its receipt.");
    case TaskState::Done:
        return tr("Finished and verified.");
    case TaskState::Failed:
        return tr("The worker failed and no retry is scheduled.");
    case TaskState::Dead:
        return tr("Given up: killed, marked dead, or out of retries.");
    }
    return {};
}

QColor StateStyle::color(TaskState state)
{
    // Chosen to read on light and dark palettes alike (text on fill at least 4.5:1, the fill
    // apart from either window), and to stay apart for the common forms of colour blindness
    // (blue/orange carry the "act now" states, not red/green). tst_theme checks the ratios.
    switch (state) {
    case TaskState::Queued:
        return QColor(0x62, 0x70, 0x7e);
    case TaskState::Leased:
        return QColor(0x7c, 0x5c, 0xb8);
    case TaskState::Running:
        return QColor(0x1c, 0x6f, 0xc4);
    case TaskState::NeedsInput:
        return QColor(0xe0, 0x6c, 0x00);
    case TaskState::NeedsVerification:
        return QColor(0xf2, 0xb1, 0x1b);
    case TaskState::Done:
        return QColor(0x23, 0x82, 0x4c);
    case TaskState::Failed:
        return QColor(0xc6, 0x28, 0x28);
    case TaskState::Dead:
        return QColor(0x5f, 0x63, 0x68);
    }
    return Qt::gray;
}

QColor StateStyle::textColor(TaskState state)
{
    // The two warm "act now" fills are too light for white text.
    switch (state) {
    case TaskState::NeedsInput:
        return QColor(0x1f, 0x13, 0x00);
    case TaskState::NeedsVerification:
        return QColor(0x26, 0x1c, 0x00);
    default:
        return QColor(Qt::white);
    }
}

} // namespace clawops::ui
