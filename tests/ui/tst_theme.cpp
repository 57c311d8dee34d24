// Light and dark looks: the choice in the settings, following the platform while it is
// "system", readable state badges on both palettes, and icons drawn at the screen's resolution.
#include "present/Accent.h"
#include "present/StateStyle.h"
#include "settings/Theme.h"
#include "views/DotIcon.h"

#include <QApplication>
#include <QDirIterator>
#include <QIcon>
#include <QSignalSpy>
#include <QStyle>
#include <QTest>
#include <QWidget>

using namespace clawops;
using namespace clawops::ui;
using core::TaskState;

class TestTheme : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void choiceRoundTrip();
    void lookFollowsChoiceAndPlatform();
    void darkDetectionFromPalette();
    void badgesReadOnBothPalettes();
    void accentTextReadsOnBothPalettes();
    void controllerAppliesChoice();
    void controllerFollowsPlatformChanges();
    void iconsAreVectors();
};

void TestTheme::choiceRoundTrip()
{
    for (const ThemeChoice choice : {ThemeChoice::System, ThemeChoice::Light, ThemeChoice::Dark})
        QCOMPARE(themeChoiceFromString(themeChoiceToString(choice)), choice);
    QCOMPARE(themeChoiceFromString(QStringLiteral("solarized")), ThemeChoice::System);
    QCOMPARE(themeChoiceToString(ThemeChoice::Dark), QStringLiteral("dark"));
}

void TestTheme::lookFollowsChoiceAndPlatform()
{
    QCOMPARE(resolveThemeLook(ThemeChoice::System, false), ThemeLook::Native);
    QCOMPARE(resolveThemeLook(ThemeChoice::System, true), ThemeLook::Dark);
    QCOMPARE(resolveThemeLook(ThemeChoice::Light, true), ThemeLook::Light);
    QCOMPARE(resolveThemeLook(ThemeChoice::Dark, false), ThemeLook::Dark);
}

void TestTheme::darkDetectionFromPalette()
{
    QVERIFY(paletteLooksDark(darkPalette()));
    QVERIFY(!paletteLooksDark(lightPalette()));
    QPalette grey;
    grey.setColor(QPalette::Window, QColor(0x30, 0x30, 0x30));
    grey.setColor(QPalette::WindowText, QColor(0xd0, 0xd0, 0xd0));
    QVERIFY(paletteLooksDark(grey));
    QCOMPARE(contrastRatio(Qt::black, Qt::white), 21.0);
    QCOMPARE(contrastRatio(Qt::white, Qt::white), 1.0);
}

void TestTheme::badgesReadOnBothPalettes()
{
    const QList<QPalette> palettes = {lightPalette(), darkPalette()};
    for (int i = 0; i < core::kTaskStateCount; ++i) {
        const auto state = TaskState(i);
        const QColor fill = StateStyle::color(state);
        const double text = contrastRatio(StateStyle::textColor(state), fill);
        // WCAG AA for normal text.
        QVERIFY2(text >= 4.5, qPrintable(QStringLiteral("%1: text on badge %2:1")
                                             .arg(StateStyle::label(state))
                                             .arg(text, 0, 'f', 2)));
        for (const QPalette &palette : palettes) {
            for (const QPalette::ColorRole role : {QPalette::Base, QPalette::AlternateBase}) {
                const double apart = contrastRatio(fill, palette.color(role));
                // The fill only has to stand out as a shape; its text is held to 4.5 above.
                QVERIFY2(apart >= 1.7, qPrintable(QStringLiteral("%1: badge on %2 %3:1")
                                                      .arg(StateStyle::label(state))
                                                      .arg(palette.color(role).name())
                                                      .arg(apart, 0, 'f', 2)));
            }
        }
    }
}

// Error, warning and status words are drawn as text on the window and on views; the light
// theme's saturated red fell to 2.5:1 on the dark window.
void TestTheme::accentTextReadsOnBothPalettes()
{
    for (const QPalette &palette : {lightPalette(), darkPalette()}) {
        for (const Accent accent :
             {Accent::Info, Accent::Success, Accent::Warning, Accent::Error, Accent::Muted}) {
            for (const QPalette::ColorRole role : {QPalette::Window, QPalette::Base}) {
                const double ratio =
                    contrastRatio(accentColor(accent, palette), palette.color(role));
                QVERIFY2(ratio >= 3.0, qPrintable(QStringLiteral("accent %1 on %2: %3:1")
                                                      .arg(int(accent))
                                                      .arg(palette.color(role).name())
                                                      .arg(ratio, 0, 'f', 2)));
            }
        }
    }
    // Each palette keeps its own shade: the light one is unchanged.
    QCOMPARE(accentColor(Accent::Error, lightPalette()), QColor(0xc6, 0x28, 0x28));
    QVERIFY(accentColor(Accent::Error, darkPalette()) != QColor(0xc6, 0x28, 0x28));
}

void TestTheme::controllerAppliesChoice()
{
    const QString native = QApplication::style()->name();
    ThemeController controller(*qApp);
    controller.setPlatformPaletteProvider([] { return lightPalette(); });
    QSignalSpy looks(&controller, &ThemeController::lookChanged);

    controller.setChoice(ThemeChoice::Dark);
    QCOMPARE(controller.look(), ThemeLook::Dark);
    QVERIFY(isDarkTheme());
    QCOMPARE(QApplication::style()->name(), QStringLiteral("fusion"));
    QCOMPARE(QApplication::palette().color(QPalette::Base), darkPalette().color(QPalette::Base));

    controller.setChoice(ThemeChoice::Light);
    QCOMPARE(controller.look(), ThemeLook::Light);
    QVERIFY(!isDarkTheme());
    QCOMPARE(QApplication::palette().color(QPalette::Window),
             lightPalette().color(QPalette::Window));

    controller.setChoice(ThemeChoice::System); // a light platform keeps its own look
    QCOMPARE(controller.look(), ThemeLook::Native);
    QCOMPARE(QApplication::style()->name(), native);
    QVERIFY(!isDarkTheme());
    QCOMPARE(looks.size(), 3);
}

void TestTheme::controllerFollowsPlatformChanges()
{
    bool platformDark = false;
    ThemeController controller(*qApp);
    controller.setPlatformPaletteProvider(
        [&platformDark] { return platformDark ? darkPalette() : lightPalette(); });
    controller.setChoice(ThemeChoice::System);
    QCOMPARE(controller.look(), ThemeLook::Native);

    // The desktop switches to dark: Qt sends ThemeChange to every window.
    QWidget a;
    QWidget b;
    QSignalSpy looks(&controller, &ThemeController::lookChanged);
    platformDark = true;
    QEvent change(QEvent::ThemeChange);
    QCoreApplication::sendEvent(&a, &change);
    QCoreApplication::sendEvent(&b, &change);
    QTRY_COMPARE(controller.look(), ThemeLook::Dark);
    QVERIFY(isDarkTheme());
    QCOMPARE(looks.size(), 1); // one re-evaluation for the burst

    platformDark = false;
    QCoreApplication::sendEvent(&a, &change);
    QTRY_COMPARE(controller.look(), ThemeLook::Native);
    QVERIFY(!isDarkTheme());

    // An explicit choice is not overridden by the platform.
    controller.setChoice(ThemeChoice::Light);
    platformDark = true;
    QCoreApplication::sendEvent(&a, &change);
    QTest::qWait(20);
    QCOMPARE(controller.look(), ThemeLook::Light);
    controller.setChoice(ThemeChoice::System);
    QCOMPARE(controller.look(), ThemeLook::Dark);
    platformDark = false;
    controller.setChoice(ThemeChoice::System);
    QCOMPARE(controller.look(), ThemeLook::Native);
}

void TestTheme::iconsAreVectors()
{
    Q_INIT_RESOURCE(clawops);
    int icons = 0;
    QDirIterator it(QStringLiteral(":/icons"));
    while (it.hasNext()) {
        const QString path = it.next();
        QVERIFY2(path.endsWith(QLatin1String(".svg")), qPrintable(path + " is not an SVG"));
        // A vector icon comes out at the requested device pixels, not scaled from a small one.
        const QPixmap pixmap = QIcon(path).pixmap(QSize(48, 48), 2.0);
        QCOMPARE(pixmap.size(), QSize(96, 96));
        QVERIFY(!pixmap.toImage().isNull());
        ++icons;
    }
    QVERIFY(icons >= 10);

    const QIcon dot = dotIcon(Qt::red);
    const QImage sharp = dot.pixmap(QSize(12, 12), 3.0).toImage();
    QCOMPARE(sharp.size(), QSize(36, 36));
    QCOMPARE(dot.pixmap(QSize(12, 12), 3.0).devicePixelRatio(), 3.0);
    QCOMPARE(sharp.pixelColor(18, 18), QColor(Qt::red));
    QCOMPARE(sharp.pixelColor(0, 0).alpha(), 0);
}

QTEST_MAIN(TestTheme)
#include "tst_theme.moc"
