#pragma once

#include "core/Records.h"

#include <QTextBrowser>

namespace clawops::ui {

struct ReceiptSummary;

// A worker's receipt, readable: status, summary, blockers with their suggested fixes,
// artifacts and verification items. Every value is escaped; workers write what they like.
class ReceiptView final : public QTextBrowser
{
    Q_OBJECT

public:
    explicit ReceiptView(QWidget *parent = nullptr);

    void setTask(const core::TaskRecord &task);
    void clearTask();

    // Coloured for `palette` (the view's own when shown).
    static QString toHtml(const ReceiptSummary &receipt, const core::TaskRecord &task,
                          const QPalette &palette);

private:
    static QString missingHtml(const ReceiptSummary &receipt, const core::TaskRecord &task);
    static QString blockersHtml(const ReceiptSummary &receipt, const QPalette &palette);
};

} // namespace clawops::ui
