#include "DemoColleague.h"

#include "UiLogging.h"
#include "host/EngineApi.h"

namespace clawops::ui {

QString DemoColleague::name()
{
    return QStringLiteral("alice");
}

DemoColleague::DemoColleague(host::EngineApi &engine, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
{
    connect(&m_engine, &host::EngineApi::delta, this, &DemoColleague::onDelta);
    connect(&m_engine, &host::EngineApi::commandFinished, this,
            [this](quint64 requestId, const core::OperatorCommand &,
                   const core::CommandResult &result) {
                if (requestId != m_request)
                    return;
                m_request = 0;
                if (!result.ok)
                    qCInfo(lcUi).noquote()
                        << "demo colleague's claim refused:" << result.auditText();
            });
}

void DemoColleague::onDelta(const host::EngineDelta &delta)
{
    if (delta.claims) {
        m_holdsClaim = false;
        for (const core::ClaimRecord &claim : *delta.claims)
            m_holdsClaim = m_holdsClaim || claim.operatorName == name();
    }
    if (m_holdsClaim || m_request != 0)
        return;
    // An item that waits for input stays in the Inbox until someone answers it; one that waits
    // for verification may resolve on its own when its grace window ends.
    const core::TaskRecord *pick = nullptr;
    for (const core::TaskRecord &task : delta.tasks) {
        if (task.state == core::TaskState::NeedsInput)
            pick = &task;
        else if (!pick && task.state == core::TaskState::NeedsVerification)
            pick = &task;
    }
    if (!pick)
        return;
    core::OperatorCommand command;
    command.kind = core::OperatorCommand::Kind::Claim;
    command.taskId = pick->taskId;
    command.operatorName = name();
    m_request = m_engine.sendCommand(command);
    qCInfo(lcUi).noquote() << "demo colleague" << name() << "claims" << pick->taskId;
}

} // namespace clawops::ui
