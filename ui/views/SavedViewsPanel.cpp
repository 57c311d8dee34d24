#include "SavedViewsPanel.h"

#include "search/SavedViews.h"

#include <QAction>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QListView>
#include <QSettings>
#include <QToolButton>
#include <QVBoxLayout>

namespace clawops::ui {

SavedViewsPanel::SavedViewsPanel(QWidget *parent)
    : QWidget(parent)
    , m_views(new SavedViews(this))
    , m_list(new QListView(this))
    , m_save(new QToolButton(this))
    , m_delete(new QToolButton(this))
{
    setObjectName(QStringLiteral("views.panel"));
    {
        QSettings settings;
        m_views->load(settings);
    }
    m_askName = [this](const QString &suggested) {
        return QInputDialog::getText(this, tr("Save View"), tr("Name of this view:"),
                                     QLineEdit::Normal, suggested);
    };
    auto *title = new QLabel(tr("Views"), this);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    m_list->setObjectName(QStringLiteral("views.list"));
    m_list->setModel(m_views);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setTextElideMode(Qt::ElideRight);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_save->setObjectName(QStringLiteral("views.save"));
    m_save->setText(tr("Save…"));
    m_save->setToolTip(tr("Keep the search under a name"));
    m_delete->setObjectName(QStringLiteral("views.delete"));
    m_delete->setText(tr("Delete"));
    m_delete->setToolTip(tr("Remove the selected view (built-in views stay)"));
    auto *remove = new QAction(m_list);
    remove->setShortcut(QKeySequence::Delete);
    remove->setShortcutContext(Qt::WidgetShortcut);
    m_list->addAction(remove);
    connect(remove, &QAction::triggered, this, &SavedViewsPanel::deleteSelected);

    auto *buttons = new QHBoxLayout;
    buttons->setContentsMargins(0, 0, 0, 0);
    buttons->addWidget(m_save);
    buttons->addWidget(m_delete);
    buttons->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(title);
    layout->addWidget(m_list, 1);
    layout->addLayout(buttons);

    connect(m_list, &QListView::clicked, this, [this](const QModelIndex &index) {
        Q_EMIT viewChosen(index.data(SavedViews::QueryRole).toString());
    });
    connect(m_list, &QListView::activated, this, [this](const QModelIndex &index) {
        Q_EMIT viewChosen(index.data(SavedViews::QueryRole).toString());
    });
    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &SavedViewsPanel::updateButtons);
    connect(m_save, &QToolButton::clicked, this, &SavedViewsPanel::saveCurrent);
    connect(m_delete, &QToolButton::clicked, this, &SavedViewsPanel::deleteSelected);
    updateButtons();
}

void SavedViewsPanel::showQuery(const QString &query)
{
    const int row = m_views->rowOfQuery(query);
    if (row < 0) {
        m_list->selectionModel()->clear();
    } else {
        m_list->selectionModel()->setCurrentIndex(m_views->index(row),
                                                  QItemSelectionModel::ClearAndSelect);
    }
    updateButtons();
}

void SavedViewsPanel::saveCurrent()
{
    const QString query = m_query ? m_query() : QString();
    const int existing = m_views->rowOfQuery(query);
    const QString suggested = existing >= 0 && !m_views->view(existing).builtIn
                                  ? m_views->view(existing).name
                                  : QString();
    const QString name = m_askName(suggested).trimmed();
    if (name.isEmpty())
        return;
    if (!m_views->save(name, query)) {
        Q_EMIT problem(tr("“%1” is the name of a built-in view; choose another.").arg(name));
        return;
    }
    persist();
    showQuery(query);
}

void SavedViewsPanel::deleteSelected()
{
    const QModelIndex current = m_list->currentIndex();
    if (!current.isValid() || !m_views->remove(current.row()))
        return;
    persist();
    updateButtons();
}

void SavedViewsPanel::persist()
{
    QSettings settings;
    m_views->store(settings);
}

void SavedViewsPanel::updateButtons()
{
    const QModelIndex current = m_list->currentIndex();
    m_delete->setEnabled(current.isValid() && m_list->selectionModel()->isSelected(current) &&
                         !current.data(SavedViews::BuiltInRole).toBool());
}

} // namespace clawops::ui
