/* slipway-keys.c
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

#include "slipway-error.h"
#include "slipway-fileutil-private.h"
#include "slipway-keys.h"
#include "slipway-keys-private.h"
#include "slipway-paths.h"
#include "slipway-paths-private.h"

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
/* The two halves into @tmp_key and @tmp_pub: by ssh-keygen, or for a
 * host key (one per node) in process. */
static gboolean
write_new_key (const char    *tmp_key,
               const char    *tmp_pub,
               const char    *comment,
               gboolean       in_process,
               GCancellable  *cancellable,
               GError       **error)
{
  const char *args[] = { "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", tmp_key, NULL };
  g_autofree char *out = NULL;
  g_autofree char *private_key = NULL;
  g_autofree char *public_line = NULL;
  gboolean ok;

  if (!in_process)
    {
      out = run_ssh_keygen (args, cancellable, error);
      return out != NULL;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !_slipway_keys_ed25519_generate (comment, &private_key, &public_line, error))
    return FALSE;
  ok = g_file_set_contents_full (tmp_key, private_key, -1, G_FILE_SET_CONTENTS_NONE, 0600, error) &&
       g_file_set_contents_full (tmp_pub, public_line, -1, G_FILE_SET_CONTENTS_NONE, 0644, error);
  explicit_bzero (private_key, strlen (private_key));
  return ok;
}

static gboolean
generate_key_pair (const char    *dir,
                   const char    *private_path,
                   const char    *public_path,
                   const char    *comment,
                   gboolean       in_process,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *tmp_dir = NULL;
  g_autofree char *tmp_key = NULL;
  g_autofree char *tmp_pub = NULL;
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

  if (!write_new_key (tmp_key, tmp_pub, comment, in_process, cancellable, &local_error))
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
  _slipway_sync_parent_dir (private_path);

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

  if (generate_key_pair (dir, private_path, public_path, comment, FALSE, cancellable, &local_error))
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

  g_return_val_if_fail (_slipway_is_safe_cluster_name (cluster), FALSE);
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

  g_return_val_if_fail (_slipway_is_safe_cluster_name (cluster), FALSE);
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

  g_return_val_if_fail (_slipway_is_safe_cluster_name (cluster), FALSE);
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
       !generate_key_pair (dir, private_path, public_path, comment, TRUE, cancellable, &local_error)) ||
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
