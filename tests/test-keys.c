/* test-keys.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "slipway.h"

/* G_TEST_OPTION_ISOLATE_DIRS gives every test its own XDG_DATA_HOME, so
 * each starts with no key. Keys are made by the real ssh-keygen. */

/* A tool the test cannot do without: a missing one FAILS the test, loudly. */
static gboolean
require_ssh_keygen (void)
{
  g_autofree char *path = g_find_program_in_path ("ssh-keygen");

  if (path == NULL)
    g_test_fail_printf ("“ssh-keygen” is not installed; this test needs it "
                        "(Debian package openssh-client)");
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

  return g_test_run ();
}
