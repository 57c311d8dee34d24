#include "ReceiptView.h"

#include "present/Accent.h"
#include "present/ReceiptSummary.h"

namespace clawops::ui {

namespace {

QString esc(const QString &text)
{
    return text.toHtmlEscaped();
}

QString multiline(const QString &text)
{
    return esc(text).replace(QLatin1Char('\n'), QLatin1String("<br>"));
}

Accent statusAccent(const QString &status)
{
    if (status == QLatin1String("completed"))
        return Accent::Success;
    if (status == QLatin1String("blocked"))
        return Accent::Warning;
    if (status == QLatin1String("failed"))
        return Accent::Error;
    return Accent::Muted;
}

bool meaningful(const QString &value)
{
    return !value.isEmpty() && value != QLatin1String("false") && value != QLatin1String("null");
}

// A bordered table; the second column is code (a check to run, a path).
QString htmlTable(const QStringList &headers, const QList<QStringList> &rows)
{
    QString t = QStringLiteral("<table cellspacing=\"0\" cellpadding=\"3\" border=\"1\" "
                               "style=\"border-collapse:collapse\"><tr>");
    for (const QString &h : headers)
        t += QStringLiteral("<th align=\"left\">%1</th>").arg(esc(h));
    t += QStringLiteral("</tr>");
    for (const QStringList &row : rows) {
        t += QStringLiteral("<tr>");
        for (int i = 0; i < row.size(); ++i)
            t += i == 1 ? QStringLiteral("<td><code>%1</code></td>").arg(esc(row.at(i)))
                        : QStringLiteral("<td>%1</td>").arg(multiline(row.at(i)));
        t += QStringLiteral("</tr>");
    }
    return t + QStringLiteral("</table>");
}

} // namespace

ReceiptView::ReceiptView(QWidget *parent)
    : QTextBrowser(parent)
{
    setOpenLinks(false);
    setOpenExternalLinks(false);
}

void ReceiptView::setTask(const core::TaskRecord &task)
{
    setHtml(toHtml(ReceiptSummary::fromJson(task.receiptJson), task, palette()));
}

void ReceiptView::clearTask()
{
    clear();
}

// Why there is no receipt to show: none yet, one that could not be read, or one seen but not kept.
QString ReceiptView::missingHtml(const ReceiptSummary &receipt, const core::TaskRecord &task)
{
    QString html;
    html += QStringLiteral("<p><b>%1</b></p>").arg(esc(tr("No receipt yet.")));
    if (!receipt.parseError.isEmpty())
        html +=
            QStringLiteral("<p>%1</p><pre>%2</pre>")
                .arg(esc(tr("The stored receipt could not be read (%1):").arg(receipt.parseError)),
                     esc(task.receiptJson));
    else if (task.receiptSeen)
        html += QStringLiteral("<p>%1</p>")
                    .arg(esc(tr("The engine saw a receipt (status %1, %n verification item(s)) but "
                                "kept no JSON for it; the transcript has the worker's words.",
                                nullptr, task.verificationItems)
                                 .arg(task.receiptStatus.isEmpty() ? tr("unknown")
                                                                   : task.receiptStatus)));
    else
        html += QStringLiteral("<p>%1</p>")
                    .arg(esc(
                        tr("Workers end their reply with a JSON receipt; none has arrived for this "
                           "attempt.")));
    return html;
}

QString ReceiptView::blockersHtml(const ReceiptSummary &receipt, const QPalette &palette)
{
    QString html;
    if (receipt.blockers.isEmpty())
        return html;
    html += QStringLiteral("<h4>%1</h4>").arg(esc(tr("Blockers")));
    for (const ReceiptSummary::Blocker &b : receipt.blockers) {
        html += QStringLiteral("<p style=\"margin-left:8px\"><b>%1</b> %2")
                    .arg(esc(b.type.isEmpty() ? tr("blocker") : b.type), multiline(b.message));
        if (!b.suggestedFix.isEmpty())
            html += QStringLiteral("<br>&#8594; <i>%1</i> %2")
                        .arg(esc(tr("Suggested fix:")), multiline(b.suggestedFix));
        if (meaningful(b.requiredFromUser))
            html +=
                QStringLiteral("<br><span style=\"color:%1\">%2</span> %3")
                    .arg(accentColor(Accent::Warning, palette).name(), esc(tr("Needs from you:")),
                         b.requiredFromUser == QLatin1String("true")
                             ? esc(tr("yes"))
                             : multiline(b.requiredFromUser));
        html += QStringLiteral("</p>");
    }
    return html;
}

QString ReceiptView::toHtml(const ReceiptSummary &receipt, const core::TaskRecord &task,
                            const QPalette &palette)
{
    if (!receipt.present)
        return missingHtml(receipt, task);

    QString html;
    html += QStringLiteral("<p><span style=\"color:%1; font-weight:bold; font-size:large\">%2"
                           "</span>")
                .arg(accentColor(statusAccent(receipt.status), palette).name(),
                     esc(receipt.status.isEmpty() ? tr("no status") : receipt.status));
    if (!receipt.taskId.isEmpty() && receipt.taskId != task.taskId)
        html += QStringLiteral(" &nbsp; <span style=\"color:%1\">%2</span>")
                    .arg(accentColor(Accent::Error, palette).name(),
                         esc(tr("names task %1").arg(receipt.taskId)));
    if (task.explicitNoVerification)
        html += QStringLiteral(" &nbsp; %1").arg(esc(tr("(the worker says: nothing to verify)")));
    html += QStringLiteral("</p>");

    if (!receipt.summary.isEmpty())
        html += QStringLiteral("<p>%1</p>").arg(multiline(receipt.summary));

    html += blockersHtml(receipt, palette);
    if (!receipt.verification.isEmpty()) {
        html += QStringLiteral("<h4>%1</h4>").arg(esc(tr("Verification")));
        QList<QStringList> rows;
        for (const ReceiptSummary::Check &c : receipt.verification)
            rows.append({c.kind, c.value, c.expected});
        html += htmlTable({tr("Kind"), tr("Check"), tr("Expected")}, rows);
    }
    if (!receipt.artifacts.isEmpty()) {
        html += QStringLiteral("<h4>%1</h4>").arg(esc(tr("Artifacts")));
        QList<QStringList> rows;
        for (const ReceiptSummary::Artifact &a : receipt.artifacts)
            rows.append({a.kind, a.pathOrRef, a.description});
        html += htmlTable({tr("Kind"), tr("Path or reference"), tr("Description")}, rows);
    }
    return html;
}

} // namespace clawops::ui
