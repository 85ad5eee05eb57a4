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

/* An image for other nodes never boots: refused. With --arch, an image
 * whose name says no architecture is written, with a word that it was not
 * checked. Without --arch the nodes are the host's, which the host check
 * of "create" compares. */
static gboolean
check_image_arch (Slipwayctl        *ctl,
                  const SlipwaySpec *spec,
                  int               *exit_code)
{
  SlipwayArch image = slipway_image_guess_arch (spec->image);
  g_autofree char *display = g_filename_display_basename (spec->image);

  if (spec->arch == SLIPWAY_ARCH_DEFAULT)
    return TRUE;

  if (image == SLIPWAY_ARCH_DEFAULT)
    {
      if (!ctl->quiet)
        /* Translators: the first %s is a file name, the second an architecture */
        slipwayctl_printerr (ctl, _("Could not check that %s is an image for %s: its name does not say. Nodes started from an image of another architecture never boot."),
                             display, slipway_arch_to_string (spec->arch));
      return TRUE;
    }

  if (image != spec->arch)
    {
      /* Translators: the first %s is a file name, the others architectures */
      slipwayctl_printerr (ctl, _("%s is an image for %s, but --arch asks for %s nodes: choose an image for %s."),
                           display, slipway_arch_to_string (image), slipway_arch_to_string (spec->arch),
                           slipway_arch_to_string (spec->arch));
      *exit_code = SLIPWAYCTL_EXIT_USAGE;
      return FALSE;
    }

  return TRUE;
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
  if (ctl->options.arch != NULL && !slipway_arch_from_string (ctl->options.arch, &spec->arch))
    {
      /* Translators: %s is what the user wrote; “x86_64” and “aarch64” are keywords */
      slipwayctl_printerr (ctl, _("“%s” is not an architecture Slipway knows: write “x86_64” or “aarch64”."),
                           ctl->options.arch);
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

      if (!check_image_arch (ctl, spec, &exit_code))
        return exit_code;
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
