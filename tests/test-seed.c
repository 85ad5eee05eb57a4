/* test-seed.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "slipway.h"
#include "slipway-test-utils.h"

/* The image is read back with the real isoinfo (genisoimage), through its
 * Rock Ridge and its Joliet names, as a guest's kernel would. */

static const char meta_data[] =
  "instance-id: lab-control0-0001\n"
  "local-hostname: control0\n";

static const char user_data[] =
  "#cloud-config\n"
  "hostname: control0\n"
  "users:\n"
  "- name: 'o''brien: #1 ünï 日本'\n"
  "ssh_pwauth: false";   /* no final newline: bytes are bytes */

static GBytes *
build (const char *meta,
       const char *user)
{
  g_autoptr(GError) error = NULL;
  GBytes *image = slipway_seed_iso_build (meta, user, &error);

  g_assert_no_error (error);
  g_assert_nonnull (image);
  g_assert_cmpuint (g_bytes_get_size (image) % 2048, ==, 0);
  return image;
}

static char *
write_image (GBytes *image)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  int fd;

  fd = g_file_open_tmp ("slipway-seed-XXXXXX.iso", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, g_bytes_get_data (image, NULL), g_bytes_get_size (image), &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

/* Runs isoinfo with @args; returns its exact stdout bytes. */
static GBytes *
isoinfo (const char * const *args)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) err = NULL;
  g_autofree char *program = slipway_test_require_program ("isoinfo", "genisoimage");
  GBytes *out = NULL;

  if (program == NULL)
    return NULL;

  g_ptr_array_add (argv, program);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *)args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *)argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    {
      g_test_fail_printf ("isoinfo failed: %.*s", (int)g_bytes_get_size (err),
                          (const char *)g_bytes_get_data (err, NULL));
      g_clear_pointer (&out, g_bytes_unref);
    }

  return out;
}

static char *
isoinfo_text (const char * const *args)
{
  g_autoptr(GBytes) out = isoinfo (args);

  if (out == NULL)
    return NULL;
  return g_strndup (g_bytes_get_data (out, NULL), g_bytes_get_size (out));
}

static void
assert_extracts (const char *path,
                 const char *names_option,
                 const char *file,
                 const char *expected)
{
  const char *args[] = { "-i", path, names_option, "-x", file, NULL };
  g_autoptr(GBytes) out = isoinfo (args);
  g_autoptr(GBytes) want = g_bytes_new_static (expected, strlen (expected));

  if (out == NULL)
    return;

  if (!g_bytes_equal (out, want))
    g_test_fail_printf ("isoinfo %s -x %s gave %" G_GSIZE_FORMAT " bytes:\n%.*s\nexpected:\n%s",
                        names_option, file, g_bytes_get_size (out),
                        (int)g_bytes_get_size (out), (const char *)g_bytes_get_data (out, NULL),
                        expected);
}

static void
test_volume_id (void)
{
  g_autoptr(GBytes) image = build (meta_data, user_data);
  g_autofree char *path = write_image (image);
  const char *args[] = { "-d", "-i", path, NULL };
  g_autofree char *info = isoinfo_text (args);

  if (info == NULL)
    return;

  g_test_message ("%s", info);
  g_assert_nonnull (strstr (info, "\nVolume id: cidata\n"));
  g_assert_nonnull (strstr (info, "Rock Ridge signatures"));
  g_assert_nonnull (strstr (info, "Joliet"));
  g_unlink (path);
}

static void
test_contents (void)
{
  g_autoptr(GBytes) image = build (meta_data, user_data);
  g_autofree char *path = write_image (image);

  assert_extracts (path, "-R", "/meta-data", meta_data);
  assert_extracts (path, "-R", "/user-data", user_data);
  assert_extracts (path, "-J", "/meta-data", meta_data);
  assert_extracts (path, "-J", "/user-data", user_data);
  g_unlink (path);
}

/* Names exactly "meta-data" and "user-data", mode 0644, owned by root. */
static void
test_listing (void)
{
  g_autoptr(GBytes) image = build (meta_data, user_data);
  g_autofree char *path = write_image (image);
  const char *args[] = { "-i", path, "-R", "-l", NULL };
  g_autofree char *listing = isoinfo_text (args);
  g_auto(GStrv) lines = NULL;
  guint files = 0;

  if (listing == NULL)
    return;

  g_test_message ("%s", listing);
  lines = g_strsplit (listing, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_suffix (lines[i], " meta-data ") || g_str_has_suffix (lines[i], " user-data "))
        {
          g_assert_true (g_str_has_prefix (lines[i], "-rw-r--r--   1    0    0 "));
          files++;
        }
    }
  g_assert_cmpuint (files, ==, 2);
  g_unlink (path);
}

static void
test_empty_file (void)
{
  g_autoptr(GBytes) image = build (meta_data, "");
  g_autofree char *path = write_image (image);

  assert_extracts (path, "-R", "/user-data", "");
  assert_extracts (path, "-R", "/meta-data", meta_data);
  g_unlink (path);
}

/* Bigger than libisofs' 2 MiB ring buffer and than one read, and not a
 * whole number of blocks. */
static void
test_large_file (void)
{
  g_autoptr(GString) big = g_string_new ("#cloud-config\n");
  g_autoptr(GBytes) image = NULL;
  g_autofree char *path = NULL;

  while (big->len < 3 * 1024 * 1024 + 123)
    g_string_append_printf (big, "# line %" G_GSIZE_FORMAT " ünï\n", big->len);

  image = build (meta_data, big->str);
  path = write_image (image);
  assert_extracts (path, "-R", "/user-data", big->str);
  g_unlink (path);
}

static void
test_small (void)
{
  g_autoptr(GBytes) image = build (meta_data, user_data);

  g_test_message ("seed image: %" G_GSIZE_FORMAT " bytes", g_bytes_get_size (image));
  g_assert_cmpuint (g_bytes_get_size (image), <=, 128 * 1024);
}

static void
test_deterministic (void)
{
  g_autoptr(GBytes) first = build (meta_data, user_data);
  g_autoptr(GBytes) second = NULL;
  g_autoptr(GBytes) other = NULL;

  g_usleep (1100 * 1000);   /* a new second: no timestamp may leak in */
  second = build (meta_data, user_data);
  other = build (meta_data, "#cloud-config\nhostname: worker0\n");

  g_assert_true (g_bytes_equal (first, second));
  g_assert_false (g_bytes_equal (first, other));
}

#define N_THREADS 6
#define N_BUILDS  12

static gpointer
build_many_thread (gpointer data)
{
  GBytes *reference = data;

  for (guint i = 0; i < N_BUILDS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) image = slipway_seed_iso_build (meta_data, user_data, &error);

      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (image, reference));
    }

  return NULL;
}

/* libisofs has global state: concurrent callers must still get whole,
 * identical images. */
static void
test_threads (void)
{
  g_autoptr(GBytes) reference = build (meta_data, user_data);
  GThread *threads[N_THREADS];

  for (guint i = 0; i < N_THREADS; i++)
    threads[i] = g_thread_new ("seed", build_many_thread, reference);
  for (guint i = 0; i < N_THREADS; i++)
    g_thread_join (threads[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/slipway/seed/volume-id", test_volume_id);
  g_test_add_func ("/slipway/seed/contents", test_contents);
  g_test_add_func ("/slipway/seed/listing", test_listing);
  g_test_add_func ("/slipway/seed/empty-file", test_empty_file);
  g_test_add_func ("/slipway/seed/large-file", test_large_file);
  g_test_add_func ("/slipway/seed/small", test_small);
  g_test_add_func ("/slipway/seed/deterministic", test_deterministic);
  g_test_add_func ("/slipway/seed/threads", test_threads);

  return g_test_run ();
}
