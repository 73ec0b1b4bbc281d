/* The C reference for the webhook ingest benchmark: libmicrohttpd (same epoll + thread-pool settings as Parley),
   HMAC-SHA256 check of the raw body with OpenSSL (constant-time compare), then one INSERT + COMMIT per request into
   a WAL database with synchronous=FULL, and only then 200. No group commit, no parsing, no worker: the floor of
   "durable before ack" done the plain way. Usage: ref_ingest PORT DBPATH SECRET */
#include <microhttpd.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct { size_t len, cap; unsigned char *buf; } Body;
static sqlite3 *db; static sqlite3_stmt *ins; static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER; static const char *secret;

static enum MHD_Result reply(struct MHD_Connection *c, unsigned code, const char *text) {
    struct MHD_Response *r = MHD_create_response_from_buffer(strlen(text), (void *) text, MHD_RESPMEM_PERSISTENT);
    enum MHD_Result ret = MHD_queue_response(c, code, r); MHD_destroy_response(r); return ret;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url, const char *method, const char *version,
                              const char *data, size_t *size, void **state) {
    (void) cls; (void) url; (void) method; (void) version;
    Body *b = *state;
    if (!b) { *state = calloc(1, sizeof(Body)); return MHD_YES; }
    if (*size) {                                   /* accumulate the raw body, capped at 1 MiB */
        if (b->len + *size > (1u << 20)) return MHD_NO;
        if (b->len + *size > b->cap) { b->cap = (b->len + *size) * 2; b->buf = realloc(b->buf, b->cap); }
        memcpy(b->buf + b->len, data, *size); b->len += *size; *size = 0; return MHD_YES;
    }
    const char *sig = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Hub-Signature-256");
    unsigned char mac[32], want[32]; unsigned maclen = 32;
    HMAC(EVP_sha256(), secret, (int) strlen(secret), b->buf ? b->buf : (unsigned char *) "", b->len, mac, &maclen);
    if (!sig || strlen(sig) != 71 || strncmp(sig, "sha256=", 7)) return reply(c, 401, "bad signature");
    for (int i = 0; i < 32; i++) if (sscanf(sig + 7 + 2 * i, "%2hhx", &want[i]) != 1) return reply(c, 401, "bad signature");
    if (CRYPTO_memcmp(mac, want, 32)) return reply(c, 401, "bad signature");
    pthread_mutex_lock(&lock);                     /* one writer; autocommit = one durable COMMIT per request */
    sqlite3_bind_blob(ins, 1, b->buf, (int) b->len, SQLITE_STATIC); sqlite3_bind_text(ins, 2, sig, -1, SQLITE_STATIC);
    int rc = sqlite3_step(ins); sqlite3_reset(ins); sqlite3_clear_bindings(ins);
    pthread_mutex_unlock(&lock);
    return rc == SQLITE_DONE ? reply(c, 200, "EVENT_RECEIVED") : reply(c, 503, "storage unavailable");
}

static void completed(void *cls, struct MHD_Connection *c, void **state, enum MHD_RequestTerminationCode t) {
    (void) cls; (void) c; (void) t; Body *b = *state; if (b) { free(b->buf); free(b); } *state = NULL;
}

int main(int argc, char **argv) {
    if (argc < 4) { fprintf(stderr, "usage: ref_ingest PORT DBPATH SECRET\n"); return 2; }
    secret = argv[3];
    if (sqlite3_open(argv[2], &db) != SQLITE_OK) return 1;
    sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000;"
                     "CREATE TABLE IF NOT EXISTS inbound (id INTEGER PRIMARY KEY, received_at INTEGER NOT NULL DEFAULT (unixepoch()),"
                     " body BLOB NOT NULL, signature TEXT NOT NULL)", NULL, NULL, NULL);
    if (sqlite3_prepare_v2(db, "INSERT INTO inbound (body, signature) VALUES (?, ?)", -1, &ins, NULL) != SQLITE_OK) return 1;
    struct MHD_Daemon *d = MHD_start_daemon(MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_TURBO, (unsigned short) atoi(argv[1]), NULL, NULL,
                                            handle, NULL, MHD_OPTION_THREAD_POOL_SIZE, (unsigned) sysconf(_SC_NPROCESSORS_ONLN),
                                            MHD_OPTION_CONNECTION_TIMEOUT, 10u, MHD_OPTION_NOTIFY_COMPLETED, completed, NULL, MHD_OPTION_END);
    if (!d) return 1;
    pause();
    return 0;
}
