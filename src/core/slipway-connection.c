/* slipway-connection.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libvirt-gobject/libvirt-gobject.h>

#include "slipway-cluster-private.h"
#include "slipway-connection-private.h"
#include "slipway-paths.h"
#include "slipway-error.h"
#include "slipway-lock-watch-private.h"
#include "slipway-operation-private.h"
#include "slipway-watcher-private.h"

/* Events come in bursts (an operation on seven nodes): one read after. */
#define READ_DELAY_MS 200

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
struct _SlipwayConnection
{
  GObject             parent_instance;

  char               *uri;
  SlipwayProvisioner *provisioner;
  SlipwayWatcher     *watcher;
  SlipwayLockWatch   *lock_watch;
  GListStore         *clusters;       /* SlipwayCluster, by name */
  GHashTable         *queued_reads;   /* cluster name → GSource * */
  GHashTable         *joining;        /* cluster name → reads in flight for a
                                       * cluster not in the model (yet) */
  GCancellable       *cancellable;    /* reads and syncs; cancelled on dispose */
  gulong              progress_id;
  guint               removals;       /* clusters that left the model, ever */
  gboolean            connected;
};

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

static SlipwayCluster *
ensure_cluster (SlipwayConnection *self,
                const char        *name,
                const SlipwaySpec *spec)
{
  SlipwayCluster *cluster = slipway_connection_find_cluster (self, name);
  g_autoptr(SlipwayCluster) added = NULL;

  if (cluster != NULL)
    return cluster;

  added = _slipway_cluster_new (self, name, spec);
  g_list_store_insert_sorted (self->clusters, added, compare_clusters, NULL);

  return added;
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

/* Applies @status, read when the cluster's generation was @generation and
 * @removals clusters had left the model. */
static void
apply_status (SlipwayConnection          *self,
              const SlipwayClusterStatus *status,
              guint                       generation,
              guint                       removals)
{
  SlipwayCluster *cluster = slipway_connection_find_cluster (self, status->name);
  gboolean fresh;

  /* It may have left since the read began: read again rather than bring
   * it back from the past. */
  if (cluster == NULL && removals != self->removals)
    {
      _slipway_connection_queue_read (self, status->name);
      return;
    }

  cluster = ensure_cluster (self, status->name, status->spec);
  fresh = _slipway_cluster_get_generation (cluster) == generation;

  _slipway_cluster_apply_status (cluster, status, fresh);
  if (!fresh)
    _slipway_connection_queue_read (self, status->name);
}

static guint
generation_of (SlipwayConnection *self,
               const char        *name)
{
  SlipwayCluster *cluster = slipway_connection_find_cluster (self, name);

  return cluster != NULL ? _slipway_cluster_get_generation (cluster) : 0;
}

/* Reading one cluster ------------------------------------------------------ */

typedef struct
{
  char     *name;
  guint     generation;
  guint     removals;
  gboolean  joining;
} Read;

static void
read_free (Read *read)
{
  g_free (read->name);
  g_free (read);
}

static void
read_status_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SlipwayConnection *self = g_task_get_source_object (task);
  Read *read = g_task_get_task_data (task);
  g_autoptr(SlipwayClusterStatus) status = NULL;
  g_autoptr(GError) error = NULL;

  status = slipway_provisioner_status_finish (SLIPWAY_PROVISIONER (object), result, &error);
  if (read->joining)
    {
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (self->joining, read->name));

      if (n > 1)
        g_hash_table_insert (self->joining, g_strdup (read->name), GUINT_TO_POINTER (n - 1));
      else
        g_hash_table_remove (self->joining, read->name);
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  if (status == NULL)
    {
      SlipwayCluster *cluster = slipway_connection_find_cluster (self, read->name);

      /* Gone, or never ours: it leaves, unless an operation (a create
       * that has not made the network yet) is on it. */
      if (cluster != NULL && slipway_cluster_get_operation (cluster) == NULL &&
          (g_error_matches (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND) ||
           g_error_matches (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_OWNED)))
        _slipway_connection_remove_cluster (self, cluster);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  apply_status (self, status, read->generation, read->removals);
  g_task_return_boolean (task, TRUE);
}

void
_slipway_connection_read_cluster_async (SlipwayConnection   *self,
                                        const char          *name,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Read *read;

  g_return_if_fail (SLIPWAY_IS_CONNECTION (self));
  g_return_if_fail (name != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _slipway_connection_read_cluster_async);
  read = g_new0 (Read, 1);
  read->name = g_strdup (name);
  read->generation = generation_of (self, name);
  read->removals = self->removals;
  if (slipway_connection_find_cluster (self, name) == NULL)
    {
      read->joining = TRUE;
      g_hash_table_insert (self->joining, g_strdup (name),
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (self->joining,
                                                                                    name)) + 1));
    }
  g_task_set_task_data (task, read, (GDestroyNotify)read_free);

  slipway_provisioner_status_async (self->provisioner, name,
                                    cancellable != NULL ? cancellable : self->cancellable,
                                    read_status_cb, g_steal_pointer (&task));
}

gboolean
_slipway_connection_read_cluster_finish (SlipwayConnection  *self,
                                         GAsyncResult       *result,
                                         GError            **error)
{
  g_return_val_if_fail (SLIPWAY_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
load_cluster_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SlipwayConnection *self = SLIPWAY_CONNECTION (object);
  const char *name = g_task_get_task_data (task);
  SlipwayCluster *cluster;
  GError *error = NULL;

  if (!_slipway_connection_read_cluster_finish (self, result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* Read, and yet not in the model: it left while it was read. */
  cluster = slipway_connection_find_cluster (self, name);
  if (cluster == NULL)
    g_task_return_new_error (task, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND,
                             _("There is no cluster named “%s” on this connection."), name);
  else
    g_task_return_pointer (task, g_object_ref (cluster), g_object_unref);
}

/**
 * slipway_connection_load_cluster_async:
 * @name: a cluster name
 *
 * Reads the cluster @name from libvirt now, whether or not the model has
 * it yet, and brings it up to date. Fails with %SLIPWAY_ERROR_NOT_FOUND
 * when there is no such cluster, and with %SLIPWAY_ERROR_NOT_OWNED when a
 * libvirt network has its name but was not made by Slipway: each error
 * says so in its message.
 */
void
slipway_connection_load_cluster_async (SlipwayConnection   *self,
                                       const char          *name,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SLIPWAY_IS_CONNECTION (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, slipway_connection_load_cluster_async);
  g_task_set_task_data (task, g_strdup (name), g_free);
  _slipway_connection_read_cluster_async (self, name, cancellable, load_cluster_cb, task);
}

/**
 * slipway_connection_load_cluster_finish:
 *
 * Returns: (transfer full): the cluster, as the model has it
 */
SlipwayCluster *
slipway_connection_load_cluster_finish (SlipwayConnection  *self,
                                        GAsyncResult       *result,
                                        GError            **error)
{
  g_return_val_if_fail (SLIPWAY_IS_CONNECTION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
queued_read_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!_slipway_connection_read_cluster_finish (SLIPWAY_CONNECTION (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Reading a cluster: %s", error->message);
}

static gboolean
queued_read_fire_cb (gpointer user_data)
{
  SlipwayConnection *self = user_data;
  /* The source is named after its cluster; removing it frees the name. */
  g_autofree char *name = g_strdup (g_source_get_name (g_main_current_source ()));

  g_hash_table_remove (self->queued_reads, name);
  _slipway_connection_read_cluster_async (self, name, NULL, queued_read_cb, NULL);

  return G_SOURCE_REMOVE;
}

void
_slipway_connection_queue_read (SlipwayConnection *self,
                                const char        *name)
{
  GSource *source;

  g_return_if_fail (SLIPWAY_IS_CONNECTION (self));
  g_return_if_fail (name != NULL);

  if (g_hash_table_contains (self->queued_reads, name))
    return;

  source = g_timeout_source_new (READ_DELAY_MS);
  g_source_set_name (source, name);
  g_source_set_callback (source, queued_read_fire_cb, self, NULL);
  g_source_attach (source, NULL);
  g_hash_table_insert (self->queued_reads, g_strdup (name), source);
}

/* An event about a domain of no cluster in the model: it may be one of a
 * cluster that is being read for the first time, which must not miss it. */
void
_slipway_connection_domain_unmatched (SlipwayConnection *self,
                                      const char        *domain_name)
{
  GHashTableIter iter;
  const char *name;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  g_return_if_fail (SLIPWAY_IS_CONNECTION (self));
  g_return_if_fail (domain_name != NULL);

  g_hash_table_iter_init (&iter, self->joining);
  while (g_hash_table_iter_next (&iter, (gpointer *)&name, NULL))
    {
      if (g_str_has_prefix (domain_name, name) && domain_name[strlen (name)] == '-')
        g_ptr_array_add (names, (gpointer)name);
    }
  for (guint i = 0; i < names->len; i++)
    _slipway_connection_queue_read (self, g_ptr_array_index (names, i));
}

static void
destroy_source (gpointer source)
{
  g_source_destroy (source);
  g_source_unref (source);
}

/* Reading every cluster ---------------------------------------------------- */

typedef struct
{
  GHashTable *generations;   /* cluster name → generation when the sync began */
  guint       removals;
} Sync;

static void
sync_free (Sync *sync)
{
  g_hash_table_unref (sync->generations);
  g_free (sync);
}

static void
sync_list_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SlipwayConnection *self = g_task_get_source_object (task);
  Sync *sync = g_task_get_task_data (task);
  g_autoptr(GPtrArray) statuses = NULL;
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  guint n;

  statuses = slipway_provisioner_list_finish (SLIPWAY_PROVISIONER (object), result, &error);
  if (statuses == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; i < statuses->len; i++)
    {
      const SlipwayClusterStatus *status = g_ptr_array_index (statuses, i);

      apply_status (self, status,
                    GPOINTER_TO_UINT (g_hash_table_lookup (sync->generations, status->name)),
                    sync->removals);
    }

  /* Those no longer there leave, unless an operation runs on them (a
   * create that has not defined the network yet). */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->clusters));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlipwayCluster) cluster = g_list_model_get_item (G_LIST_MODEL (self->clusters), i);
      gboolean found = FALSE;

      for (guint j = 0; j < statuses->len && !found; j++)
        found = g_strcmp0 (((SlipwayClusterStatus *)g_ptr_array_index (statuses, j))->name,
                           slipway_cluster_get_name (cluster)) == 0;
      /* One that came after the list was read is newer than it. */
      if (!found && slipway_cluster_get_operation (cluster) == NULL &&
          g_hash_table_contains (sync->generations, slipway_cluster_get_name (cluster)))
        g_ptr_array_add (gone, g_steal_pointer (&cluster));
    }
  for (guint i = 0; i < gone->len; i++)
    _slipway_connection_remove_cluster (self, g_ptr_array_index (gone, i));

  g_task_return_boolean (task, TRUE);
}

/**
 * slipway_connection_sync_async:
 *
 * Reads every cluster on the connection again and brings the model up to
 * date. The connection does this by itself when it connects, after a
 * reconnection and every 30 seconds; call it to know when the model is
 * complete.
 */
void
slipway_connection_sync_async (SlipwayConnection   *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Sync *sync;
  guint n;

  g_return_if_fail (SLIPWAY_IS_CONNECTION (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, slipway_connection_sync_async);

  sync = g_new0 (Sync, 1);
  sync->generations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sync->removals = self->removals;
  g_task_set_task_data (task, sync, (GDestroyNotify)sync_free);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->clusters));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlipwayCluster) cluster = g_list_model_get_item (G_LIST_MODEL (self->clusters), i);

      g_hash_table_insert (sync->generations, g_strdup (slipway_cluster_get_name (cluster)),
                           GUINT_TO_POINTER (_slipway_cluster_get_generation (cluster)));
    }

  slipway_provisioner_list_async (self->provisioner,
                                  cancellable != NULL ? cancellable : self->cancellable,
                                  sync_list_cb, g_steal_pointer (&task));
}

gboolean
slipway_connection_sync_finish (SlipwayConnection  *self,
                                GAsyncResult       *result,
                                GError            **error)
{
  g_return_val_if_fail (SLIPWAY_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
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
