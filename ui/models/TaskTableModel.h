#pragma once

#include "PagedTaskModel.h"

namespace clawops::ui {

// Every task, one row each, for the Tasks tab.
class TaskTableModel final : public PagedTaskModel
{
    Q_OBJECT

public:
    enum Column
    {
        IdColumn,
        StateColumn,
        LabelColumn,
        KindColumn,
        AttemptColumn,
        OrchestratorColumn,
        WorkerColumn,
        OutcomeColumn,
        UpdatedColumn,
        NextRunColumn,
        ColumnCount
    };

    explicit TaskTableModel(QObject *parent = nullptr);

    // What a header sorts by; nothing when the column cannot be sorted.
    static std::optional<core::TaskSortKey> sortKeyFor(int column);
    // The header of a sort key; -1 when no column shows it.
    static int columnForSortKey(core::TaskSortKey key);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    // Sorting is the store's job: a new order is a new query.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

protected:
    QVariant cellData(const TaskRow &row, int column, int role) const override;
    QList<int> timeColumns() const override;

private:
    QVariant displayText(const TaskRow &row, int column) const;
    QVariant toolTip(const TaskRow &row, int column) const;
    QVariant rawValue(const TaskRow &row, int column) const;
};

} // namespace clawops::ui
