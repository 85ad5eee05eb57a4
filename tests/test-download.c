/* test-download.c: image downloads from a web server on loopback
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "slipway.h"
#include "slipway-test-utils.h"

#define IMAGE_SIZE (3 * 1024 * 1024 + 123)

typedef struct
{
  SoupServer *server;
  char       *base;          /* "http://127.0.0.1:PORT" */
  GBytes     *image;
  GBytes     *corrupt;       /* same size, one byte flipped */
  char       *sums256;
  char       *sums512;
  char       *dir;
} Fixture;

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Fixture *fixture = user_data;
  GBytes *body = NULL;
  const char *text = NULL;

  if (g_str_equal (path, "/images/lab.qcow2"))
    body = fixture->image;
  else if (g_str_equal (path, "/corrupt/lab.qcow2"))
    body = fixture->corrupt;
  else if (g_str_equal (path, "/images/SHA256SUMS") || g_str_equal (path, "/corrupt/SHA256SUMS"))
    text = fixture->sums256;
  else if (g_str_equal (path, "/images/SHA512SUMS"))
    text = fixture->sums512;

  if (body != NULL)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/octet-stream", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (body, NULL), g_bytes_get_size (body));
    }
  else if (text != NULL)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_COPY, text, strlen (text));
    }
  else
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
    }
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *bytes = g_malloc (IMAGE_SIZE);
  g_autofree char *digest256 = NULL;
  g_autofree char *digest512 = NULL;
  GSList *uris;

  for (guint i = 0; i < IMAGE_SIZE; i++)
    bytes[i] = (guint8)(i * 31 + (i >> 8));
  fixture->image = g_bytes_new (bytes, IMAGE_SIZE);
  digest256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, fixture->image);
  digest512 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA512, fixture->image);
  bytes[IMAGE_SIZE / 2] ^= 0x40;
  fixture->corrupt = g_bytes_new (bytes, IMAGE_SIZE);

  fixture->sums256 = g_strdup_printf ("0000000000000000000000000000000000000000000000000000000000000000  other.qcow2\n"
                                      "%s  lab.qcow2\n", digest256);
  fixture->sums512 = g_strdup_printf ("%s *lab.qcow2\n", digest512);

  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, NULL, server_cb, fixture, NULL);
  /* Loopback only, a port of the kernel's choosing. */
  soup_server_listen_local (fixture->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fixture->server);
  g_assert_nonnull (uris);
  fixture->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);

  fixture->dir = g_build_filename (g_get_user_cache_dir (), "slipway", "images", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  soup_server_disconnect (fixture->server);
  g_assert_finalize_object (fixture->server);
  g_bytes_unref (fixture->image);
  g_bytes_unref (fixture->corrupt);
  g_free (fixture->sums256);
  g_free (fixture->sums512);
  g_free (fixture->base);
  g_free (fixture->dir);
}

static void
count_progress_cb (SlipwayDownload *download,
                   GParamSpec      *pspec,
                   GArray          *fractions)
{
  double fraction = slipway_download_get_progress (download);

  g_array_append_val (fractions, fraction);
}

static gboolean
run (SlipwayDownload  *download,
     GCancellable     *cancellable,
     GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  slipway_download_run_async (download, cancellable, slipway_test_store_result_cb, &result);
  return slipway_download_run_finish (download, slipway_test_wait_result (&result), error);
}

/* Nothing of a download is left in its folder but the finished file. */
static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;

  return n;
}

static void
test_download_verified (Fixture       *fixture,
                        gconstpointer  data)
{
  const char *sums = data;
  g_autofree char *url = g_strconcat (fixture->base, "/images/lab.qcow2", NULL);
  g_autofree char *sums_url = g_strconcat (fixture->base, "/images/", sums, NULL);
  g_autofree char *dest = g_build_filename (fixture->dir, "lab.qcow2", NULL);
  g_autoptr(SlipwayDownload) download = slipway_download_new (url, dest);
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  slipway_download_set_checksum_url (download, sums_url);
  g_signal_connect (download, "notify::progress", G_CALLBACK (count_progress_cb), fractions);

  g_assert_true (run (download, NULL, &error));
  g_assert_no_error (error);

  /* Progress came in steps, from the announced length, up to the end. */
  g_assert_cmpuint (fractions->len, >, 3);
  for (guint i = 1; i < fractions->len; i++)
    g_assert_cmpfloat (g_array_index (fractions, double, i), >=, g_array_index (fractions, double, i - 1));
  g_assert_cmpfloat (g_array_index (fractions, double, fractions->len - 1), ==, 1.0);
  g_assert_cmpuint (slipway_download_get_total (download), ==, IMAGE_SIZE);
  g_assert_cmpuint (slipway_download_get_received (download), ==, IMAGE_SIZE);
  g_assert_true (slipway_download_get_verified (download));

  g_assert_true (g_file_get_contents (dest, &contents, &length, NULL));
  g_assert_cmpuint (length, ==, IMAGE_SIZE);
  g_assert_cmpmem (contents, length, g_bytes_get_data (fixture->image, NULL), IMAGE_SIZE);
  g_assert_cmpuint (count_files (fixture->dir), ==, 1);
  g_unlink (dest);
}

static void
test_download_corrupt (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *url = g_strconcat (fixture->base, "/corrupt/lab.qcow2", NULL);
  g_autofree char *sums_url = g_strconcat (fixture->base, "/corrupt/SHA256SUMS", NULL);
  g_autofree char *dest = g_build_filename (fixture->dir, "corrupt.qcow2", NULL);
  g_autoptr(SlipwayDownload) download = slipway_download_new (url, dest);
  g_autoptr(GError) error = NULL;

  slipway_download_set_checksum_url (download, sums_url);
  g_assert_false (run (download, NULL, &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_IMAGE);
  g_assert_nonnull (strstr (error->message, "corrupt"));
  g_assert_nonnull (strstr (error->message, "SHA-256"));
  g_assert_false (slipway_download_get_verified (download));

  g_assert_false (g_file_test (dest, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (fixture->dir), ==, 0);
}

static void
test_download_not_listed (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *url = g_strconcat (fixture->base, "/images/lab.qcow2", NULL);
  g_autofree char *dest = g_build_filename (fixture->dir, "unlisted.qcow2", NULL);
  g_autoptr(SlipwayDownload) download = slipway_download_new (url, dest);
  g_autofree char *missing_sums = g_strconcat (fixture->base, "/nothing/SHA256SUMS", NULL);
  g_autoptr(GError) error = NULL;

  /* The sums file itself is missing: nothing is downloaded unverified. */
  slipway_download_set_checksum_url (download, missing_sums);
  g_assert_false (run (download, NULL, &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_IMAGE);
  g_assert_nonnull (strstr (error->message, "404"));
  g_assert_false (g_file_test (dest, G_FILE_TEST_EXISTS));
}

static void
test_download_http_error (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *url = g_strconcat (fixture->base, "/missing.qcow2", NULL);
  g_autofree char *dest = g_build_filename (fixture->dir, "missing.qcow2", NULL);
  g_autoptr(SlipwayDownload) download = slipway_download_new (url, dest);
  g_autoptr(GError) error = NULL;

  g_assert_false (run (download, NULL, &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_IMAGE);
  g_assert_false (g_file_test (dest, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (fixture->dir), ==, 0);
}

static void
cancel_at_first_chunk_cb (SlipwayDownload *download,
                          GParamSpec      *pspec,
                          GCancellable    *cancellable)
{
  if (slipway_download_get_received (download) > 0)
    g_cancellable_cancel (cancellable);
}

static void
test_download_cancel (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *url = g_strconcat (fixture->base, "/images/lab.qcow2", NULL);
  g_autofree char *dest = g_build_filename (fixture->dir, "cancelled.qcow2", NULL);
  g_autoptr(SlipwayDownload) download = slipway_download_new (url, dest);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_signal_connect (download, "notify::received", G_CALLBACK (cancel_at_first_chunk_cb), cancellable);
  g_assert_false (run (download, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (slipway_download_get_received (download), <, IMAGE_SIZE);

  g_assert_false (g_file_test (dest, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (fixture->dir), ==, 0);
}

static void
test_download_expected_checksum (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autofree char *url = g_strconcat (fixture->base, "/images/lab.qcow2", NULL);
  g_autofree char *dest = g_build_filename (fixture->dir, "known.qcow2", NULL);
  g_autoptr(SlipwayDownload) download = slipway_download_new (url, dest);
  g_autofree char *wrong = g_strnfill (64, 'a');
  g_autoptr(GError) error = NULL;

  slipway_download_set_expected_checksum (download, SLIPWAY_CHECKSUM_AUTO, wrong);
  g_assert_false (run (download, NULL, &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_IMAGE);
  g_assert_false (g_file_test (dest, G_FILE_TEST_EXISTS));
}

static void
test_download_bad_url (void)
{
  g_autoptr(SlipwayDownload) download = slipway_download_new ("ftp://example.org/a.qcow2", "/nonexistent/a");
  g_autoptr(GError) error = NULL;

  g_assert_false (run (download, NULL, &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_IMAGE);
}

int
main (int   argc,
      char *argv[])
{
  /* Isolated dirs hide the system's GSettings schemas, which GNOME's proxy
   * resolver reads; the server is on loopback anyway. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/slipway/download/verified-sha256", Fixture, "SHA256SUMS",
              fixture_set_up, test_download_verified, fixture_tear_down);
  g_test_add ("/slipway/download/verified-sha512", Fixture, "SHA512SUMS",
              fixture_set_up, test_download_verified, fixture_tear_down);
  g_test_add ("/slipway/download/corrupt-rejected", Fixture, NULL,
              fixture_set_up, test_download_corrupt, fixture_tear_down);
  g_test_add ("/slipway/download/sums-missing", Fixture, NULL,
              fixture_set_up, test_download_not_listed, fixture_tear_down);
  g_test_add ("/slipway/download/http-error", Fixture, NULL,
              fixture_set_up, test_download_http_error, fixture_tear_down);
  g_test_add ("/slipway/download/cancel-leaves-nothing", Fixture, NULL,
              fixture_set_up, test_download_cancel, fixture_tear_down);
  g_test_add ("/slipway/download/expected-checksum", Fixture, NULL,
              fixture_set_up, test_download_expected_checksum, fixture_tear_down);
  g_test_add_func ("/slipway/download/bad-url", test_download_bad_url);

  return g_test_run ();
}
