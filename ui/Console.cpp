#include "Console.h"

#include "UiLogging.h"
#include "UiResources.h"
#include "host/EngineHost.h"
#include "settings/Language.h"
#include "settings/Theme.h"
#include "settings/TokenStore.h"
#include "settings/UiSettings.h"
#include "views/MainWindow.h"

#include <QApplication>
#include <QSettings>

namespace clawops::ui {

int runConsole(QApplication &app, const host::EngineSettings &settings, bool demo)
{
    host::EngineHost::registerMetaTypes();
    initResources();
    app.setWindowIcon(QIcon(QStringLiteral(":/icons/clawops.svg")));
    QSettings stored;
    const UiSettings ui = UiSettings::load(stored);
    // Before any window: texts are read when widgets are built.
    const InstalledTranslations language = installTranslations(app, ui.language);
    qCInfo(lcUi).noquote() << "language" << language.locale.name() << "translations"
                           << (language.app ? "app" : "-") << (language.qtbase ? "qtbase" : "-");
    applyTheme(app, ui.theme);

    host::EngineSettings effective = settings;
    if (effective.operatorName.isEmpty())
        effective.operatorName = ui.operatorName;

    host::EngineHost engine;
    MainWindow window(engine, effective, demo);
    window.show();

    const bool needsStoredToken = !demo && effective.connectToGateway &&
                                  effective.token.isEmpty() && effective.gatewayUrl.isValid();
    TokenStore tokens;
    if (needsStoredToken) {
        // The keychain may take a moment (or ask the user to unlock it); the window is already
        // up and the engine starts as soon as the answer is in.
        const QString url = effective.gatewayUrl.toString();
        QObject::connect(&tokens, &TokenStore::readFinished, &engine,
                         [&engine, effective, url](const QString &forUrl, const QString &token,
                                                   const QString &error) mutable {
                             if (forUrl != url || engine.isRunning())
                                 return;
                             if (!error.isEmpty())
                                 qCWarning(lcUiSecrets).noquote()
                                     << "stored token unavailable:" << error;
                             effective.token = token;
                             engine.start(effective);
                         });
        tokens.read(url);
    } else {
        engine.start(effective);
    }

    const int code = app.exec();
    // An incomplete stop has said in the log what it could not commit.
    if (!engine.stop().complete)
        qCWarning(lcUi) << "the engine did not stop in time";
    return code;
}

} // namespace clawops::ui
