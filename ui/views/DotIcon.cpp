#include "DotIcon.h"

#include <QIconEngine>
#include <QPainter>
#include <QPixmap>

namespace clawops::ui {

namespace {

class DotEngine final : public QIconEngine
{
public:
    DotEngine(const QColor &color, qreal inset)
        : m_color(color)
        , m_inset(inset)
    {}

    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State) override
    {
        const qreal side = std::min(rect.width(), rect.height());
        const qreal margin = side * m_inset;
        const QRectF circle(rect.x() + (rect.width() - side) / 2 + margin,
                            rect.y() + (rect.height() - side) / 2 + margin, side - 2 * margin,
                            side - 2 * margin);
        QColor fill = m_color;
        if (mode == QIcon::Disabled)
            fill.setAlphaF(0.4f);
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(Qt::NoPen);
        painter->setBrush(fill);
        painter->drawEllipse(circle);
        painter->restore();
    }

    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state) override
    {
        return scaledPixmap(size, mode, state, 1.0);
    }

    QPixmap scaledPixmap(const QSize &size, QIcon::Mode mode, QIcon::State state,
                         qreal scale) override
    {
        // size is in device pixels already; painting in device pixels keeps the edge crisp.
        QPixmap pixmap(size);
        pixmap.fill(Qt::transparent);
        {
            QPainter painter(&pixmap);
            paint(&painter, QRect(QPoint(), size), mode, state);
        }
        pixmap.setDevicePixelRatio(scale);
        return pixmap;
    }

    QIconEngine *clone() const override { return new DotEngine(m_color, m_inset); }

private:
    QColor m_color;
    qreal m_inset;
};

} // namespace

QIcon dotIcon(const QColor &color, qreal inset)
{
    return QIcon(new DotEngine(color, inset));
}

} // namespace clawops::ui
