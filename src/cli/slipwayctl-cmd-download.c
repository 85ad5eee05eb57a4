/* slipwayctl-cmd-download.c — slipwayctl download URL
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "slipwayctl-private.h"

static void
on_received_cb (SlipwayDownload *download,
                GParamSpec      *pspec,
                gpointer         user_data)
{
  int *last_percent = user_data;
  int percent;

  if (slipway_download_get_total (download) == 0)
    return;

  percent = (int)(slipway_download_get_progress (download) * 100);
  if (percent / 10 == *last_percent / 10)
    return;
  *last_percent = percent;

  /* Translators: download progress on the standard error, like create's */
  g_printerr (_("[%3d%%] Downloading %s"), percent, slipway_download_get_url (download));
  g_printerr ("\n");
}

/* Where the download goes: -o FILE, or the cache the New Cluster window
 * downloads its images to, named after the URL. */
static char *
destination_of (Slipwayctl *ctl,
                const char *url)
{
  g_autoptr(SlipwayCatalogImage) image = NULL;

  if (ctl->options.output != NULL)
    return g_strdup (ctl->options.output);

  image = slipway_catalog_image_new ();
  image->url = g_strdup (url);
  return slipway_catalog_image_cache_path (image);
}

int
slipwayctl_cmd_download (Slipwayctl  *ctl,
                         int          argc,
                         char       **argv)
{
  const char *url = argv[0];
  g_autoptr(SlipwayDownload) download = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *destination = destination_of (ctl, url);
  g_autofree char *display = NULL;
  const char *sha256 = ctl->options.sha256;
  int last_percent = -10;

  if (sha256 != NULL && ctl->options.checksums != NULL)
    return slipwayctl_usage_error (ctl, "download",
                                   _("Give --sha256 or --checksums, not both."));
  if (sha256 != NULL)
    {
      gboolean hex = strlen (sha256) == 64;

      for (const char *p = sha256; hex && *p != '\0'; p++)
        hex = g_ascii_isxdigit (*p);
      if (!hex)
        /* Translators: %s is what was given after --sha256 */
        return slipwayctl_usage_error (ctl, "download",
                                       _("“%s” is no SHA-256 checksum: give its 64 hexadecimal digits."),
                                       sha256);
    }

  display = g_filename_display_name (destination);
  if (g_file_test (destination, G_FILE_TEST_EXISTS))
    {
      /* Translators: %s is a file */
      slipwayctl_printerr (ctl, _("%s is there already: nothing was downloaded. Delete it to download it again."),
                           display);
      g_print ("%s\n", destination);
      return SLIPWAYCTL_EXIT_OK;
    }

  download = slipway_download_new (url, destination);
  if (sha256 != NULL)
    slipway_download_set_expected_checksum (download, SLIPWAY_CHECKSUM_SHA256, sha256);
  else if (ctl->options.checksums != NULL)
    slipway_download_set_checksum_url (download, ctl->options.checksums);
  if (!ctl->quiet)
    g_signal_connect (download, "notify::received", G_CALLBACK (on_received_cb), &last_percent);

  slipway_download_run_async (download, ctl->cancellable, slipwayctl_async_cb, ctl);
  result = slipwayctl_wait (ctl);
  if (!slipway_download_run_finish (download, result, &error))
    {
      g_signal_handlers_disconnect_by_data (download, &last_percent);
      return slipwayctl_report_error (ctl, error);
    }
  g_signal_handlers_disconnect_by_data (download, &last_percent);

  if (!ctl->quiet)
    {
      if (slipway_download_get_verified (download))
        /* Translators: %s is a file */
        slipwayctl_printerr (ctl, _("Downloaded to %s; its checksum matches."), display);
      else
        slipwayctl_printerr (ctl, _("Downloaded to %s, not verified: give --sha256 or --checksums to check it."),
                             display);
    }
  g_print ("%s\n", destination);

  return SLIPWAYCTL_EXIT_OK;
}
