// Shims for SQLite macros Swift cannot import (casts of -1/0 to a destructor pointer).
#ifndef PARLEY_SQLITE_SHIM_H
#define PARLEY_SQLITE_SHIM_H
#include <sqlite3.h>

/// SQLITE_TRANSIENT: SQLite copies bound text/blobs (Swift buffers live only for the call).
static inline sqlite3_destructor_type parley_sqlite_transient(void) { return SQLITE_TRANSIENT; }

/// sqlite3_db_config(SQLITE_DBCONFIG_DEFENSIVE) is variadic; defensive mode blocks writes that corrupt the file.
static inline int parley_sqlite_defensive(sqlite3 *db, int on) {
    return sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, on, (int *) 0);
}
#endif
