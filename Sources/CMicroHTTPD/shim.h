// Shims for libmicrohttpd calls Swift cannot make: variadic functions (no _va twin) and macros.
// Remove a shim when libmicrohttpd offers a non-variadic form.
#ifndef PARLEY_MHD_SHIM_H
#define PARLEY_MHD_SHIM_H
#include <microhttpd.h>
#include <string.h>
#include <netinet/in.h>
#include <arpa/inet.h>

/// Starts an epoll daemon with a thread pool and Parley's hardening options.
/// Variadic MHD_start_daemon is not imported; an option array keeps the call typed.
static inline struct MHD_Daemon *parley_mhd_start(unsigned int flags, const char *host, uint16_t port,
        MHD_AccessHandlerCallback handler, void *cls,
        MHD_RequestCompletedCallback completed,
        MHD_LogCallback logger, void *logger_cls,
        unsigned int threads, unsigned int timeout_s, unsigned int conn_limit, size_t mem_limit) {
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) return NULL;
    struct MHD_OptionItem ops[] = {
        { MHD_OPTION_EXTERNAL_LOGGER, (intptr_t) logger, logger_cls },
        { MHD_OPTION_NOTIFY_COMPLETED, (intptr_t) completed, cls },
        { MHD_OPTION_SOCK_ADDR, 0, &addr },
        { MHD_OPTION_THREAD_POOL_SIZE, threads, NULL },
        { MHD_OPTION_CONNECTION_TIMEOUT, timeout_s, NULL },
        { MHD_OPTION_CONNECTION_LIMIT, conn_limit, NULL },
        { MHD_OPTION_CONNECTION_MEMORY_LIMIT, (intptr_t) mem_limit, NULL },
        { MHD_OPTION_STRICT_FOR_CLIENT, 1, NULL },
        { MHD_OPTION_END, 0, NULL },
    };
    return MHD_start_daemon(flags, port, NULL, NULL, handler, cls, MHD_OPTION_ARRAY, ops, MHD_OPTION_END);
}

/// The port the daemon bound (for port-0 tests); MHD_get_daemon_info is variadic.
static inline uint16_t parley_mhd_bound_port(struct MHD_Daemon *d) {
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    return info ? info->port : 0;
}

/// The peer address as text (IPv4/IPv6); MHD_get_connection_info is variadic.
static inline void parley_mhd_client_ip(struct MHD_Connection *c, char *out, size_t outlen) {
    out[0] = 0;
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (!info || !info->client_addr) return;
    const struct sockaddr *sa = info->client_addr;
    if (sa->sa_family == AF_INET) inet_ntop(AF_INET, &((const struct sockaddr_in *) sa)->sin_addr, out, outlen);
    else if (sa->sa_family == AF_INET6) inet_ntop(AF_INET6, &((const struct sockaddr_in6 *) sa)->sin6_addr, out, outlen);
}

/// Gives one long-lived connection (SSE) no idle timeout; MHD_set_connection_option is variadic.
static inline void parley_mhd_connection_timeout(struct MHD_Connection *c, unsigned int seconds) {
    MHD_set_connection_option(c, MHD_CONNECTION_OPTION_TIMEOUT, seconds);
}
#endif
