/* The reference point for `make bench`: the smallest libmicrohttpd server answering {"status":"ok"},
   run with the same epoll + thread-pool settings Parley uses. */
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char body[] = "{\"status\":\"ok\"}";

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                              const char *version, const char *data, size_t *size, void **state) {
    (void) cls; (void) url; (void) method; (void) version; (void) data; (void) size;
    /* Answer on the second call, as Parley does: answering on the first one makes libmicrohttpd close the connection. */
    if (*state == NULL) { *state = (void *) 1; return MHD_YES; }
    struct MHD_Response *r = MHD_create_response_from_buffer(sizeof body - 1, (void *) body, MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(r, "Content-Type", "application/json");
    enum MHD_Result ret = MHD_queue_response(c, MHD_HTTP_OK, r);
    MHD_destroy_response(r);
    return ret;
}

int main(int argc, char **argv) {
    unsigned short port = argc > 1 ? (unsigned short) atoi(argv[1]) : 18300;
    unsigned int threads = (unsigned int) sysconf(_SC_NPROCESSORS_ONLN);
    struct MHD_Daemon *d = MHD_start_daemon(MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_TURBO, port, NULL, NULL, handle, NULL,
                                            MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_TIMEOUT, 10u,
                                            MHD_OPTION_END);
    if (!d) return 1;
    pause();
    MHD_stop_daemon(d);
    return 0;
}
