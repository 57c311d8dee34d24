#include "NoticeArea.h"

#include "present/Accent.h"

#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace clawops::ui {

namespace {
constexpr int kMaxNotices = 4;
constexpr int kFadeMs = 6000;

QColor accent(NoticeArea::Severity severity, const QPalette &palette)
{
    switch (severity) {
    case NoticeArea::Severity::Info:
        return accentColor(Accent::Info, palette);
    case NoticeArea::Severity::Success:
        return accentColor(Accent::Success, palette);
    case NoticeArea::Severity::Warning:
        return accentColor(Accent::Warning, palette);
    case NoticeArea::Severity::Error:
        return accentColor(Accent::Error, palette);
    }
    return accentColor(Accent::Muted, palette);
}
} // namespace

NoticeArea::NoticeArea(QWidget *parent)
    : QWidget(parent)
    , m_layout(new QVBoxLayout(this))
{
    setObjectName(QStringLiteral("notice.area"));
    m_layout->setContentsMargins(6, 4, 6, 0);
    m_layout->setSpacing(3);
    hide();
}

void NoticeArea::post(Severity severity, const QString &text)
{
    while (m_layout->count() >= kMaxNotices) {
        QWidget *oldest = m_layout->itemAt(0)->widget();
        m_layout->removeWidget(oldest);
        oldest->deleteLater();
    }
    auto *frame = new QFrame(this);
    frame->setObjectName(QStringLiteral("notice"));
    frame->setProperty("severity", int(severity));
    const QColor color = accent(severity, palette());
    frame->setStyleSheet(QStringLiteral("QFrame#notice { border: 1px solid %1; border-left: 4px "
                                        "solid %1; border-radius: 3px; "
                                        "background: rgba(%2, %3, %4, 28); }")
                             .arg(color.name())
                             .arg(color.red())
                             .arg(color.green())
                             .arg(color.blue()));
    auto *label = new QLabel(text, frame);
    label->setObjectName(QStringLiteral("notice.text"));
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setStyleSheet(QStringLiteral("border: none; background: transparent;"));
    auto *close = new QToolButton(frame);
    close->setObjectName(QStringLiteral("notice.close"));
    close->setAutoRaise(true);
    close->setText(QStringLiteral("\u2715"));
    close->setToolTip(tr("Dismiss"));
    auto *row = new QHBoxLayout(frame);
    row->setContentsMargins(8, 3, 3, 3);
    row->addWidget(label, 1);
    row->addWidget(close, 0, Qt::AlignTop);
    m_layout->addWidget(frame);
    show();

    const auto dismiss = [this, frame] {
        m_layout->removeWidget(frame);
        frame->deleteLater();
        if (m_layout->count() == 0)
            hide();
    };
    connect(close, &QToolButton::clicked, frame, dismiss);
    if (severity != Severity::Error)
        QTimer::singleShot(kFadeMs, frame, dismiss);
}

int NoticeArea::count() const
{
    return m_layout->count();
}

QStringList NoticeArea::texts() const
{
    QStringList texts;
    for (int i = 0; i < m_layout->count(); ++i) {
        if (auto *label =
                m_layout->itemAt(i)->widget()->findChild<QLabel *>(QStringLiteral("notice.text")))
            texts.append(label->text());
    }
    return texts;
}

void NoticeArea::clear()
{
    while (m_layout->count() > 0) {
        QWidget *widget = m_layout->itemAt(0)->widget();
        m_layout->removeWidget(widget);
        widget->deleteLater();
    }
    hide();
}

} // namespace clawops::ui
