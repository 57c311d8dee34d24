#pragma once

#include <QString>

#include <optional>
#include <utility>

namespace clawops::core {

// The answer to a read that can find something, find nothing, or fail. "Absent" and "failed"
// are different facts: a task the store lacks may be created, but a store that could not answer
// (busy, I/O error) says nothing about the task, and remembering its silence as absence would
// let a transient error restart a task key's attempt numbering.
template<class T> class ReadResult
{
public:
    static ReadResult found(T value) { return ReadResult(std::move(value)); }
    static ReadResult absent() { return ReadResult(); }
    static ReadResult failed(const QString &error)
    {
        ReadResult result;
        result.m_error = error;
        result.m_failed = true;
        return result;
    }

    bool isFound() const { return m_value.has_value(); }
    bool isAbsent() const { return !m_value && !m_failed; }
    bool isFailed() const { return m_failed; }
    const T &value() const { return *m_value; }
    T &value() { return *m_value; }
    // The value when found, nothing otherwise (absent and failed alike: callers that take this
    // have decided the difference does not matter to them).
    const std::optional<T> &optional() const { return m_value; }
    const QString &error() const { return m_error; }

private:
    ReadResult() = default;
    explicit ReadResult(T value)
        : m_value(std::move(value))
    {}

    std::optional<T> m_value;
    QString m_error;
    bool m_failed = false;
};

} // namespace clawops::core
