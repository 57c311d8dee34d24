// clawops: the console (default), the headless engine (--headless), or either against the
// built-in simulated gateway (--demo).
#include "CommandLine.h"
#include "Headless.h"
#include "Import.h"
#include "core/Logging.h"

#ifdef CLAWOPS_WITH_GUI
#include "ui/Console.h"

#include <QApplication>
#include <QMainWindow>
#include <QPixmap>
#include <QTabWidget>
#include <QTimer>
#endif
#ifdef CLAWOPS_WITH_SIM
#include "sim/DemoGateway.h"
#endif

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>
#include <memory>

namespace {

bool wantsGui(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg == "--headless" || arg == "--version" || arg == "--help" || arg == "-h" ||
            arg == "--import" || arg.startsWith("--import="))
            return false;
    }
    return true;
}

#ifdef CLAWOPS_WITH_GUI
// For documentation and the screenshot test: the main window as the operator sees it.
void scheduleScreenshot(const QString &path, int delayMs)
{
    QTimer::singleShot(delayMs, qApp, [path] {
        for (QWidget *widget : QApplication::topLevelWidgets()) {
            if (auto *window = qobject_cast<QMainWindow *>(widget); window && window->isVisible()) {
                const QPixmap shot = window->grab();
                if (!shot.save(path))
                    qCWarning(lcHost).noquote() << "could not save the screenshot to" << path;
                else // the screenshot test compares the picture with the window it came from
                    qCInfo(lcHost).noquote()
                        << QStringLiteral("screenshot of the main window (%1x%2, device pixel "
                                          "ratio %3) saved to %4")
                               .arg(window->width())
                               .arg(window->height())
                               .arg(shot.devicePixelRatio())
                               .arg(path);
                break;
            }
        }
        QCoreApplication::quit();
    });
}

// Shows the tab whose page is named after `page` ("timeline" → timelinePage) once the window
// is up, so that a screenshot can document any tab.
void showPageForScreenshot(const QString &page)
{
    QTimer::singleShot(0, qApp, [page] {
        for (QWidget *widget : QApplication::topLevelWidgets()) {
            auto *tabs = widget->findChild<QTabWidget *>(QStringLiteral("mainTabs"));
            if (!tabs)
                continue;
            QStringList names;
            for (int i = 0; i < tabs->count(); ++i) {
                const QString name = tabs->widget(i)->objectName();
                if (name.startsWith(page, Qt::CaseInsensitive)) {
                    tabs->setCurrentIndex(i);
                    return;
                }
                names.append(name);
            }
            qCWarning(lcHost).noquote() << "no page named" << page << "among" << names;
        }
    });
}
#endif

void printTo(FILE *stream, const QString &text)
{
    std::fputs(text.toLocal8Bit().constData(), stream);
}

} // namespace

int main(int argc, char **argv)
{
    std::unique_ptr<QCoreApplication> app;
#ifdef CLAWOPS_WITH_GUI
    if (wantsGui(argc, argv))
        app = std::make_unique<QApplication>(argc, argv);
#else
    Q_UNUSED(wantsGui);
#endif
    if (!app)
        app = std::make_unique<QCoreApplication>(argc, argv);
#ifdef CLAWOPS_WITH_GUI
    // Lets Wayland docks match the window to the installed desktop file.
    if (qobject_cast<QGuiApplication *>(app.get()))
        QGuiApplication::setDesktopFileName(QStringLiteral("io.github.clawops.clawops"));
#endif
    QCoreApplication::setOrganizationName(QStringLiteral("ClawOps"));
    QCoreApplication::setOrganizationDomain(QStringLiteral("clawops.invalid"));
    QCoreApplication::setApplicationName(QStringLiteral("clawops"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CLAWOPS_VERSION));

    clawops::app::Options options;
    int exitCode = 0;
    if (const QString message =
            clawops::app::parseCommandLine(app->arguments(), options, &exitCode);
        !message.isEmpty()) {
        printTo(exitCode == 0 ? stdout : stderr, message);
        return exitCode;
    }
    if (options.showVersion) {
        printTo(stdout, QStringLiteral("clawops %1\n").arg(QStringLiteral(CLAWOPS_VERSION)));
        return 0;
    }
    if (!options.importPath.isEmpty())
        return clawops::app::runImport(options.importPath, options.settings.databasePath);
    for (const QString &warning : std::as_const(options.configWarnings))
        qCWarning(lcHost).noquote() << "config:" << warning;

#ifdef CLAWOPS_WITH_SIM
    std::unique_ptr<clawops::sim::DemoGateway> demo;
    if (options.demo) {
        demo = std::make_unique<clawops::sim::DemoGateway>();
        QString error;
        if (!demo->start(&error)) {
            printTo(stderr,
                    QStringLiteral("clawops: the demo gateway did not start: %1\n").arg(error));
            return 1;
        }
        options.settings.gatewayUrl = demo->url();
        options.settings.token = demo->token();
        options.settings.connectToGateway = true;
        clawops::app::applyDemoDefaults(options);
    }
#endif

    if (options.headless)
        return clawops::app::runHeadless(*app, options.settings, options.commitLogPath);
#ifdef CLAWOPS_WITH_GUI
    // SIGTERM/SIGINT close the console like the window's close button: the engine commits.
    clawops::app::installTerminationHandler(*app, [](int) { QCoreApplication::quit(); });
    if (!options.screenshotPath.isEmpty())
        scheduleScreenshot(options.screenshotPath, options.screenshotDelayMs);
    if (!options.screenshotPage.isEmpty())
        showPageForScreenshot(options.screenshotPage);
    return clawops::ui::runConsole(*static_cast<QApplication *>(app.get()), options.settings,
                                   options.demo);
#else
    printTo(stderr, QStringLiteral("clawops: built without the console; use --headless\n"));
    return 2;
#endif
}
