#pragma once

#include <QObject>
#include <QPalette>
#include <QString>

#include <functional>

class QApplication;

namespace clawops::ui {

// What the operator chose in the settings ("system" | "light" | "dark").
enum class ThemeChoice
{
    System,
    Light,
    Dark,
};

// What is on screen: the platform's own look, or one of ours on Fusion.
enum class ThemeLook
{
    Native,
    Light,
    Dark,
};

ThemeChoice themeChoiceFromString(const QString &text); // unknown text: System
QString themeChoiceToString(ThemeChoice choice);

// Qt 6.4 cannot tell whether the desktop is dark (QStyleHints::colorScheme came in 6.5), so
// the palette is the evidence: a window lighter than its text is a light one.
bool paletteLooksDark(const QPalette &palette);
// System follows the platform: a dark platform gets our dark palette (native styles render
// dark palettes badly or not at all); a light one keeps the native look.
ThemeLook resolveThemeLook(ThemeChoice choice, bool platformIsDark);

QPalette lightPalette();
QPalette darkPalette();
// WCAG 2 contrast ratio, 1 … 21; used to keep state badges readable on both palettes.
double contrastRatio(const QColor &a, const QColor &b);
// Whether the application's palette is dark now (whatever chose it).
bool isDarkTheme();

// Applies the chosen theme and keeps following the platform while the choice is System: it
// watches the application for palette and theme changes and re-evaluates once per burst.
class ThemeController final : public QObject
{
    Q_OBJECT

public:
    explicit ThemeController(QApplication &app, QObject *parent = nullptr);

    void setChoice(ThemeChoice choice);
    ThemeChoice choice() const { return m_choice; }
    ThemeLook look() const { return m_look; }

    // Tests stand in for the platform; the default reads the platform's palette.
    void setPlatformPaletteProvider(std::function<QPalette()> provider);

Q_SIGNALS:
    void lookChanged(clawops::ui::ThemeLook look);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QPalette platformPalette() const;
    void apply();
    void scheduleReevaluation();

    QApplication &m_app;
    QString m_nativeStyle;
    ThemeChoice m_choice = ThemeChoice::System;
    ThemeLook m_look = ThemeLook::Native;
    bool m_applying = false;
    bool m_reevaluationQueued = false;
    std::function<QPalette()> m_platformPalette;
};

// The console's entry point: creates the application's ThemeController on first use.
void applyTheme(QApplication &app, const QString &theme);

} // namespace clawops::ui
