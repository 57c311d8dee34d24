#pragma once

#include "EngineApi.h"

#include <QMetaObject>
#include <QMutex>
#include <QThread>

#include <type_traits>
#include <utility>

namespace clawops::host {

// How the engine thread answers the console: send(&EngineAnswers::delta, delta) emits that signal
// on the console's EngineAnswers object in the object's own thread, queued from any other thread
// (the engine's) and directly from its own (a test running the worker in its thread). The answer
// is named by member pointer, so renaming or retyping one is a compile error.
//
// The host shares the outlet with its worker and closes it when it stops: a worker the host had
// to give up on may still be running, and whatever it sends afterwards goes nowhere instead of
// to an object that may be gone.
class AnswerOutlet
{
public:
    explicit AnswerOutlet(EngineAnswers &answers)
        : m_answers(&answers)
        , m_thread(answers.thread())
    {}
    AnswerOutlet(const AnswerOutlet &) = delete;
    AnswerOutlet &operator=(const AnswerOutlet &) = delete;

    template<typename... Params, typename... Args>
    void send(void (EngineAnswers::*signal)(Params...), Args &&...args) const
    {
        QMutexLocker lock(&m_mutex);
        EngineAnswers *answers = m_answers;
        if (!answers)
            return;
        if (QThread::currentThread() == m_thread) {
            // Unlocked first: a receiver may ask again at once, and that answer comes back here.
            lock.unlock();
            Q_EMIT(answers->*signal)(std::forward<Args>(args)...);
            return;
        }
        // Posted under the lock, so close() cannot let the object go between check and post.
        QMetaObject::invokeMethod(
            answers,
            [answers, signal, ... values = std::decay_t<Args>(std::forward<Args>(args))] {
                Q_EMIT(answers->*signal)(values...);
            },
            Qt::QueuedConnection);
    }

    // From the answers object's thread. Nothing sent afterwards arrives; answers already posted
    // still do, while the object lives.
    void close()
    {
        const QMutexLocker lock(&m_mutex);
        m_answers = nullptr;
    }

private:
    mutable QMutex m_mutex;
    EngineAnswers *m_answers;
    QThread *m_thread;
};

} // namespace clawops::host
