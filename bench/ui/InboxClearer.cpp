#include "InboxClearer.h"

#include "host/EngineApi.h"

namespace clawops::bench {

InboxClearer::InboxClearer(host::EngineApi &engine)
    : m_engine(engine)
{
    connect(&engine, &host::EngineApi::delta, this, [this](const host::EngineDelta &delta) {
        for (const core::TaskRecord &task : delta.tasks) {
            const QString id = task.taskId.str();
            if (!core::waitsOnOperator(task.state)) {
                m_asked.remove(id);
                continue;
            }
            if (m_asked.contains(id))
                continue;
            m_asked.insert(id);
            core::OperatorCommand command;
            command.taskId = task.taskId;
            command.operatorName = QStringLiteral("ui-bench");
            if (task.state == core::TaskState::NeedsVerification) {
                command.kind = core::OperatorCommand::Kind::Verify;
                ++m_verifiesSent;
            } else {
                command.kind = core::OperatorCommand::Kind::MarkDead;
                command.reason = QStringLiteral("cleared by the benchmark's operator");
                ++m_markDeadsSent;
            }
            m_engine.sendCommand(command);
        }
    });
    connect(&engine, &host::EngineApi::commandFinished, this,
            [this](quint64, const core::OperatorCommand &, const core::CommandResult &result) {
                if (!result.ok)
                    ++m_refused;
            });
}

} // namespace clawops::bench
