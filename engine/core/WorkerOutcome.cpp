#include "WorkerOutcome.h"

#include <array>

namespace clawops::core {

namespace {

struct OutcomeName
{
    WorkerOutcome outcome;
    const char16_t *text;
};

constexpr std::array kOutcomeNames{
    OutcomeName{WorkerOutcome::Ok, u"ok"},
    OutcomeName{WorkerOutcome::Error, u"error"},
    OutcomeName{WorkerOutcome::Timeout, u"timeout"},
    OutcomeName{WorkerOutcome::Killed, u"killed"},
    OutcomeName{WorkerOutcome::Reset, u"reset"},
    OutcomeName{WorkerOutcome::Deleted, u"deleted"},
    OutcomeName{WorkerOutcome::Interrupted, u"interrupted"},
    OutcomeName{WorkerOutcome::Unknown, u"unknown"},
};

} // namespace

QString outcomeText(WorkerOutcome outcome)
{
    for (const OutcomeName &name : kOutcomeNames) {
        if (name.outcome == outcome)
            return QString::fromUtf16(name.text);
    }
    return QStringLiteral("unknown");
}

std::optional<WorkerOutcome> outcomeFromText(const QString &text)
{
    const QString folded = text.trimmed().toLower();
    if (folded == u"success" || folded == u"completed")
        return WorkerOutcome::Ok;
    for (const OutcomeName &name : kOutcomeNames) {
        if (folded == QStringView(name.text))
            return name.outcome;
    }
    return std::nullopt;
}

} // namespace clawops::core
