#ifndef LOGBOOK_CSQLITE_SHIM_H
#define LOGBOOK_CSQLITE_SHIM_H
#include <sqlite3.h>
#endif
