/* slipway-terminal-launcher.c: an SSH session in the user's own terminal app
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "slipway-terminal-launcher.h"

/* The terminal apps asked for, in this order, and how each takes the
 * argv of the program it should run: never a shell string. */
static const struct
{
  const char *program;
  const char *separator;
} terminals[] = {
  { "kgx", "--" },                  /* GNOME Console */
  { "gnome-terminal", "--" },
  { "x-terminal-emulator", "-e" },  /* Debian's alternative */
};

/**
 * slipway_terminal_argv:
 * @command: the argv to run in the terminal
 *
 * Finds a terminal app on `PATH`.
 *
 * Returns: (transfer full): the argv that opens it running @command, or
 *   %NULL with @error set when there is none
 */
GStrv
slipway_terminal_argv (const char * const  *command,
                       GError             **error)
{
  g_return_val_if_fail (command != NULL && command[0] != NULL, NULL);

  /* The sandbox's PATH has no terminal app, and starting the host's would
   * take org.freedesktop.Flatpak: the right to run anything there. */
  if (g_getenv ("FLATPAK_ID") != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Slipway runs in a sandbox, which cannot open a terminal app on this "
                     "computer. Copy the SSH command line from the node’s details instead."));
      return NULL;
    }

  for (guint i = 0; i < G_N_ELEMENTS (terminals); i++)
    {
      g_autofree char *path = g_find_program_in_path (terminals[i].program);
      g_autoptr(GStrvBuilder) builder = NULL;

      if (path == NULL)
        continue;

      builder = g_strv_builder_new ();
      g_strv_builder_add_many (builder, path, terminals[i].separator, NULL);
      g_strv_builder_addv (builder, (const char **)command);
      return g_strv_builder_end (builder);
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               _("No terminal app was found. Install GNOME Console, or copy the SSH command line "
                 "from the node’s details."));
  return NULL;
}

/**
 * slipway_open_node_in_terminal:
 * @node: a node of @cluster
 *
 * Opens an SSH session to @node, with the cluster's ssh_config, in the
 * user's terminal app, and does not wait for it.
 *
 * Returns: %TRUE when the terminal app was started
 */
gboolean
slipway_open_node_in_terminal (SlipwayCluster  *cluster,
                               const char      *node,
                               GError         **error)
{
  g_autofree char *config = NULL;
  g_auto(GStrv) ssh = NULL;
  g_auto(GStrv) argv = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) terminal = NULL;

  g_return_val_if_fail (SLIPWAY_IS_CLUSTER (cluster), FALSE);
  g_return_val_if_fail (node != NULL, FALSE);

  config = slipway_cluster_ssh_config (slipway_cluster_get_name (cluster));
  ssh = slipway_ssh_argv (config, node, NULL);
  argv = slipway_terminal_argv ((const char * const *)ssh, error);
  if (argv == NULL)
    return FALSE;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  terminal = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv, error);

  return terminal != NULL;
}
