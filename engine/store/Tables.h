#pragma once

#include "RowCodec.h"
#include "core/Records.h"

// The column tables of every table the store reads and writes, one per record type. Readers
// follow the plugin where the plugin reads the table (bindings, retries, workers: its asString
// and asPositiveInt defaults, because ClawOps rehydrates them as it does); ClawOps's own rows and
// the task rows read back exactly what was written.
namespace clawops::store::tables {

const RowCodec<core::TaskRecord> &tasks();                       // orchestrator_tasks
const RowCodec<core::WorkerRecord> &workers();                   // orchestrator_workers
const RowCodec<core::BindingRecord> &bindings();                 // orchestrator_bindings
const RowCodec<core::RetryCountRecord> &retries();               // orchestrator_retries
const RowCodec<core::TransitionRecord> &transitions();           // task_transitions
const RowCodec<core::AuditRecord> &audits();                     // operator_actions
const RowCodec<core::SuppressedSpawnRecord> &suppressed();       // suppressed_spawns
const RowCodec<core::PolicyViolationRecord> &policyViolations(); // policy_violations

} // namespace clawops::store::tables
