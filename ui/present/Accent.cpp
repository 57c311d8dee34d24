#include "Accent.h"

#include "settings/Theme.h"

namespace clawops::ui {

QColor accentColor(Accent accent, const QPalette &palette)
{
    const bool dark = paletteLooksDark(palette);
    switch (accent) {
    case Accent::Info:
        return dark ? QColor(0x6c, 0xb4, 0xf5) : QColor(0x1f, 0x78, 0xd1);
    case Accent::Success:
        return dark ? QColor(0x5c, 0xc8, 0x8a) : QColor(0x2e, 0x9d, 0x5b);
    case Accent::Warning:
        return dark ? QColor(0xff, 0xa2, 0x4d) : QColor(0xe0, 0x6c, 0x00);
    case Accent::Error:
        return dark ? QColor(0xf2, 0x6d, 0x6a) : QColor(0xc6, 0x28, 0x28);
    case Accent::Muted:
        return dark ? QColor(0xa0, 0xaa, 0xb4) : QColor(0x6c, 0x7a, 0x89);
    }
    return palette.color(QPalette::WindowText);
}

} // namespace clawops::ui
