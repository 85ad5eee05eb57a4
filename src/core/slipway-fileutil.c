/* slipway-fileutil.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "slipway-fileutil-private.h"

/* @format is a translated message with one "%s" for @path. Callers pass
 * literals only; -Wformat-nonliteral cannot see through the parameter. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static gboolean
set_errno_error (GError     **error,
                 int          saved_errno,
                 const char  *format,
                 const char  *path)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *message = g_strdup_printf (format, display);

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               "%s: %s", message, g_strerror (saved_errno));
  return FALSE;
}
#pragma GCC diagnostic pop

/* Makes @path mode 0700 if it is looser; it must be our own folder. */
static gboolean
make_dir_private (const char  *path,
                  GError     **error)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    return set_errno_error (error, errno, _("Could not read the folder “%s”"), path);

  if (!S_ISDIR (st.st_mode))
    return set_errno_error (error, ENOTDIR, _("Could not use the folder “%s”"), path);

  if (st.st_uid != getuid ())
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   _("The folder “%s” belongs to another user"), display);
      return FALSE;
    }

  if ((st.st_mode & 07777) != 0700 && g_chmod (path, 0700) != 0)
    return set_errno_error (error, errno,
                            _("Could not make the folder “%s” private"), path);

  return TRUE;
}

/**
 * slipway_ensure_private_dir:
 * @path: a folder
 * @error: return location for a #GError
 *
 * Creates @path and its parents (mode 0700 for any it creates), then makes
 * sure @path is mode 0700. When @path is inside Slipway's data folder
 * (`$XDG_DATA_HOME/slipway`), every folder from that one down to @path is
 * made 0700 too, so `slipway/`, `clusters/` and `<cluster>/` are all
 * private even if they existed with looser modes.
 *
 * Returns: %TRUE on success
 */
gboolean
slipway_ensure_private_dir (const char  *path,
                            GError     **error)
{
  g_autofree char *top = NULL;
  g_autofree char *current = NULL;
  gsize top_len;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_mkdir_with_parents (path, 0700) != 0)
    return set_errno_error (error, errno, _("Could not create the folder “%s”"), path);

  top = g_build_filename (g_get_user_data_dir (), "slipway", NULL);
  top_len = strlen (top);

  if (strncmp (path, top, top_len) != 0 ||
      (path[top_len] != '\0' && path[top_len] != G_DIR_SEPARATOR))
    return make_dir_private (path, error);

  /* Walk down from slipway/ to @path, one component at a time. */
  current = g_strdup (top);
  if (!make_dir_private (current, error))
    return FALSE;

  for (const char *p = path + top_len; *p != '\0';)
    {
      const char *end;
      char *next;

      while (*p == G_DIR_SEPARATOR)
        p++;
      if (*p == '\0')
        break;
      end = strchr (p, G_DIR_SEPARATOR);
      if (end == NULL)
        end = p + strlen (p);

      next = g_strdup_printf ("%s" G_DIR_SEPARATOR_S "%.*s", current, (int)(end - p), p);
      g_free (current);
      current = next;

      if (!make_dir_private (current, error))
        return FALSE;
      p = end;
    }

  return TRUE;
}

gboolean
_slipway_write_all (int          fd,
           const char  *contents,
           gsize        length)
{
  while (length > 0)
    {
      gssize n = write (fd, contents, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      contents += n;
      length -= n;
    }

  return TRUE;
}

/* fsync() the folder so the rename survives a crash; best effort. */
void
_slipway_sync_parent_dir (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
}

/**
 * slipway_write_file_atomic:
 * @path: the file to write
 * @contents: the bytes to write
 * @length: the length of @contents, or -1 if it is a nul-terminated string
 * @mode: the permission bits @path gets, for example 0644
 * @error: return location for a #GError
 *
 * Replaces @path atomically: the data goes to a new file in the same folder,
 * created (`O_CREAT | O_EXCL`) with @mode from the start, synced to disk,
 * then renamed over @path. Readers see the old file or the new one, never
 * a part, and the file never has looser permissions than @mode.
 *
 * Returns: %TRUE on success
 */
gboolean
slipway_write_file_atomic (const char  *path,
                           const char  *contents,
                           gssize       length,
                           guint        mode,
                           GError     **error)
{
  g_autofree char *tmp_path = NULL;
  int saved_errno;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (contents != NULL || length == 0, FALSE);
  g_return_val_if_fail ((mode & ~0777u) == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (length < 0)
    length = strlen (contents);

  /* Hidden, and in the same folder so that rename() is atomic. */
  {
    g_autofree char *dir = g_path_get_dirname (path);
    g_autofree char *base = g_path_get_basename (path);
    g_autofree char *tmp_name = g_strdup_printf (".%s.XXXXXX", base);

    tmp_path = g_build_filename (dir, tmp_name, NULL);
  }

  /* g_mkstemp_full() opens with O_CREAT | O_EXCL and this mode. */
  fd = g_mkstemp_full (tmp_path, O_RDWR | O_CLOEXEC, mode);
  if (fd < 0)
    return set_errno_error (error, errno, _("Could not create the file “%s”"), path);

  /* The umask may have removed bits; set exactly @mode, still before any
   * byte is written. */
  if (fchmod (fd, mode) != 0 ||
      !_slipway_write_all (fd, contents, length) ||
      fsync (fd) != 0)
    {
      saved_errno = errno;
      close (fd);
      g_unlink (tmp_path);
      return set_errno_error (error, saved_errno, _("Could not write the file “%s”"), path);
    }

  if (close (fd) != 0)
    {
      saved_errno = errno;
      g_unlink (tmp_path);
      return set_errno_error (error, saved_errno, _("Could not write the file “%s”"), path);
    }

  if (g_rename (tmp_path, path) != 0)
    {
      saved_errno = errno;
      g_unlink (tmp_path);
      return set_errno_error (error, saved_errno, _("Could not write the file “%s”"), path);
    }

  _slipway_sync_parent_dir (path);

  return TRUE;
}

/**
 * slipway_write_secret_file:
 * @path: the file to write
 * @contents: the bytes to write
 * @length: the length of @contents, or -1 if it is a nul-terminated string
 * @error: return location for a #GError
 *
 * Like slipway_write_file_atomic() with mode 0600: the file is never
 * readable by anyone but its owner, not even for a moment.
 *
 * Returns: %TRUE on success
 */
gboolean
slipway_write_secret_file (const char  *path,
                           const char  *contents,
                           gssize       length,
                           GError     **error)
{
  return slipway_write_file_atomic (path, contents, length, 0600, error);
}
