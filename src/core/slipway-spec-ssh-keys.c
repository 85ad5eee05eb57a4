/* slipway-spec-ssh-keys.c: the extra SSH public keys of a cluster file
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "slipway-problem.h"
#include "slipway-spec.h"
#include "slipway-spec-private.h"

typedef enum
{
  SSH_KEY_OK,
  SSH_KEY_PRIVATE,
  SSH_KEY_PATH,
  SSH_KEY_NOT_A_KEY,
  SSH_KEY_DAMAGED,
} SshKeyStatus;

static gboolean
is_known_key_type (const char *type)
{
  return g_str_equal (type, "ssh-ed25519") ||
         g_str_equal (type, "ssh-rsa") ||
         (g_str_has_prefix (type, "ecdsa-sha2-") && type[strlen ("ecdsa-sha2-")] != '\0') ||
         (g_str_has_prefix (type, "sk-") && type[strlen ("sk-")] != '\0');
}

static guint32
read_be32 (const guchar *p)
{
  return ((guint32)p[0] << 24) | ((guint32)p[1] << 16) | ((guint32)p[2] << 8) | (guint32)p[3];
}

/* A public key line is "TYPE BASE64 [COMMENT]", and the decoded BASE64
 * starts with TYPE again as an SSH string (32-bit big-endian length, then
 * the bytes). Checking that catches keys cut short when pasting. */
static SshKeyStatus
check_ssh_key (const char *key)
{
  g_auto(GStrv) fields = NULL;
  g_autofree guchar *blob = NULL;
  const char *type = NULL;
  const char *data = NULL;
  gsize data_len;
  gsize blob_len = 0;
  guint32 type_len;
  guint32 second_len = 0;
  guint n_strings = 0;

  if (strstr (key, "PRIVATE KEY") != NULL)
    return SSH_KEY_PRIVATE;

  if (strchr (key, ' ') == NULL && strchr (key, '\t') == NULL &&
      (key[0] == '/' || key[0] == '~' || key[0] == '.' || g_str_has_suffix (key, ".pub")))
    return SSH_KEY_PATH;

  fields = g_strsplit_set (key, " \t", -1);
  for (guint i = 0; fields[i] != NULL; i++)
    {
      if (fields[i][0] == '\0')
        continue;
      if (type == NULL)
        type = fields[i];
      else
        {
          data = fields[i];
          break;
        }
    }

  if (type == NULL || !is_known_key_type (type))
    return SSH_KEY_NOT_A_KEY;

  if (data == NULL)
    return SSH_KEY_DAMAGED;

  data_len = strlen (data);
  if (data_len % 4 != 0 || strspn (data, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                         "0123456789+/=") != data_len)
    return SSH_KEY_DAMAGED;

  blob = g_base64_decode (data, &blob_len);
  if (blob_len < 4)
    return SSH_KEY_DAMAGED;

  type_len = read_be32 (blob);
  if (type_len != strlen (type) || blob_len < 4 + (gsize)type_len ||
      memcmp (blob + 4, type, type_len) != 0)
    return SSH_KEY_DAMAGED;

  /* Every public key blob is a sequence of SSH strings (and mpints, which
   * have the same framing) that fills it exactly: the type, then at least
   * one more. A key cut short breaks the framing. */
  for (gsize pos = 0; pos < blob_len; n_strings++)
    {
      guint32 len;

      if (blob_len - pos < 4)
        return SSH_KEY_DAMAGED;
      len = read_be32 (blob + pos);
      pos += 4;
      if (len > blob_len - pos)
        return SSH_KEY_DAMAGED;
      if (n_strings == 1)
        second_len = len;
      pos += len;
    }

  if (n_strings < 2)
    return SSH_KEY_DAMAGED;

  if (g_str_equal (type, "ssh-ed25519") && second_len != 32)
    return SSH_KEY_DAMAGED;

  return SSH_KEY_OK;
}

/* Part of slipway_spec_validate(): every key of “ssh-authorized-keys” is an
 * OpenSSH public key line. */
void
_slipway_spec_validate_ssh_keys (const SlipwaySpec *spec,
                                 GPtrArray         *problems)
{
  for (guint i = 0; spec->ssh_authorized_keys != NULL && spec->ssh_authorized_keys[i]; i++)
    {
      const char *key = spec->ssh_authorized_keys[i];
      g_autofree char *quoted = _slipway_spec_quote_value (key);

      switch (check_ssh_key (key))
        {
        case SSH_KEY_OK:
          break;

        case SSH_KEY_PRIVATE:
          _slipway_spec_add_problem (problems,
                       slipway_problem_new (GROUP_CLUSTER, KEY_SSH_KEYS, FALSE,
                                            /* Translators: %s is the start of the value */
                                            _("“%s” is a private key: remove it from this file "
                                              "and keep it secret. Write the public key instead, "
                                              "the line in the “.pub” file."),
                                            quoted));
          break;

        case SSH_KEY_PATH:
          _slipway_spec_add_problem (problems,
                       slipway_problem_new (GROUP_CLUSTER, KEY_SSH_KEYS, FALSE,
                                            /* Translators: %s is the value from the file */
                                            _("“%s” looks like a file name: write the key "
                                              "itself, the line inside the “.pub” file."),
                                            quoted));
          break;

        case SSH_KEY_NOT_A_KEY:
          _slipway_spec_add_problem (problems,
                       slipway_problem_new (GROUP_CLUSTER, KEY_SSH_KEYS, FALSE,
                                            /* Translators: %s is the value from the file;
                                             * key types are keywords */
                                            _("“%s” is not an OpenSSH public key: write a line "
                                              "like “ssh-ed25519 AAAA… you@host”, of type "
                                              "ssh-ed25519, ssh-rsa, ecdsa-sha2-* or sk-*."),
                                            quoted));
          break;

        case SSH_KEY_DAMAGED:
        default:
          _slipway_spec_add_problem (problems,
                       slipway_problem_new (GROUP_CLUSTER, KEY_SSH_KEYS, FALSE,
                                            /* Translators: %s is the value from the file */
                                            _("“%s” is damaged: its data does not decode to a "
                                              "key of its type. Copy the whole line of the "
                                              "“.pub” file again."),
                                            quoted));
          break;
        }
    }
}
