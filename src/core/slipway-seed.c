/* slipway-seed.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>

#include <glib/gi18n-lib.h>

/* libisofs.h uses the types above without including their headers, and gives
 * its copy of struct burn_source only to programs without libburn.h. */
#define LIBISOFS_WITHOUT_LIBBURN 1
#include <libisofs/libisofs.h>

#include "slipway-cloud-init.h"
#include "slipway-error.h"

/* The NoCloud datasource looks for a filesystem with this label. */
#define SEED_VOLUME_ID "cidata"

/* Every timestamp in the image, so that the same seed gives the same bytes.
 * The digits are the volume "uuid" libisofs writes as creation and
 * modification time (YYYYMMDDhhmmsscc, GMT); SEED_TIME is the same instant. */
#define SEED_TIME      ((time_t) 946684800)   /* 2000-01-01 00:00:00 UTC */
#define SEED_TIME_UUID "2000010100000000"

/* Bytes handed to read_xt() at a time; a multiple of the 2 KiB block. */
#define SEED_READ_CHUNK (32 * 2048)

/* libisofs keeps unlocked global state that every image touches (message and
 * stream serial counters, the list of live directory iterators, its charset),
 * and iso_finish() tears that state down under everyone's feet. So: initialise
 * once, never finish, and build one image at a time. A seed takes well under a
 * millisecond of CPU, so serialising costs nothing noticeable. */
static GMutex   isofs_lock;
static gboolean isofs_ready;

static void
set_isofs_error (GError     **error,
                 int          code,
                 const char  *what)
{
  g_debug ("libisofs failed at %s: %s (0x%x)", what, iso_error_to_msg (code), (guint)code);
  g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_SEED,
               /* Translators: %s is an error message from the libisofs library */
               _("Could not build the cloud-init seed image: %s"),
               iso_error_to_msg (code));
}

static gboolean
isofs_ensure_init (GError **error)
{
  int ret;

  if (isofs_ready)
    return TRUE;

  /* bit0: do not call setlocale(), which would change the whole process. */
  ret = iso_init_with_flag (1);
  if (ret < 0)
    {
      set_isofs_error (error, ret, "iso_init");
      return FALSE;
    }

  /* File names are ASCII, but say what they are rather than trusting the
   * locale libisofs did not set up. */
  iso_set_local_charset ((char *)"UTF-8", 0);

  isofs_ready = TRUE;
  return TRUE;
}

static gboolean
add_memory_file (IsoImage    *image,
                 const char  *name,
                 const char  *contents,
                 GError     **error)
{
  size_t length = strlen (contents);
  unsigned char *buffer;
  IsoStream *stream = NULL;
  IsoFile *file = NULL;
  int ret;

  /* The stream takes the buffer and releases it with free(), which is fine
   * for g_malloc() memory (GLib >= 2.46 always uses the system malloc).
   * Never less than one byte: a NULL buffer is refused. */
  buffer = g_malloc (MAX (length, 1));
  memcpy (buffer, contents, length);

  ret = iso_memory_stream_new (buffer, length, &stream);
  if (ret < 0)
    {
      g_free (buffer);
      set_isofs_error (error, ret, name);
      return FALSE;
    }

  ret = iso_image_add_new_file (image, iso_image_get_root (image), name, stream, &file);
  if (ret < 0)
    {
      /* The file did not take the reference. */
      iso_stream_unref (stream);
      set_isofs_error (error, ret, name);
      return FALSE;
    }

  iso_node_set_permissions ((IsoNode *)file, 0644);
  iso_node_set_uid ((IsoNode *)file, 0);
  iso_node_set_gid ((IsoNode *)file, 0);
  iso_node_set_mtime ((IsoNode *)file, SEED_TIME);
  iso_node_set_atime ((IsoNode *)file, SEED_TIME);
  iso_node_set_ctime ((IsoNode *)file, SEED_TIME);

  return TRUE;
}

static IsoWriteOpts *
new_write_opts (GError **error)
{
  char uuid[] = SEED_TIME_UUID;
  IsoWriteOpts *opts = NULL;
  int ret;

  ret = iso_write_opts_new (&opts, 0);
  if (ret < 0)
    {
      set_isofs_error (error, ret, "iso_write_opts_new");
      return NULL;
    }

  /* ISO level 3 plus Rock Ridge (what Linux mounts and cloud-init reads)
   * and Joliet: both keep "meta-data" and "user-data" exactly, lower case and
   * hyphen included. Joliet names also get no ";1" and no forced "." (bit1:
   * Joliet only), as xorriso does by default; the plain ISO 9660 names stay
   * standard ("META_DATA.;1"). */
  iso_write_opts_set_iso_level (opts, 3);
  iso_write_opts_set_rockridge (opts, 1);
  iso_write_opts_set_joliet (opts, 1);
  iso_write_opts_set_omit_version_numbers (opts, 2);
  iso_write_opts_set_no_force_dots (opts, 2);
  iso_write_opts_set_output_charset (opts, "UTF-8");

  /* Keep the label lower case, "cidata", as genisoimage -volid writes it;
   * libisofs would otherwise upper-case it. cloud-init 22.4 accepts both,
   * older releases and other tools look for the lower-case one. */
  iso_write_opts_set_relaxed_vol_atts (opts, 1);

  /* Fixed owner, modes and times: identical input, identical image. */
  iso_write_opts_set_replace_mode (opts, 2, 2, 2, 2);
  iso_write_opts_set_default_dir_mode (opts, 0755);
  iso_write_opts_set_default_file_mode (opts, 0644);
  iso_write_opts_set_default_uid (opts, 0);
  iso_write_opts_set_default_gid (opts, 0);
  iso_write_opts_set_replace_timestamps (opts, 2);
  iso_write_opts_set_default_timestamp (opts, SEED_TIME);
  iso_write_opts_set_always_gmt (opts, 1);
  iso_write_opts_set_pvd_times (opts, SEED_TIME, SEED_TIME, 0, 0, uuid);

  return opts;
}

/* Reads the whole image the writer thread produces. read_xt() either fills
 * the whole buffer or reports EOF (dropping a partial last piece), so ask
 * for exactly what is left; get_size() is known before writing starts. */
static GBytes *
read_burn_source (struct burn_source  *source,
                  GError             **error)
{
  g_autoptr(GByteArray) image = NULL;
  unsigned char eof_probe[2048];
  off_t expected = source->get_size (source);
  int status;

  if (expected <= 0 || expected > G_MAXUINT)
    {
      set_isofs_error (error, ISO_WRITE_ERROR, "size");
      return NULL;
    }

  image = g_byte_array_sized_new ((guint)expected);

  while (image->len < (guint)expected)
    {
      guint offset = image->len;
      int want = (int)MIN ((guint)expected - offset, SEED_READ_CHUNK);

      g_byte_array_set_size (image, offset + want);
      if (source->read_xt (source, image->data + offset, want) != want)
        {
          set_isofs_error (error, ISO_BUF_READ_ERROR, "read");
          return NULL;
        }
    }

  /* Wait for the writer to end, and make sure it ended well. */
  if (source->read_xt (source, eof_probe, sizeof eof_probe) != 0)
    {
      set_isofs_error (error, ISO_WRITE_ERROR, "size");
      return NULL;
    }

  status = iso_ring_buffer_get_status (source, NULL, NULL);
  if (status != 2)   /* 2: "ending", input has ended without error */
    {
      set_isofs_error (error, ISO_WRITE_ERROR, "write");
      return NULL;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&image));
}

/**
 * slipway_seed_iso_build:
 * @meta_data: the NoCloud `meta-data` file
 * @user_data: the NoCloud `user-data` file
 * @error: return location for a #GError
 *
 * Builds, in memory, an ISO 9660 image labelled `cidata` that holds the two
 * files at its root, with Rock Ridge and Joliet names. The same input always
 * gives the same bytes.
 *
 * Safe to call from any thread; calls are serialised (libisofs has unlocked
 * global state).
 *
 * Returns: (transfer full): the whole image, or %NULL with @error set
 *   (%SLIPWAY_ERROR_SEED)
 */
GBytes *
slipway_seed_iso_build (const char  *meta_data,
                        const char  *user_data,
                        GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  struct burn_source *source = NULL;
  IsoWriteOpts *opts = NULL;
  IsoImage *image = NULL;
  GBytes *bytes = NULL;
  int ret;

  g_return_val_if_fail (meta_data != NULL, NULL);
  g_return_val_if_fail (user_data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&isofs_lock);

  if (!isofs_ensure_init (error))
    return NULL;

  ret = iso_image_new (SEED_VOLUME_ID, &image);
  if (ret < 0)
    {
      set_isofs_error (error, ret, "iso_image_new");
      return NULL;
    }

  iso_node_set_permissions ((IsoNode *)iso_image_get_root (image), 0755);

  if (!add_memory_file (image, "meta-data", meta_data, error) ||
      !add_memory_file (image, "user-data", user_data, error))
    goto out;

  opts = new_write_opts (error);
  if (opts == NULL)
    goto out;

  /* This starts libisofs' writer thread. */
  ret = iso_image_create_burn_source (image, opts, &source);
  if (ret < 0)
    {
      set_isofs_error (error, ret, "iso_image_create_burn_source");
      goto out;
    }

  bytes = read_burn_source (source, error);

out:
  if (source != NULL)
    {
      /* Joins the writer thread if it still runs; there is no libburn here
       * to provide burn_source_free(), so free the struct ourselves. */
      source->free_data (source);
      free (source);
    }
  if (opts != NULL)
    iso_write_opts_free (opts);
  iso_image_unref (image);

  return bytes;
}
