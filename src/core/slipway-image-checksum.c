/* slipway-image-checksum.c: the SHA-256 of an image file, remembered by the
 * file's identity
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "slipway-fileutil-private.h"
#include "slipway-image-checksum-private.h"

/* A create names the pool's base volume by the image's checksum, so that
 * the same image is uploaded once. Reading a whole image for it costs a
 * third of a second for a 150 MB test image and seconds for a large one,
 * at every create: the checksum is kept in $XDG_CACHE_HOME/slipway and
 * used again while the file is the very same, as git's index and make do
 * it. The stamp holds the change time, which no program can set back: a
 * file written to since has another stamp, even with its size and
 * modification time restored. */

#define CACHE_FILE_NAME "image-checksums"
#define MAX_ENTRIES     64

/* How long ago a file must have changed for its checksum to be kept; the
 * tests set it to 0 for the files they have just written. */
gint64 _slipway_image_checksum_settle_usec = 3 * G_USEC_PER_SEC;

static char *
cache_path (void)
{
  return g_build_filename (g_get_user_cache_dir (), "slipway", CACHE_FILE_NAME, NULL);
}

/* Group names are the path's own checksum: a path may hold "[" or "]". */
static char *
group_name (const char *path)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, path, -1);
}

/**
 * _slipway_image_checksum_stamp:
 * @st: what fstat() said of the open image
 *
 * Returns: (transfer full): the file's identity: device, inode, size,
 *   modification and change times to the nanosecond
 */
char *
_slipway_image_checksum_stamp (const struct stat *st)
{
  return g_strdup_printf ("%ju:%ju:%jd:%jd.%09ld:%jd.%09ld",
                          (uintmax_t)st->st_dev, (uintmax_t)st->st_ino, (intmax_t)st->st_size,
                          (intmax_t)st->st_mtim.tv_sec, st->st_mtim.tv_nsec,
                          (intmax_t)st->st_ctim.tv_sec, st->st_ctim.tv_nsec);
}

/**
 * _slipway_image_checksum_is_settled:
 * @st: what fstat() said of the image before it was read
 * @read_start: the real time (g_get_real_time()) when reading began
 *
 * A file system whose times are coarse (a second or two) gives a file
 * rewritten within the same tick the same stamp: a checksum is kept only
 * for a file last changed well before it was read, as git does with its
 * index.
 *
 * Returns: whether a checksum reckoned from @read_start on may be kept
 */
gboolean
_slipway_image_checksum_is_settled (const struct stat *st,
                                    gint64             read_start)
{
  gint64 changed = MAX ((gint64)st->st_mtim.tv_sec * G_USEC_PER_SEC + st->st_mtim.tv_nsec / 1000,
                        (gint64)st->st_ctim.tv_sec * G_USEC_PER_SEC + st->st_ctim.tv_nsec / 1000);

  return changed + _slipway_image_checksum_settle_usec <= read_start;
}

/**
 * _slipway_image_checksum_lookup:
 * @path: the image's absolute path
 * @stamp: its stamp now
 *
 * Returns: (transfer full) (nullable): the SHA-256 remembered for @path
 *   with the same @stamp, else %NULL
 */
char *
_slipway_image_checksum_lookup (const char *path,
                                const char *stamp)
{
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autofree char *file = cache_path ();
  g_autofree char *group = group_name (path);
  g_autofree char *stored_path = NULL;
  g_autofree char *stored_stamp = NULL;
  g_autofree char *checksum = NULL;

  if (!g_key_file_load_from_file (keys, file, G_KEY_FILE_NONE, NULL))
    return NULL;

  stored_path = g_key_file_get_string (keys, group, "path", NULL);
  stored_stamp = g_key_file_get_string (keys, group, "stamp", NULL);
  checksum = g_key_file_get_string (keys, group, "sha256", NULL);
  if (g_strcmp0 (stored_path, path) != 0 || g_strcmp0 (stored_stamp, stamp) != 0 ||
      checksum == NULL || strlen (checksum) != 64 ||
      strspn (checksum, "0123456789abcdef") != 64)
    return NULL;

  return g_steal_pointer (&checksum);
}

/* Past MAX_ENTRIES the oldest go. The files are not looked at: one on a
 * network mount that hangs must not hold up a create of another image. */
static void
prune (GKeyFile *keys)
{
  g_auto(GStrv) groups = g_key_file_get_groups (keys, NULL);
  gsize n = g_strv_length (groups);

  for (gsize i = 0; i + MAX_ENTRIES <= n; i++)
    g_key_file_remove_group (keys, groups[i], NULL);
}

/**
 * _slipway_image_checksum_remember:
 * @path: the image's absolute path
 * @stamp: its stamp, the same before and after @checksum was reckoned
 * @checksum: its SHA-256, lowercase hex
 *
 * Keeps @checksum for the next create. A cache that cannot be written
 * costs only the time of reading the image again: not an error. The
 * caller keeps nothing for a file changed just before it was read (see
 * _slipway_image_checksum_is_settled()).
 */
void
_slipway_image_checksum_remember (const char *path,
                                  const char *stamp,
                                  const char *checksum)
{
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *file = cache_path ();
  g_autofree char *dir = g_path_get_dirname (file);
  g_autofree char *group = group_name (path);
  g_autofree char *data = NULL;
  gsize len;

  /* A missing or damaged cache starts afresh. */
  g_key_file_load_from_file (keys, file, G_KEY_FILE_NONE, NULL);
  g_key_file_remove_group (keys, group, NULL);
  prune (keys);
  g_key_file_set_string (keys, group, "path", path);
  g_key_file_set_string (keys, group, "stamp", stamp);
  g_key_file_set_string (keys, group, "sha256", checksum);
  data = g_key_file_to_data (keys, &len, NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_debug ("Not keeping the image's checksum: %s: %s", dir, g_strerror (errno));
      return;
    }
  /* Several creates at once: each replaces the file whole; the last wins.
   * The paths of one's images are one's own business. */
  if (!slipway_write_file_atomic (file, data, len, 0600, &error))
    g_debug ("Not keeping the image's checksum: %s", error->message);
}
