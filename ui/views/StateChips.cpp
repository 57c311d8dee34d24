#include "StateChips.h"

#include "DotIcon.h"
#include "FlowLayout.h"
#include "present/StateStyle.h"

#include <QToolButton>

namespace clawops::ui {

namespace {

QToolButton *makeChip(QWidget *parent)
{
    auto *chip = new QToolButton(parent);
    chip->setCheckable(true);
    chip->setAutoRaise(true);
    chip->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    chip->setFocusPolicy(Qt::TabFocus);
    return chip;
}

} // namespace

StateChips::StateChips(QWidget *parent)
    : QWidget(parent)
{
    // Wraps onto a second row in a narrow window rather than holding the window wide.
    auto *layout = new FlowLayout(this, 2);
    layout->setContentsMargins(0, 0, 0, 0);

    m_all = makeChip(this);
    m_all->setObjectName(QStringLiteral("chip.all"));
    m_all->setChecked(true);
    m_all->setToolTip(tr("Show tasks in every state"));
    layout->addWidget(m_all);
    connect(m_all, &QToolButton::clicked, this, [this] {
        setSelectedStates({});
        Q_EMIT selectionChanged({});
    });

    for (int i = 0; i < core::kTaskStateCount; ++i) {
        const auto state = core::TaskState(i);
        QToolButton *chip = makeChip(this);
        chip->setObjectName(QStringLiteral("chip.") + core::stateName(state));
        chip->setIcon(dotIcon(StateStyle::color(state)));
        chip->setToolTip(StateStyle::description(state) +
                         tr("\nClick to show or hide this state; \"All\" clears the filter."));
        connect(chip, &QToolButton::toggled, this, &StateChips::onChipToggled);
        layout->addWidget(chip);
        m_chips.append(chip);
    }
    updateTexts();
}

void StateChips::setCounts(const core::StateCounts &counts)
{
    if (counts == m_counts)
        return;
    m_counts = counts;
    updateTexts();
}

void StateChips::updateTexts()
{
    int total = 0;
    for (int i = 0; i < m_chips.size(); ++i) {
        const int count = m_counts[core::TaskState(i)];
        total += count;
        m_chips[i]->setText(tr("%1 %2").arg(StateStyle::label(core::TaskState(i))).arg(count));
    }
    m_all->setText(tr("All %1").arg(total));
}

QList<core::TaskState> StateChips::selectedStates() const
{
    QList<core::TaskState> states;
    for (int i = 0; i < m_chips.size(); ++i) {
        if (m_chips[i]->isChecked())
            states.append(core::TaskState(i));
    }
    return states;
}

void StateChips::setSelectedStates(const QList<core::TaskState> &states)
{
    m_updating = true;
    for (int i = 0; i < m_chips.size(); ++i)
        m_chips[i]->setChecked(states.contains(core::TaskState(i)));
    m_all->setChecked(states.isEmpty());
    m_updating = false;
}

void StateChips::onChipToggled()
{
    if (m_updating)
        return;
    const QList<core::TaskState> states = selectedStates();
    m_all->setChecked(states.isEmpty());
    Q_EMIT selectionChanged(states);
}

} // namespace clawops::ui
