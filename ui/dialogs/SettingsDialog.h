#pragma once

#include "core/Config.h"
#include "settings/UiSettings.h"

#include <QDialog>
#include <QHash>
#include <QJsonObject>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QSpinBox;
class QVBoxLayout;

namespace clawops::ui {

// Two pages: the engine's configuration (every plugin key, plus ClawOps's own, with what each
// does, its default and the engine's own validation shown live) and the console's preferences.
// The engine config is validated by core::resolveConfig, so what the dialog warns about is
// exactly what the engine would correct.
class SettingsDialog final : public QDialog
{
    Q_OBJECT

public:
    SettingsDialog(const core::EngineConfig &config, const UiSettings &ui,
                   QWidget *parent = nullptr);

    QJsonObject configJson() const;          // what the widgets say
    core::EngineConfig engineConfig() const; // after the engine's validation
    QStringList warnings() const;            // the engine's corrections and our own hints
    UiSettings uiSettings() const;

Q_SIGNALS:
    void engineConfigChanged(const clawops::core::EngineConfig &config);
    void uiSettingsChanged(const clawops::ui::UiSettings &settings);

private:
    QWidget *buildEnginePage();
    QFormLayout *addGroup(QVBoxLayout *page, const QString &title);
    void addBool(QFormLayout *form, const QString &key, const QString &title, const QString &help);
    void addInt(QFormLayout *form, const QString &key, const QString &title, const QString &suffix,
                int fallback, const QString &help);
    void addString(QFormLayout *form, const QString &key, const QString &title,
                   const QString &help);
    void buildRetryGroup(QFormLayout *retries);
    void buildSchedulerGroup(QFormLayout *scheduler);
    void buildVerificationGroup(QFormLayout *verification);
    void buildRoutingGroup(QFormLayout *routing);
    QWidget *buildMainToolBoxes();
    void buildStatusGroup(QFormLayout *status);
    void buildStoreGroup(QFormLayout *store);
    QWidget *buildConsolePage();
    void addDecisionRows(QFormLayout *form, QWidget *page);
    void addRefreshRows(QFormLayout *form, QWidget *page);
    void addAppearanceRows(QFormLayout *form, QWidget *page);
    void loadEngine(const core::EngineConfig &config);
    void validate();
    void apply();

    core::EngineConfig m_initialConfig;
    UiSettings m_initialUi;

    QWidget *m_enginePage = nullptr; // parent of the engine page's widgets
    QHash<QString, QCheckBox *> m_bools;
    QHash<QString, QSpinBox *> m_ints;
    QHash<QString, QLineEdit *> m_strings;
    QHash<QString, QCheckBox *> m_outcomes;
    QHash<QString, QCheckBox *> m_mainTools;
    QComboBox *m_delivery = nullptr;
    QLabel *m_warnings = nullptr;

    QLineEdit *m_operator = nullptr;
    QSpinBox *m_clockTick = nullptr;
    QSpinBox *m_transcriptRefresh = nullptr;
    QSpinBox *m_debounce = nullptr;
    QSpinBox *m_pageSize = nullptr;
    QSpinBox *m_maxRows = nullptr;
    QCheckBox *m_confirm = nullptr;
    QCheckBox *m_advance = nullptr;
    QCheckBox *m_allChecks = nullptr;
    QSpinBox *m_inputLimit = nullptr;
    QSpinBox *m_verificationLimit = nullptr;
    QComboBox *m_theme = nullptr;
    QComboBox *m_language = nullptr;
    QCheckBox *m_doNotDisturb = nullptr;
};

} // namespace clawops::ui
