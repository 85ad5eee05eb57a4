/* slipwayctl-cmd-wait.c — slipwayctl wait
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "slipwayctl-private.h"

typedef struct
{
  Slipwayctl *ctl;
  gint64      start;
} WaitState;

/* A progress line: "[  12 s] gateway: Booting". */
static void
print_readiness (WaitState   *state,
                 SlipwayNode *node)
{
  gint64 elapsed;

  if (state->ctl->quiet)
    return;

  elapsed = (g_get_monotonic_time () - state->start) / G_USEC_PER_SEC;
  /* Translators: a progress line of “slipwayctl wait”: seconds since
   * the start, a node name and its readiness, such as “SSH port open” */
  g_printerr (_("[%4" G_GINT64_FORMAT " s] %s: %s"), elapsed, slipway_node_get_name (node),
              slipway_readiness_get_title (slipway_node_get_readiness (node)));
  g_printerr ("\n");
}

static void
readiness_changed_cb (SlipwayNode *node,
                      GParamSpec  *pspec,
                      WaitState   *state)
{
  print_readiness (state, node);
}

static gboolean
parse_until (const char       *str,
             SlipwayReadiness *until)
{
  if (str == NULL || g_str_equal (str, "ready"))
    *until = SLIPWAY_READINESS_READY;
  else if (g_str_equal (str, "ssh"))
    *until = SLIPWAY_READINESS_SSH_AUTHENTICATED;
  else if (g_str_equal (str, "running"))
    *until = SLIPWAY_READINESS_RUNNING;
  else
    return FALSE;

  return TRUE;
}

static gboolean
tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Once every node is ready for the first time, the model saves the
 * baseline (unless the cluster file says baseline=false): stay until it is
 * saved, so that a script can reset right after “wait”. */
static void
wait_for_baseline (Slipwayctl     *ctl,
                   SlipwayCluster *model)
{
  const SlipwaySpec *spec = slipway_cluster_get_spec (model);
  gint64 start = g_get_monotonic_time ();
  gboolean saving = FALSE;
  guint tick;

  if (spec == NULL || spec->no_baseline || slipway_cluster_get_checkpoints_unsupported (model) != NULL)
    return;

  tick = g_timeout_add (100, tick_cb, NULL);
  while (!g_cancellable_is_cancelled (ctl->cancellable))
    {
      SlipwayOperation *operation = slipway_cluster_get_operation (model);

      if (operation != NULL && slipway_operation_get_kind (operation) == SLIPWAY_OPERATION_SAVE_CHECKPOINT)
        saving = TRUE;
      else if (operation == NULL &&
               (saving || slipway_cluster_find_checkpoint (model, SLIPWAY_CHECKPOINT_BASELINE) != NULL ||
                g_get_monotonic_time () - start > 3 * G_USEC_PER_SEC))
        break;

      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (tick);

  if (saving && !ctl->quiet && slipway_cluster_find_checkpoint (model, SLIPWAY_CHECKPOINT_BASELINE) != NULL)
    {
      /* Translators: %s is a cluster name */
      g_print (_("Saved the baseline of “%s”: “slipwayctl reset %s” brings it back."),
               slipway_cluster_get_name (model), slipway_cluster_get_name (model));
      g_print ("\n");
    }
}

int
slipwayctl_cmd_wait (Slipwayctl  *ctl,
                     int          argc,
                     char       **argv)
{
  const char *cluster = argv[0];
  g_autoptr(SlipwayCluster) model = NULL;
  g_autoptr(GObject) watch = NULL;
  g_autoptr(GPtrArray) nodes = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const SlipwaySpec *spec;
  SlipwayReadiness until;
  WaitState state = { ctl, g_get_monotonic_time () };
  gboolean done;
  int exit_code;

  if (!slipwayctl_check_cluster_name (ctl, "wait", cluster, &exit_code))
    return exit_code;

  if (!parse_until (ctl->options.until, &until))
    /* Translators: %s is what the user typed; keep the keywords */
    return slipwayctl_usage_error (ctl, "wait",
                                   _("“%s” is not a stage to wait for: use “running”, “ssh” or “ready”."),
                                   ctl->options.until);
  if (ctl->options.wait_timeout < 0)
    return slipwayctl_usage_error (ctl, "wait", _("The timeout must be 0 or more seconds."));

  /* Not found, not ours: said once, before any waiting. */
  model = slipwayctl_get_cluster (ctl, cluster, &error);
  if (model == NULL)
    return slipwayctl_report_error (ctl, error);
  spec = slipway_cluster_get_spec (model);
  if (!slipwayctl_ensure_trust_files (ctl, cluster, slipway_cluster_get_topology (model),
                                      spec != NULL ? spec->user : NULL, &error))
    return slipwayctl_report_error (ctl, error);

  /* Held until the end: the baseline is taken while the cluster is watched. */
  watch = slipway_cluster_watch (model);

  /* Where every node is now, then each change. */
  for (guint i = 0; i < g_list_model_get_n_items (slipway_cluster_get_nodes (model)); i++)
    {
      SlipwayNode *node = g_list_model_get_item (slipway_cluster_get_nodes (model), i);

      print_readiness (&state, node);
      g_signal_connect (node, "notify::readiness", G_CALLBACK (readiness_changed_cb), &state);
      g_ptr_array_add (nodes, node);
    }

  slipway_cluster_wait_async (model, until, (guint)ctl->options.wait_timeout, ctl->cancellable,
                              slipwayctl_async_cb, ctl);
  result = slipwayctl_wait (ctl);
  done = slipway_cluster_wait_finish (model, result, &error);

  for (guint i = 0; i < nodes->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (nodes, i), &state);

  if (done)
    {
      if (until == SLIPWAY_READINESS_READY)
        wait_for_baseline (ctl, model);
      if (!ctl->quiet)
        {
          guint n = nodes->len;

          g_print (g_dngettext (GETTEXT_PACKAGE,
                                /* Translators: %u is a number of nodes, %s a cluster name */
                                "The %u node of “%s” is there.",
                                "All %u nodes of “%s” are there.", n),
                   n, cluster);
          g_print ("\n");
        }
      return SLIPWAYCTL_EXIT_OK;
    }

  /* Interrupted: the signal is the answer. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return ctl->interrupt_exit != 0 ? ctl->interrupt_exit : SLIPWAYCTL_EXIT_CANCELLED;

  if (g_error_matches (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_RUNNING))
    {
      /* Translators: %s is a cluster name */
      g_autofree char *hint = g_strdup_printf (_("Start them with “slipwayctl start %s”."), cluster);

      slipwayctl_printerr (ctl, "%s %s", error->message, hint);
      return SLIPWAYCTL_EXIT_FAILED;
    }

  return slipwayctl_report_error (ctl, error);
}
