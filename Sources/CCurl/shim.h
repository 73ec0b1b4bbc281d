// Typed shims for libcurl's variadic curl_easy_setopt/getinfo, which Swift cannot call.
#ifndef PARLEY_CURL_SHIM_H
#define PARLEY_CURL_SHIM_H
#include <curl/curl.h>

static inline CURLcode parley_curl_set_long(CURL *c, CURLoption o, long v) { return curl_easy_setopt(c, o, v); }
static inline CURLcode parley_curl_set_string(CURL *c, CURLoption o, const char *v) { return curl_easy_setopt(c, o, v); }
static inline CURLcode parley_curl_set_pointer(CURL *c, CURLoption o, void *v) { return curl_easy_setopt(c, o, v); }
static inline CURLcode parley_curl_set_slist(CURL *c, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(c, o, v); }
static inline CURLcode parley_curl_set_off(CURL *c, CURLoption o, curl_off_t v) { return curl_easy_setopt(c, o, v); }
static inline CURLcode parley_curl_set_write(CURL *c, CURLoption o, size_t (*f)(char *, size_t, size_t, void *)) { return curl_easy_setopt(c, o, f); }
static inline CURLcode parley_curl_get_long(CURL *c, CURLINFO i, long *v) { return curl_easy_getinfo(c, i, v); }
// Same signature as the write callback; a separate name so call sites say which callback they install.
static inline CURLcode parley_curl_set_header(CURL *c, size_t (*f)(char *, size_t, size_t, void *)) { return curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, f); }
// Progress callback: lets Swift abort a transfer (task cancellation) by returning non-zero.
static inline CURLcode parley_curl_set_xferinfo(CURL *c, int (*f)(void *, curl_off_t, curl_off_t, curl_off_t, curl_off_t)) { return curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, f); }
#endif
