/* slipway-password.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <crypt.h>
#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "slipway-password.h"

/**
 * slipway_password_hash_is_valid:
 * @hash: (nullable): a string from a cluster file
 *
 * Whether @hash looks like a crypt(3) hash that /etc/shadow can hold:
 * `$id$…` (SHA-512 `$6$`, SHA-256 `$5$`, yescrypt `$y$`…), only the
 * characters crypt uses. A plain password never passes.
 *
 * Returns: %TRUE if @hash can be used as a password hash
 */
gboolean
slipway_password_hash_is_valid (const char *hash)
{
  static const char * const prefixes[] = { "$6$", "$5$", "$y$", "$gy$", "$7$", "$2b$", "$2y$" };
  gboolean known = FALSE;

  if (hash == NULL || strlen (hash) < 20)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      if (g_str_has_prefix (hash, prefixes[i]))
        known = TRUE;
    }
  if (!known)
    return FALSE;

  for (const char *p = hash; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && strchr ("./$=,-", *p) == NULL)
        return FALSE;
    }

  return TRUE;
}

/**
 * slipway_hash_password:
 * @password: a password
 * @error: return location for a #GError
 *
 * Hashes @password with crypt(3), SHA-512 (`$6$`) and a random salt from
 * the system's random source, for /etc/shadow. The password itself is
 * never stored anywhere.
 *
 * Returns: (transfer full): the hash, or %NULL with @error set
 */
char *
slipway_hash_password (const char  *password,
                       GError     **error)
{
  g_autofree struct crypt_data *data = NULL;
  char salt[CRYPT_GENSALT_OUTPUT_SIZE];
  const char *hash;
  char *result;

  g_return_val_if_fail (password != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (password[0] == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The password is empty."));
      return NULL;
    }

  /* No random bytes given: libxcrypt reads them from the kernel. */
  if (crypt_gensalt_rn ("$6$", 0, NULL, 0, salt, sizeof salt) == NULL)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   /* Translators: %s is the system's error message */
                   _("Could not hash the password: %s"), g_strerror (saved_errno));
      return NULL;
    }

  data = g_new0 (struct crypt_data, 1);
  hash = crypt_r (password, salt, data);
  if (hash == NULL || !g_str_has_prefix (hash, "$6$"))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("Could not hash the password: the system’s crypt() refused it."));
      return NULL;
    }

  result = g_strdup (hash);
  explicit_bzero (data, sizeof *data);

  return result;
}

static void
clear_password (gpointer data)
{
  char *password = data;

  explicit_bzero (password, strlen (password));
  g_free (password);
}

static void
hash_password_worker (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  GError *error = NULL;
  char *hash;

  if (g_task_return_error_if_cancelled (task))
    return;

  hash = slipway_hash_password (task_data, &error);
  if (hash == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, hash, g_free);
}

/**
 * slipway_hash_password_async:
 * @password: a password
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context of the caller
 * @user_data: data for @callback
 *
 * Hashes @password as slipway_hash_password() does, in a worker thread:
 * SHA-512 crypt is slow on purpose and must not run on a main loop.
 */
void
slipway_hash_password_async (const char          *password,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (password != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, slipway_hash_password_async);
  g_task_set_task_data (task, g_strdup (password), clear_password);
  g_task_run_in_thread (task, hash_password_worker);
}

/**
 * slipway_hash_password_finish:
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the hash, or %NULL with @error set
 */
char *
slipway_hash_password_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == slipway_hash_password_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
