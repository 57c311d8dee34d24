#pragma once

#include "HostTypes.h"
#include "core/Records.h"
#include "store/Lease.h"

#include <optional>

namespace clawops::host {

// Changes a transaction could not write (the store was unreachable, or a write failed for any
// reason but the lease fence), kept in memory in the order they were made until a later
// transaction writes them. They belong to the lease epoch they were made under: written later,
// they go under that fence, so an engine that lost the lease meanwhile cannot write them.
//
// The store may stay away for long, so what is held is bounded: past rowLimit() the engine stops
// adding to it (it stops acting; the gateway's resync recovers what happens meanwhile) and says
// so. Task rows are full rows, so only each task's newest is kept.
class HeldChanges
{
public:
    explicit HeldChanges(qsizetype rowLimit);

    // After whatever is already held.
    void keep(core::ChangeSet changes, std::optional<store::Fence> fence);
    // What is held, followed by `next`, as one batch; nothing is held afterwards.
    core::ChangeSet takeWith(core::ChangeSet next);
    void clear();

    bool isEmpty() const { return m_rows == 0 && m_changes.isEmpty(); }
    qsizetype rows() const { return m_rows; }
    qsizetype rowLimit() const { return m_rowLimit; }
    bool overLimit() const { return m_rows > m_rowLimit; }
    const std::optional<store::Fence> &fence() const { return m_fence; }
    const core::ChangeSet &changes() const { return m_changes; }

    static qsizetype rowsIn(const core::ChangeSet &changes);

private:
    core::ChangeSet m_changes;
    std::optional<store::Fence> m_fence;
    qsizetype m_rows = 0;
    qsizetype m_rowLimit;
};

} // namespace clawops::host
