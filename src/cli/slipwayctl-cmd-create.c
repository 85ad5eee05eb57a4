/* slipwayctl-cmd-create.c — slipwayctl create [--check]
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "slipwayctl-private.h"

static void
print_problem (Slipwayctl           *ctl,
               const char           *source,
               const SlipwayProblem *problem)
{
  g_autoptr(GString) where = g_string_new (NULL);

  if (problem->group != NULL)
    g_string_append_printf (where, "[%s]", problem->group);
  if (problem->key != NULL)
    g_string_append_printf (where, "%s%s", where->len > 0 ? " " : "", problem->key);

  if (where->len > 0 && problem->is_warning)
    /* Translators: a problem in a cluster file. The 1st %s is the file, the
     * 2nd the place in it, such as “[worker] memory”, the 3rd what is wrong. */
    slipwayctl_printerr (ctl, _("%s: %s: warning: %s"), source, where->str, problem->message);
  else if (where->len > 0)
    /* Translators: as above */
    slipwayctl_printerr (ctl, _("%s: %s: error: %s"), source, where->str, problem->message);
  else if (problem->is_warning)
    /* Translators: the 1st %s is a file, the 2nd what is wrong with it */
    slipwayctl_printerr (ctl, _("%s: warning: %s"), source, problem->message);
  else
    /* Translators: the 1st %s is a file, the 2nd what is wrong with it */
    slipwayctl_printerr (ctl, _("%s: error: %s"), source, problem->message);
}

/* Prints the problems not printed yet, and returns whether any is an error. */
static gboolean
print_problems (Slipwayctl *ctl,
                const char *source,
                GPtrArray  *problems,
                GHashTable *seen)
{
  gboolean has_errors = FALSE;

  if (problems == NULL)
    return FALSE;

  for (guint i = 0; i < problems->len; i++)
    {
      const SlipwayProblem *problem = g_ptr_array_index (problems, i);
      char *key;

      if (!problem->is_warning)
        has_errors = TRUE;

      key = g_strdup_printf ("%s\x1f%s\x1f%s\x1f%d",
                             problem->group ? problem->group : "",
                             problem->key ? problem->key : "",
                             problem->message ? problem->message : "",
                             problem->is_warning);
      if (!g_hash_table_add (seen, key))
        continue;

      print_problem (ctl, source, problem);
    }

  return has_errors;
}

/* The one place that creates: @plan as checked, with its progress shown. */
static gboolean
create_cluster (Slipwayctl   *ctl,
                SlipwayPlan  *plan,
                GError      **error)
{
  const SlipwaySpec *spec = slipway_plan_get_spec (plan);
  SlipwayConnection *connection = slipwayctl_get_connection (ctl);
  g_autoptr(SlipwayCluster) cluster = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  SlipwayCluster *creating;

  slipway_connection_create_cluster_async (connection, plan, ctl->cancellable,
                                           slipwayctl_async_cb, ctl);
  creating = slipway_connection_find_cluster (connection, spec->name);
  if (creating != NULL && slipway_cluster_get_operation (creating) != NULL)
    slipwayctl_progress_attach (ctl->progress, slipway_cluster_get_operation (creating));
  result = slipwayctl_wait (ctl);

  cluster = slipway_connection_create_cluster_finish (connection, result, error);
  if (cluster != NULL)
    slipwayctl_progress_done (ctl->progress);
  slipwayctl_progress_detach (ctl->progress);

  return cluster != NULL;
}

int
slipwayctl_cmd_create (Slipwayctl  *ctl,
                       int          argc,
                       char       **argv)
{
  const char *path = argv[0];
  SlipwayConnection *connection;
  const SlipwaySpec *final;
  g_autofree char *display = g_filename_display_name (path);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) problems = slipway_problems_new ();
  g_autoptr(SlipwaySpec) spec = NULL;
  g_autoptr(SlipwayPlan) plan = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *nodes = NULL;
  guint n_nodes;

  /* Syntax, then values: both pure, so a bad file is reported as such
   * even when the hypervisor cannot be reached. */
  spec = slipway_spec_new_from_file (path, problems, &error);
  if (spec != NULL)
    slipway_spec_validate (spec, problems);

  if (print_problems (ctl, display, problems, seen) || spec == NULL)
    {
      if (error != NULL)
        slipwayctl_printerr (ctl, "%s", error->message);
      else
        /* Translators: %s is a file name */
        slipwayctl_printerr (ctl, _("%s has errors. Nothing was created."), display);
      return SLIPWAYCTL_EXIT_INVALID;
    }

  /* Against the host: free subnet, MAC prefixes, memory, the image. The
   * plan is what create makes. */
  connection = slipwayctl_get_connection (ctl);
  slipway_connection_plan_async (connection, spec, ctl->cancellable, slipwayctl_async_cb, ctl);
  result = slipwayctl_wait (ctl);
  plan = slipway_connection_plan_finish (connection, result, &error);
  g_clear_object (&result);

  if (plan == NULL)
    return slipwayctl_report_error (ctl, error);

  if (print_problems (ctl, display, slipway_plan_get_problems (plan), seen))
    {
      slipwayctl_printerr (ctl, _("%s has errors. Nothing was created."), display);
      return SLIPWAYCTL_EXIT_INVALID;
    }

  final = slipway_plan_get_spec (plan);
  n_nodes = slipway_spec_get_n_nodes (final);
  nodes = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u node", "%u nodes", n_nodes), n_nodes);

  if (ctl->options.check)
    {
      if (!ctl->quiet)
        {
          /* Translators: “lab.conf is fine: cluster “lab”, 7 nodes on 10.77.3.0/24.” */
          g_print (_("%s is fine: cluster “%s”, %s on %s."), display, final->name, nodes,
                   final->subnet != NULL ? final->subnet : _("a free subnet"));
          g_print ("\n");
        }
      return SLIPWAYCTL_EXIT_OK;
    }

  if (!create_cluster (ctl, plan, &error))
    return slipwayctl_report_error (ctl, error);

  if (!ctl->quiet)
    {
      /* Translators: “Created cluster “lab”: 7 nodes on 10.77.3.0/24.” */
      g_print (_("Created cluster “%s”: %s on %s."), final->name, nodes,
               final->subnet != NULL ? final->subnet : "?");
      g_print ("\n");
      /* Translators: %s is a cluster name */
      g_print (_("Follow the nodes with “slipwayctl status %s”."), final->name);
      g_print ("\n");
    }

  return SLIPWAYCTL_EXIT_OK;
}
