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
    // Chosen to read on light and dark palettes alike, and to stay apart for the common forms
    // of colour blindness (blue/orange carry the "act now" states, not red/green).
    switch (state) {
    case TaskState::Queued:
        return QColor(0x6c, 0x7a, 0x89);
    case TaskState::Leased:
        return QColor(0x8e, 0x6f, 0xc1);
    case TaskState::Running:
        return QColor(0x1f, 0x78, 0xd1);
    case TaskState::NeedsInput:
        return QColor(0xe0, 0x6c, 0x00);
    case TaskState::NeedsVerification:
        return QColor(0xf2, 0xb1, 0x1b);
    case TaskState::Done:
        return QColor(0x2e, 0x9d, 0x5b);
    case TaskState::Failed:
        return QColor(0xc6, 0x28, 0x28);
    case TaskState::Dead:
        return QColor(0x4a, 0x4a, 0x4a);
    }
    return Qt::gray;
}

QColor StateStyle::textColor(TaskState state)
{
    return state == TaskState::NeedsVerification ? QColor(0x26, 0x1c, 0x00) : QColor(Qt::white);
}

} // namespace clawops::ui
