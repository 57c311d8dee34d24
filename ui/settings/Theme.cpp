#include "Theme.h"

#include "UiLogging.h"

#include <QApplication>
#include <QEvent>
#include <QStyle>
#include <QStyleFactory>
#include <QTimer>

#include <cmath>
#include <memory>

namespace clawops::ui {

namespace {

const QString kFusion = QStringLiteral("Fusion");

void setDisabledColors(QPalette &p, const QColor &disabled)
{
    for (const QPalette::ColorRole role :
         {QPalette::Text, QPalette::WindowText, QPalette::ButtonText, QPalette::HighlightedText})
        p.setColor(QPalette::Disabled, role, disabled);
}

double channel(double c)
{
    return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

double luminance(const QColor &color)
{
    const QColor c = color.toRgb();
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

} // namespace

ThemeChoice themeChoiceFromString(const QString &text)
{
    if (text == QLatin1String("light"))
        return ThemeChoice::Light;
    if (text == QLatin1String("dark"))
        return ThemeChoice::Dark;
    return ThemeChoice::System;
}

QString themeChoiceToString(ThemeChoice choice)
{
    switch (choice) {
    case ThemeChoice::Light:
        return QStringLiteral("light");
    case ThemeChoice::Dark:
        return QStringLiteral("dark");
    case ThemeChoice::System:
        break;
    }
    return QStringLiteral("system");
}

bool paletteLooksDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightnessF() <
           palette.color(QPalette::WindowText).lightnessF();
}

ThemeLook resolveThemeLook(ThemeChoice choice, bool platformIsDark)
{
    switch (choice) {
    case ThemeChoice::Light:
        return ThemeLook::Light;
    case ThemeChoice::Dark:
        return ThemeLook::Dark;
    case ThemeChoice::System:
        break;
    }
    return platformIsDark ? ThemeLook::Dark : ThemeLook::Native;
}

double contrastRatio(const QColor &a, const QColor &b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

bool isDarkTheme()
{
    return paletteLooksDark(QApplication::palette());
}

QPalette lightPalette()
{
    const std::unique_ptr<QStyle> fusion(QStyleFactory::create(kFusion));
    QPalette p = fusion ? fusion->standardPalette() : QPalette();
    const QColor text(0x1d, 0x1f, 0x23);
    p.setColor(QPalette::Window, QColor(0xf3, 0xf4, 0xf6));
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, Qt::white);
    p.setColor(QPalette::AlternateBase, QColor(0xf6, 0xf7, 0xf9));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0xf3, 0xf4, 0xf6));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::ToolTipBase, QColor(0xff, 0xff, 0xe8));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::Link, QColor(0x1c, 0x6f, 0xc4));
    p.setColor(QPalette::Highlight, QColor(0x1c, 0x6f, 0xc4));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::PlaceholderText, QColor(0x6b, 0x70, 0x78));
    setDisabledColors(p, QColor(0x9a, 0x9e, 0xa5));
    return p;
}

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x30);
    const QColor base(0x1e, 0x1f, 0x22);
    const QColor text(0xe6, 0xe6, 0xe6);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x28, 0x2b));
    p.setColor(QPalette::ToolTipBase, QColor(0x3a, 0x3d, 0x41));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x33, 0x35, 0x39));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    p.setColor(QPalette::Light, QColor(0x45, 0x48, 0x4d));
    p.setColor(QPalette::Midlight, QColor(0x3a, 0x3d, 0x41));
    p.setColor(QPalette::Mid, QColor(0x24, 0x26, 0x29));
    p.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1b));
    p.setColor(QPalette::Shadow, QColor(0x0c, 0x0c, 0x0d));
    p.setColor(QPalette::Link, QColor(0x6c, 0xb4, 0xf5));
    p.setColor(QPalette::LinkVisited, QColor(0xb3, 0x9d, 0xf0));
    p.setColor(QPalette::Highlight, QColor(0x2f, 0x6f, 0xb5));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9d, 0xa3));
    setDisabledColors(p, QColor(0x7a, 0x7d, 0x82));
    return p;
}

ThemeController::ThemeController(QApplication &app, QObject *parent)
    : QObject(parent)
    , m_app(app)
    , m_nativeStyle(QApplication::style()->name())
{
    app.installEventFilter(this);
}

void ThemeController::setChoice(ThemeChoice choice)
{
    m_choice = choice;
    apply();
}

void ThemeController::setPlatformPaletteProvider(std::function<QPalette()> provider)
{
    m_platformPalette = std::move(provider);
}

QPalette ThemeController::platformPalette() const
{
    if (m_platformPalette)
        return m_platformPalette();
    return QApplication::palette(); // apply() has put the platform's palette back first
}

void ThemeController::apply()
{
    m_applying = true;
    const ThemeLook before = m_look;
    bool platformDark = false;
    if (m_choice == ThemeChoice::System) {
        // Our own palette hides the platform's; drop it to see what the platform says now.
        if (m_look != ThemeLook::Native && !m_platformPalette) {
            QApplication::setStyle(m_nativeStyle);
            QApplication::setPalette(QPalette());
        }
        platformDark = paletteLooksDark(platformPalette());
    }
    m_look = resolveThemeLook(m_choice, platformDark);
    switch (m_look) {
    case ThemeLook::Native:
        if (before != ThemeLook::Native) {
            QApplication::setStyle(m_nativeStyle);
            QApplication::setPalette(QPalette());
        }
        break;
    case ThemeLook::Light:
        QApplication::setStyle(kFusion);
        QApplication::setPalette(lightPalette());
        break;
    case ThemeLook::Dark:
        QApplication::setStyle(kFusion);
        QApplication::setPalette(darkPalette());
        break;
    }
    m_applying = false;
    qCDebug(lcUi) << "theme" << themeChoiceToString(m_choice) << "look" << int(m_look);
    if (m_look != before)
        Q_EMIT lookChanged(m_look);
}

void ThemeController::scheduleReevaluation()
{
    if (m_reevaluationQueued)
        return;
    m_reevaluationQueued = true;
    // Every window gets its own ThemeChange; one look at the platform per burst is enough.
    QTimer::singleShot(0, this, [this] {
        m_reevaluationQueued = false;
        if (m_choice == ThemeChoice::System)
            apply();
    });
}

bool ThemeController::eventFilter(QObject *watched, QEvent *event)
{
    if (!m_applying && m_choice == ThemeChoice::System) {
        const bool platformChanged = event->type() == QEvent::ThemeChange;
        // While our palette is set, palette changes are ours; only a native look can be
        // changed under us by the platform without a ThemeChange.
        const bool paletteChanged = event->type() == QEvent::ApplicationPaletteChange &&
                                    watched == &m_app && m_look == ThemeLook::Native;
        if (platformChanged || paletteChanged)
            scheduleReevaluation();
    }
    return QObject::eventFilter(watched, event);
}

void applyTheme(QApplication &app, const QString &theme)
{
    auto *controller = app.findChild<ThemeController *>(QString(), Qt::FindDirectChildrenOnly);
    if (!controller)
        controller = new ThemeController(app, &app);
    controller->setChoice(themeChoiceFromString(theme));
}

} // namespace clawops::ui
