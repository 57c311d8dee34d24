#pragma once

#include <QCoreApplication>
#include <QList>
#include <QString>

namespace clawops::ui {

// A worker receipt laid out for reading: the result contract's fields, each present or not.
// Built from TaskRecord::receiptJson; tolerant of workers that bend the schema (strings where
// objects belong, numbers where strings belong).
struct ReceiptSummary
{
    Q_DECLARE_TR_FUNCTIONS(ReceiptSummary)

public:
    struct Blocker
    {
        QString type;
        QString message;
        QString suggestedFix;
        QString requiredFromUser; // the worker's value as text ("true", a question, ...)
    };
    struct Artifact
    {
        QString kind;
        QString pathOrRef;
        QString description;
    };
    struct Check
    {
        QString kind; // command | file | url
        QString value;
        QString expected;
    };

    bool present = false; // false: no receipt, or not JSON
    QString status;
    QString taskId;
    QString summary;
    QList<Blocker> blockers;
    QList<Artifact> artifacts;
    QList<Check> verification;
    QString parseError;

    static ReceiptSummary fromJson(const QString &json);
};

} // namespace clawops::ui
