#include "UiSettings.h"

#include "Language.h"

#include <QSettings>

#include <algorithm>

namespace clawops::ui {

namespace {
const QString kOperator = QStringLiteral("console/operatorName");
const QString kClockTick = QStringLiteral("console/clockTickMs");
const QString kTranscript = QStringLiteral("console/transcriptRefreshMs");
const QString kDebounce = QStringLiteral("console/searchDebounceMs");
const QString kPageSize = QStringLiteral("console/pageSize");
const QString kMaxRows = QStringLiteral("console/maxLoadedRows");
const QString kConfirm = QStringLiteral("console/confirmDestructive");
const QString kAdvance = QStringLiteral("console/advanceAfterDecision");
const QString kAllChecks = QStringLiteral("console/verifyNeedsAllChecks");
const QString kInputLimit = QStringLiteral("console/needsInputLimitMin");
const QString kVerificationLimit = QStringLiteral("console/needsVerificationLimitMin");
const QString kTheme = QStringLiteral("console/theme");
const QString kLanguage = QStringLiteral("console/language");
const QString kDoNotDisturb = QStringLiteral("console/doNotDisturb");
const QString kGateway = QStringLiteral("console/lastGatewayUrl");

int bounded(const QVariant &value, int fallback, int low, int high)
{
    bool ok = false;
    const int v = value.toInt(&ok);
    return ok ? std::clamp(v, low, high) : fallback;
}
} // namespace

QString UiSettings::defaultOperatorName()
{
    const QString user = qEnvironmentVariable("USER", qEnvironmentVariable("USERNAME"));
    return user.isEmpty() ? QStringLiteral("operator") : user;
}

UiSettings UiSettings::load(QSettings &settings)
{
    UiSettings s;
    s.operatorName = settings.value(kOperator, defaultOperatorName()).toString().trimmed();
    if (s.operatorName.isEmpty())
        s.operatorName = defaultOperatorName();
    s.clockTickMs = bounded(settings.value(kClockTick), s.clockTickMs, 250, 60000);
    s.transcriptRefreshMs = bounded(settings.value(kTranscript), s.transcriptRefreshMs, 0, 600000);
    s.searchDebounceMs = bounded(settings.value(kDebounce), s.searchDebounceMs, 0, 5000);
    s.pageSize = bounded(settings.value(kPageSize), s.pageSize, 20, 5000);
    s.maxLoadedRows = bounded(settings.value(kMaxRows), s.maxLoadedRows, 1000, 1000000);
    s.confirmDestructive = settings.value(kConfirm, s.confirmDestructive).toBool();
    s.advanceAfterDecision = settings.value(kAdvance, s.advanceAfterDecision).toBool();
    s.verifyNeedsAllChecks = settings.value(kAllChecks, s.verifyNeedsAllChecks).toBool();
    s.needsInputLimitMin = bounded(settings.value(kInputLimit), s.needsInputLimitMin, 0, 10080);
    s.needsVerificationLimitMin =
        bounded(settings.value(kVerificationLimit), s.needsVerificationLimitMin, 0, 10080);
    const QString theme = settings.value(kTheme, s.theme).toString();
    if (theme == QLatin1String("light") || theme == QLatin1String("dark"))
        s.theme = theme;
    const QString language = settings.value(kLanguage, s.language).toString();
    if (supportedLanguages().contains(language))
        s.language = language;
    s.doNotDisturb = settings.value(kDoNotDisturb, s.doNotDisturb).toBool();
    s.lastGatewayUrl = settings.value(kGateway).toString();
    return s;
}

void UiSettings::save(QSettings &settings) const
{
    settings.setValue(kOperator, operatorName);
    settings.setValue(kClockTick, clockTickMs);
    settings.setValue(kTranscript, transcriptRefreshMs);
    settings.setValue(kDebounce, searchDebounceMs);
    settings.setValue(kPageSize, pageSize);
    settings.setValue(kMaxRows, maxLoadedRows);
    settings.setValue(kConfirm, confirmDestructive);
    settings.setValue(kAdvance, advanceAfterDecision);
    settings.setValue(kAllChecks, verifyNeedsAllChecks);
    settings.setValue(kInputLimit, needsInputLimitMin);
    settings.setValue(kVerificationLimit, needsVerificationLimitMin);
    settings.setValue(kTheme, theme);
    settings.setValue(kLanguage, language);
    settings.setValue(kDoNotDisturb, doNotDisturb);
    settings.setValue(kGateway, lastGatewayUrl);
}

} // namespace clawops::ui
