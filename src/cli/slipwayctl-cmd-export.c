/* slipwayctl-cmd-export.c — slipwayctl export
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

/* Prints what slipway_cluster_export_async() makes: the window's Export
 * saves the very same text. */
int
slipwayctl_cmd_export (Slipwayctl  *ctl,
                       int          argc,
                       char       **argv)
{
  const char *cluster = argv[0];
  const char *name = ctl->options.format != NULL ? ctl->options.format : "ssh-config";
  SlipwayExportFormat format;
  g_autoptr(SlipwayCluster) model = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  int exit_code;

  if (!slipwayctl_check_cluster_name (ctl, "export", cluster, &exit_code))
    return exit_code;

  if (!slipway_export_format_from_string (name, &format))
    /* Translators: %s is what the user typed; keep the keywords */
    return slipwayctl_usage_error (ctl, "export",
                                   _("“%s” is not an export format: use “ssh-config”, “ansible” or “hosts”."),
                                   name);

  model = slipwayctl_get_cluster (ctl, cluster, &error);
  if (model == NULL)
    return slipwayctl_report_error (ctl, error);

  slipway_cluster_export_async (model, format, ctl->cancellable, slipwayctl_async_cb, ctl);
  result = slipwayctl_wait (ctl);
  text = slipway_cluster_export_finish (model, result, &error);
  if (text == NULL)
    return slipwayctl_report_error (ctl, error);

  fwrite (text, 1, strlen (text), stdout);
  fflush (stdout);

  return SLIPWAYCTL_EXIT_OK;
}
