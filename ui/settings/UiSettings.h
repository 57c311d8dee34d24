#pragma once

#include <QString>

class QSettings;

namespace clawops::ui {

// The console's own preferences (not the engine's configuration), kept in QSettings under
// "console/". Keys and defaults live in UiSettings.cpp only.
struct UiSettings
{
    QString operatorName;           // recorded with every operator command
    int clockTickMs = 1000;         // how often ages and countdowns repaint
    int transcriptRefreshMs = 5000; // transcript tail refresh while a worker runs; 0 = manual
    int searchDebounceMs = 300;
    int pageSize = 200;        // rows per page request
    int maxLoadedRows = 20000; // the task table's memory bound
    bool confirmDestructive = true;
    bool advanceAfterDecision = true;  // the Inbox moves on to the next item after a decision
    bool verifyNeedsAllChecks = true;  // Verify waits until every verification item is ticked
    int needsInputLimitMin = 30;       // escalate a needs_input wait this long; 0 = never
    int needsVerificationLimitMin = 0; // likewise for needs_verification
    QString theme = QStringLiteral("system");    // system | light | dark
    QString language = QStringLiteral("system"); // system | en | de | zh_CN; read at start-up
    bool doNotDisturb = false;                   // no desktop notifications
    QString lastGatewayUrl;

    static QString defaultOperatorName();
    static UiSettings load(QSettings &settings);
    void save(QSettings &settings) const;
    bool operator==(const UiSettings &) const = default;
};

} // namespace clawops::ui
