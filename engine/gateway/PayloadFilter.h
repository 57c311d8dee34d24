#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

#include <memory>

namespace clawops::gateway {

// Which members of an event payload a consumer reads, so that the Qt parser's path
// (FrameDecoder with JsonParser::Qt) hands on only those (the recorded sessions.changed rows carry
// ~55 members, of which the adapter reads a dozen; assistant deltas carry text it never looks at).
// Events the filter does not name keep their whole payload, so a filter can only drop what its
// consumer declared it never reads.
class PayloadFilter
{
public:
    // What is kept of one value:
    // - whole: the value as it is;
    // - members: an object reduced to the listed members, each by its own rule (an array keeps
    //   all its elements, each reduced the same way; scalars are always kept);
    // - selector: the object's string member `selector` picks the rule among `cases`, else
    //   `otherwise` (e.g. agent frames: stream "lifecycle" keeps the run's ending, any other
    //   stream only the clock). A case is either the whole value or, for chooseContaining(), a
    //   part of it (e.g. ":subagent:" in a session key: the adapter skips other sessions' rows
    //   after reading their key). The rule a selector picks may select again.
    struct Node
    {
        enum class Match
        {
            Equals,
            Contains,
        };

        bool whole = true;
        QList<std::pair<QString, Node>> members;
        QString selector;
        Match match = Match::Equals;
        QList<std::pair<QString, Node>> cases;
        std::shared_ptr<const Node> otherwise;

        static Node wholeValue() { return {}; }
        static Node only(QList<std::pair<QString, Node>> members);
        static Node choose(QString selector, QList<std::pair<QString, Node>> cases, Node otherwise);
        static Node chooseContaining(QString selector, QList<std::pair<QString, Node>> cases,
                                     Node otherwise);

        // The rule of member `key`; null when the member is dropped.
        const Node *member(QStringView key) const;
        // For a selecting node: the rule that the selector's value picks.
        const Node &select(const QJsonValue &value) const;
    };

    void add(const QString &event, Node rule) { m_rules.append({event, std::move(rule)}); }
    // The rule for `event`'s payload; null when the payload is to be kept whole.
    const Node *ruleFor(QStringView event) const;

    // The filter applied to an already parsed payload (the Qt parser's path, and the tests).
    QJsonObject apply(QStringView event, const QJsonObject &payload) const;
    static QJsonValue reduce(const QJsonValue &value, const Node &node);

private:
    QList<std::pair<QString, Node>> m_rules;
};

} // namespace clawops::gateway
