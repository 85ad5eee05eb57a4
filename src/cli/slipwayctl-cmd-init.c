/* slipwayctl-cmd-init.c — slipwayctl init
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "slipwayctl-private.h"

static gboolean
write_new_file (const char  *path,
                const char  *contents,
                gboolean     overwrite,
                GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) stream = NULL;

  if (overwrite)
    return g_file_replace_contents (file, contents, strlen (contents), NULL, FALSE,
                                    G_FILE_CREATE_NONE, NULL, NULL, error);

  /* Create, never replace: no window between a test and the write. */
  stream = g_file_create (file, G_FILE_CREATE_NONE, NULL, error);
  if (stream == NULL)
    return FALSE;

  if (!g_output_stream_write_all (G_OUTPUT_STREAM (stream), contents, strlen (contents),
                                  NULL, NULL, error))
    return FALSE;

  return g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, error);
}

int
slipwayctl_cmd_init (Slipwayctl  *ctl,
                     int          argc,
                     char       **argv)
{
  const char *name = argv[0];
  g_autoptr(SlipwaySpec) spec = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *path = NULL;
  g_autofree char *display = NULL;
  int exit_code;

  if (!slipwayctl_check_cluster_name (ctl, "init", name, &exit_code))
    return exit_code;

  spec = slipway_spec_new_default (name);
  if (ctl->options.load_balancer != NULL &&
      !slipway_load_balancer_from_string (ctl->options.load_balancer, &spec->load_balancer))
    {
      /* Translators: %s is what was given; haproxy, ipvs and none are keywords */
      slipwayctl_printerr (ctl, _("“%s” is not a load balancer: write haproxy, ipvs or none."),
                           ctl->options.load_balancer);
      return SLIPWAYCTL_EXIT_USAGE;
    }
  if (ctl->options.password)
    {
      spec->password_hash = slipwayctl_read_password_hash (ctl, &error);
      if (spec->password_hash == NULL)
        return slipwayctl_report_error (ctl, error);
    }
  if (ctl->options.image != NULL)
    {
      g_autofree char *user = NULL;

      /* The file may be used from another folder later. */
      g_free (spec->image);
      spec->image = g_canonicalize_filename (ctl->options.image, NULL);

      /* As the wizard does: "ubuntu-24.04-server-cloudimg-amd64.img" logs
       * in as "ubuntu". A name that says nothing keeps the default user. */
      if (slipway_catalog_guess_image (spec->image, NULL, &user, NULL))
        {
          g_free (spec->user);
          spec->user = g_steal_pointer (&user);
        }
    }

  data = slipway_spec_to_data (spec, TRUE);

  if (g_strcmp0 (ctl->options.output, "-") == 0)
    {
      fwrite (data, 1, strlen (data), stdout);
      fflush (stdout);
      return SLIPWAYCTL_EXIT_OK;
    }

  path = ctl->options.output != NULL ? g_strdup (ctl->options.output) : g_strconcat (name, ".conf", NULL);
  display = g_filename_display_name (path);

  if (!write_new_file (path, data, ctl->options.force, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        /* Translators: %s is a file name */
        slipwayctl_printerr (ctl, _("%s exists already. Pass --force to overwrite it."), display);
      else
        slipwayctl_printerr (ctl, "%s", error->message);
      return SLIPWAYCTL_EXIT_FAILED;
    }

  if (!ctl->quiet)
    {
      /* Translators: both %s are the same file name */
      g_print (_("Wrote %s. Edit it, then run “slipwayctl create %s”."), display, display);
      g_print ("\n");
    }

  return SLIPWAYCTL_EXIT_OK;
}
