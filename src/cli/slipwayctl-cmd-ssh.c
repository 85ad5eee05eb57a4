/* slipwayctl-cmd-ssh.c — slipwayctl ssh, console: a terminal on a node
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "slipwayctl-private.h"

int
slipwayctl_cmd_ssh (Slipwayctl  *ctl,
                    int          argc,
                    char       **argv)
{
  const char *cluster = argv[0];
  const char *node = argv[1];
  g_autoptr(SlipwayCluster) model = NULL;
  const SlipwaySpec *spec;
  g_auto(GStrv) args = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *config = NULL;
  g_autofree char *program = NULL;
  int exit_code;
  int first;

  if (!slipwayctl_check_cluster_name (ctl, "ssh", cluster, &exit_code))
    return exit_code;

  model = slipwayctl_get_cluster (ctl, cluster, &error);
  if (model == NULL)
    return slipwayctl_report_error (ctl, error);

  if (slipway_cluster_find_node (model, node) == NULL)
    {
      g_set_error (&error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND,
                   /* Translators: the 1st %s is a cluster name, the 2nd what the user typed */
                   _("Cluster “%s” has no node named “%s”."), cluster, node);
      return slipwayctl_report_error (ctl, error);
    }

  spec = slipway_cluster_get_spec (model);
  if (!slipwayctl_ensure_trust_files (ctl, cluster, slipway_cluster_get_topology (model),
                                      spec != NULL ? spec->user : NULL, &error))
    return slipwayctl_report_error (ctl, error);

  program = g_find_program_in_path ("ssh");
  if (program == NULL)
    {
      slipwayctl_printerr (ctl, "%s", _("ssh is not installed. Install the openssh-client package."));
      return SLIPWAYCTL_EXIT_FAILED;
    }

  config = slipway_cluster_ssh_config (cluster);

  /* GOption leaves the "--" that separates the command. */
  first = (argc > 2 && g_str_equal (argv[2], "--")) ? 3 : 2;
  args = slipway_ssh_argv (config, node, (const char * const *)argv + first);

  fflush (stdout);
  fflush (stderr);
  execv (program, args);

  {
    int saved_errno = errno;

    /* Translators: %s is the system's error message */
    slipwayctl_printerr (ctl, _("Could not run ssh: %s"), g_strerror (saved_errno));
  }

  return SLIPWAYCTL_EXIT_FAILED;
}

/* console ------------------------------------------------------------------ */

int
slipwayctl_cmd_console (Slipwayctl  *ctl,
                        int          argc,
                        char       **argv)
{
  int exit_code;

  if (!slipwayctl_check_cluster_name (ctl, "console", argv[0], &exit_code))
    return exit_code;

  return slipwayctl_run_console (ctl, argv[0], argv[1], ctl->options.take_over);
}
