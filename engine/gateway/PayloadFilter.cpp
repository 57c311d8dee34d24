#include "PayloadFilter.h"

#include <QJsonArray>

namespace clawops::gateway {

namespace {

const PayloadFilter::Node kKeepWhole;

} // namespace

PayloadFilter::Node PayloadFilter::Node::chooseContaining(QString selector,
                                                          QList<std::pair<QString, Node>> cases,
                                                          Node otherwise)
{
    Node node = choose(std::move(selector), std::move(cases), std::move(otherwise));
    node.match = Match::Contains;
    return node;
}

PayloadFilter::Node PayloadFilter::Node::only(QList<std::pair<QString, Node>> members)
{
    Node node;
    node.whole = false;
    node.members = std::move(members);
    return node;
}

PayloadFilter::Node
PayloadFilter::Node::choose(QString selector, QList<std::pair<QString, Node>> cases, Node otherwise)
{
    Node node;
    node.whole = false;
    node.selector = std::move(selector);
    node.cases = std::move(cases);
    node.otherwise = std::make_shared<const Node>(std::move(otherwise));
    return node;
}

const PayloadFilter::Node *PayloadFilter::Node::member(QStringView key) const
{
    for (const auto &[name, node] : members) {
        if (name == key)
            return &node;
    }
    return nullptr;
}

const PayloadFilter::Node &PayloadFilter::Node::select(const QJsonValue &value) const
{
    if (value.isString()) {
        const QString text = value.toString();
        for (const auto &[name, node] : cases) {
            if (match == Match::Contains ? text.contains(name) : name == text)
                return node;
        }
    }
    return otherwise ? *otherwise : kKeepWhole;
}

const PayloadFilter::Node *PayloadFilter::ruleFor(QStringView event) const
{
    for (const auto &[name, rule] : m_rules) {
        if (name == event)
            return &rule;
    }
    return nullptr;
}

QJsonObject PayloadFilter::apply(QStringView event, const QJsonObject &payload) const
{
    const Node *rule = ruleFor(event);
    return rule ? reduce(payload, *rule).toObject() : payload;
}

QJsonValue PayloadFilter::reduce(const QJsonValue &value, const Node &node)
{
    if (node.whole)
        return value;
    if (value.isArray()) {
        QJsonArray out;
        for (const QJsonValue &element : value.toArray())
            out.append(reduce(element, node));
        return out;
    }
    if (!value.isObject())
        return value;
    const QJsonObject object = value.toObject();
    if (!node.selector.isEmpty())
        return reduce(value, node.select(object.value(node.selector)));
    QJsonObject out;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (const Node *member = node.member(QStringView(it.key())))
            out.insert(it.key(), reduce(it.value(), *member));
    }
    return out;
}

} // namespace clawops::gateway
