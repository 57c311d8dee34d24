#pragma once

#include <QWidget>

#include <functional>

class QListView;
class QToolButton;

namespace clawops::ui {

class SavedViews;

// The Tasks tab's sidebar: the saved views by name; a click puts a view's search into the search
// box. Save stores the search box's text under a name the operator gives; Delete removes an own
// view. The list is written to QSettings at each change.
class SavedViewsPanel final : public QWidget
{
    Q_OBJECT

public:
    using NameAsker = std::function<QString(const QString &suggested)>;

    explicit SavedViewsPanel(QWidget *parent = nullptr);

    SavedViews *views() const { return m_views; }
    QListView *list() const { return m_list; }
    // Where Save reads the search to keep.
    void setQueryProvider(std::function<QString()> provider) { m_query = std::move(provider); }
    // Replaces the name dialog (tests).
    void setNameAsker(NameAsker asker) { m_askName = std::move(asker); }
    // Marks the view whose search this is, if any.
    void showQuery(const QString &query);
    void saveCurrent();
    void deleteSelected();

Q_SIGNALS:
    void viewChosen(const QString &query);
    void problem(const QString &text);

private:
    void persist();
    void updateButtons();

    SavedViews *m_views;
    QListView *m_list;
    QToolButton *m_save;
    QToolButton *m_delete;
    std::function<QString()> m_query;
    NameAsker m_askName;
};

} // namespace clawops::ui
