#ifndef LOGBOOK_CZLIB_SHIM_H
#define LOGBOOK_CZLIB_SHIM_H
#include <zlib.h>
#endif
