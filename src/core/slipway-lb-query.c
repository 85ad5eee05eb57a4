/* slipway-lb-query.c — asks the gateway how its load balancer is
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "slipway-error.h"
#include "slipway-load-balancer.h"
#include "slipway-ssh.h"

/* The balancer's own word, over SSH: HAProxy's stats socket or IPVS's
 * table (`ipvsadm -Ln`), read by the script cloud-init put on the gateway
 * (slipway-lb status). */

typedef struct
{
  char  *gateway;
  guint  backends;
} Query;

static void
query_free (Query *query)
{
  g_free (query->gateway);
  g_free (query);
}

void
slipway_lb_status_free (SlipwayLbStatus *status)
{
  if (status == NULL)
    return;

  slipway_lb_status_clear (status);
  g_free (status);
}

static void
communicate_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Query *query = g_task_get_task_data (task);
  GSubprocess *process = G_SUBPROCESS (object);
  g_autoptr(SlipwayLbStatus) status = g_new0 (SlipwayLbStatus, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (!g_subprocess_communicate_utf8_finish (process, result, &out, &err, &error))
    {
      g_subprocess_force_exit (process);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!g_subprocess_get_successful (process))
    {
      g_strstrip (err);
      g_task_return_new_error (task, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_RUNNING,
                               /* Translators: the first %s is a node name, the second
                                * what ssh said */
                               _("Could not ask %s about its load balancer over SSH: %s. "
                                 "Wait until the node is ready, then look again."),
                               query->gateway, err[0] != '\0' ? err : _("no answer"));
      return;
    }

  if (!slipway_lb_status_parse (out, query->backends, status, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&status), (GDestroyNotify)slipway_lb_status_free);
}

/**
 * slipway_lb_query_async:
 * @ssh_config: the cluster's ssh_config (see slipway_cluster_ssh_config())
 * @topology: the cluster's topology; it must have a load balancer
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the gateway answered
 * @user_data: data for @callback
 *
 * Asks the balancer on the first gateway how it is and how many control
 * nodes it sends connections to now.
 */
void
slipway_lb_query_async (const char            *ssh_config,
                        const SlipwayTopology *topology,
                        GCancellable          *cancellable,
                        GAsyncReadyCallback    callback,
                        gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) argv = NULL;
  const SlipwayNodeInfo *gateway;
  Query *query;

  g_return_if_fail (ssh_config != NULL);
  g_return_if_fail (topology != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, slipway_lb_query_async);

  gateway = slipway_lb_get_node (topology);
  if (gateway == NULL)
    {
      g_task_return_new_error (task, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND,
                               _("The cluster has no load balancer: it needs a gateway and "
                                 "a control node, and “load-balancer” not “none”."));
      return;
    }

  query = g_new0 (Query, 1);
  query->gateway = g_strdup (gateway->name);
  query->backends = slipway_lb_count_backends (topology);
  g_task_set_task_data (task, query, (GDestroyNotify)query_free);

  argv = slipway_ssh_batch_argv (ssh_config, gateway->name, slipway_lb_status_command ());
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv, &error);
  if (process == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_subprocess_communicate_utf8_async (process, NULL, cancellable, communicate_cb,
                                       g_steal_pointer (&task));
}

/**
 * slipway_lb_query_finish:
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the balancer's state, or %NULL with @error set
 */
SlipwayLbStatus *
slipway_lb_query_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
