// render_icon SVG SIZE PNG: renders the application icon's SVG into one square PNG of the hicolor
// theme. Runs at build time so the PNG sizes are always made from the one SVG in the repository
// instead of being checked in and drifting from it.
#include <QByteArray>
#include <QImage>
#include <QPainter>
#include <QString>
#include <QSvgRenderer>

#include <cstdio>
#include <cstdlib>

int main(int argc, char **argv)
{
    if (argc != 4) {
        std::fputs("usage: render_icon SVG SIZE PNG\n", stderr);
        return 2;
    }
    const QString svgPath = QString::fromLocal8Bit(argv[1]);
    bool sizeOk = false;
    const int size = QByteArray(argv[2]).toInt(&sizeOk);
    const QString pngPath = QString::fromLocal8Bit(argv[3]);
    if (!sizeOk || size < 1 || size > 1024) {
        std::fprintf(stderr, "render_icon: bad size %s\n", argv[2]);
        return 2;
    }

    QSvgRenderer renderer(svgPath);
    if (!renderer.isValid()) {
        std::fprintf(stderr, "render_icon: cannot parse %s\n", argv[1]);
        return 1;
    }
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    {
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setRenderHint(QPainter::SmoothPixmapTransform);
        // Icon themes expect a square image; keep the drawing's aspect and centre it.
        renderer.setAspectRatioMode(Qt::KeepAspectRatio);
        renderer.render(&painter, QRectF(0, 0, size, size));
    }
    // Written through a temporary name: a half-written PNG must never look up to date to the build.
    const QString partial = pngPath + QStringLiteral(".part");
    if (!image.save(partial, "PNG")) {
        std::fprintf(stderr, "render_icon: cannot write %s\n", argv[3]);
        return 1;
    }
    if (std::rename(partial.toLocal8Bit().constData(), argv[3]) != 0) {
        std::perror("render_icon: rename");
        return 1;
    }
    return 0;
}
