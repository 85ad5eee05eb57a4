/* slipwayctl-cmd-lifecycle.c — slipwayctl start, stop, reset, force-off, destroy
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <unistd.h>

#include <glib/gi18n.h>
#include <gio/gunixinputstream.h>

#include "slipwayctl-private.h"

static void
print_operation_done (SlipwayOperationKind  operation,
                      const char       *cluster,
                      const char       *targets)
{
  switch (operation)
    {
    case SLIPWAY_OPERATION_START:
      if (targets == NULL)
        /* Translators: %s is a cluster name */
        g_print (_("Started every node of “%s”."), cluster);
      else
        /* Translators: the 1st %s is a list of nodes or roles, the 2nd a cluster name */
        g_print (_("Started %s in “%s”."), targets, cluster);
      break;

    case SLIPWAY_OPERATION_STOP:
      if (targets == NULL)
        g_print (_("Stopped every node of “%s”."), cluster);
      else
        g_print (_("Stopped %s in “%s”."), targets, cluster);
      break;

    case SLIPWAY_OPERATION_FORCE_OFF:
      if (targets == NULL)
        g_print (_("Turned off every node of “%s”."), cluster);
      else
        g_print (_("Turned off %s in “%s”."), targets, cluster);
      break;

    case SLIPWAY_OPERATION_RESET:
      if (targets == NULL)
        g_print (_("Reset every node of “%s”."), cluster);
      else
        g_print (_("Reset %s in “%s”."), targets, cluster);
      break;

    case SLIPWAY_OPERATION_REBUILD:
      if (targets == NULL)
        g_print (_("Rebuilt every node of “%s”."), cluster);
      else
        g_print (_("Rebuilt %s in “%s”."), targets, cluster);
      break;

    case SLIPWAY_OPERATION_CREATE:
    case SLIPWAY_OPERATION_DESTROY:
    case SLIPWAY_OPERATION_SAVE_CHECKPOINT:
    case SLIPWAY_OPERATION_RESTORE_CHECKPOINT:
    case SLIPWAY_OPERATION_DELETE_CHECKPOINT:
    default:
      g_assert_not_reached ();
    }

  g_print ("\n");
}

/* Shows the progress of the operation that just began on @cluster. */
static void
attach_progress (Slipwayctl     *ctl,
                 SlipwayCluster *cluster)
{
  SlipwayOperation *operation = slipway_cluster_get_operation (cluster);

  if (operation != NULL)
    slipwayctl_progress_attach (ctl->progress, operation);
}

static int
run_operation (Slipwayctl           *ctl,
               SlipwayOperationKind  operation,
               const char           *command,
               int                   argc,
               char                **argv)
{
  const char * const *targets = NULL;
  g_autoptr(SlipwayCluster) cluster = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *joined = NULL;
  int exit_code;

  if (!slipwayctl_check_cluster_name (ctl, command, argv[0], &exit_code))
    return exit_code;

  if (argc > 1)
    {
      targets = (const char * const *)(argv + 1);
      joined = g_strjoinv (", ", argv + 1);
    }

  cluster = slipwayctl_get_cluster (ctl, argv[0], &error);
  if (cluster == NULL)
    return slipwayctl_report_error (ctl, error);

  if (operation == SLIPWAY_OPERATION_RESET || operation == SLIPWAY_OPERATION_REBUILD)
    {
      exit_code = slipwayctl_confirm_loss (ctl, cluster, operation, NULL, targets);
      if (exit_code != SLIPWAYCTL_EXIT_OK)
        return exit_code;
    }

  if (operation == SLIPWAY_OPERATION_STOP && ctl->options.stop_timeout >= 0)
    slipway_connection_set_stop_timeout (slipwayctl_get_connection (ctl),
                                         (guint)ctl->options.stop_timeout);

  slipway_cluster_run_async (cluster, operation, targets, ctl->cancellable,
                             slipwayctl_async_cb, ctl);
  attach_progress (ctl, cluster);
  result = slipwayctl_wait (ctl);

  if (!slipway_cluster_run_finish (cluster, result, &error))
    {
      slipwayctl_progress_detach (ctl->progress);
      return slipwayctl_report_error (ctl, error);
    }
  slipwayctl_progress_done (ctl->progress);
  slipwayctl_progress_detach (ctl->progress);

  if (!ctl->quiet)
    print_operation_done (operation, argv[0], joined);

  return SLIPWAYCTL_EXIT_OK;
}

int
slipwayctl_cmd_start (Slipwayctl  *ctl,
                      int          argc,
                      char       **argv)
{
  return run_operation (ctl, SLIPWAY_OPERATION_START, "start", argc, argv);
}

int
slipwayctl_cmd_stop (Slipwayctl  *ctl,
                     int          argc,
                     char       **argv)
{
  return run_operation (ctl, SLIPWAY_OPERATION_STOP, "stop", argc, argv);
}

int
slipwayctl_cmd_force_off (Slipwayctl  *ctl,
                          int          argc,
                          char       **argv)
{
  return run_operation (ctl, SLIPWAY_OPERATION_FORCE_OFF, "force-off", argc, argv);
}

int
slipwayctl_cmd_reset (Slipwayctl  *ctl,
                      int          argc,
                      char       **argv)
{
  return run_operation (ctl, SLIPWAY_OPERATION_RESET, "reset", argc, argv);
}

int
slipwayctl_cmd_rebuild (Slipwayctl  *ctl,
                        int          argc,
                        char       **argv)
{
  return run_operation (ctl, SLIPWAY_OPERATION_REBUILD, "rebuild", argc, argv);
}

/* destroy ----------------------------------------------------------------- */

static void
describe_destruction (SlipwayCluster      *cluster,
                      SlipwayDestroyFlags  flags,
                      const char          *uri)
{
  const SlipwayTopology *topology = slipway_cluster_get_topology (cluster);
  const SlipwaySpec *spec = slipway_cluster_get_spec (cluster);
  const char *name = slipway_cluster_get_name (cluster);
  GListModel *nodes = slipway_cluster_get_nodes (cluster);
  g_autoptr(GPtrArray) domains = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *names = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (nodes); i++)
    {
      g_autoptr(SlipwayNode) node = g_list_model_get_item (nodes, i);

      if (slipway_node_get_state (node) != SLIPWAY_NODE_STATE_MISSING)
        g_ptr_array_add (domains, g_strdup (slipway_node_get_domain_name (node)));
    }
  g_ptr_array_add (domains, NULL);
  names = g_strjoinv (", ", (char **)domains->pdata);

  /* Translators: the 1st %s is a cluster name, the 2nd a libvirt URI */
  g_printerr (_("This destroys the cluster “%s” on %s:"), name, uri);
  g_printerr ("\n");

  if (domains->len > 1)
    {
      guint n = domains->len - 1;

      g_printerr ("  • ");
      /* Translators: %u is a number of virtual machines, %s their names */
      g_printerr (g_dngettext (GETTEXT_PACKAGE,
                               "%u virtual machine, turned off if running: %s",
                               "%u virtual machines, turned off if running: %s", n),
                  n, names);
      g_printerr ("\n  • ");
      g_printerr (g_dngettext (GETTEXT_PACKAGE,
                               "its disk and cloud-init seed",
                               "their disks and cloud-init seeds", n));
      g_printerr ("\n");
    }

  if (topology != NULL)
    {
      g_printerr ("  • ");
      /* Translators: the 1st %s is a libvirt network name, the 2nd its subnet */
      g_printerr (_("the network %s (%s)"), topology->network_name, topology->subnet);
      g_printerr ("\n");
    }

  /* Each image the nodes started from, once: a mixed lab has several. */
  for (guint r = 0; (flags & SLIPWAY_DESTROY_FLAGS_DELETE_IMAGE) != 0 && spec != NULL && r < SLIPWAY_N_ROLES; r++)
    {
      const char *image = spec->roles[r].count > 0 ? slipway_spec_get_role_image (spec, (SlipwayRole)r) : NULL;
      gboolean said = FALSE;

      for (guint o = 0; o < r && image != NULL; o++)
        said |= spec->roles[o].count > 0 &&
                g_strcmp0 (slipway_spec_get_role_image (spec, (SlipwayRole)o), image) == 0;
      if (image == NULL || said)
        continue;
      g_printerr ("  • ");
      /* Translators: %s is the path of a disk image */
      g_printerr (_("the base image %s, unless another cluster uses it"), image);
      g_printerr ("\n");
    }

  if ((flags & SLIPWAY_DESTROY_FLAGS_DELETE_KEYS) != 0)
    {
      g_autofree char *dir = slipway_cluster_dir (name);

      g_printerr ("  • ");
      /* Translators: %s is a folder */
      g_printerr (_("the SSH keys and local files in %s"), dir);
      g_printerr ("\n");
    }
}

/* What is left of a cluster whose network is gone: the network carries the
 * cluster file, but the machines still name the cluster in their metadata. */
static void
describe_remains (const char         *cluster,
                  const char * const *remains,
                  const char         *uri)
{
  g_autofree char *list = g_strjoinv (", ", (char **)remains);

  /* Translators: the 1st %s is a cluster name, the 2nd a libvirt URI, the
   * 3rd a list of virtual machine names */
  g_printerr (_("The network of the cluster “%s” on %s is gone, and with it the cluster "
                "file. Left of it are the virtual machines %s, and their disks and "
                "cloud-init seeds: this destroys them."), cluster, uri, list);
  g_printerr ("\n");
}

/* Unless --yes: says what goes (@model's, or the machines in @remains) and
 * asks to type the cluster name; refused without a terminal. */
static int
confirm_destruction (Slipwayctl          *ctl,
                     const char          *cluster,
                     SlipwayCluster      *model,
                     const char * const  *remains,
                     SlipwayDestroyFlags  flags)
{
  g_autoptr(GInputStream) base = NULL;
  g_autoptr(GDataInputStream) input = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  if (ctl->options.yes)
    return SLIPWAYCTL_EXIT_OK;

  if (!isatty (STDIN_FILENO))
    return slipwayctl_usage_error (ctl, "destroy",
                                   /* Translators: %s is a cluster name */
                                   _("Not destroying “%s” without confirmation: "
                                     "pass --yes to destroy it from a script."),
                                   cluster);

  if (model != NULL)
    describe_destruction (model, flags, ctl->uri);
  else
    describe_remains (cluster, remains, ctl->uri);

  /* Translators: %s is a cluster name the user has to type */
  g_printerr (_("Type “%s” to destroy it, anything else to keep it: "), cluster);

  base = g_unix_input_stream_new (STDIN_FILENO, FALSE);
  input = g_data_input_stream_new (base);
  ctl->in_prompt = TRUE;
  g_data_input_stream_read_line_async (input, G_PRIORITY_DEFAULT, ctl->cancellable,
                                       slipwayctl_async_cb, ctl);
  result = slipwayctl_wait (ctl);
  ctl->in_prompt = FALSE;
  line = g_data_input_stream_read_line_finish (input, result, NULL, &error);

  if (error != NULL)
    return slipwayctl_report_error (ctl, error);

  if (line == NULL || g_strcmp0 (g_strstrip (line), cluster) != 0)
    {
      if (line == NULL)
        g_printerr ("\n");
      /* Translators: %s is a cluster name */
      slipwayctl_printerr (ctl, _("Kept “%s”."), cluster);
      return SLIPWAYCTL_EXIT_CANCELLED;
    }

  return SLIPWAYCTL_EXIT_OK;
}

/* The cluster itself, through its model, with progress. */
static gboolean
destroy_cluster (Slipwayctl          *ctl,
                 SlipwayCluster      *model,
                 SlipwayDestroyFlags  flags,
                 GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  gboolean ok;

  slipway_cluster_destroy_async (model, flags, ctl->cancellable, slipwayctl_async_cb, ctl);
  attach_progress (ctl, model);
  result = slipwayctl_wait (ctl);
  ok = slipway_cluster_destroy_finish (model, result, error);
  if (ok)
    slipwayctl_progress_done (ctl->progress);
  slipwayctl_progress_detach (ctl->progress);

  return ok;
}

/* What is left of it, by name: there is no model without the network. */
static gboolean
destroy_remains (Slipwayctl          *ctl,
                 const char          *cluster,
                 SlipwayDestroyFlags  flags,
                 GError             **error)
{
  SlipwayConnection *connection = slipwayctl_get_connection (ctl);
  g_autoptr(GAsyncResult) result = NULL;

  slipway_connection_destroy_remains_async (connection, cluster, flags, ctl->cancellable,
                                            slipwayctl_async_cb, ctl);
  result = slipwayctl_wait (ctl);

  return slipway_connection_destroy_remains_finish (connection, result, error);
}

static char **
find_remains (Slipwayctl  *ctl,
              const char  *cluster,
              GError     **error)
{
  SlipwayConnection *connection = slipwayctl_get_connection (ctl);
  g_autoptr(GAsyncResult) result = NULL;

  slipway_connection_find_remains_async (connection, cluster, ctl->cancellable,
                                         slipwayctl_async_cb, ctl);
  result = slipwayctl_wait (ctl);

  return slipway_connection_find_remains_finish (connection, result, error);
}

int
slipwayctl_cmd_destroy (Slipwayctl  *ctl,
                        int          argc,
                        char       **argv)
{
  const char *cluster = argv[0];
  SlipwayDestroyFlags flags = SLIPWAY_DESTROY_FLAGS_NONE;
  g_autoptr(SlipwayCluster) model = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) not_found = NULL;
  g_auto(GStrv) remains = NULL;
  gboolean destroyed;
  int exit_code;

  if (!slipwayctl_check_cluster_name (ctl, "destroy", cluster, &exit_code))
    return exit_code;

  if (ctl->options.delete_image)
    flags |= SLIPWAY_DESTROY_FLAGS_DELETE_IMAGE;
  if (ctl->options.delete_keys)
    flags |= SLIPWAY_DESTROY_FLAGS_DELETE_KEYS;

  /* Missing clusters are reported as such, with or without a terminal;
   * one whose network is gone may have left machines that name it. */
  model = slipwayctl_get_cluster (ctl, cluster, &not_found);
  if (model == NULL)
    {
      if (!g_error_matches (not_found, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND))
        return slipwayctl_report_error (ctl, not_found);
      remains = find_remains (ctl, cluster, &error);
      if (remains == NULL)
        return slipwayctl_report_error (ctl, error);
      if (remains[0] == NULL)
        return slipwayctl_report_error (ctl, not_found);
    }

  exit_code = confirm_destruction (ctl, cluster, model, (const char * const *)remains, flags);
  if (exit_code != SLIPWAYCTL_EXIT_OK)
    return exit_code;

  destroyed = model != NULL ? destroy_cluster (ctl, model, flags, &error)
                            : destroy_remains (ctl, cluster, flags, &error);
  if (!destroyed)
    return slipwayctl_report_error (ctl, error);

  if (!ctl->quiet)
    {
      /* Translators: %s is a cluster name */
      g_print (model != NULL ? _("Destroyed “%s”.") : _("Destroyed what was left of “%s”."),
               cluster);
      g_print ("\n");
    }

  return SLIPWAYCTL_EXIT_OK;
}
