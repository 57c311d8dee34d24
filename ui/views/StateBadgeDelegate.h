#pragma once

#include <QStyledItemDelegate>

namespace clawops::ui {

// Paints a task's state as a coloured badge (from TaskStateRole) and, while an operator command
// on the task is in flight (PendingRole), a small spinner after it. Reads roles only.
class StateBadgeDelegate final : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit StateBadgeDelegate(QObject *parent = nullptr);

    // The view advances the spinner while anything is pending.
    void advanceSpinner() { m_phase = (m_phase + 1) % 12; }

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    int m_phase = 0;
};

} // namespace clawops::ui
