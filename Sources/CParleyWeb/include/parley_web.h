// The embedded web/ and Resources/ files (table written by generate.sh).
#ifndef PARLEY_WEB_H
#define PARLEY_WEB_H
#include <stddef.h>

/// One embedded file: its path below web/ (or "resources/…"), bytes and length.
typedef struct {
    const char *path;
    const unsigned char *data;
    size_t length;
} parley_web_asset;

/// All embedded files; *count receives how many.
const parley_web_asset *parley_web_assets(size_t *count);
#endif
