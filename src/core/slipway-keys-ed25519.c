/* slipway-keys-ed25519.c: an Ed25519 key pair in OpenSSH's own formats,
 * made in process
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <string.h>

#include "slipway-keys-private.h"

/* Every node has a host key of its own; one ssh-keygen process per node
 * was most of the time a create took on the test driver (58 % of the
 * samples of a 200-node create, fork and exec under load), so host keys
 * are made here: GnuTLS makes the key, and it is written the way
 * ssh-keygen writes it (PROTOCOL.key of OpenSSH: no cipher, no KDF). */

#define ED25519_KEY_LEN 32
#define KEY_TYPE        "ssh-ed25519"
#define BLOCK_SIZE      8       /* of the cipher "none" */
#define PEM_LINE        70

static void
put_u32 (GByteArray *out,
         guint32     value)
{
  guint8 bytes[4] = { value >> 24, value >> 16, value >> 8, value };

  g_byte_array_append (out, bytes, 4);
}

static void
put_string (GByteArray   *out,
            const void   *data,
            gsize         len)
{
  put_u32 (out, (guint32)len);
  g_byte_array_append (out, data, (guint)len);
}

static void
put_cstring (GByteArray *out,
             const char *text)
{
  put_string (out, text, strlen (text));
}

/* The public key blob: its type, then the 32 bytes. */
static GByteArray *
public_blob (const guint8 *pk)
{
  GByteArray *blob = g_byte_array_new ();

  put_cstring (blob, KEY_TYPE);
  put_string (blob, pk, ED25519_KEY_LEN);
  return blob;
}

static char *
pem_wrap (const guint8 *data,
          gsize         len)
{
  g_autofree char *b64 = g_base64_encode (data, len);
  GString *pem = g_string_new ("-----BEGIN OPENSSH PRIVATE KEY-----\n");
  gsize n = strlen (b64);

  for (gsize i = 0; i < n; i += PEM_LINE)
    {
      g_string_append_len (pem, b64 + i, MIN (PEM_LINE, n - i));
      g_string_append_c (pem, '\n');
    }
  g_string_append (pem, "-----END OPENSSH PRIVATE KEY-----\n");
  return g_string_free (pem, FALSE);
}

/**
 * _slipway_keys_ed25519_generate:
 * @comment: the key's comment, as `ssh-keygen -C` takes it
 * @private_key: (out): the private key, as `ssh-keygen -t ed25519 -N ''` writes it
 * @public_line: (out): "ssh-ed25519 BASE64 COMMENT\n", as its .pub file
 *
 * Thread-safe; blocks for well under a millisecond.
 */
gboolean
_slipway_keys_ed25519_generate (const char  *comment,
                                char       **private_key,
                                char       **public_line,
                                GError     **error)
{
  gnutls_privkey_t key = NULL;
  gnutls_datum_t x = { NULL, 0 };
  gnutls_datum_t k = { NULL, 0 };
  gnutls_ecc_curve_t curve;
  g_autoptr(GByteArray) blob = NULL;
  g_autoptr(GByteArray) secret = NULL;
  g_autoptr(GByteArray) file = NULL;
  g_autofree char *blob_b64 = NULL;
  guint8 seed_and_pk[2 * ED25519_KEY_LEN];
  guint32 check;
  int ret;

  ret = gnutls_privkey_init (&key);
  if (ret >= 0)
    ret = gnutls_privkey_generate (key, GNUTLS_PK_EDDSA_ED25519, 256, 0);
  if (ret >= 0)
    ret = gnutls_privkey_export_ecc_raw2 (key, &curve, &x, NULL, &k, GNUTLS_EXPORT_FLAG_NO_LZ);
  if (ret >= 0 && (x.size != ED25519_KEY_LEN || k.size != ED25519_KEY_LEN))
    ret = GNUTLS_E_INTERNAL_ERROR;
  if (ret >= 0)
    ret = gnutls_rnd (GNUTLS_RND_NONCE, &check, sizeof check);
  if (ret < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   /* Translators: %s is GnuTLS's own error message */
                   _("Could not make an Ed25519 key: %s. Check that GnuTLS works on this system."),
                   gnutls_strerror (ret));
      gnutls_free (x.data);
      gnutls_memset (k.data, 0, k.size);
      gnutls_free (k.data);
      gnutls_privkey_deinit (key);
      return FALSE;
    }

  blob = public_blob (x.data);
  memcpy (seed_and_pk, k.data, ED25519_KEY_LEN);
  memcpy (seed_and_pk + ED25519_KEY_LEN, x.data, ED25519_KEY_LEN);

  secret = g_byte_array_new ();
  put_u32 (secret, check);
  put_u32 (secret, check);
  put_cstring (secret, KEY_TYPE);
  put_string (secret, x.data, ED25519_KEY_LEN);
  put_string (secret, seed_and_pk, sizeof seed_and_pk);
  put_cstring (secret, comment);
  for (guint8 pad = 1; secret->len % BLOCK_SIZE != 0; pad++)
    g_byte_array_append (secret, &pad, 1);

  file = g_byte_array_new ();
  g_byte_array_append (file, (const guint8 *)"openssh-key-v1", sizeof "openssh-key-v1");
  put_cstring (file, "none");
  put_cstring (file, "none");
  put_string (file, "", 0);
  put_u32 (file, 1);
  put_string (file, blob->data, blob->len);
  put_string (file, secret->data, secret->len);

  *private_key = pem_wrap (file->data, file->len);
  blob_b64 = g_base64_encode (blob->data, blob->len);
  *public_line = g_strdup_printf (KEY_TYPE " %s %s\n", blob_b64, comment);

  /* No copy of the secret outlives this call but the one returned. */
  gnutls_memset (seed_and_pk, 0, sizeof seed_and_pk);
  gnutls_memset (secret->data, 0, secret->len);
  gnutls_memset (file->data, 0, file->len);
  gnutls_memset (k.data, 0, k.size);
  gnutls_free (k.data);
  gnutls_free (x.data);
  gnutls_privkey_deinit (key);

  return TRUE;
}
