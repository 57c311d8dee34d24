#include "StateBadgeDelegate.h"

#include "models/ModelRoles.h"
#include "present/StateStyle.h"

#include <QApplication>
#include <QPainter>

namespace clawops::ui {

namespace {
constexpr int kPadX = 7;
constexpr int kSpinner = 12;
constexpr int kGap = 6;
} // namespace

StateBadgeDelegate::StateBadgeDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{}

void StateBadgeDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                               const QModelIndex &index) const
{
    QStyleOptionViewItem opt(option);
    initStyleOption(&opt, index);
    const QString text = opt.text;
    opt.text.clear();
    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget); // selection, focus

    const QVariant stateValue = index.data(TaskStateRole);
    if (!stateValue.isValid())
        return;
    const auto state = core::TaskState(stateValue.toInt());
    const bool pending = index.data(PendingRole).toBool();

    painter->save();
    painter->setFont(opt.font);
    // The painter's metrics, not the font's: they can differ with the device's resolution.
    const QFontMetrics metrics = painter->fontMetrics();
    const QRect area = opt.rect.adjusted(4, 3, -4, -3);
    const int reserved = pending ? kSpinner + kGap : 0;
    const int textWidth = metrics.horizontalAdvance(text) + 2;
    const int badgeWidth = std::min(textWidth + 2 * kPadX, std::max(0, area.width() - reserved));
    const int badgeHeight = std::min(area.height(), metrics.height() + 4);
    const QRect badge(area.left(), area.center().y() - badgeHeight / 2 + 1, badgeWidth,
                      badgeHeight);

    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    QColor fill = StateStyle::color(state);
    if (pending)
        fill.setAlpha(150); // the state is about to change: show it as provisional
    painter->setBrush(fill);
    painter->drawRoundedRect(badge, badgeHeight / 2.0, badgeHeight / 2.0);
    painter->setPen(StateStyle::textColor(state));
    const QRect textRect = badge.adjusted(kPadX, 0, -kPadX, 0);
    painter->drawText(textRect, Qt::AlignCenter,
                      textWidth <= textRect.width()
                          ? text
                          : metrics.elidedText(text, Qt::ElideRight, textRect.width()));

    if (pending) {
        const QRect spin(badge.right() + kGap, area.center().y() - kSpinner / 2 + 1, kSpinner,
                         kSpinner);
        QPen pen(opt.palette.color(opt.state & QStyle::State_Selected ? QPalette::HighlightedText
                                                                      : QPalette::Text));
        pen.setWidthF(2.0);
        pen.setCapStyle(Qt::RoundCap);
        painter->setPen(pen);
        painter->setBrush(Qt::NoBrush);
        painter->drawArc(spin.adjusted(1, 1, -1, -1), -m_phase * 30 * 16, 270 * 16);
    }
    painter->restore();
}

QSize StateBadgeDelegate::sizeHint(const QStyleOptionViewItem &option,
                                   const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    const QFontMetrics metrics(option.font);
    const int width = metrics.horizontalAdvance(index.data(Qt::DisplayRole).toString()) +
                      2 * kPadX + 8 + kSpinner + kGap;
    size.setWidth(std::max(size.width(), width));
    size.setHeight(std::max(size.height(), metrics.height() + 8));
    return size;
}

} // namespace clawops::ui
