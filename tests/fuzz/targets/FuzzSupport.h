#pragma once

// What every fuzz target shares: process set-up, splitting an input into lines, and stopping the
// run when a check fails.

#include <QByteArray>
#include <QList>

#include <cstddef>
#include <cstdint>

namespace clawops::fuzz {

// Once per process, from LLVMFuzzerInitialize: a QCoreApplication (the SQL driver plugin and
// QStandardPaths want one) and a message handler that drops log lines, so that the fuzzer's own
// output stays readable and logging does not dominate the time per input. Fatal messages still
// print (Qt aborts after them, and the fuzzer keeps the input).
void initialize(int *argc, char ***argv);

// The input as bytes (a deep copy: the fuzzer's buffer must not outlive the call).
QByteArray toBytes(const uint8_t *data, size_t size);

// The input's lines (without their '\n'), at most `maxLines` of them.
QList<QByteArray> splitLines(const QByteArray &input, int maxLines);

// A broken promise of the code under test: prints what and the detail, then aborts, which makes
// libFuzzer save the input as a crash.
[[noreturn]] void fail(const char *what, const QByteArray &detail = {});

} // namespace clawops::fuzz
