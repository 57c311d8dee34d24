#include "Language.h"

#include "UiLogging.h"
#include "UiResources.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

namespace clawops::ui {

namespace {

const QString kAppTranslations = QStringLiteral(":/i18n");

bool isSimplifiedChinese(const QLocale &locale)
{
    if (locale.language() != QLocale::Chinese)
        return false;
    if (locale.script() == QLocale::SimplifiedHanScript)
        return true;
    if (locale.script() == QLocale::TraditionalHanScript)
        return false;
    const QLocale::Territory territory = locale.territory();
    return territory != QLocale::Taiwan && territory != QLocale::HongKong &&
           territory != QLocale::Macao;
}

QLocale fromSetting(const QString &setting)
{
    if (setting == QLatin1String("de"))
        return QLocale(QLocale::German, QLocale::Germany);
    if (setting == QLatin1String("zh_CN"))
        return QLocale(QLocale::Chinese, QLocale::SimplifiedHanScript, QLocale::China);
    return QLocale(QLocale::English, QLocale::UnitedStates);
}

} // namespace

QStringList supportedLanguages()
{
    return {QStringLiteral("system"), QStringLiteral("en"), QStringLiteral("de"),
            QStringLiteral("zh_CN")};
}

QLocale resolveLanguage(const QString &setting, const QLocale &system)
{
    if (setting != QLatin1String("system") && supportedLanguages().contains(setting))
        return fromSetting(setting);
    if (system.language() == QLocale::German)
        return system; // keeps de_AT, de_CH formats
    if (isSimplifiedChinese(system))
        return system;
    return fromSetting(QStringLiteral("en"));
}

InstalledTranslations installTranslations(QCoreApplication &app, const QString &setting,
                                          const QLocale &system)
{
    initResources();
    InstalledTranslations out;
    out.locale = resolveLanguage(setting, system);
    // An explicit choice also decides how numbers and dates read; "system" keeps the system's.
    if (setting != QLatin1String("system"))
        QLocale::setDefault(out.locale);
    if (out.locale.language() == QLocale::English)
        return out;

    const QString name =
        out.locale.language() == QLocale::German ? QStringLiteral("de") : QStringLiteral("zh_CN");
    auto *own = new QTranslator(&app);
    out.app = own->load(QStringLiteral("clawops_") + name, kAppTranslations) &&
              QCoreApplication::installTranslator(own);
    if (!out.app) {
        qCWarning(lcUi).noquote() << "no translation clawops_" << name << "in the resources";
        delete own;
    }
    auto *qt = new QTranslator(&app);
    out.qtbase = qt->load(QStringLiteral("qtbase_") + name,
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath)) &&
                 QCoreApplication::installTranslator(qt);
    if (!out.qtbase) {
        // Debian ships them in qt6-translations-l10n; without it Qt's own dialogs stay English.
        qCInfo(lcUi).noquote() << "Qt's own translation qtbase_" << name << "is not installed";
        delete qt;
    }
    return out;
}

} // namespace clawops::ui
