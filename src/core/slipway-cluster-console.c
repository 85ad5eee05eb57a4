/* slipway-cluster-console.c: the serial consoles of a cluster's nodes
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "slipway-cluster-private.h"
#include "slipway-connection-private.h"
#include "slipway-console-private.h"
#include "slipway-node-private.h"

/* One SlipwayConsole per node per process (libvirt gives a console to one
 * client at a time): the cluster holds each weakly, and keeps it following
 * its node: open while the domain runs, and opened anew at once when the
 * domain's QEMU process is replaced. */

static void
console_gone_cb (gpointer  data,
                 GObject  *where_the_object_was)
{
  SlipwayCluster *self = data;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->consoles);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      if (value == (gpointer)where_the_object_was)
        {
          g_hash_table_iter_remove (&iter);
          return;
        }
    }
}

void
_slipway_cluster_drop_consoles (SlipwayCluster *self)
{
  GHashTableIter iter;
  gpointer value;

  if (self->consoles == NULL)
    return;

  g_hash_table_iter_init (&iter, self->consoles);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_object_weak_unref (value, console_gone_cb, self);
  g_hash_table_remove_all (self->consoles);
}

static SlipwayConsole *
lookup_console (SlipwayCluster *self,
                SlipwayNode    *node)
{
  if (self->consoles == NULL)
    return NULL;

  return g_hash_table_lookup (self->consoles, slipway_node_get_name (node));
}

static gboolean
node_runs (SlipwayCluster *self,
           SlipwayNode    *node)
{
  return node != NULL && self->known &&
         slipway_node_get_state (node) == SLIPWAY_NODE_STATE_RUNNING;
}

/* @node's state changed: its console follows. */
void
_slipway_cluster_sync_console (SlipwayCluster *self,
                               SlipwayNode    *node)
{
  SlipwayConsole *console = lookup_console (self, node);

  if (console != NULL)
    slipway_console_set_running (console, node_runs (self, node));
}

/* A new QEMU process runs @node's domain (a start, a snapshot revert, a
 * reset that re-created the domain): the console's stream, if any, is of
 * the old one. */
void
_slipway_cluster_domain_replaced (SlipwayCluster *self,
                                  SlipwayNode    *node)
{
  SlipwayConsole *console = lookup_console (self, node);

  _slipway_cluster_node_restarted (self, _slipway_cluster_get_extra (self, node));
  _slipway_cluster_update_readiness (self, node);
  _slipway_cluster_schedule_probes (self);

  if (console != NULL)
    _slipway_console_reopen (console);
  _slipway_node_emit_replaced (node);
}

/* A revert to the baseline by our own operation brings back the machine
 * that was ready then: the probes of its new process only check that the
 * pinned host key answers (see NodeExtra). Any other start, or a revert by
 * someone else to whatever checkpoint, is probed in full. */
void
_slipway_cluster_domain_started (SlipwayCluster *self,
                                 SlipwayNode    *node,
                                 gboolean        from_snapshot)
{
  _slipway_cluster_get_extra (self, node)->restored_ready =
    from_snapshot && g_get_monotonic_time () < self->restoring_baseline_until;
}

/**
 * slipway_cluster_get_console:
 * @node: the name of a node of the cluster
 *
 * The serial console of @node: one per node in a process, shared by every
 * caller, so that every terminal of the node sees the same stream. It
 * follows the node by itself: open while the domain runs, reopened when
 * the stream ends, and reopened at once when the domain's QEMU process is
 * replaced (a snapshot revert, a reset that re-creates the domain). A
 * session (slipwayctl console) calls slipway_console_open_async() on it.
 *
 * Returns: (transfer full): the console of @node
 */
SlipwayConsole *
slipway_cluster_get_console (SlipwayCluster *self,
                             const char     *node)
{
  SlipwayProvisioner *provisioner;
  SlipwayConsole *console;
  SlipwayNode *item;

  g_return_val_if_fail (SLIPWAY_IS_CLUSTER (self), NULL);
  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (self->connection != NULL, NULL);

  if (self->consoles == NULL)
    self->consoles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  console = g_hash_table_lookup (self->consoles, node);
  if (console != NULL)
    return g_object_ref (console);

  provisioner = _slipway_connection_get_provisioner (self->connection);
  console = _slipway_console_new (provisioner, self->name, node);
  g_hash_table_insert (self->consoles, g_strdup (node), console);
  g_object_weak_ref (G_OBJECT (console), console_gone_cb, self);
  item = slipway_cluster_find_node (self, node);
  slipway_console_set_running (console, node_runs (self, item));

  /* The node booted before this process looked: its log has the boot. */
  if (node_runs (self, item))
    {
      g_autofree char *log = _slipway_console_log_path (slipway_connection_get_uri (self->connection),
                                                        slipway_node_get_domain_name (item));

      if (log != NULL)
        _slipway_console_load_log (console, log);
    }

  return console;
}
