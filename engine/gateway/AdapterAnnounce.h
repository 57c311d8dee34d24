#pragma once

#include <QList>
#include <QString>
#include <QStringView>

// Readers for the turns the gateway writes into a parent session when children finish: the
// announce ("A background task completed … session_key: <child> … <prompt-data>result
// </prompt-data>") and the requester-settle turn ("[OpenClaw runtime event] … childSessionKey:
// <child> … Subagent result … <prompt-data>…</prompt-data> … Child completion results …").
// These texts are where a worker's receipt reaches its parent.
namespace clawops::gateway::adapterannounce {

struct ChildResult
{
    QString childSessionKey; // null when the block does not name its child
    QString text;            // the child's result as quoted in the turn

    bool operator==(const ChildResult &) const = default;
};

// True for a user turn in one of the two formats (an optional "[timestamp] " prefix allowed).
bool isCompletionTurn(QStringView text);
// The quoted child results, in order. "(no output)" placeholders are left out.
QList<ChildResult> parseCompletionTurn(const QString &text);

} // namespace clawops::gateway::adapterannounce
