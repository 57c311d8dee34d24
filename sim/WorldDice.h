#pragma once

#include <QString>
#include <QStringList>

namespace clawops::sim {

// Reproducible choices for the simulated world. Every decision about a piece of work is drawn
// from a hash of the seed and the names of that work (its spawn number, its label and attempt),
// never from a generator shared by everything the world does: the order in which a console
// happens to ask for things, or whether it was running at all, cannot change what a worker does.
// Two runs of one seed therefore reach the same endings even when the console is interrupted.
class Dice
{
public:
    Dice(quint32 seed, const QStringList &parts);

    quint64 next();                 // the next 64 bits of this stream
    int bounded(int upper);         // [0, upper) ; 0 when upper <= 0
    double unit();                  // [0, 1)
    int between(int low, int high); // [low, high] ; low when high <= low
    // Weighted pick: returns the index of the chosen weight (weights <= 0 never win), or -1 when
    // every weight is zero.
    int pick(const QList<int> &weights);

private:
    quint64 m_state = 0;
};

// A UUID-shaped id (8-4-4-4-12 lowercase hex) derived from the seed and names, so that session
// keys, run ids and task ids are the same in every run of a seed.
QString stableUuid(quint32 seed, const QStringList &parts);

} // namespace clawops::sim
