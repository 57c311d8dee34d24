#pragma once

#include "Clock.h"
#include "Ids.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>

namespace clawops::core {

// Gateway approvals: a run waits until a human allows or denies what it asked for (an exec
// command, or a plugin's tool). The gateway keeps them; the core keeps the ones still waiting,
// maps each to the task whose worker session asked, and tells the console what became of them.

// What the gateway asks, as its exec.approval.requested / plugin.approval.requested carry it.
struct ApprovalRequest
{
    QString id;
    QString kind = QStringLiteral("exec"); // exec | plugin
    QString command;                       // exec: the command line; plugin: the title
    QString cwd;
    QString host; // gateway | node | sandbox
    QString nodeId;
    QString agentId;
    SessionKey sessionKey;
    QString resolvedPath; // the executable the command resolves to
    QString security;     // the exec policy: allowlist | full | deny
    QString ask;          // on-miss | always | off
    QString warningText;  // the gateway's own warning; plugin: the description
    QStringList riskKinds;
    QStringList warningLines;
    QString severity; // plugin: info | warning | critical
    QString pluginId;
    QString toolName;
    // What the gateway accepts as an answer; empty when it did not say (then all three). An
    // allow-always the gateway did not offer is recorded by it as a deny.
    QStringList allowedDecisions;
    TimeMs createdAtMs = 0;
    TimeMs expiresAtMs = 0; // 0: no deadline known

    bool offers(const QString &decision) const;
    bool operator==(const ApprovalRequest &) const = default;
};

// The gateway's decision words.
inline const QString kAllowOnce = QStringLiteral("allow-once");
inline const QString kAllowAlways = QStringLiteral("allow-always");
inline const QString kDeny = QStringLiteral("deny");
bool isApprovalDecision(const QString &decision);

// What became of an approval, as the console shows it.
enum class ApprovalStatus
{
    Pending,
    Allowed,       // allow-once
    AllowedAlways, // allow-always
    Denied,
    Expired,   // the gateway's timeout ran out (resolved by nobody)
    Cancelled, // the run that asked ended (approval-scope-closed)
    Gone,      // no longer listed as pending after a reconnect
};
QString approvalStatusText(ApprovalStatus status);

struct ApprovalRecord
{
    ApprovalRequest request;
    ApprovalStatus status = ApprovalStatus::Pending;
    TaskId taskId;            // the task whose worker session asked, when known
    QString taskLabel;        // its label, for the console
    QString decision;         // the gateway's word, once decided
    QString resolvedBy;       // the deciding client's display name as the gateway reports it
    bool decidedHere = false; // this console's decision took effect
    TimeMs at = 0;            // when it reached this status

    bool isPending() const { return status == ApprovalStatus::Pending; }
    bool operator==(const ApprovalRecord &) const = default;
};

// The waiting approvals, by id. Each change is appended to `changes` as the whole record, so the
// console can insert, update or remove its row from that alone.
class ApprovalBook
{
public:
    ApprovalBook(const Clock &clock, QList<ApprovalRecord> &changes);

    // A new approval (or one already known, which changes nothing). False when it was already
    // closed here: a list read after the .resolved event must not bring it back.
    bool add(const ApprovalRequest &request, const TaskId &taskId, const QString &taskLabel);
    // The gateway decided it (any client, or its timeout). thisConsole: the answer to our own
    // approval.resolve said it applied our decision.
    void resolve(const QString &id, const QString &decision, const QString &resolvedBy,
                 bool thisConsole);
    // After a (re)connect: what the gateway lists as pending of one kind. What it no longer
    // lists is gone.
    void reconcile(const QString &kind, const QSet<QString> &pendingIds);
    // Pending approvals past their deadline (while the gateway could not tell us).
    void expire(TimeMs now);
    // Our decision went out; its answer or the .resolved event closes it.
    void noteDecisionSent(const QString &id, const QString &decision);
    // The decision could not be delivered: the approval is still pending here.
    void noteDecisionFailed(const QString &id);

    const ApprovalRecord *find(const QString &id) const;
    QList<ApprovalRecord> pending() const;
    qsizetype size() const { return m_pending.size(); }

private:
    void close(ApprovalRecord record, ApprovalStatus status);

    const Clock &m_clock;
    QList<ApprovalRecord> &m_changes;
    QHash<QString, ApprovalRecord> m_pending;
    QHash<QString, QString> m_sent; // id → the decision this console sent
    QSet<QString> m_closed;         // bounded: cleared when it grows past a few thousand
};

} // namespace clawops::core
