#pragma once

#include <QDialog>

class QAction;

namespace clawops::ui {

// Every shortcut of the window's actions, read from the actions themselves so it never goes
// stale.
class ShortcutsDialog final : public QDialog
{
    Q_OBJECT

public:
    ShortcutsDialog(const QList<QAction *> &actions, QWidget *parent = nullptr);
};

} // namespace clawops::ui
