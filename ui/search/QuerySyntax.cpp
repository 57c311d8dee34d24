#include "QuerySyntax.h"

#include <QHash>
#include <QRegularExpression>

#include <algorithm>

namespace clawops::ui {

namespace {

// Splits at white space outside double quotes; the quotes themselves are dropped.
QStringList splitTerms(const QString &text)
{
    QStringList terms;
    QString current;
    bool quoted = false;
    bool any = false;
    for (const QChar c : text) {
        if (c == QLatin1Char('"')) {
            quoted = !quoted;
            any = true;
            continue;
        }
        if (c.isSpace() && !quoted) {
            if (any)
                terms.append(current);
            current.clear();
            any = false;
            continue;
        }
        current.append(c);
        any = true;
    }
    if (any)
        terms.append(current);
    return terms;
}

std::optional<core::TaskTextField> fieldNamed(const QString &name)
{
    static const QHash<QString, core::TaskTextField> fields = {
        {QStringLiteral("id"), core::TaskTextField::Id},
        {QStringLiteral("label"), core::TaskTextField::Label},
        {QStringLiteral("orch"), core::TaskTextField::Orchestrator},
        {QStringLiteral("orchestrator"), core::TaskTextField::Orchestrator},
        {QStringLiteral("worker"), core::TaskTextField::Worker},
        {QStringLiteral("outcome"), core::TaskTextField::Outcome},
    };
    const auto it = fields.constFind(name);
    return it == fields.constEnd() ? std::nullopt : std::optional(it.value());
}

} // namespace

void ParsedTaskQuery::applyTo(core::TaskQuery &query) const
{
    query.states = states;
    query.patterns = patterns;
    query.minAttempt = minAttempt;
    query.maxAttempt = maxAttempt;
    query.search = search;
    query.receiptText = receiptText;
    query.noteText = noteText;
}

// attempt>N, attempt>=N, attempt<N, attempt<=N, attempt=N (or attempt:N): narrows the bounds.
void QuerySyntax::applyAttemptTerm(ParsedTaskQuery &parsed, const QString &term, const QString &op,
                                   const QString &number)
{
    bool ok = false;
    const int n = number.toInt(&ok);
    if (!ok) {
        parsed.problems.append(tr("“%1”: the attempt is not a number").arg(term));
        return;
    }
    const auto raiseMin = [&parsed](int v) {
        parsed.minAttempt = parsed.minAttempt ? std::max(*parsed.minAttempt, v) : v;
    };
    const auto lowerMax = [&parsed](int v) {
        parsed.maxAttempt = parsed.maxAttempt ? std::min(*parsed.maxAttempt, v) : v;
    };
    if (op == QLatin1String(">"))
        raiseMin(n + 1);
    else if (op == QLatin1String(">="))
        raiseMin(n);
    else if (op == QLatin1String("<"))
        lowerMax(n - 1);
    else if (op == QLatin1String("<="))
        lowerMax(n);
    else {
        raiseMin(n);
        lowerMax(n);
    }
}

// The states the state terms leave: those included (all, when only exclusions were given) minus
// those excluded.
void QuerySyntax::resolveStates(ParsedTaskQuery &parsed, const QList<core::TaskState> &included,
                                const QList<core::TaskState> &excluded)
{
    QList<core::TaskState> states = included;
    if (states.isEmpty() && !excluded.isEmpty()) {
        for (int i = 0; i < core::kTaskStateCount; ++i)
            states.append(core::TaskState(i));
    }
    for (const core::TaskState state : std::as_const(excluded))
        states.removeAll(state);
    // Duplicates out, in the order of the enum, so that equal filters compare equal.
    QList<core::TaskState> unique;
    for (int i = 0; i < core::kTaskStateCount; ++i) {
        if (states.contains(core::TaskState(i)))
            unique.append(core::TaskState(i));
    }
    parsed.states = unique;
    if (parsed.states.isEmpty() && (!included.isEmpty() || !excluded.isEmpty())) {
        parsed.problems.append(tr("The state terms leave no state; nothing can match."));
        // An empty state list means every state; no task has an empty id.
        parsed.patterns.append({core::TaskTextField::Id, QString(), false});
    }
}

ParsedTaskQuery QuerySyntax::parse(const QString &text)
{
    ParsedTaskQuery parsed;
    QStringList freeText;
    QStringList receiptText;
    QStringList noteText;
    QList<core::TaskState> included;
    QList<core::TaskState> excluded;
    static const QRegularExpression attemptTerm(
        QStringLiteral("^attempts?(>=|<=|>|<|=|:)(-?\\d+)$"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression fieldTerm(QStringLiteral("^(-?)([A-Za-z]+):(.*)$"),
                                              QRegularExpression::DotMatchesEverythingOption);

    for (const QString &term : splitTerms(text)) {
        if (const QRegularExpressionMatch m = attemptTerm.match(term); m.hasMatch()) {
            applyAttemptTerm(parsed, term, m.captured(1), m.captured(2));
            continue;
        }
        const QRegularExpressionMatch m = fieldTerm.match(term);
        if (!m.hasMatch()) {
            freeText.append(term);
            continue;
        }
        const bool negated = !m.captured(1).isEmpty();
        const QString name = m.captured(2).toLower();
        const QString value = m.captured(3);
        if (name == QLatin1String("state") || name == QLatin1String("is")) {
            parsed.namesStates = true;
            for (const QString &stateText : value.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
                const std::optional<core::TaskState> state =
                    core::taskStateFromString(stateText.trimmed().toLower());
                if (!state) {
                    parsed.problems.append(
                        tr("“%1” is not a state (queued, leased, running, needs_input, "
                           "needs_verification, done, failed, dead)")
                            .arg(stateText));
                    continue;
                }
                (negated ? excluded : included).append(*state);
            }
            continue;
        }
        if (name == QLatin1String("receipt") || name == QLatin1String("note") ||
            name == QLatin1String("notes")) {
            if (negated)
                parsed.problems.append(
                    tr("“%1”: receipt and note terms cannot be negated").arg(term));
            else if (!value.trimmed().isEmpty())
                (name == QLatin1String("receipt") ? receiptText : noteText).append(value);
            continue;
        }
        if (const std::optional<core::TaskTextField> field = fieldNamed(name)) {
            parsed.patterns.append({*field, value, negated});
            continue;
        }
        if (name == QLatin1String("attempt") || name == QLatin1String("attempts")) {
            parsed.problems.append(
                tr("“%1”: write attempt>1, attempt>=2, attempt<3, attempt<=2 or attempt=2")
                    .arg(term));
            continue;
        }
        // An address or a time ("http://…", "12:30") is text; a mistyped field is named.
        parsed.problems.append(
            tr("“%1:” is not a search field; searched as text").arg(m.captured(2)));
        freeText.append(term);
    }

    if (parsed.namesStates)
        resolveStates(parsed, included, excluded);
    parsed.search = freeText.join(QLatin1Char(' '));
    parsed.receiptText = receiptText.join(QLatin1Char(' '));
    parsed.noteText = noteText.join(QLatin1Char(' '));
    return parsed;
}

QString QuerySyntax::failedNeverRecovered()
{
    return QStringLiteral("state:failed,dead -outcome:respawned-as-next-attempt");
}

QString QuerySyntax::help()
{
    return tr("Search: free text, or terms such as state:failed,dead  -state:done  label:build*  "
              "orch:*main*  worker:*  outcome:worker-*  id:4f2a*  attempt>1  receipt:text  "
              "note:text (a leading - negates; * matches any text; quote values with spaces)");
}

} // namespace clawops::ui
