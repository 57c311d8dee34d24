#pragma once

#include "host/HostTypes.h"

#include <QHash>
#include <QSet>
#include <QWidget>

class QLabel;
class QTreeWidget;
class QTreeWidgetItem;

namespace clawops::ui {

// A needs_verification task's receipt items as a checklist the operator ticks while verifying.
// The ticks live in the engine's audit log (one check_item row per tick or untick), so they are
// the same after reopening the task, restarting the console or on another console; this widget
// only shows them and reports what the operator changes.
class VerificationChecklist final : public QWidget
{
    Q_OBJECT

public:
    explicit VerificationChecklist(QWidget *parent = nullptr);

    // Rebuilds the list from the task's receipt and the ticks its audit rows record. Hidden unless
    // the task waits for verification and its receipt lists something to verify.
    void setDetail(const host::TaskDetail &detail);
    void setVerifyNeedsAllChecks(bool require);
    // The engine refused a tick or untick: show what its log holds again.
    void dropLocalTick(int index);

    int itemCount() const;
    int uncheckedCount() const;

    // The items ticked now, from the typed marks of the audit rows written since the task last
    // entered needs_verification (a receipt from an earlier round had other items).
    static QSet<int> tickedItems(const host::TaskDetail &detail);

Q_SIGNALS:
    void toggled(int index, const QString &text, bool ticked);
    void uncheckedChanged(int unchecked);

private:
    void onItemChanged(QTreeWidgetItem *item, int column);
    void updateSummary();

    QTreeWidget *m_list;
    QLabel *m_summary;
    QString m_taskId;
    QSet<int> m_logged;            // ticked according to the audit log
    QHash<int, bool> m_localTicks; // what the operator changed that the log does not show yet
    bool m_requireAll = true;
    bool m_filling = false;
    int m_lastUnchecked = -1;
};

} // namespace clawops::ui
