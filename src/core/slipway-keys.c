/* slipway-keys.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <crypt.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "slipway.h"

#define CLUSTER_KEY_NAME   "id_ed25519"
#define CLUSTER_KEY_PUB    CLUSTER_KEY_NAME ".pub"
#define KEYGEN_DIR_PREFIX  ".keygen-"
/* Per node: HOST_KEY_PREFIX "control0" and the same with ".pub". */
#define HOST_KEY_PREFIX    "ssh_host_ed25519_key-"
#define KNOWN_HOSTS_NAME   "known_hosts"
#define SSH_CONFIG_NAME    "ssh_config"

/* Every file Slipway may write into a cluster's folder. Deleting a cluster
 * removes these and nothing else, so a file the user put there survives
 * (and keeps the folder). Whoever writes a new file there adds it here. */
static const char * const cluster_files[] = {
  CLUSTER_KEY_NAME,
  CLUSTER_KEY_PUB,
  KNOWN_HOSTS_NAME,
  "known_hosts.old",
  SSH_CONFIG_NAME,
};

/* ... and the files whose names are one of these and a node name, with or
 * without ".pub": the pinned host key pair of each node. */
static const char * const cluster_file_prefixes[] = {
  HOST_KEY_PREFIX,
};

static gboolean
is_safe_cluster_name (const char *cluster)
{
  return cluster != NULL &&
         cluster[0] != '\0' &&
         strchr (cluster, G_DIR_SEPARATOR) == NULL &&
         strcmp (cluster, ".") != 0 &&
         strcmp (cluster, "..") != 0;
}

/**
 * slipway_cluster_dir:
 * @cluster: a cluster name
 *
 * Returns: (transfer full): the folder holding the cluster's SSH key and
 *   trust files, `$XDG_DATA_HOME/slipway/clusters/<cluster>`
 */
char *
slipway_cluster_dir (const char *cluster)
{
  g_return_val_if_fail (is_safe_cluster_name (cluster), NULL);

  return g_build_filename (g_get_user_data_dir (), "slipway", "clusters", cluster, NULL);
}

/**
 * slipway_cluster_ssh_config:
 * @cluster: a cluster name
 *
 * The `ssh_config` of the cluster, for `ssh -F`: one `Host` per node, with
 * the cluster key and the pinned host keys.
 *
 * Returns: (transfer full): its path; the file may not exist yet
 */
char *
slipway_cluster_ssh_config (const char *cluster)
{
  g_autofree char *dir = slipway_cluster_dir (cluster);

  g_return_val_if_fail (dir != NULL, NULL);

  return g_build_filename (dir, "ssh_config", NULL);
}

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

static gboolean
write_all (int          fd,
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
static void
sync_parent_dir (const char *path)
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
      !write_all (fd, contents, length) ||
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

  sync_parent_dir (path);

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

static void
set_keys_error (GError     **error,
                const char  *cluster,
                const char  *reason)
{
  g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_KEYS,
               /* Translators: the first %s is a cluster name, the second
                * explains what went wrong */
               _("Could not create the SSH key for cluster “%s”: %s"),
               cluster, reason);
}

static void
set_keys_read_error (GError     **error,
                     const char  *cluster,
                     const char  *reason)
{
  g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_KEYS,
               /* Translators: the first %s is a cluster name, the second
                * explains what went wrong */
               _("Could not read the SSH key of cluster “%s”: %s"),
               cluster, reason);
}

/* Runs ssh-keygen with @args after the program name; returns its stdout.
 * ssh-keygen's stderr becomes the error message when it fails. */
static char *
run_ssh_keygen (const char * const  *args,
                GCancellable        *cancellable,
                GError             **error)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = NULL;
  g_autofree char *program = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  GError *local_error = NULL;

  program = g_find_program_in_path ("ssh-keygen");
  if (program == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("ssh-keygen is not installed. Install the openssh-client package."));
      return NULL;
    }

  argv = g_ptr_array_new ();
  g_ptr_array_add (argv, program);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *)args[i]);
  g_ptr_array_add (argv, NULL);

  /* An argv array, never a shell line. stdin is a pipe we close at once, so
   * ssh-keygen can never sit waiting for an answer. */
  process = g_subprocess_newv ((const char * const *)argv->pdata,
                               (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                G_SUBPROCESS_FLAGS_STDERR_PIPE),
                               error);
  if (process == NULL)
    return NULL;

  if (!g_subprocess_communicate_utf8 (process, NULL, cancellable, &out, &err, &local_error))
    {
      /* Cancelled (or broken pipes): don't leave ssh-keygen running. */
      g_subprocess_force_exit (process);
      g_subprocess_wait (process, NULL, NULL);
      g_propagate_error (error, local_error);
      return NULL;
    }

  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    {
      g_strstrip (err);
      if (err[0] == '\0')
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                             _("ssh-keygen failed"));
      else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     /* Translators: %s is ssh-keygen's own error message */
                     _("ssh-keygen failed: %s"), err);
      return NULL;
    }

  return out != NULL ? g_steal_pointer (&out) : g_strdup ("");
}

/* The first line of @text, without trailing white space; NULL if that is
 * not a public key line ("type base64 [comment]"). */
static char *
parse_public_key (const char *text)
{
  g_autofree char *line = g_strndup (text, strcspn (text, "\n"));

  g_strstrip (line);
  if (line[0] == '\0' || strchr (line, ' ') == NULL)
    return NULL;

  return g_steal_pointer (&line);
}

/* Reads an existing key pair; if the public half is missing, derives it
 * from the private key and writes it back. Errors carry the bare reason
 * (or G_IO_ERROR_CANCELLED); callers say which key it is about. */
static gboolean
load_key_pair (const char    *private_path,
               const char    *public_path,
               char         **public_key,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *line = NULL;
  GStatBuf st;

  /* ssh refuses a private key others can read. */
  if (g_stat (private_path, &st) == 0 &&
      (st.st_mode & 0077) != 0 &&
      g_chmod (private_path, 0600) != 0)
    {
      int saved_errno = errno;

      g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                           g_strerror (saved_errno));
      return FALSE;
    }

  if (g_file_get_contents (public_path, &contents, NULL, &local_error))
    {
      line = parse_public_key (contents);
      if (line == NULL)
        {
          g_autofree char *display = g_filename_display_name (public_path);

          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       /* Translators: %s is a file name */
                       _("“%s” is damaged: it holds no public key"),
                       display);
          return FALSE;
        }
    }
  else if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      const char *args[] = { "-y", "-f", private_path, NULL };
      g_autofree char *derived = NULL;
      g_autofree char *with_newline = NULL;

      g_clear_error (&local_error);
      derived = run_ssh_keygen (args, cancellable, &local_error);
      line = derived != NULL ? parse_public_key (derived) : NULL;
      if (line == NULL)
        {
          if (local_error != NULL)
            g_propagate_error (error, g_steal_pointer (&local_error));
          else
            g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                                 _("ssh-keygen printed no public key"));
          return FALSE;
        }

      with_newline = g_strconcat (line, "\n", NULL);
      if (!slipway_write_file_atomic (public_path, with_newline, -1, 0644, error))
        return FALSE;
    }
  else
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (public_key != NULL)
    *public_key = g_steal_pointer (&line);

  return TRUE;
}

static gboolean
load_cluster_key (const char    *cluster,
                  const char    *private_path,
                  const char    *public_path,
                  char         **public_key,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  if (load_key_pair (private_path, public_path, public_key, cancellable, &local_error))
    return TRUE;

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    set_keys_read_error (error, cluster, local_error->message);

  return FALSE;
}

static void
remove_keygen_dir (const char *tmp_dir)
{
  g_autofree char *key = g_build_filename (tmp_dir, "key", NULL);
  g_autofree char *pub = g_build_filename (tmp_dir, "key.pub", NULL);

  g_unlink (key);
  g_unlink (pub);
  g_rmdir (tmp_dir);
}

static void
set_errno_reason (GError **error,
                  int      saved_errno)
{
  g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       g_strerror (saved_errno));
}

/* Generates a key pair in a private folder next to the final place, then
 * moves it in: the private half first, without replacing an existing one,
 * then the public half. A private key in place is thus the truth: if the
 * public half is missing (a crash in between), load_cluster_key() derives
 * it. When two processes race, the first private key in place wins and the
 * other one reads it. */
static gboolean
generate_key_pair (const char    *dir,
                   const char    *private_path,
                   const char    *public_path,
                   const char    *comment,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *tmp_dir = NULL;
  g_autofree char *tmp_key = NULL;
  g_autofree char *tmp_pub = NULL;
  g_autofree char *out = NULL;
  int saved_errno;

  tmp_dir = g_build_filename (dir, KEYGEN_DIR_PREFIX "XXXXXX", NULL);
  if (g_mkdtemp_full (tmp_dir, 0700) == NULL)
    {
      saved_errno = errno;
      set_errno_reason (error, saved_errno);
      return FALSE;
    }

  tmp_key = g_build_filename (tmp_dir, "key", NULL);
  tmp_pub = g_build_filename (tmp_dir, "key.pub", NULL);

  {
    const char *args[] = { "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", tmp_key, NULL };

    out = run_ssh_keygen (args, cancellable, &local_error);
  }

  if (out == NULL)
    {
      remove_keygen_dir (tmp_dir);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (g_chmod (tmp_key, 0600) != 0 || g_chmod (tmp_pub, 0644) != 0)
    {
      saved_errno = errno;
      remove_keygen_dir (tmp_dir);
      set_errno_reason (error, saved_errno);
      return FALSE;
    }

  /* We only get here without a private key, so a public key in place is a
   * stale leftover: drop it first, so a crash below leaves no mismatched
   * pair, only a missing public half that load_cluster_key() derives. */
  if (g_unlink (public_path) != 0 && errno != ENOENT)
    {
      saved_errno = errno;
      remove_keygen_dir (tmp_dir);
      set_errno_reason (error, saved_errno);
      return FALSE;
    }

  /* link() fails with EEXIST rather than replace, atomically. */
  if (link (tmp_key, private_path) != 0)
    {
      saved_errno = errno;
      remove_keygen_dir (tmp_dir);
      if (saved_errno == EEXIST)
        return TRUE;   /* someone else's key won: use that one */
      set_errno_reason (error, saved_errno);
      return FALSE;
    }

  /* Replaces a public key left without its private half. */
  if (g_rename (tmp_pub, public_path) != 0)
    {
      saved_errno = errno;
      remove_keygen_dir (tmp_dir);
      set_errno_reason (error, saved_errno);
      return FALSE;
    }

  remove_keygen_dir (tmp_dir);
  sync_parent_dir (private_path);

  return TRUE;
}

static gboolean
generate_cluster_key (const char    *cluster,
                      const char    *dir,
                      const char    *private_path,
                      const char    *public_path,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *comment = g_strconcat ("slipway-", cluster, NULL);

  if (generate_key_pair (dir, private_path, public_path, comment, cancellable, &local_error))
    return TRUE;

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    set_keys_error (error, cluster, local_error->message);

  return FALSE;
}

/**
 * slipway_keys_ensure_cluster_key:
 * @cluster: a cluster name
 * @private_key_path: (out) (optional): the private key's file name
 * @public_key: (out) (optional): the public key line, without newline
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Returns the cluster's SSH key pair (`id_ed25519` and `id_ed25519.pub` in
 * slipway_cluster_dir()), creating it with `ssh-keygen` the first time.
 * An existing pair is never replaced. The folders are mode 0700, the
 * private key 0600, the public key 0644.
 *
 * This blocks while ssh-keygen runs: call it from a worker thread.
 *
 * Returns: %TRUE on success; otherwise @error is set (%SLIPWAY_ERROR_KEYS,
 *   or %G_IO_ERROR_CANCELLED)
 */
gboolean
slipway_keys_ensure_cluster_key (const char    *cluster,
                                 char         **private_key_path,
                                 char         **public_key,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *private_path = NULL;
  g_autofree char *public_path = NULL;

  g_return_val_if_fail (is_safe_cluster_name (cluster), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  dir = slipway_cluster_dir (cluster);
  private_path = g_build_filename (dir, CLUSTER_KEY_NAME, NULL);
  public_path = g_build_filename (dir, CLUSTER_KEY_PUB, NULL);

  if (!slipway_ensure_private_dir (dir, &local_error))
    {
      set_keys_error (error, cluster, local_error->message);
      return FALSE;
    }

  if (!g_file_test (private_path, G_FILE_TEST_EXISTS) &&
      !generate_cluster_key (cluster, dir, private_path, public_path, cancellable, error))
    return FALSE;

  if (!load_cluster_key (cluster, private_path, public_path, public_key, cancellable, error))
    return FALSE;

  if (private_key_path != NULL)
    *private_key_path = g_steal_pointer (&private_path);

  return TRUE;
}

/* Node names: lowercase letters, digits and hyphens (slipway_topology_new()). */
static gboolean
is_node_name (const char *name,
              gsize       length)
{
  if (length == 0)
    return FALSE;

  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_islower (name[i]) && !g_ascii_isdigit (name[i]) && name[i] != '-')
        return FALSE;
    }

  return TRUE;
}

static gboolean
is_cluster_file_len (const char *name,
                     gsize       length)
{
  for (guint i = 0; i < G_N_ELEMENTS (cluster_files); i++)
    {
      if (strlen (cluster_files[i]) == length && strncmp (name, cluster_files[i], length) == 0)
        return TRUE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (cluster_file_prefixes); i++)
    {
      gsize prefix_len = strlen (cluster_file_prefixes[i]);
      gsize rest;

      if (length <= prefix_len || strncmp (name, cluster_file_prefixes[i], prefix_len) != 0)
        continue;

      rest = length - prefix_len;
      if (rest > 4 && strncmp (name + length - 4, ".pub", 4) == 0)
        rest -= 4;
      if (is_node_name (name + prefix_len, rest))
        return TRUE;
    }

  return FALSE;
}

static gboolean
is_temporary_file (const char *name)
{
  /* Leftovers of an interrupted slipway_write_file_atomic(): ".<known>.XXXXXX" */
  gsize len = strlen (name);

  if (name[0] != '.' || len < 1 + 1 + 7 || name[len - 7] != '.')
    return FALSE;

  return is_cluster_file_len (name + 1, len - 1 - 7);
}

static gboolean
is_cluster_file (const char *name)
{
  return is_cluster_file_len (name, strlen (name)) || is_temporary_file (name);
}

/**
 * slipway_keys_delete_cluster:
 * @cluster: a cluster name
 * @error: return location for a #GError
 *
 * Removes the files Slipway keeps for @cluster (its SSH key, known hosts
 * and SSH configuration) and then the folder. Anything else in the folder
 * is left alone, and then so is the folder. A missing folder is fine.
 *
 * Returns: %TRUE on success
 */
gboolean
slipway_keys_delete_cluster (const char  *cluster,
                             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDir) gdir = NULL;
  g_autofree char *dir = NULL;
  const char *name;

  g_return_val_if_fail (is_safe_cluster_name (cluster), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  dir = slipway_cluster_dir (cluster);

  gdir = g_dir_open (dir, 0, &local_error);
  if (gdir == NULL)
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;

      g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_KEYS,
                   /* Translators: %s is a cluster name, then an error message */
                   _("Could not remove the SSH files of cluster “%s”: %s"),
                   cluster, local_error->message);
      return FALSE;
    }

  while ((name = g_dir_read_name (gdir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_str_has_prefix (name, KEYGEN_DIR_PREFIX) &&
          g_file_test (path, G_FILE_TEST_IS_DIR) &&
          !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        {
          /* An interrupted ssh-keygen run: only its two known files. */
          remove_keygen_dir (path);
          continue;
        }

      if (!is_cluster_file (name))
        continue;

      if (g_unlink (path) != 0 && errno != ENOENT)
        {
          int saved_errno = errno;
          g_autofree char *display = g_filename_display_name (path);

          g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_KEYS,
                       /* Translators: %s are a cluster name, a file name and an error message */
                       _("Could not remove the SSH files of cluster “%s”: “%s”: %s"),
                       cluster, display, g_strerror (saved_errno));
          return FALSE;
        }
    }

  if (g_rmdir (dir) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == ENOTEMPTY || saved_errno == EEXIST)
        {
          g_debug ("Keeping %s: it holds files Slipway did not write", dir);
          return TRUE;
        }

      if (saved_errno != ENOENT)
        {
          g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_KEYS,
                       _("Could not remove the SSH files of cluster “%s”: %s"),
                       cluster, g_strerror (saved_errno));
          return FALSE;
        }
    }

  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Pinned host keys, known_hosts and ssh_config                             */

static char *
cluster_file (const char *cluster,
              const char *name)
{
  g_autofree char *dir = slipway_cluster_dir (cluster);

  g_return_val_if_fail (dir != NULL, NULL);

  return g_build_filename (dir, name, NULL);
}

/**
 * slipway_cluster_known_hosts:
 * @cluster: a cluster name
 *
 * Returns: (transfer full): the path of the cluster's `known_hosts`, which
 *   pins the host key of every node under its name, FQDN and address
 */
char *
slipway_cluster_known_hosts (const char *cluster)
{
  return cluster_file (cluster, KNOWN_HOSTS_NAME);
}

/**
 * slipway_cluster_identity_file:
 * @cluster: a cluster name
 *
 * Returns: (transfer full): the path of the cluster's private login key
 */
char *
slipway_cluster_identity_file (const char *cluster)
{
  return cluster_file (cluster, CLUSTER_KEY_NAME);
}

/**
 * slipway_keys_ensure_host_key:
 * @cluster: a cluster name
 * @node: a node name
 * @private_key: (out) (optional): the private key, in OpenSSH's format
 * @public_key: (out) (optional): the public key line, without comment
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Returns the ed25519 host key Slipway gives @node, generating it with
 * `ssh-keygen` the first time. It is kept in the cluster folder (private
 * half 0600) and never replaced, so a node keeps its identity across
 * resets. Blocks: call it from a worker thread.
 *
 * Returns: %TRUE on success
 */
gboolean
slipway_keys_ensure_host_key (const char    *cluster,
                              const char    *node,
                              char         **private_key,
                              char         **public_key,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;
  g_autofree char *private_path = NULL;
  g_autofree char *public_path = NULL;
  g_autofree char *comment = NULL;
  g_autofree char *line = NULL;
  g_autofree char *contents = NULL;

  g_return_val_if_fail (is_safe_cluster_name (cluster), FALSE);
  g_return_val_if_fail (node != NULL && is_node_name (node, strlen (node)), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  dir = slipway_cluster_dir (cluster);
  name = g_strconcat (HOST_KEY_PREFIX, node, NULL);
  private_path = g_build_filename (dir, name, NULL);
  public_path = g_strconcat (private_path, ".pub", NULL);
  comment = g_strconcat ("slipway-", cluster, "-", node, NULL);

  if (!slipway_ensure_private_dir (dir, &local_error) ||
      (!g_file_test (private_path, G_FILE_TEST_EXISTS) &&
       !generate_key_pair (dir, private_path, public_path, comment, cancellable, &local_error)) ||
      !load_key_pair (private_path, public_path, &line, cancellable, &local_error) ||
      (private_key != NULL &&
       !g_file_get_contents (private_path, &contents, NULL, &local_error)))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_KEYS,
                     /* Translators: the first %s is a node name, the second a
                      * cluster name, the third explains what went wrong */
                     _("Could not prepare the SSH host key of node “%s” of cluster “%s”: %s"),
                     node, cluster, local_error->message);
      return FALSE;
    }

  /* "type base64 comment": the comment is ours, and not part of the key. */
  if (public_key != NULL)
    {
      g_auto(GStrv) fields = g_strsplit (line, " ", 3);

      *public_key = g_strdup_printf ("%s %s", fields[0], fields[1] != NULL ? fields[1] : "");
    }
  if (private_key != NULL)
    *private_key = g_steal_pointer (&contents);

  return TRUE;
}

/**
 * slipway_keys_render_known_hosts:
 * @topology: the cluster
 * @host_keys: one public key line ("ssh-ed25519 AAAA…") per node, in id
 *   order
 *
 * Returns: (transfer full): a `known_hosts` file with each node's key under
 *   its name, its FQDN and its address, unhashed so that people can read it
 */
char *
slipway_keys_render_known_hosts (const SlipwayTopology *topology,
                                 const char * const    *host_keys)
{
  GString *out;

  g_return_val_if_fail (topology != NULL, NULL);
  g_return_val_if_fail (host_keys != NULL, NULL);

  out = g_string_new (NULL);
  g_string_append_printf (out,
                          "# The SSH host keys Slipway gave the nodes of cluster %s.\n"
                          "# Written by Slipway on create and reset; changes are lost.\n",
                          topology->cluster);

  for (guint i = 0; i < topology->nodes->len; i++)
    {
      const SlipwayNodeInfo *node = g_ptr_array_index (topology->nodes, i);

      g_return_val_if_fail (host_keys[i] != NULL, NULL);
      g_string_append_printf (out, "%s,%s,%s %s\n",
                              node->name, node->fqdn, node->ipv4, host_keys[i]);
    }

  return g_string_free (out, FALSE);
}

/* An ssh_config argument: always in double quotes, with '"' and '\' escaped
 * (OpenSSH's argv_split() reads them back), '%' doubled for the options that
 * expand %-tokens. OpenSSH cannot read a new line in a value, nor keep
 * "${" from being expanded as an environment variable: refused. */
static char *
ssh_config_quote (const char  *value,
                  gboolean     expands_tokens,
                  GError     **error)
{
  GString *out;

  if (strpbrk (value, "\n\r") != NULL || strstr (value, "${") != NULL)
    {
      g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_KEYS,
                   /* Translators: %s is a file name */
                   _("The path “%s” cannot be written in an OpenSSH configuration file: it "
                     "holds a new line or “${”. Set XDG_DATA_HOME to a simpler folder."),
                   value);
      return NULL;
    }

  out = g_string_new ("\"");
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (out, '\\');
      if (*p == '%' && expands_tokens)
        g_string_append_c (out, '%');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');

  return g_string_free (out, FALSE);
}

/**
 * slipway_keys_render_ssh_config:
 * @topology: the cluster
 * @user: the login name inside the nodes
 * @identity_file: the cluster's private key
 * @known_hosts: the cluster's `known_hosts`
 * @error: return location for a #GError
 *
 * One `Host` block per node (matching its name, FQDN and address) with its
 * address, the login name, the cluster key only, the pinned host keys only
 * and strict host key checking, so that `ssh -F FILE control0` works with
 * no question and no warning, and never reads or writes the user's own
 * `~/.ssh/known_hosts`.
 *
 * Returns: (transfer full): the text, or %NULL if a path cannot be written
 *   in OpenSSH's syntax
 */
char *
slipway_keys_render_ssh_config (const SlipwayTopology  *topology,
                                const char             *user,
                                const char             *identity_file,
                                const char             *known_hosts,
                                GError                **error)
{
  g_autoptr(GString) out = NULL;
  g_autofree char *identity = NULL;
  g_autofree char *known = NULL;

  g_return_val_if_fail (topology != NULL, NULL);
  g_return_val_if_fail (user != NULL, NULL);
  g_return_val_if_fail (identity_file != NULL, NULL);
  g_return_val_if_fail (known_hosts != NULL, NULL);

  identity = ssh_config_quote (identity_file, TRUE, error);
  if (identity == NULL)
    return NULL;
  known = ssh_config_quote (known_hosts, TRUE, error);
  if (known == NULL)
    return NULL;

  out = g_string_new (NULL);
  g_string_append_printf (out,
                          "# SSH to the nodes of cluster %s: ssh -F THIS-FILE NODE\n"
                          "# Written by Slipway on create and reset; changes are lost.\n",
                          topology->cluster);

  for (guint i = 0; i < topology->nodes->len; i++)
    {
      const SlipwayNodeInfo *node = g_ptr_array_index (topology->nodes, i);

      g_string_append_printf (out,
                              "\n"
                              "Host %s %s %s\n"
                              "  HostName %s\n"
                              "  User %s\n"
                              "  IdentityFile %s\n"
                              "  IdentitiesOnly yes\n"
                              "  UserKnownHostsFile %s\n"
                              "  GlobalKnownHostsFile /dev/null\n"
                              "  StrictHostKeyChecking yes\n"
                              "  HostKeyAlgorithms ssh-ed25519\n"
                              "  CheckHostIP no\n"
                              "  UpdateHostKeys no\n"
                              "  PasswordAuthentication no\n"
                              "  KbdInteractiveAuthentication no\n"
                              "  ConnectTimeout 10\n"
                              "  ServerAliveInterval 15\n"
                              "  ServerAliveCountMax 4\n"
                              "  LogLevel ERROR\n",
                              node->name, node->fqdn, node->ipv4,
                              node->ipv4, user, identity, known);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * slipway_keys_write_trust_files:
 * @topology: the cluster
 * @user: the login name inside the nodes
 * @host_keys: (out) (optional) (transfer full): the public host key of each
 *   node, in id order
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Makes sure every node has its host key, then writes the cluster's
 * `known_hosts` and `ssh_config` (atomically). The cluster key must exist
 * (slipway_keys_ensure_cluster_key()). Blocks: call it from a worker thread.
 *
 * Returns: %TRUE on success
 */
gboolean
slipway_keys_write_trust_files (const SlipwayTopology  *topology,
                                const char             *user,
                                GStrv                  *host_keys,
                                GCancellable           *cancellable,
                                GError                **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) keys = NULL;
  g_autofree char *identity = NULL;
  g_autofree char *known_path = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *known = NULL;
  g_autofree char *config = NULL;

  g_return_val_if_fail (topology != NULL, FALSE);
  g_return_val_if_fail (user != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < topology->nodes->len; i++)
    {
      const SlipwayNodeInfo *node = g_ptr_array_index (topology->nodes, i);
      g_autofree char *key = NULL;

      if (!slipway_keys_ensure_host_key (topology->cluster, node->name, NULL, &key,
                                         cancellable, error))
        return FALSE;
      g_strv_builder_add (builder, key);
    }
  keys = g_strv_builder_end (builder);

  identity = slipway_cluster_identity_file (topology->cluster);
  known_path = slipway_cluster_known_hosts (topology->cluster);
  config_path = slipway_cluster_ssh_config (topology->cluster);

  known = slipway_keys_render_known_hosts (topology, (const char * const *)keys);
  config = slipway_keys_render_ssh_config (topology, user, identity, known_path, error);
  if (config == NULL)
    return FALSE;

  if (!slipway_write_file_atomic (known_path, known, -1, 0644, error) ||
      !slipway_write_file_atomic (config_path, config, -1, 0644, error))
    return FALSE;

  if (host_keys != NULL)
    *host_keys = g_steal_pointer (&keys);

  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Login passwords                                                          */

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
