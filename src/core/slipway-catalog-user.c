/* slipway-catalog-user.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The user's own images: the catalog entries they added, kept in a key file
 * (slipway_catalog_user_file()). The catalog from libosinfo, the image
 * helpers and the checksums are in slipway-catalog.c.
 */

#include "config.h"

#include <errno.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "slipway-catalog.h"
#include "slipway-catalog-private.h"
#include "slipway-error.h"
#include "slipway-fileutil-private.h"
#include "slipway-host.h"
#include "slipway-paths.h"

/* Adds and removes read, change and write the user file: one at a time, as
 * they may run in worker threads. */
static GMutex user_file_lock;

static char *
user_image_id (const SlipwayCatalogImage *image)
{
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256,
                                                           image->url != NULL ? image->url : image->path,
                                                           -1);
  digest[16] = '\0';

  return g_strdup_printf ("user:%s", digest);
}

static GKeyFile *
load_user_key_file (GError **error)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autofree char *path = slipway_catalog_user_file ();
  g_autoptr(GError) local_error = NULL;

  if (!g_key_file_load_from_file (key_file, path, G_KEY_FILE_KEEP_COMMENTS, &local_error) &&
      !g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_IMAGE,
                   /* Translators: %s is a file name, then an error message */
                   _("Could not read your images from %s: %s"), display, local_error->message);
      return NULL;
    }

  return g_steal_pointer (&key_file);
}

/**
 * slipway_catalog_load_user_images:
 *
 * Returns: (transfer container) (element-type SlipwayCatalogImage): the
 *   images the user added, in the order they were added
 */
GPtrArray *
slipway_catalog_load_user_images (GError **error)
{
  g_autoptr(GKeyFile) key_file = load_user_key_file (error);
  g_autoptr(GPtrArray) images = NULL;
  g_auto(GStrv) groups = NULL;

  if (key_file == NULL)
    return NULL;

  images = g_ptr_array_new_with_free_func ((GDestroyNotify)slipway_catalog_image_free);
  groups = g_key_file_get_groups (key_file, NULL);

  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_autoptr(SlipwayCatalogImage) image = slipway_catalog_image_new ();
      const char *source = NULL;

      image->id = g_strdup (groups[i]);
      image->title = g_key_file_get_string (key_file, groups[i], "title", NULL);
      image->url = g_key_file_get_string (key_file, groups[i], "url", NULL);
      image->path = g_key_file_get_string (key_file, groups[i], "path", NULL);
      image->checksum_url = g_key_file_get_string (key_file, groups[i], "checksum-url", NULL);
      image->distro = g_key_file_get_string (key_file, groups[i], "distro", NULL);
      image->user = g_key_file_get_string (key_file, groups[i], "user", NULL);
      image->format = g_key_file_get_string (key_file, groups[i], "format", NULL);
      image->is_user = TRUE;
      image->arch = slipway_image_guess_arch (image->path != NULL ? image->path
                                              : image->url != NULL ? image->url : "");

      if ((image->url == NULL) == (image->path == NULL))
        continue;   /* neither or both: not ours to guess */

      if (image->title == NULL)
        image->title = g_path_get_basename (image->url != NULL ? image->url : image->path);
      if (image->format == NULL)
        image->format = g_strdup ("qcow2");
      if (image->user == NULL)
        {
          image->user = g_strdup (slipway_catalog_default_user (image->distro, &source));
          image->user_source = g_strdup (source);
        }
      else
        {
          image->user_source = g_strdup (_("As you added the image"));
        }

      g_ptr_array_add (images, g_steal_pointer (&image));
    }

  return g_steal_pointer (&images);
}

static gboolean
save_user_key_file (GKeyFile  *key_file,
                    GError   **error)
{
  g_autofree char *path = slipway_catalog_user_file ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *data = g_key_file_to_data (key_file, NULL, NULL);

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (dir);

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   /* Translators: %s is a folder, then the reason */
                   _("Could not create %s: %s"), display, g_strerror (saved_errno));
      return FALSE;
    }

  return slipway_write_file_atomic (path, data, -1, 0644, error);
}

/**
 * slipway_catalog_add_user_image:
 * @image: an image with a URL or a path; its id is ignored
 *
 * Keeps @image in the user's catalog. Adding the same URL or path again
 * replaces the earlier entry.
 */
gboolean
slipway_catalog_add_user_image (const SlipwayCatalogImage  *image,
                                GError                    **error)
{
  g_autoptr(GKeyFile) key_file = NULL;
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *id = NULL;

  g_return_val_if_fail (image != NULL, FALSE);
  g_return_val_if_fail ((image->url == NULL) != (image->path == NULL), FALSE);

  if (image->url != NULL && !_slipway_catalog_is_usable_url (image->url))
    {
      g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_IMAGE,
                   /* Translators: %s is a URL */
                   _("“%s” is not the address of a disk image: use an http:// or https:// "
                     "address of a qcow2 or raw image, not of an archive."),
                   image->url);
      return FALSE;
    }

  locker = g_mutex_locker_new (&user_file_lock);
  key_file = load_user_key_file (error);
  if (key_file == NULL)
    return FALSE;

  id = user_image_id (image);
  g_key_file_remove_group (key_file, id, NULL);

#define SET(key, value) G_STMT_START { if ((value) != NULL) g_key_file_set_string (key_file, id, key, value); } G_STMT_END
  SET ("title", image->title);
  SET ("url", image->url);
  SET ("path", image->path);
  SET ("checksum-url", image->checksum_url);
  SET ("distro", image->distro);
  SET ("user", image->user);
  SET ("format", image->format);
#undef SET

  return save_user_key_file (key_file, error);
}

static void
add_user_image_worker (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (!slipway_catalog_add_user_image (task_data, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * slipway_catalog_add_user_image_async:
 * @image: as for slipway_catalog_add_user_image(); copied
 * @cancellable: (nullable): a #GCancellable, checked before the write
 * @callback: called on the thread-default main context of the caller
 * @user_data: data for @callback
 *
 * Runs slipway_catalog_add_user_image() in a worker thread: the write is
 * atomic and synced to disk, which can take long on a busy disk.
 */
void
slipway_catalog_add_user_image_async (const SlipwayCatalogImage *image,
                                      GCancellable              *cancellable,
                                      GAsyncReadyCallback        callback,
                                      gpointer                   user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (image != NULL);
  g_return_if_fail ((image->url == NULL) != (image->path == NULL));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, slipway_catalog_add_user_image_async);
  g_task_set_task_data (task, slipway_catalog_image_copy (image),
                        (GDestroyNotify)slipway_catalog_image_free);
  g_task_run_in_thread (task, add_user_image_worker);
}

gboolean
slipway_catalog_add_user_image_finish (GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        slipway_catalog_add_user_image_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
slipway_catalog_remove_user_image (const char  *id,
                                   GError     **error)
{
  g_autoptr(GKeyFile) key_file = NULL;
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (id != NULL, FALSE);

  locker = g_mutex_locker_new (&user_file_lock);
  key_file = load_user_key_file (error);
  if (key_file == NULL)
    return FALSE;

  if (!g_key_file_remove_group (key_file, id, NULL))
    return TRUE;

  return save_user_key_file (key_file, error);
}
