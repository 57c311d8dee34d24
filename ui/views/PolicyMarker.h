#pragma once

#include "core/Records.h"

#include <QLabel>
#include <QPointer>

namespace clawops::ui {

class PolicyViolationModel;

// The detail panel's marker: how many policy violations the Policy tab holds for the sessions a
// task runs in (its worker's and its orchestrator's). Hidden when there are none; follows the
// model as violations arrive.
class PolicyMarker final : public QLabel
{
    Q_OBJECT

public:
    explicit PolicyMarker(QWidget *parent = nullptr);

    void setModel(const PolicyViolationModel *model);
    void showFor(const core::TaskRecord &task);
    void clearTask();

private:
    void refresh();

    QPointer<const PolicyViolationModel> m_model;
    core::SessionKey m_worker;
    core::SessionKey m_orchestrator;
};

} // namespace clawops::ui
