/* slipwayctl-cmd-checkpoint.c — slipwayctl checkpoint save|list|restore|delete
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

/* Asks on a terminal whether to go on with what @question describes; off a
 * terminal, or with --yes, it goes on. */
static int
confirm (Slipwayctl *ctl,
         const char *question)
{
  g_autoptr(GInputStream) base = NULL;
  g_autoptr(GDataInputStream) input = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  if (ctl->options.yes || !isatty (STDIN_FILENO))
    return SLIPWAYCTL_EXIT_OK;

  base = g_unix_input_stream_new (STDIN_FILENO, FALSE);
  input = g_data_input_stream_new (base);
  g_printerr ("%s ", question);
  /* Translators: the answer that goes on is “y”, as in the prompt */
  g_printerr ("%s", _("[y/N] "));

  ctl->in_prompt = TRUE;
  g_data_input_stream_read_line_async (input, G_PRIORITY_DEFAULT, ctl->cancellable,
                                       slipwayctl_async_cb, ctl);
  result = slipwayctl_wait (ctl);
  ctl->in_prompt = FALSE;
  line = g_data_input_stream_read_line_finish (input, result, NULL, &error);
  if (error != NULL)
    return slipwayctl_report_error (ctl, error);

  /* Translators: the first letter of the answer that goes on, lower case */
  if (line != NULL && g_ascii_strncasecmp (g_strstrip (line), C_("answer", "y"), 1) == 0)
    return SLIPWAYCTL_EXIT_OK;

  if (line == NULL)
    g_printerr ("\n");
  slipwayctl_printerr (ctl, "%s", _("Nothing was changed."));
  return SLIPWAYCTL_EXIT_CANCELLED;
}

int
slipwayctl_confirm_loss (Slipwayctl           *ctl,
                         SlipwayCluster       *cluster,
                         SlipwayOperationKind  kind,
                         const char           *checkpoint,
                         const char * const   *targets)
{
  g_autofree char *question = slipway_cluster_dup_confirmation (cluster, kind, checkpoint, targets);

  return confirm (ctl, question);
}

static void
print_list (GListModel *checkpoints)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  guint n = g_list_model_get_n_items (checkpoints);

  g_ptr_array_add (rows, g_strdupv ((char *[]) { _("NAME"), _("CREATED"), _("NODES"), _("DESCRIPTION"), NULL }));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlipwayCheckpoint) checkpoint = g_list_model_get_item (checkpoints, i);
      g_autoptr(GDateTime) local = g_date_time_to_local (slipway_checkpoint_get_created (checkpoint));
      g_autofree char *created = g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
      g_autofree char *nodes = NULL;
      char **row = g_new0 (char *, 5);

      if (slipway_checkpoint_get_complete (checkpoint))
        nodes = g_strdup (C_("checkpoint nodes", "all"));
      else
        nodes = g_strjoinv (",", (char **)slipway_checkpoint_get_nodes (checkpoint));

      row[0] = g_strdup (slipway_checkpoint_get_name (checkpoint));
      row[1] = g_steal_pointer (&created);
      row[2] = g_steal_pointer (&nodes);
      row[3] = g_strdup (slipway_checkpoint_get_description (checkpoint));
      g_ptr_array_add (rows, row);
    }

  slipwayctl_print_table (rows, "");
}

static void
print_json (const char *cluster,
            GListModel *checkpoints)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  guint n = g_list_model_get_n_items (checkpoints);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "cluster");
  json_builder_add_string_value (builder, cluster);
  json_builder_set_member_name (builder, "checkpoints");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlipwayCheckpoint) checkpoint = g_list_model_get_item (checkpoints, i);
      g_autofree char *created = g_date_time_format_iso8601 (slipway_checkpoint_get_created (checkpoint));
      const char * const *nodes = slipway_checkpoint_get_nodes (checkpoint);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, slipway_checkpoint_get_name (checkpoint));
      json_builder_set_member_name (builder, "description");
      json_builder_add_string_value (builder, slipway_checkpoint_get_description (checkpoint));
      json_builder_set_member_name (builder, "created");
      json_builder_add_string_value (builder, created);
      json_builder_set_member_name (builder, "baseline");
      json_builder_add_boolean_value (builder, slipway_checkpoint_get_baseline (checkpoint));
      json_builder_set_member_name (builder, "complete");
      json_builder_add_boolean_value (builder, slipway_checkpoint_get_complete (checkpoint));
      json_builder_set_member_name (builder, "nodes");
      json_builder_begin_array (builder);
      for (guint j = 0; nodes[j] != NULL; j++)
        json_builder_add_string_value (builder, nodes[j]);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  slipwayctl_print_json (root);
}

typedef enum
{
  ACTION_SAVE,
  ACTION_LIST,
  ACTION_RESTORE,
  ACTION_DELETE,
} Action;

static gboolean
parse_action (const char *word,
              Action     *action)
{
  static const char * const words[] = { "save", "list", "restore", "delete" };

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (g_strcmp0 (word, words[i]) == 0)
      {
        *action = (Action)i;
        return TRUE;
      }

  return FALSE;
}

int
slipwayctl_cmd_checkpoint (Slipwayctl  *ctl,
                           int          argc,
                           char       **argv)
{
  const char *cluster_name = argv[1];
  const char *name = argc > 2 ? argv[2] : NULL;
  const char * const *targets = argc > 3 ? (const char * const *)(argv + 3) : NULL;
  g_autoptr(SlipwayCluster) cluster = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  SlipwayOperation *operation;
  gboolean done = FALSE;
  Action action;
  int exit_code;

  if (!parse_action (argv[0], &action))
    /* Translators: %s is what the user typed; keep the keywords */
    return slipwayctl_usage_error (ctl, "checkpoint",
                                   _("“%s” is not something to do with a checkpoint: use “save”, “list”, “restore” or “delete”."),
                                   argv[0]);

  if (!slipwayctl_check_cluster_name (ctl, "checkpoint", cluster_name, &exit_code))
    return exit_code;

  if ((action == ACTION_SAVE || action == ACTION_DELETE) && name == NULL)
    return slipwayctl_usage_error (ctl, "checkpoint", _("Name the checkpoint to save or delete."));
  if (action == ACTION_LIST && name != NULL)
    return slipwayctl_usage_error (ctl, "checkpoint", _("“checkpoint list” takes only the cluster."));
  if ((action == ACTION_SAVE || action == ACTION_DELETE) && targets != NULL)
    return slipwayctl_usage_error (ctl, "checkpoint",
                                   _("A checkpoint is saved and deleted on every node: name no nodes."));
  if (name != NULL && !slipway_check_checkpoint_name (name, &error))
    return slipwayctl_usage_error (ctl, "checkpoint", "%s", error->message);

  cluster = slipwayctl_get_cluster (ctl, cluster_name, &error);
  if (cluster == NULL)
    return slipwayctl_report_error (ctl, error);

  switch (action)
    {
    case ACTION_LIST:
      if (ctl->options.json)
        print_json (cluster_name, slipway_cluster_get_checkpoints (cluster));
      else
        print_list (slipway_cluster_get_checkpoints (cluster));
      return SLIPWAYCTL_EXIT_OK;

    case ACTION_SAVE:
      slipway_cluster_save_checkpoint_async (cluster, name, ctl->options.description, ctl->cancellable,
                                             slipwayctl_async_cb, ctl);
      break;

    case ACTION_RESTORE:
      exit_code = slipwayctl_confirm_loss (ctl, cluster, SLIPWAY_OPERATION_RESTORE_CHECKPOINT, name, targets);
      if (exit_code != SLIPWAYCTL_EXIT_OK)
        return exit_code;
      slipway_cluster_restore_checkpoint_async (cluster, name, targets, ctl->cancellable,
                                                slipwayctl_async_cb, ctl);
      break;

    case ACTION_DELETE:
      exit_code = slipwayctl_confirm_loss (ctl, cluster, SLIPWAY_OPERATION_DELETE_CHECKPOINT, name, NULL);
      if (exit_code != SLIPWAYCTL_EXIT_OK)
        return exit_code;
      slipway_cluster_delete_checkpoint_async (cluster, name, ctl->cancellable, slipwayctl_async_cb, ctl);
      break;

    default:
      g_assert_not_reached ();
    }

  operation = slipway_cluster_get_operation (cluster);
  if (operation != NULL)
    slipwayctl_progress_attach (ctl->progress, operation);
  result = slipwayctl_wait (ctl);

  switch (action)
    {
    case ACTION_SAVE:
      done = slipway_cluster_save_checkpoint_finish (cluster, result, &error);
      break;
    case ACTION_RESTORE:
      done = slipway_cluster_restore_checkpoint_finish (cluster, result, &error);
      break;
    case ACTION_DELETE:
      done = slipway_cluster_delete_checkpoint_finish (cluster, result, &error);
      break;
    case ACTION_LIST:
    default:
      g_assert_not_reached ();
    }

  if (!done)
    {
      slipwayctl_progress_detach (ctl->progress);
      return slipwayctl_report_error (ctl, error);
    }
  slipwayctl_progress_done (ctl->progress);
  slipwayctl_progress_detach (ctl->progress);

  if (!ctl->quiet)
    {
      const char *shown = name != NULL ? name : SLIPWAY_CHECKPOINT_BASELINE;

      if (action == ACTION_SAVE)
        /* Translators: the 1st %s is a checkpoint name, the 2nd a cluster name */
        g_print (_("Saved checkpoint “%s” of “%s”."), shown, cluster_name);
      else if (action == ACTION_RESTORE)
        g_print (_("Restored checkpoint “%s” of “%s”."), shown, cluster_name);
      else
        g_print (_("Deleted checkpoint “%s” of “%s”."), shown, cluster_name);
      g_print ("\n");
    }

  return SLIPWAYCTL_EXIT_OK;
}
