/* slipway-user-keys.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The public keys of the person using Slipway, read from ~/.ssh, to let
 * them log in to nodes. The cluster's own keys are in slipway-keys.c.
 */

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "slipway-error.h"
#include "slipway-user-keys.h"

G_DEFINE_BOXED_TYPE (SlipwayUserKey, slipway_user_key, slipway_user_key_copy, slipway_user_key_free)

SlipwayUserKey *
slipway_user_key_copy (const SlipwayUserKey *key)
{
  SlipwayUserKey *copy;

  g_return_val_if_fail (key != NULL, NULL);

  copy = g_new0 (SlipwayUserKey, 1);
  copy->path = g_strdup (key->path);
  copy->file_name = g_strdup (key->file_name);
  copy->key = g_strdup (key->key);
  copy->type = g_strdup (key->type);
  copy->comment = g_strdup (key->comment);

  return copy;
}

void
slipway_user_key_free (SlipwayUserKey *key)
{
  if (key == NULL)
    return;

  g_free (key->path);
  g_free (key->file_name);
  g_free (key->key);
  g_free (key->type);
  g_free (key->comment);
  g_free (key);
}

/* g_ptr_array_sort() passes pointers to the elements. */
static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

static SlipwayUserKey *
read_user_key (const char *dir_path,
               const char *file_name)
{
  g_autofree char *path = g_build_filename (dir_path, file_name, NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) fields = NULL;
  SlipwayUserKey *key;
  char *newline;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;

  newline = strchr (contents, '\n');
  if (newline != NULL)
    *newline = '\0';
  g_strstrip (contents);
  if (contents[0] == '\0')
    return NULL;

  fields = g_strsplit_set (contents, " \t", 3);

  key = g_new0 (SlipwayUserKey, 1);
  key->path = g_steal_pointer (&path);
  key->file_name = g_strdup (file_name);
  key->type = g_strdup (fields[0]);
  if (fields[0] != NULL && fields[1] != NULL && fields[2] != NULL)
    key->comment = g_strstrip (g_strdup (fields[2]));
  key->key = g_steal_pointer (&contents);

  return key;
}

/**
 * slipway_keys_list_user_public_keys:
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads the public keys in the user's `~/.ssh` (every `*.pub` file, by
 * name), for people to pick the ones that may log in to the nodes. A
 * missing folder, an unreadable or empty file is no error: it is skipped.
 * This reads files: call it in a thread, or use
 * slipway_keys_list_user_public_keys_async().
 *
 * Returns: (transfer container) (element-type SlipwayUserKey): the keys,
 *   sorted by file name, or %NULL if cancelled
 */
GPtrArray *
slipway_keys_list_user_public_keys (GCancellable  *cancellable,
                                    GError       **error)
{
  g_autofree char *dir_path = g_build_filename (g_get_home_dir (), ".ssh", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) keys = NULL;
  const char *name;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".pub"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  keys = g_ptr_array_new_with_free_func ((GDestroyNotify)slipway_user_key_free);
  for (guint i = 0; i < names->len; i++)
    {
      SlipwayUserKey *key;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      key = read_user_key (dir_path, g_ptr_array_index (names, i));
      if (key != NULL)
        g_ptr_array_add (keys, key);
    }

  return g_steal_pointer (&keys);
}

static void
list_user_keys_worker (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *keys = slipway_keys_list_user_public_keys (cancellable, &error);

  if (keys == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, keys, (GDestroyNotify)g_ptr_array_unref);
}

/**
 * slipway_keys_list_user_public_keys_async:
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context of the caller
 * @user_data: data for @callback
 *
 * Runs slipway_keys_list_user_public_keys() in a worker thread.
 */
void
slipway_keys_list_user_public_keys_async (GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, slipway_keys_list_user_public_keys_async);
  g_task_run_in_thread (task, list_user_keys_worker);
}

/**
 * slipway_keys_list_user_public_keys_finish:
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type SlipwayUserKey): the keys,
 *   sorted by file name, or %NULL with @error set
 */
GPtrArray *
slipway_keys_list_user_public_keys_finish (GAsyncResult  *result,
                                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        slipway_keys_list_user_public_keys_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

