#pragma once

#include "core/StateCounts.h"
#include "core/TaskState.h"

#include <QHash>
#include <QList>
#include <QWidget>

class QToolButton;

namespace clawops::ui {

// One checkable chip per state with its live count ("needs input 12"), plus "All". Checked
// chips are the state filter; none checked means all states.
class StateChips final : public QWidget
{
    Q_OBJECT

public:
    explicit StateChips(QWidget *parent = nullptr);

    void setCounts(const core::StateCounts &counts);
    QList<core::TaskState> selectedStates() const;
    void setSelectedStates(const QList<core::TaskState> &states);

Q_SIGNALS:
    void selectionChanged(const QList<core::TaskState> &states);

private:
    void updateTexts();
    void onChipToggled();

    QToolButton *m_all = nullptr;
    QList<QToolButton *> m_chips; // index = TaskState
    core::StateCounts m_counts;
    bool m_updating = false;
};

} // namespace clawops::ui
