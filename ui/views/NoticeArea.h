#pragma once

#include <QWidget>

class QVBoxLayout;

namespace clawops::ui {

// Non-modal notices above the tables: failures stay until the operator closes them, the rest
// fade after a few seconds. Never more than a handful at once; the oldest goes first.
class NoticeArea final : public QWidget
{
    Q_OBJECT

public:
    enum class Severity
    {
        Info,
        Success,
        Warning,
        Error,
    };

    explicit NoticeArea(QWidget *parent = nullptr);

    void post(Severity severity, const QString &text);
    int count() const;
    QStringList texts() const;
    void clear();

private:
    QVBoxLayout *m_layout;
};

} // namespace clawops::ui
