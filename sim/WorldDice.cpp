#include "WorldDice.h"

#include <QCryptographicHash>

namespace clawops::sim {

namespace {

quint64 seedState(quint32 seed, const QStringList &parts)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(QByteArray::number(seed));
    for (const QString &part : parts) {
        hash.addData(QByteArrayView("\x1f", 1)); // unit separator: ("ab","c") != ("a","bc")
        hash.addData(part.toUtf8());
    }
    const QByteArray digest = hash.result();
    quint64 state = 0;
    for (int i = 0; i < 8; ++i)
        state = (state << 8) | static_cast<quint8>(digest.at(i));
    return state;
}

// splitmix64: a good 64-bit stream from any starting state.
quint64 splitmix(quint64 &state)
{
    state += 0x9E3779B97F4A7C15ULL;
    quint64 z = state;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

} // namespace

Dice::Dice(quint32 seed, const QStringList &parts)
    : m_state(seedState(seed, parts))
{}

quint64 Dice::next()
{
    return splitmix(m_state);
}

int Dice::bounded(int upper)
{
    if (upper <= 0)
        return 0;
    return static_cast<int>(next() % static_cast<quint64>(upper));
}

double Dice::unit()
{
    return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); // 2^53
}

int Dice::between(int low, int high)
{
    return high <= low ? low : low + bounded(high - low + 1);
}

int Dice::pick(const QList<int> &weights)
{
    int total = 0;
    for (int weight : weights)
        total += qMax(0, weight);
    if (total <= 0)
        return -1;
    int roll = bounded(total);
    for (int i = 0; i < weights.size(); ++i) {
        roll -= qMax(0, weights.at(i));
        if (roll < 0)
            return i;
    }
    return -1;
}

QString stableUuid(quint32 seed, const QStringList &parts)
{
    Dice dice(seed, parts);
    const QString hex = QStringLiteral("%1%2")
                            .arg(dice.next(), 16, 16, QLatin1Char('0'))
                            .arg(dice.next(), 16, 16, QLatin1Char('0'));
    return QStringLiteral("%1-%2-%3-%4-%5")
        .arg(hex.mid(0, 8), hex.mid(8, 4), hex.mid(12, 4), hex.mid(16, 4), hex.mid(20, 12));
}

} // namespace clawops::sim
