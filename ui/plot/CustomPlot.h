#pragma once

// The one way the console includes QCustomPlot. Its header is written with Qt's lower-case
// keywords (signals, foreach), which this project switches off with QT_NO_KEYWORDS so that they
// cannot clash with other libraries; they are lent to the header and taken back after it.

#ifndef signals
#define signals Q_SIGNALS
#define CLAWOPS_QCP_UNDEF_SIGNALS
#endif
#ifndef slots
#define slots Q_SLOTS
#define CLAWOPS_QCP_UNDEF_SLOTS
#endif
#ifndef foreach
#define foreach Q_FOREACH
#define CLAWOPS_QCP_UNDEF_FOREACH
#endif

#include <qcustomplot.h>

#ifdef CLAWOPS_QCP_UNDEF_SIGNALS
#undef signals
#undef CLAWOPS_QCP_UNDEF_SIGNALS
#endif
#ifdef CLAWOPS_QCP_UNDEF_SLOTS
#undef slots
#undef CLAWOPS_QCP_UNDEF_SLOTS
#endif
#ifdef CLAWOPS_QCP_UNDEF_FOREACH
#undef foreach
#undef CLAWOPS_QCP_UNDEF_FOREACH
#endif
