/* test-keys.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <crypt.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "slipway.h"
#include "slipway-fileutil-private.h"
#include "slipway-test-utils.h"

/* G_TEST_OPTION_ISOLATE_DIRS gives every test its own XDG_DATA_HOME, so
 * each starts with no key. Keys are made by the real ssh-keygen. */

/* A tool the test cannot do without: a missing one FAILS the test, loudly. */
static gboolean
require_ssh_keygen (void)
{
  g_autofree char *path = slipway_test_require_program ("ssh-keygen", "openssh-client");

  return path != NULL;
}

static guint
mode_of (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_lstat (path, &st), ==, 0);
  return st.st_mode & 07777;
}

static char *
data_path (const char *first,
           ...)
{
  va_list args;
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  const char *part;

  g_ptr_array_add (parts, (char *)g_get_user_data_dir ());
  va_start (args, first);
  for (part = first; part != NULL; part = va_arg (args, const char *))
    g_ptr_array_add (parts, (char *)part);
  va_end (args);
  g_ptr_array_add (parts, NULL);

  return g_build_filenamev ((char **)parts->pdata);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  /* g_ptr_array_sort() passes pointers to the elements. */
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

static char **
list_dir (const char *path)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return (char **)g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

static gboolean
strv_equal_sorted (char       **got,
                   const char  *first,
                   ...)
{
  g_autoptr(GPtrArray) want = g_ptr_array_new ();
  va_list args;

  va_start (args, first);
  for (const char *s = first; s != NULL; s = va_arg (args, const char *))
    g_ptr_array_add (want, (char *)s);
  va_end (args);
  g_ptr_array_add (want, NULL);

  return g_strv_equal ((const char * const *)got, (const char * const *)want->pdata);
}

static char *
ssh_keygen_y (const char *private_path)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                              "ssh-keygen", "-y", "-f", private_path, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (process));

  return g_strdup (g_strstrip (out));
}

static void
test_cluster_dir (void)
{
  g_autofree char *dir = slipway_cluster_dir ("lab");
  g_autofree char *want = data_path ("slipway", "clusters", "lab", NULL);

  g_assert_cmpstr (dir, ==, want);
}

static void
test_private_dir (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *slipway = data_path ("slipway", NULL);
  g_autofree char *clusters = data_path ("slipway", "clusters", NULL);
  g_autofree char *lab = data_path ("slipway", "clusters", "lab", NULL);
  g_autofree char *outside = data_path ("elsewhere", "private", NULL);
  g_autofree char *outside_parent = data_path ("elsewhere", NULL);

  /* Fresh: everything created 0700. */
  g_assert_true (slipway_ensure_private_dir (lab, &error));
  g_assert_no_error (error);
  g_assert_cmphex (mode_of (slipway), ==, 0700);
  g_assert_cmphex (mode_of (clusters), ==, 0700);
  g_assert_cmphex (mode_of (lab), ==, 0700);

  /* Existing with loose modes: tightened, all three. */
  g_assert_cmpint (g_chmod (slipway, 0755), ==, 0);
  g_assert_cmpint (g_chmod (clusters, 0777), ==, 0);
  g_assert_cmpint (g_chmod (lab, 0750), ==, 0);
  g_assert_true (slipway_ensure_private_dir (lab, &error));
  g_assert_no_error (error);
  g_assert_cmphex (mode_of (slipway), ==, 0700);
  g_assert_cmphex (mode_of (clusters), ==, 0700);
  g_assert_cmphex (mode_of (lab), ==, 0700);

  /* Outside Slipway's folder only the leaf is ours to change. */
  g_assert_cmpint (g_mkdir (outside_parent, 0755), ==, 0);
  g_assert_cmpint (g_chmod (outside_parent, 0755), ==, 0);
  g_assert_true (slipway_ensure_private_dir (outside, &error));
  g_assert_no_error (error);
  g_assert_cmphex (mode_of (outside), ==, 0700);
  g_assert_cmphex (mode_of (outside_parent), ==, 0755);
}

static void
test_private_dir_not_a_dir (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *slipway = data_path ("slipway", NULL);
  g_autofree char *clusters = data_path ("slipway", "clusters", NULL);

  g_assert_cmpint (g_mkdir_with_parents (slipway, 0700), ==, 0);
  g_assert_true (g_file_set_contents (clusters, "not a folder", -1, NULL));

  g_assert_false (slipway_ensure_private_dir (clusters, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
}

static void
test_secret_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = data_path ("secrets", NULL);
  g_autofree char *path = data_path ("secrets", "token", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) names = NULL;
  gsize length;
  mode_t old_umask;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);

  /* A world-readable file in the way is replaced, not reused. */
  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);

  /* umask 0 would let a careless open() make the file 0666. */
  old_umask = umask (0);
  g_assert_true (slipway_write_secret_file (path, "s3cr\0t\n", 7, &error));
  umask (old_umask);
  g_assert_no_error (error);

  g_assert_cmphex (mode_of (path), ==, 0600);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpmem (contents, length, "s3cr\0t\n", 7);

  /* No temporary file is left behind. */
  names = list_dir (dir);
  g_assert_true (strv_equal_sorted (names, "token", NULL));
}

static void
test_write_file_atomic_mode (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = data_path ("known_hosts", NULL);
  g_autofree char *contents = NULL;
  mode_t old_umask;

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_data_dir (), 0700), ==, 0);

  old_umask = umask (077);   /* a strict umask must not make it 0600 */
  g_assert_true (slipway_write_file_atomic (path, "host key\n", -1, 0644, &error));
  umask (old_umask);
  g_assert_no_error (error);
  g_assert_cmphex (mode_of (path), ==, 0644);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "host key\n");
}

static void
test_write_secret_file_missing_dir (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = data_path ("no", "such", "dir", "secret", NULL);

  g_assert_false (slipway_write_secret_file (path, "x", -1, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_test_message ("%s", error->message);
}

static void
test_ensure (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *private_path = NULL;
  g_autofree char *public_key = NULL;
  g_autofree char *want_private = NULL;
  g_autofree char *public_path = NULL;
  g_autofree char *public_file = NULL;
  g_autofree char *derived = NULL;
  g_auto(GStrv) names = NULL;

  if (!require_ssh_keygen ())
    return;

  g_assert_true (slipway_keys_ensure_cluster_key ("lab", &private_path, &public_key, NULL, &error));
  g_assert_no_error (error);

  want_private = data_path ("slipway", "clusters", "lab", "id_ed25519", NULL);
  public_path = data_path ("slipway", "clusters", "lab", "id_ed25519.pub", NULL);
  g_assert_cmpstr (private_path, ==, want_private);

  /* "ssh-ed25519 <base64> slipway-lab", one line, no newline. */
  g_assert_true (g_str_has_prefix (public_key, "ssh-ed25519 AAAA"));
  g_assert_true (g_str_has_suffix (public_key, " slipway-lab"));
  g_assert_null (strchr (public_key, '\n'));

  g_assert_true (g_file_get_contents (public_path, &public_file, NULL, NULL));
  g_assert_cmpstr (g_strstrip (public_file), ==, public_key);

  {
    g_autofree char *slipway = data_path ("slipway", NULL);
    g_autofree char *clusters = data_path ("slipway", "clusters", NULL);
    g_autofree char *lab = data_path ("slipway", "clusters", "lab", NULL);

    g_assert_cmphex (mode_of (slipway), ==, 0700);
    g_assert_cmphex (mode_of (clusters), ==, 0700);
    g_assert_cmphex (mode_of (lab), ==, 0700);
    g_assert_cmphex (mode_of (private_path), ==, 0600);
    g_assert_cmphex (mode_of (public_path), ==, 0644);

    /* Only the pair: no temporary folder left behind. */
    names = list_dir (lab);
    g_assert_true (strv_equal_sorted (names, "id_ed25519", "id_ed25519.pub", NULL));
  }

  /* The public key really is the private key's. */
  derived = ssh_keygen_y (private_path);
  g_assert_cmpstr (derived, ==, public_key);
}

static void
test_ensure_twice (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path1 = NULL;
  g_autofree char *path2 = NULL;
  g_autofree char *key1 = NULL;
  g_autofree char *key2 = NULL;
  g_autofree char *other = NULL;
  GStatBuf st1, st2;

  if (!require_ssh_keygen ())
    return;

  g_assert_true (slipway_keys_ensure_cluster_key ("lab", &path1, &key1, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path1, &st1), ==, 0);

  g_assert_true (slipway_keys_ensure_cluster_key ("lab", &path2, &key2, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path2, &st2), ==, 0);

  g_assert_cmpstr (path1, ==, path2);
  g_assert_cmpstr (key1, ==, key2);
  g_assert_cmpuint (st1.st_ino, ==, st2.st_ino);   /* not rewritten either */

  /* Another cluster, another key. Out parameters are optional. */
  g_assert_true (slipway_keys_ensure_cluster_key ("other", NULL, &other, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (other, !=, key1);
  g_assert_true (g_str_has_suffix (other, " slipway-other"));
  g_assert_true (slipway_keys_ensure_cluster_key ("other", NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* A lost public half is derived again from the private key, which is the
 * one that matters: it must never be replaced. */
static void
test_ensure_missing_public (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *key1 = NULL;
  g_autofree char *key2 = NULL;
  g_autofree char *public_path = NULL;

  if (!require_ssh_keygen ())
    return;

  g_assert_true (slipway_keys_ensure_cluster_key ("lab", &path, &key1, NULL, &error));
  g_assert_no_error (error);

  public_path = g_strconcat (path, ".pub", NULL);
  g_assert_cmpint (g_unlink (public_path), ==, 0);
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);   /* and a loose private key */

  g_assert_true (slipway_keys_ensure_cluster_key ("lab", NULL, &key2, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (key2, ==, key1);
  g_assert_cmphex (mode_of (public_path), ==, 0644);
  g_assert_cmphex (mode_of (path), ==, 0600);
}

/* A public key without its private half is useless: a new pair replaces it. */
static void
test_ensure_missing_private (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *key1 = NULL;
  g_autofree char *key2 = NULL;
  g_autofree char *derived = NULL;

  if (!require_ssh_keygen ())
    return;

  g_assert_true (slipway_keys_ensure_cluster_key ("lab", &path, &key1, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_unlink (path), ==, 0);

  g_assert_true (slipway_keys_ensure_cluster_key ("lab", NULL, &key2, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (key2, !=, key1);
  derived = ssh_keygen_y (path);
  g_assert_cmpstr (derived, ==, key2);
}

#define N_THREADS 4

static gpointer
ensure_thread (gpointer data)
{
  g_autoptr(GError) error = NULL;
  char *key = NULL;

  g_assert_true (slipway_keys_ensure_cluster_key ("race", NULL, &key, NULL, &error));
  g_assert_no_error (error);
  return key;
}

/* Several callers at once (the GUI and slipwayctl, say) agree on one key. */
static void
test_ensure_concurrent (void)
{
  GThread *threads[N_THREADS];
  g_autofree char *private_path = NULL;
  g_autofree char *derived = NULL;
  char *keys[N_THREADS];

  if (!require_ssh_keygen ())
    return;

  for (guint i = 0; i < N_THREADS; i++)
    threads[i] = g_thread_new ("ensure", ensure_thread, NULL);
  for (guint i = 0; i < N_THREADS; i++)
    keys[i] = g_thread_join (threads[i]);

  private_path = data_path ("slipway", "clusters", "race", "id_ed25519", NULL);
  derived = ssh_keygen_y (private_path);
  for (guint i = 0; i < N_THREADS; i++)
    {
      g_assert_cmpstr (keys[i], ==, derived);
      g_free (keys[i]);
    }
}

static void
test_ensure_cancelled (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = slipway_cluster_dir ("lab");

  g_cancellable_cancel (cancellable);
  g_assert_false (slipway_keys_ensure_cluster_key ("lab", NULL, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
}

static void
test_ensure_no_ssh_keygen (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *empty = data_path ("empty-bin", NULL);
      g_autofree char *lab = data_path ("slipway", "clusters", "lab", NULL);
      g_auto(GStrv) names = NULL;

      /* Set before any thread exists: this child runs only this test. */
      g_assert_cmpint (g_mkdir_with_parents (empty, 0700), ==, 0);
      g_setenv ("PATH", empty, TRUE);

      g_assert_false (slipway_keys_ensure_cluster_key ("lab", NULL, NULL, NULL, &error));
      g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_KEYS);
      g_assert_cmpstr (error->message, ==,
                       "Could not create the SSH key for cluster “lab”: ssh-keygen is not "
                       "installed. Install the openssh-client package.");

      names = list_dir (lab);   /* nothing half-made left */
      g_assert_true (strv_equal_sorted (names, NULL));
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_delete (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = slipway_cluster_dir ("lab");
  g_autofree char *clusters = data_path ("slipway", "clusters", NULL);

  if (!require_ssh_keygen ())
    return;

  /* A missing folder is fine. */
  g_assert_true (slipway_keys_delete_cluster ("lab", &error));
  g_assert_no_error (error);

  g_assert_true (slipway_keys_ensure_cluster_key ("lab", NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (slipway_keys_ensure_cluster_key ("keep", NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  /* Slipway's other files and an interrupted write's leftovers go too. */
  {
    g_autofree char *known_hosts = g_build_filename (dir, "known_hosts", NULL);
    g_autofree char *leftover = g_build_filename (dir, ".known_hosts.AbC123", NULL);

    g_assert_true (g_file_set_contents (known_hosts, "x\n", -1, NULL));
    g_assert_true (g_file_set_contents (leftover, "x\n", -1, NULL));
  }

  g_assert_true (slipway_keys_delete_cluster ("lab", &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (clusters, G_FILE_TEST_IS_DIR));

  /* Other clusters are untouched. */
  {
    g_autofree char *keep = data_path ("slipway", "clusters", "keep", "id_ed25519", NULL);

    g_assert_true (g_file_test (keep, G_FILE_TEST_IS_REGULAR));
  }

  g_assert_true (slipway_keys_delete_cluster ("lab", &error));
  g_assert_no_error (error);
}

/* Files Slipway did not write survive, and so does their folder. */
static void
test_delete_keeps_foreign_files (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = slipway_cluster_dir ("lab");
  g_autofree char *notes = NULL;
  g_autofree char *subdir = NULL;
  g_autofree char *subfile = NULL;
  g_auto(GStrv) names = NULL;

  if (!require_ssh_keygen ())
    return;

  g_assert_true (slipway_keys_ensure_cluster_key ("lab", NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  notes = g_build_filename (dir, "notes.txt", NULL);
  subdir = g_build_filename (dir, "mine", NULL);
  subfile = g_build_filename (subdir, "id_ed25519", NULL);
  g_assert_true (g_file_set_contents (notes, "mine\n", -1, NULL));
  g_assert_cmpint (g_mkdir (subdir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (subfile, "mine\n", -1, NULL));

  g_assert_true (slipway_keys_delete_cluster ("lab", &error));
  g_assert_no_error (error);

  names = list_dir (dir);
  g_assert_true (strv_equal_sorted (names, "mine", "notes.txt", NULL));
  g_assert_true (g_file_test (subfile, G_FILE_TEST_IS_REGULAR));
}

static void
test_bad_cluster_name (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *dir = slipway_cluster_dir ("../escape");

      g_assert_null (dir);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*is_safe_cluster_name*");
}


/* Pinned host keys, known_hosts and ssh_config ----------------------------- */

static SlipwayTopology *
make_topology (const char *name)
{
  g_autoptr(SlipwaySpec) spec = slipway_spec_new_default (name);
  g_autoptr(GError) error = NULL;
  SlipwayTopology *topology;

  spec->subnet = g_strdup ("10.233.7.0/24");
  spec->roles[SLIPWAY_ROLE_CONTROL].count = 1;
  spec->roles[SLIPWAY_ROLE_WORKER].count = 2;
  topology = slipway_topology_new (spec, &error);
  g_assert_no_error (error);

  return topology;
}

static void
test_host_key (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *private_key = NULL;
  g_autofree char *public_key = NULL;
  g_autofree char *private_again = NULL;
  g_autofree char *public_again = NULL;
  g_autofree char *path = data_path ("slipway", "clusters", "trust", "ssh_host_ed25519_key-worker0", NULL);
  g_autofree char *pub_path = g_strconcat (path, ".pub", NULL);
  g_autofree char *derived = NULL;

  if (!require_ssh_keygen ())
    return;

  g_assert_true (slipway_keys_ensure_host_key ("trust", "worker0", &private_key, &public_key,
                                               NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (private_key, "-----BEGIN OPENSSH PRIVATE KEY-----\n"));
  g_assert_true (g_str_has_prefix (public_key, "ssh-ed25519 AAAA"));
  /* No comment: a known_hosts line must hold the key only. */
  {
    g_auto(GStrv) fields = g_strsplit (public_key, " ", -1);

    g_assert_cmpuint (g_strv_length (fields), ==, 2);
  }

  /* Secret 0600 in a 0700 folder; the key pair matches. */
  g_assert_cmpuint (mode_of (path), ==, 0600);
  g_assert_cmpuint (mode_of (pub_path), ==, 0644);
  {
    g_autofree char *dir = data_path ("slipway", "clusters", "trust", NULL);

    g_assert_cmpuint (mode_of (dir), ==, 0700);
  }
  derived = ssh_keygen_y (path);
  g_assert_true (g_str_has_prefix (derived, public_key));

  /* Kept: a reset gets the same identity. */
  g_assert_true (slipway_keys_ensure_host_key ("trust", "worker0", &private_again, &public_again,
                                               NULL, &error));
  g_assert_cmpstr (private_again, ==, private_key);
  g_assert_cmpstr (public_again, ==, public_key);

  /* Another node, another key. */
  g_clear_pointer (&public_again, g_free);
  g_assert_true (slipway_keys_ensure_host_key ("trust", "worker1", NULL, &public_again, NULL, &error));
  g_assert_cmpstr (public_again, !=, public_key);
}

static char *
run_capture (GError     **error,
             const char  *first,
             ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  va_list args;

  va_start (args, first);
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *)a);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *)argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               error);
  if (process == NULL ||
      !g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, error))
    return NULL;
  if (!g_subprocess_get_successful (process))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s failed: %s", first, err);
      return NULL;
    }

  return g_steal_pointer (&out);
}

/* The value of @key in `ssh -G` output. */
static char *
ssh_g_value (const char *output,
             const char *key)
{
  g_auto(GStrv) lines = g_strsplit (output, "\n", -1);
  g_autofree char *prefix = g_strconcat (key, " ", NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], prefix))
        return g_strdup (lines[i] + strlen (prefix));
    }

  return NULL;
}

static void
check_ssh_g (const char *config_path,
             const char *host,
             const char *ip,
             const char *identity,
             const char *known_hosts)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  struct {
    const char *key;
    const char *value;
  } expected[] = {
    { "hostname", ip },
    { "user", "debian" },
    { "identityfile", identity },
    { "identitiesonly", "yes" },
    { "userknownhostsfile", known_hosts },
    { "globalknownhostsfile", "/dev/null" },
    { "stricthostkeychecking", "true" },
    { "hostkeyalgorithms", "ssh-ed25519" },
    { "passwordauthentication", "no" },
    { "updatehostkeys", "false" },
    { "loglevel", "ERROR" },
  };

  g_auto(GStrv) identity_parts = g_strsplit (identity, "%", -1);
  g_autofree char *identity_raw = g_strjoinv ("%%", identity_parts);

  /* ssh -G prints IdentityFile as written, before it expands %-tokens,
   * so there "%%" is the file's "%"; UserKnownHostsFile comes expanded. */
  expected[2].value = identity_raw;

  out = run_capture (&error, "ssh", "-G", "-F", config_path, host, NULL);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *value = ssh_g_value (out, expected[i].key);

      g_test_message ("%s %s: %s", host, expected[i].key, value);
      g_assert_cmpstr (value, ==, expected[i].value);
    }
}

/* ssh_config is parsed back by OpenSSH itself; paths with spaces, quotes,
 * backslashes and % come back as they are. */
static void
test_ssh_config_parsed_back (void)
{
  g_autoptr(SlipwayTopology) topology = make_topology ("trust");
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *identity = NULL;
  g_autofree char *known = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *text = NULL;

  tmp = g_dir_make_tmp ("slipway-ssh-config-XXXXXX", &error);
  g_assert_no_error (error);
  dir = g_build_filename (tmp, "my \"lab\" 100% \\ keys", NULL);
  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  identity = g_build_filename (dir, "id_ed25519", NULL);
  known = g_build_filename (dir, "known_hosts", NULL);
  config_path = g_build_filename (dir, "ssh_config", NULL);

  text = slipway_keys_render_ssh_config (topology, "debian", identity, known, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("%s", text);
  g_assert_true (g_file_set_contents (config_path, text, -1, &error));

  for (guint i = 0; i < topology->nodes->len; i++)
    {
      const SlipwayNodeInfo *node = g_ptr_array_index (topology->nodes, i);

      check_ssh_g (config_path, node->name, node->ipv4, identity, known);
      check_ssh_g (config_path, node->fqdn, node->ipv4, identity, known);
    }

  /* A path OpenSSH cannot hold is refused, not written wrong. */
  g_clear_pointer (&text, g_free);
  text = slipway_keys_render_ssh_config (topology, "debian", "/tmp/a\nb", known, NULL, &error);
  g_assert_null (text);
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_KEYS);
  g_clear_error (&error);
  text = slipway_keys_render_ssh_config (topology, "debian", "/tmp/${HOME}/key", known, NULL, &error);
  g_assert_null (text);
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_KEYS);
  g_clear_error (&error);

  unlink (config_path);
  g_rmdir (dir);
  g_rmdir (tmp);
}

/* Every node's pinned key under its name, FQDN and address; ssh-keygen -F
 * finds each, and nothing else. */
static void
test_trust_files (void)
{
  g_autoptr(SlipwayTopology) topology = make_topology ("trust");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) host_keys = NULL;
  g_autofree char *known = slipway_cluster_known_hosts ("trust");
  g_autofree char *config = slipway_cluster_ssh_config ("trust");
  g_autofree char *identity = slipway_cluster_identity_file ("trust");
  g_autofree char *dir = slipway_cluster_dir ("trust");
  g_autofree char *contents = NULL;
  g_auto(GStrv) files = NULL;

  if (!require_ssh_keygen ())
    return;

  g_assert_true (slipway_keys_ensure_cluster_key ("trust", NULL, NULL, NULL, &error));
  g_assert_true (slipway_keys_write_trust_files (topology, "debian", &host_keys, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (host_keys), ==, topology->nodes->len);

  g_assert_true (g_file_get_contents (known, &contents, NULL, &error));
  g_test_message ("%s", contents);

  for (guint i = 0; i < topology->nodes->len; i++)
    {
      const SlipwayNodeInfo *node = g_ptr_array_index (topology->nodes, i);
      const char *names[] = { node->name, node->fqdn, node->ipv4 };
      g_autofree char *own = NULL;
      g_autofree char *line = g_strdup_printf ("%s,%s,%s %s\n", node->name, node->fqdn,
                                               node->ipv4, host_keys[i]);

      g_assert_nonnull (strstr (contents, line));
      g_assert_true (slipway_keys_ensure_host_key ("trust", node->name, NULL, &own, NULL, &error));
      g_assert_cmpstr (own, ==, host_keys[i]);

      for (guint j = 0; j < G_N_ELEMENTS (names); j++)
        {
          g_autofree char *out = run_capture (&error, "ssh-keygen", "-F", names[j], "-f", known, NULL);

          g_assert_no_error (error);
          g_assert_nonnull (strstr (out, host_keys[i]));
          for (guint k = 0; k < topology->nodes->len; k++)
            if (k != i)
              g_assert_null (strstr (out, host_keys[k]));
        }

      check_ssh_g (config, node->name, node->ipv4, identity, known);
    }

  /* Permissions of every file in the folder: secrets 0600, the rest 0644. */
  g_assert_cmpuint (mode_of (dir), ==, 0700);
  files = list_dir (dir);
  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (dir, files[i], NULL);
      guint want = g_str_has_suffix (files[i], ".pub") ||
                   g_str_equal (files[i], "known_hosts") ||
                   g_str_equal (files[i], "ssh_config") ? 0644 : 0600;

      g_test_message ("%s %o", files[i], mode_of (path));
      g_assert_cmpuint (mode_of (path), ==, want);
    }
  g_assert_true (strv_equal_sorted (files,
                                    "id_ed25519", "id_ed25519.pub", "known_hosts",
                                    "ssh_config",
                                    "ssh_host_ed25519_key-control0", "ssh_host_ed25519_key-control0.pub",
                                    "ssh_host_ed25519_key-gateway", "ssh_host_ed25519_key-gateway.pub",
                                    "ssh_host_ed25519_key-worker0", "ssh_host_ed25519_key-worker0.pub",
                                    "ssh_host_ed25519_key-worker1", "ssh_host_ed25519_key-worker1.pub",
                                    NULL));

  /* Written again (a reset): the same keys. */
  {
    g_auto(GStrv) again = NULL;

    g_assert_true (slipway_keys_write_trust_files (topology, "debian", &again, NULL, &error));
    g_assert_cmpstrv (again, host_keys);
  }

  /* destroy --delete-keys removes every one of them, and the folder. */
  {
    g_autofree char *foreign = g_build_filename (dir, "ssh_host_ed25519_key-Not_A_Node", NULL);

    g_assert_true (g_file_set_contents (foreign, "mine", -1, NULL));
    g_assert_true (slipway_keys_delete_cluster ("trust", &error));
    g_assert_no_error (error);
    g_clear_pointer (&files, g_strfreev);
    files = list_dir (dir);
    g_assert_true (strv_equal_sorted (files, "ssh_host_ed25519_key-Not_A_Node", NULL));
    g_unlink (foreign);
    g_assert_true (slipway_keys_delete_cluster ("trust", &error));
    g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  }
}

/* Passwords ------------------------------------------------------------------ */

static void
test_password_hash (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *again = NULL;
  struct crypt_data *data = g_new0 (struct crypt_data, 1);
  const char *check;

  hash = slipway_hash_password ("correct horse battery staple", &error);
  g_assert_no_error (error);
  g_test_message ("%s", hash);
  g_assert_true (g_str_has_prefix (hash, "$6$"));
  g_assert_null (strstr (hash, "correct"));
  g_assert_true (slipway_password_hash_is_valid (hash));

  /* crypt() itself verifies it: the right password gives the hash back. */
  check = crypt_r ("correct horse battery staple", hash, data);
  g_assert_cmpstr (check, ==, hash);
  check = crypt_r ("correct horse battery stapler", hash, data);
  g_assert_cmpstr (check, !=, hash);

  /* A random salt: the same password never gives the same hash. */
  again = slipway_hash_password ("correct horse battery staple", &error);
  g_assert_cmpstr (again, !=, hash);

  g_assert_null (slipway_hash_password ("", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);

  g_assert_false (slipway_password_hash_is_valid (NULL));
  g_assert_false (slipway_password_hash_is_valid ("hunter2"));
  g_assert_false (slipway_password_hash_is_valid ("$6$short"));
  g_assert_false (slipway_password_hash_is_valid ("$6$salt$has spaces in it, so not a hash"));
  g_assert_false (slipway_password_hash_is_valid ("$6$salt$abcdefghijklmnop:qrstu"));
  g_assert_true (slipway_password_hash_is_valid ("$y$j9T$abcdefghijklmnop$ABCDEFGHIJKLMNOPQRSTUVWXYZ012345678"));

  g_free (data);
}

static void
test_password_hash_async (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  struct crypt_data *data = g_new0 (struct crypt_data, 1);

  slipway_hash_password_async ("correct horse battery staple", NULL, slipway_test_store_result_cb,
                               &result);
  hash = slipway_hash_password_finish (slipway_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (hash, "$6$"));
  g_assert_true (slipway_password_hash_is_valid (hash));
  /* The same hash as the synchronous call: crypt() accepts the password. */
  g_assert_cmpstr (crypt_r ("correct horse battery staple", hash, data), ==, hash);
  g_clear_object (&result);

  slipway_hash_password_async ("", NULL, slipway_test_store_result_cb, &result);
  g_assert_null (slipway_hash_password_finish (slipway_test_wait_result (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_clear_object (&result);

  g_cancellable_cancel (cancellable);
  slipway_hash_password_async ("secret", cancellable, slipway_test_store_result_cb, &result);
  g_assert_null (slipway_hash_password_finish (slipway_test_wait_result (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  g_free (data);
}

static void
test_user_public_keys (void)
{
  g_autofree char *ssh_dir = g_build_filename (g_get_home_dir (), ".ssh", NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GError) error = NULL;
  static const struct { const char *name, *contents; } files[] = {
    { "id_rsa.pub", "ssh-rsa AAAAB3NzaC1yc2E me@laptop\n" },
    { "id_ed25519.pub", "  ssh-ed25519 AAAAC3NzaC1lZDI1NTE5\nsecond line\n" },
    { "empty.pub", "\n" },
    { "id_ed25519", "-----BEGIN OPENSSH PRIVATE KEY-----\n" },
    { "config", "Host *\n" },
  };
  const SlipwayUserKey *key;

  /* No ~/.ssh at all: no keys, no error. */
  slipway_keys_list_user_public_keys_async (NULL, slipway_test_store_result_cb, &result);
  keys = slipway_keys_list_user_public_keys_finish (slipway_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (keys->len, ==, 0);
  g_clear_pointer (&keys, g_ptr_array_unref);
  g_clear_object (&result);

  g_assert_cmpint (g_mkdir_with_parents (ssh_dir, 0700), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (ssh_dir, files[i].name, NULL);

      g_file_set_contents (path, files[i].contents, -1, &error);
      g_assert_no_error (error);
    }

  slipway_keys_list_user_public_keys_async (NULL, slipway_test_store_result_cb, &result);
  keys = slipway_keys_list_user_public_keys_finish (slipway_test_wait_result (&result), &error);
  g_assert_no_error (error);
  /* Sorted by file name; the empty file and the non-.pub files are skipped. */
  g_assert_cmpuint (keys->len, ==, 2);

  key = g_ptr_array_index (keys, 0);
  g_assert_cmpstr (key->file_name, ==, "id_ed25519.pub");
  g_assert_true (g_str_has_prefix (key->path, ssh_dir));
  g_assert_cmpstr (key->key, ==, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5");
  g_assert_cmpstr (key->type, ==, "ssh-ed25519");
  g_assert_null (key->comment);

  key = g_ptr_array_index (keys, 1);
  g_assert_cmpstr (key->file_name, ==, "id_rsa.pub");
  g_assert_cmpstr (key->key, ==, "ssh-rsa AAAAB3NzaC1yc2E me@laptop");
  g_assert_cmpstr (key->type, ==, "ssh-rsa");
  g_assert_cmpstr (key->comment, ==, "me@laptop");

  {
    g_autoptr(SlipwayUserKey) copy = slipway_user_key_copy (key);

    g_assert_cmpstr (copy->key, ==, key->key);
    g_assert_cmpstr (copy->comment, ==, key->comment);
  }
  g_clear_pointer (&keys, g_ptr_array_unref);
  g_clear_object (&result);

  g_cancellable_cancel (cancellable);
  slipway_keys_list_user_public_keys_async (cancellable, slipway_test_store_result_cb, &result);
  g_assert_null (slipway_keys_list_user_public_keys_finish (slipway_test_wait_result (&result),
                                                            &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_trust_files_async (void)
{
  g_autoptr(SlipwayTopology) topology = make_topology ("trust-async");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) host_keys = NULL;
  g_autofree char *known = slipway_cluster_known_hosts ("trust-async");
  g_autofree char *config = slipway_cluster_ssh_config ("trust-async");
  guint n_nodes = topology->nodes->len;

  if (!require_ssh_keygen ())
    return;

  g_assert_true (slipway_keys_ensure_cluster_key ("trust-async", NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  slipway_keys_write_trust_files_async (topology, "debian", NULL, slipway_test_store_result_cb,
                                        &result);
  /* The topology is copied: the caller may free it at once. */
  g_clear_pointer (&topology, slipway_topology_free);
  g_assert_true (slipway_keys_write_trust_files_finish (slipway_test_wait_result (&result),
                                                        &host_keys, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (host_keys), ==, n_nodes);
  g_assert_true (g_file_test (known, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (config, G_FILE_TEST_IS_REGULAR));

  for (guint i = 0; i < n_nodes; i++)
    g_assert_true (g_str_has_prefix (host_keys[i], "ssh-ed25519 "));
  g_clear_object (&result);

  topology = make_topology ("trust-async");
  g_cancellable_cancel (cancellable);
  slipway_keys_write_trust_files_async (topology, "debian", cancellable,
                                        slipway_test_store_result_cb, &result);
  g_assert_false (slipway_keys_write_trust_files_finish (slipway_test_wait_result (&result), NULL,
                                                         &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/slipway/keys/cluster-dir", test_cluster_dir);
  g_test_add_func ("/slipway/keys/private-dir", test_private_dir);
  g_test_add_func ("/slipway/keys/private-dir/not-a-dir", test_private_dir_not_a_dir);
  g_test_add_func ("/slipway/keys/secret-file", test_secret_file);
  g_test_add_func ("/slipway/keys/secret-file/missing-dir", test_write_secret_file_missing_dir);
  g_test_add_func ("/slipway/keys/write-file-atomic/mode", test_write_file_atomic_mode);
  g_test_add_func ("/slipway/keys/ensure", test_ensure);
  g_test_add_func ("/slipway/keys/ensure/twice", test_ensure_twice);
  g_test_add_func ("/slipway/keys/ensure/missing-public", test_ensure_missing_public);
  g_test_add_func ("/slipway/keys/ensure/missing-private", test_ensure_missing_private);
  g_test_add_func ("/slipway/keys/ensure/concurrent", test_ensure_concurrent);
  g_test_add_func ("/slipway/keys/ensure/cancelled", test_ensure_cancelled);
  g_test_add_func ("/slipway/keys/ensure/no-ssh-keygen", test_ensure_no_ssh_keygen);
  g_test_add_func ("/slipway/keys/delete", test_delete);
  g_test_add_func ("/slipway/keys/delete/keeps-foreign-files", test_delete_keeps_foreign_files);
  g_test_add_func ("/slipway/keys/bad-cluster-name", test_bad_cluster_name);
  g_test_add_func ("/slipway/keys/host-key", test_host_key);
  g_test_add_func ("/slipway/keys/ssh-config/parsed-back", test_ssh_config_parsed_back);
  g_test_add_func ("/slipway/keys/trust-files", test_trust_files);
  g_test_add_func ("/slipway/keys/password-hash", test_password_hash);
  g_test_add_func ("/slipway/keys/password-hash/async", test_password_hash_async);
  g_test_add_func ("/slipway/keys/user-public-keys", test_user_public_keys);
  g_test_add_func ("/slipway/keys/trust-files/async", test_trust_files_async);

  return g_test_run ();
}
