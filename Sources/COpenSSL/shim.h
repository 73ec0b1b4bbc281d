// OpenSSL headers Parley uses; function-like macros get parley_openssl_* shims here.
#ifndef PARLEY_OPENSSL_SHIM_H
#define PARLEY_OPENSSL_SHIM_H
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/err.h>
#include <openssl/crypto.h>
#include <openssl/sha.h>
#include <openssl/kdf.h>
#endif
