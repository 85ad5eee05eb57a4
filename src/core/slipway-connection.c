/* slipway-connection.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libvirt-gobject/libvirt-gobject.h>

#include "slipway-cluster-private.h"
#include "slipway-connection-private.h"
#include "slipway-paths.h"
#include "slipway-error.h"
#include "slipway-lock-watch-private.h"
#include "slipway-operation-private.h"
#include "slipway-watcher-private.h"

/**
 * SlipwayConnection:
 *
 * One libvirt connection (one URI) and the clusters on it, as a live
 * #GListModel of #SlipwayCluster sorted by name. A cluster appears when its
 * network is defined and leaves when it is undefined; libvirt's lifecycle
 * events keep its nodes' states current (see SlipwayWatcher). The app and
 * the CLI each hold one per URI.
 *
 * #SlipwayConnection:connected is %FALSE until the first connection and
 * after the connection was lost. Then the nodes' readiness drops to
 * %SLIPWAY_READINESS_MISSING (so #SlipwayNode:ssh-ready is %FALSE) until it
 * is back; their states, and so the clusters' states, stay as last seen,
 * and mean "last seen" while #SlipwayConnection:connected is %FALSE.
 * Reconnecting is tried every few seconds, then every cluster is read.
 */

G_DEFINE_FINAL_TYPE (SlipwayConnection, slipway_connection, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_URI,
  PROP_CONNECTED,
  PROP_CLUSTERS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * slipway_connection_new:
 * @uri: (nullable): a libvirt URI; %NULL for slipway_default_uri()
 *
 * Returns: (transfer full): a connection that connects, and reads its
 *   clusters, in the background
 */
SlipwayConnection *
slipway_connection_new (const char *uri)
{
  g_autofree char *default_uri = NULL;

  if (uri == NULL)
    uri = default_uri = slipway_default_uri ();

  return g_object_new (SLIPWAY_TYPE_CONNECTION, "uri", uri, NULL);
}

const char *
slipway_connection_get_uri (SlipwayConnection *self)
{
  g_return_val_if_fail (SLIPWAY_IS_CONNECTION (self), NULL);

  return self->uri;
}

gboolean
slipway_connection_get_connected (SlipwayConnection *self)
{
  g_return_val_if_fail (SLIPWAY_IS_CONNECTION (self), FALSE);

  return self->connected;
}

/**
 * slipway_connection_get_clusters:
 *
 * Returns: (transfer none): a #GListModel of #SlipwayCluster, by name
 */
GListModel *
slipway_connection_get_clusters (SlipwayConnection *self)
{
  g_return_val_if_fail (SLIPWAY_IS_CONNECTION (self), NULL);

  return G_LIST_MODEL (self->clusters);
}

/**
 * slipway_connection_find_cluster:
 *
 * Returns: (transfer none) (nullable): the cluster named @name
 */
SlipwayCluster *
slipway_connection_find_cluster (SlipwayConnection *self,
                                 const char        *name)
{
  guint n;

  g_return_val_if_fail (SLIPWAY_IS_CONNECTION (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->clusters));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlipwayCluster) cluster = g_list_model_get_item (G_LIST_MODEL (self->clusters), i);

      /* The store keeps its reference. */
      if (g_strcmp0 (slipway_cluster_get_name (cluster), name) == 0)
        return cluster;
    }

  return NULL;
}

/**
 * slipway_connection_set_stop_timeout:
 * @seconds: how long a stop waits for the guests to shut down before it
 *   turns them off
 *
 * Sets the time limit of the stop operations that start after this call.
 */
void
slipway_connection_set_stop_timeout (SlipwayConnection *self,
                                     guint              seconds)
{
  g_return_if_fail (SLIPWAY_IS_CONNECTION (self));

  slipway_provisioner_set_stop_timeout (self->provisioner, seconds);
}

SlipwayProvisioner *
_slipway_connection_get_provisioner (SlipwayConnection *self)
{
  g_return_val_if_fail (SLIPWAY_IS_CONNECTION (self), NULL);

  return self->provisioner;
}

void
_slipway_connection_set_connected (SlipwayConnection *self,
                                   gboolean           connected)
{
  g_return_if_fail (SLIPWAY_IS_CONNECTION (self));

  connected = !!connected;
  if (self->connected == connected)
    return;

  self->connected = connected;
  if (!connected)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->clusters));

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(SlipwayCluster) cluster = g_list_model_get_item (G_LIST_MODEL (self->clusters), i);

          _slipway_cluster_forget (cluster);
        }
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
}

static int
compare_clusters (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  return g_strcmp0 (slipway_cluster_get_name ((SlipwayCluster *)a),
                    slipway_cluster_get_name ((SlipwayCluster *)b));
}

void
_slipway_connection_add_cluster (SlipwayConnection *self,
                                 SlipwayCluster    *cluster)
{
  g_return_if_fail (SLIPWAY_IS_CONNECTION (self));
  g_return_if_fail (SLIPWAY_IS_CLUSTER (cluster));

  g_list_store_insert_sorted (self->clusters, cluster, compare_clusters, NULL);
}

void
_slipway_connection_remove_cluster (SlipwayConnection *self,
                                    SlipwayCluster    *cluster)
{
  guint position;

  g_return_if_fail (SLIPWAY_IS_CONNECTION (self));
  g_return_if_fail (SLIPWAY_IS_CLUSTER (cluster));

  if (g_list_store_find (self->clusters, cluster, &position))
    {
      self->removals++;
      g_list_store_remove (self->clusters, position);
    }
}

static void
destroy_source (gpointer source)
{
  g_source_destroy (source);
  g_source_unref (source);
}

/* GObject ------------------------------------------------------------------ */

static void
progress_cb (SlipwayProvisioner *provisioner,
             SlipwayProgress    *progress,
             SlipwayConnection  *self)
{
  SlipwayCluster *cluster;
  SlipwayOperation *operation;

  if (progress->cluster == NULL)
    return;

  cluster = slipway_connection_find_cluster (self, progress->cluster);
  operation = cluster != NULL ? slipway_cluster_get_operation (cluster) : NULL;
  if (operation != NULL && slipway_operation_get_kind (operation) == progress->operation)
    _slipway_operation_progress (operation, progress);
}

static void
slipway_connection_constructed (GObject *object)
{
  SlipwayConnection *self = (SlipwayConnection *)object;

  G_OBJECT_CLASS (slipway_connection_parent_class)->constructed (object);

  /* libvirt's events reach GLib's default main context only once its
   * event loop is registered, before the first connection opens. */
  gvir_init_object_check (NULL, NULL, NULL);

  self->provisioner = slipway_provisioner_new (self->uri);
  self->progress_id = g_signal_connect (self->provisioner, "progress",
                                        G_CALLBACK (progress_cb), self);
  self->watcher = _slipway_watcher_new (self, self->provisioner);
  _slipway_watcher_start (self->watcher);
  self->lock_watch = _slipway_lock_watch_new (self);
}

static void
slipway_connection_dispose (GObject *object)
{
  SlipwayConnection *self = (SlipwayConnection *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->watcher != NULL)
    _slipway_watcher_stop (self->watcher);
  g_clear_object (&self->watcher);
  g_clear_pointer (&self->lock_watch, _slipway_lock_watch_free);
  g_clear_signal_handler (&self->progress_id, self->provisioner);
  g_hash_table_remove_all (self->queued_reads);
  if (self->clusters != NULL)
    g_list_store_remove_all (self->clusters);

  G_OBJECT_CLASS (slipway_connection_parent_class)->dispose (object);
}

static void
slipway_connection_finalize (GObject *object)
{
  SlipwayConnection *self = (SlipwayConnection *)object;

  g_clear_object (&self->provisioner);
  g_clear_object (&self->clusters);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->queued_reads, g_hash_table_unref);
  g_clear_pointer (&self->joining, g_hash_table_unref);
  g_clear_pointer (&self->uri, g_free);

  G_OBJECT_CLASS (slipway_connection_parent_class)->finalize (object);
}

static void
slipway_connection_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SlipwayConnection *self = SLIPWAY_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_URI:
      g_value_set_string (value, self->uri);
      break;

    case PROP_CONNECTED:
      g_value_set_boolean (value, self->connected);
      break;

    case PROP_CLUSTERS:
      g_value_set_object (value, self->clusters);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slipway_connection_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  SlipwayConnection *self = SLIPWAY_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_URI:
      self->uri = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slipway_connection_class_init (SlipwayConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = slipway_connection_constructed;
  object_class->dispose = slipway_connection_dispose;
  object_class->finalize = slipway_connection_finalize;
  object_class->get_property = slipway_connection_get_property;
  object_class->set_property = slipway_connection_set_property;

  properties[PROP_URI] =
    g_param_spec_string ("uri", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONNECTED] =
    g_param_spec_boolean ("connected", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLUSTERS] =
    g_param_spec_object ("clusters", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
slipway_connection_init (SlipwayConnection *self)
{
  self->clusters = g_list_store_new (SLIPWAY_TYPE_CLUSTER);
  self->queued_reads = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, destroy_source);
  self->joining = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();
}
