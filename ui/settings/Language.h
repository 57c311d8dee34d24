#pragma once

#include <QLocale>
#include <QString>
#include <QStringList>

class QCoreApplication;

namespace clawops::ui {

// The languages the console ships, as stored in the settings: "system", "en", "de", "zh_CN".
QStringList supportedLanguages();

// The language to show: the override when there is one, else the system's when we have it,
// else English. Traditional Chinese falls back to English rather than to simplified script.
QLocale resolveLanguage(const QString &setting, const QLocale &system);

struct InstalledTranslations
{
    QLocale locale;
    bool app = false;    // clawops_<lang>.qm from the resources
    bool qtbase = false; // Qt's own (dialog buttons, shortcuts) from the Qt installation
};

// Installs the translators for the resolved language on the application (they live as its
// children). English needs none. Call before any window is built: texts are read once.
InstalledTranslations installTranslations(QCoreApplication &app, const QString &setting,
                                          const QLocale &system = QLocale::system());

} // namespace clawops::ui
