#pragma once

#include "present/Lineage.h"

#include <QWidget>

namespace clawops::ui {

// Draws a task's lineage (LineageStep) top to bottom: one box per step, arrows between them,
// attempts marked with their state's colour and the shown attempt in bold. Sized to its steps;
// the detail panel puts it in a scroll area.
class LineageView final : public QWidget
{
    Q_OBJECT

public:
    explicit LineageView(QWidget *parent = nullptr);

    void setSteps(const QList<LineageStep> &steps);
    const QList<LineageStep> &steps() const { return m_steps; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    int boxHeight() const;
    int gap() const;
    void paintStep(QPainter &painter, const LineageStep &step, const QRect &box) const;
    void paintArrow(QPainter &painter, int x, int fromY, int toY) const;

    QList<LineageStep> m_steps;
};

} // namespace clawops::ui
