#pragma once

#include "core/TaskQuery.h"

#include <QCoreApplication>
#include <QStringList>

namespace clawops::ui {

// The search box's language, read into the filter part of a core::TaskQuery:
//
//   state:failed,dead  -state:done       one of the states / none of them (state names as stored)
//   label:build*  orch:*main*  worker:*  outcome:worker-*  id:4f2a*
//                                        a glob over that column (`*` any run, ASCII case folded,
//                                        the whole value); a leading `-` negates
//   attempt>1  attempt>=2  attempt<3  attempt<=2  attempt=2
//   receipt:migrat  note:"asked for logs"
//                                        text found in the worker's receipt / in what operators
//                                        wrote about the task (reasons, answers, notes)
//   anything else                        free text, found in id, label, task text or outcome
//
// Values with spaces go in double quotes (label:"nightly build*", "two words"). A term that does
// not parse is left out of the query and explained in `problems`; an unknown `name:` is searched
// as text and named there too.
struct ParsedTaskQuery
{
    QList<core::TaskState> states; // empty: the text names no state
    bool namesStates = false;      // a state term was given (it may exclude all but none)
    QList<core::TaskPattern> patterns;
    std::optional<int> minAttempt;
    std::optional<int> maxAttempt;
    QString search;
    QString receiptText;
    QString noteText;
    QStringList problems;

    // Puts the parsed filter into the query; its order and window stay.
    void applyTo(core::TaskQuery &query) const;
};

class QuerySyntax
{
    Q_DECLARE_TR_FUNCTIONS(QuerySyntax)

public:
    static ParsedTaskQuery parse(const QString &text);
    // The query of the built-in view "failed and never recovered": failed or dead, and no later
    // attempt took over (the engine marks a superseded attempt respawned-as-next-attempt).
    static QString failedNeverRecovered();
    // One line for a tooltip: the syntax with examples.
    static QString help();

private:
    static void applyAttemptTerm(ParsedTaskQuery &parsed, const QString &term, const QString &op,
                                 const QString &number);
    static void resolveStates(ParsedTaskQuery &parsed, const QList<core::TaskState> &included,
                              const QList<core::TaskState> &excluded);
};

} // namespace clawops::ui
