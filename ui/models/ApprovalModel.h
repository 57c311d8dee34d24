#pragma once

#include "host/HostTypes.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

#include <functional>

namespace clawops::host {
class EngineApi;
}

namespace clawops::ui {

// The gateway approvals waiting for a human, the oldest first: the Inbox's third kind beside
// needs_input and needs_verification. Rows come and go with the engine's deltas; a row leaves
// when the gateway closed its approval (here, on another console, by its timeout, or because the
// run ended), and the model keeps a note of the last one that left, for the Inbox to show.
class ApprovalModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        WaitingColumn,
        ExpiresColumn, // the countdown to the gateway's timeout, where it cannot be missed
        AsksColumn,
        WhereColumn,
        TaskColumn,
        RiskColumn,
        ColumnCount
    };
    enum Role
    {
        ApprovalIdRole = Qt::UserRole + 40,
        ApprovalTaskIdRole,
        DecidingRole, // the decision this console sent and the gateway has not answered yet
    };

    explicit ApprovalModel(QObject *parent = nullptr);

    void subscribe(host::EngineApi &engine);
    void apply(const QList<core::ApprovalRecord> &records);
    // The console's clock (tests set their own).
    void setClock(std::function<qint64()> now);
    qint64 now() const { return m_now(); }
    // Only the countdown columns change with the clock.
    void refreshTimes();
    // This console sent a decision: the row shows it until the approval leaves.
    void setDeciding(const QString &id, const QString &decision);
    // The engine refused it or it did not reach the gateway: the row is open again.
    void clearDeciding(const QString &id);

    const core::ApprovalRecord *recordAt(int row) const;
    int rowOf(const QString &id) const;
    // The note for an approval that left the Inbox: who decided it and where, or why it left.
    static QString closingNote(const core::ApprovalRecord &record);
    // "approve once", "allow always", "deny" as the gateway calls them, in words.
    static QString decisionText(const QString &decision);
    static QString riskText(const core::ApprovalRequest &request);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    // A row left the model; `note` says why (closingNote()).
    void approvalClosed(const clawops::core::ApprovalRecord &record, const QString &note);

private:
    QVariant display(const core::ApprovalRecord &record, int column) const;
    QVariant toolTip(const core::ApprovalRecord &record, int column) const;
    void upsert(const core::ApprovalRecord &record);
    void remove(const core::ApprovalRecord &record);

    QList<core::ApprovalRecord> m_rows; // oldest first
    QHash<QString, QString> m_deciding; // id → decision sent
    std::function<qint64()> m_now;
};

} // namespace clawops::ui
