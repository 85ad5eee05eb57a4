/* slipway-watcher.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "slipway-cluster-private.h"
#include "slipway-connection-private.h"
#include "slipway-job-private.h"
#include "slipway-provisioner-private.h"
#include "slipway-watcher-private.h"

/*
 * How the model follows libvirt, all on the default main context (where
 * libvirt-glib dispatches libvirt's events) and never blocking it:
 *
 * - a domain lifecycle event sets the state of the node whose domain it is
 *   (domains are named <cluster>-<node>) at once, then a status read of the
 *   cluster follows (coalesced), which confirms ownership from the metadata
 *   and picks up what events do not say (domain ids, leases);
 * - a network lifecycle event (networks are named slipway-<cluster>) reads
 *   the cluster: a new one joins the model if it is ours; an undefined one
 *   leaves it;
 * - leases are polled only while some running node has none yet;
 * - every RESYNC_S seconds, and after a reconnection, every cluster is read;
 * - when the connection is lost (libvirt's close callback), the connection
 *   says so and its clusters forget what they showed; reconnecting is tried
 *   every RECONNECT_S seconds.
 *
 * Connecting, registering and deregistering can wait on the network (a
 * remote URI): they run in worker threads. The callbacks' opaque data is a
 * weak reference, so a late event finds no watcher rather than a freed one.
 */

#define RESYNC_S     30
#define LEASE_POLL_S 2
#define RECONNECT_S  5

typedef struct
{
  GWeakRef watcher;
} Shared;

typedef struct
{
  virConnectPtr  conn;
  Shared        *shared;
  int            domain_id;
  int            network_id;
  gboolean       close_registered;
} Handle;

struct _SlipwayWatcher
{
  GObject             parent_instance;

  SlipwayConnection  *connection;      /* borrowed: it owns us */
  SlipwayProvisioner *provisioner;
  Handle             *handle;          /* NULL while not connected */
  GCancellable       *cancellable;
  guint               resync_source;
  guint               lease_source;
  guint               reconnect_source;
  gboolean            connecting;
  gboolean            stopped;
};

G_DEFINE_FINAL_TYPE (SlipwayWatcher, slipway_watcher, G_TYPE_OBJECT)

static void
shared_release (void *data)
{
  Shared *shared = data;

  g_atomic_rc_box_release_full (shared, (GDestroyNotify)g_weak_ref_clear);
}

static Shared *
shared_acquire (Shared *shared)
{
  return g_atomic_rc_box_acquire (shared);
}

static void
handle_free (Handle *handle)
{
  if (handle->conn != NULL)
    virConnectClose (handle->conn);
  g_clear_pointer (&handle->shared, shared_release);
  g_free (handle);
}

/* The data of the register and deregister tasks: their worker counts
 * (slipway_wait_idle_async()) until the task lets it go. */
static void
register_data_free (gpointer data)
{
  shared_release (data);
  _slipway_worker_release ();
}

static void
deregister_data_free (gpointer data)
{
  handle_free (data);
  _slipway_worker_release ();
}

/* Events (main context) ------------------------------------------------------ */

static gboolean
map_domain_event (int               event,
                  SlipwayNodeState *state)
{
  switch (event)
    {
    case VIR_DOMAIN_EVENT_DEFINED:
      *state = SLIPWAY_NODE_STATE_STOPPED;   /* a running domain gets no DEFINED */
      return TRUE;

    case VIR_DOMAIN_EVENT_UNDEFINED:
      *state = SLIPWAY_NODE_STATE_MISSING;
      return TRUE;

    case VIR_DOMAIN_EVENT_STARTED:
    case VIR_DOMAIN_EVENT_RESUMED:
      *state = SLIPWAY_NODE_STATE_RUNNING;
      return TRUE;

    case VIR_DOMAIN_EVENT_SUSPENDED:
    case VIR_DOMAIN_EVENT_PMSUSPENDED:
      *state = SLIPWAY_NODE_STATE_PAUSED;
      return TRUE;

    case VIR_DOMAIN_EVENT_SHUTDOWN:
      *state = SLIPWAY_NODE_STATE_SHUTTING_DOWN;
      return TRUE;

    case VIR_DOMAIN_EVENT_STOPPED:
      *state = SLIPWAY_NODE_STATE_STOPPED;
      return TRUE;

    case VIR_DOMAIN_EVENT_CRASHED:
      *state = SLIPWAY_NODE_STATE_CRASHED;
      return TRUE;

    default:
      return FALSE;
    }
}

static int
domain_event_cb (virConnectPtr  conn,
                 virDomainPtr   dom,
                 int            event,
                 int            detail,
                 void          *opaque)
{
  Shared *shared = opaque;
  g_autoptr(SlipwayWatcher) self = g_weak_ref_get (&shared->watcher);
  const char *name = virDomainGetName (dom);
  GListModel *clusters;
  SlipwayNodeState state;
  gboolean resumed_from_snapshot = event == VIR_DOMAIN_EVENT_RESUMED &&
                                   detail == VIR_DOMAIN_EVENT_RESUMED_FROM_SNAPSHOT;
  gboolean replaced;
  guint n;

  if (self == NULL || self->stopped || name == NULL || !map_domain_event (event, &state))
    return 0;

  /* A DEFINED event also comes for a running domain whose definition
   * changed: only a read can tell, and it follows. */
  g_debug ("Domain %s: event %d (%d)", name, event, detail);

  clusters = slipway_connection_get_clusters (self->connection);
  n = g_list_model_get_n_items (clusters);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlipwayCluster) cluster = g_list_model_get_item (clusters, i);
      SlipwayNode *node = _slipway_cluster_find_domain (cluster, name);

      if (node == NULL)
        continue;

      /* A new QEMU process: a start, or a snapshot revert that may not
       * stop the domain first. Its console must be opened anew. */
      replaced = event == VIR_DOMAIN_EVENT_STARTED || resumed_from_snapshot;
      if (replaced)
        _slipway_cluster_domain_started (cluster, node,
                                         resumed_from_snapshot ||
                                         detail == VIR_DOMAIN_EVENT_STARTED_FROM_SNAPSHOT);
      if (event != VIR_DOMAIN_EVENT_DEFINED ||
          slipway_node_get_state (node) == SLIPWAY_NODE_STATE_MISSING)
        _slipway_cluster_set_node_state (cluster, node, state);
      if (replaced)
        _slipway_cluster_domain_replaced (cluster, node);
      _slipway_connection_queue_read (self->connection, slipway_cluster_get_name (cluster));
      return 0;
    }

  _slipway_connection_domain_unmatched (self->connection, name);

  return 0;
}

static void
network_event_cb (virConnectPtr  conn,
                  virNetworkPtr  net,
                  int            event,
                  int            detail,
                  void          *opaque)
{
  Shared *shared = opaque;
  g_autoptr(SlipwayWatcher) self = g_weak_ref_get (&shared->watcher);
  const char *name = virNetworkGetName (net);
  SlipwayCluster *cluster;

  if (self == NULL || self->stopped || name == NULL || !g_str_has_prefix (name, "slipway-"))
    return;

  g_debug ("Network %s: event %d (%d)", name, event, detail);
  name += strlen ("slipway-");
  cluster = slipway_connection_find_cluster (self->connection, name);

  switch (event)
    {
    case VIR_NETWORK_EVENT_UNDEFINED:
      if (cluster != NULL && slipway_cluster_get_operation (cluster) == NULL)
        {
          _slipway_connection_remove_cluster (self->connection, cluster);
          return;
        }
      break;

    case VIR_NETWORK_EVENT_STARTED:
      if (cluster != NULL)
        _slipway_cluster_set_network_active (cluster, TRUE);
      break;

    case VIR_NETWORK_EVENT_STOPPED:
      if (cluster != NULL)
        _slipway_cluster_set_network_active (cluster, FALSE);
      break;

    case VIR_NETWORK_EVENT_DEFINED:
    default:
      break;
    }

  /* Ownership, and whatever else changed, from the metadata. */
  _slipway_connection_queue_read (self->connection, name);
}

static gboolean reconnect_cb (gpointer user_data);

static void
deregister_worker (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable);

static void
drop_handle (SlipwayWatcher *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->handle == NULL)
    return;

  /* Deregistering is a round trip on a remote connection. */
  task = g_task_new (NULL, NULL, NULL, NULL);
  g_task_set_source_tag (task, drop_handle);
  _slipway_worker_hold ();
  g_task_set_task_data (task, g_steal_pointer (&self->handle), deregister_data_free);
  g_task_run_in_thread (task, deregister_worker);
}

static void
close_cb (virConnectPtr  conn,
          int            reason,
          void          *opaque)
{
  Shared *shared = opaque;
  g_autoptr(SlipwayWatcher) self = g_weak_ref_get (&shared->watcher);

  if (self == NULL || self->stopped)
    return;

  g_debug ("The connection to %s was lost (reason %d)",
           slipway_connection_get_uri (self->connection), reason);
  drop_handle (self);
  _slipway_connection_set_connected (self->connection, FALSE);
  if (self->reconnect_source == 0)
    self->reconnect_source = g_timeout_add_seconds (RECONNECT_S, reconnect_cb, self);
}

/* Connecting and registering (worker threads) -------------------------------- */

static void
deregister_worker (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  Handle *handle = task_data;

  if (handle->domain_id >= 0)
    virConnectDomainEventDeregisterAny (handle->conn, handle->domain_id);
  if (handle->network_id >= 0)
    virConnectNetworkEventDeregisterAny (handle->conn, handle->network_id);
  if (handle->close_registered)
    virConnectUnregisterCloseCallback (handle->conn, close_cb);
  /* A lost connection refuses; that is fine. */
  virResetLastError ();
  g_task_return_boolean (task, TRUE);
}

static void
register_worker (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  SlipwayWatcher *self = source_object;
  Shared *shared = task_data;
  g_autoptr(GError) error = NULL;
  Handle *handle;

  handle = g_new0 (Handle, 1);
  handle->domain_id = -1;
  handle->network_id = -1;
  handle->shared = shared_acquire (shared);
  handle->conn = _slipway_provisioner_dup_handle (self->provisioner, cancellable, &error);
  if (handle->conn == NULL)
    {
      handle_free (handle);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  handle->domain_id =
    virConnectDomainEventRegisterAny (handle->conn, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                      VIR_DOMAIN_EVENT_CALLBACK (domain_event_cb),
                                      shared_acquire (shared), shared_release);
  handle->network_id =
    virConnectNetworkEventRegisterAny (handle->conn, NULL, VIR_NETWORK_EVENT_ID_LIFECYCLE,
                                       VIR_NETWORK_EVENT_CALLBACK (network_event_cb),
                                       shared_acquire (shared), shared_release);
  /* The test driver cannot be lost, and would never free the data. */
  if (!_slipway_provisioner_is_test (self->provisioner))
    handle->close_registered =
      virConnectRegisterCloseCallback (handle->conn, close_cb, shared_acquire (shared),
                                       shared_release) == 0;

  if (handle->domain_id < 0 || handle->network_id < 0)
    {
      g_debug ("No libvirt events: %s", virGetLastErrorMessage ());
      virResetLastError ();
    }

  g_task_return_pointer (task, handle, (GDestroyNotify)handle_free);
}

static void
resync_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!slipway_connection_sync_finish (SLIPWAY_CONNECTION (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Re-sync: %s", error->message);
}

static gboolean
resync_timeout_cb (gpointer user_data)
{
  SlipwayWatcher *self = user_data;

  slipway_connection_sync_async (self->connection, NULL, resync_cb, NULL);

  return G_SOURCE_CONTINUE;
}

static gboolean
lease_poll_cb (gpointer user_data)
{
  SlipwayWatcher *self = user_data;
  GListModel *clusters = slipway_connection_get_clusters (self->connection);
  guint n = g_list_model_get_n_items (clusters);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlipwayCluster) cluster = g_list_model_get_item (clusters, i);

      if (_slipway_cluster_wants_leases (cluster))
        _slipway_connection_queue_read (self->connection, slipway_cluster_get_name (cluster));
    }

  return G_SOURCE_CONTINUE;
}

static void
register_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  SlipwayWatcher *self = SLIPWAY_WATCHER (object);
  g_autoptr(GError) error = NULL;
  Handle *handle;

  self->connecting = FALSE;
  handle = g_task_propagate_pointer (G_TASK (result), &error);
  if (handle == NULL)
    {
      if (self->stopped)
        return;
      g_debug ("Watching %s: %s", slipway_connection_get_uri (self->connection), error->message);
      if (self->reconnect_source == 0)
        self->reconnect_source = g_timeout_add_seconds (RECONNECT_S, reconnect_cb, self);
      return;
    }

  if (self->stopped)
    {
      self->handle = handle;
      drop_handle (self);
      return;
    }

  drop_handle (self);
  self->handle = handle;
  _slipway_connection_set_connected (self->connection, TRUE);
  slipway_connection_sync_async (self->connection, NULL, resync_cb, NULL);

  if (self->resync_source == 0)
    self->resync_source = g_timeout_add_seconds (RESYNC_S, resync_timeout_cb, self);
  if (self->lease_source == 0)
    self->lease_source = g_timeout_add_seconds (LEASE_POLL_S, lease_poll_cb, self);
}

void
_slipway_watcher_start (SlipwayWatcher *self)
{
  g_autoptr(GTask) task = NULL;
  Shared *shared;

  g_return_if_fail (SLIPWAY_IS_WATCHER (self));

  if (self->connecting || self->stopped)
    return;

  self->connecting = TRUE;
  shared = g_atomic_rc_box_new0 (Shared);
  g_weak_ref_init (&shared->watcher, self);

  task = g_task_new (self, self->cancellable, register_cb, NULL);
  g_task_set_source_tag (task, _slipway_watcher_start);
  /* A handle made after stop() still comes back, and is deregistered. */
  g_task_set_check_cancellable (task, FALSE);
  _slipway_worker_hold ();
  g_task_set_task_data (task, shared, register_data_free);
  g_task_run_in_thread (task, register_worker);
}

static gboolean
reconnect_cb (gpointer user_data)
{
  SlipwayWatcher *self = user_data;

  self->reconnect_source = 0;
  _slipway_watcher_start (self);

  return G_SOURCE_REMOVE;
}

void
_slipway_watcher_stop (SlipwayWatcher *self)
{
  g_return_if_fail (SLIPWAY_IS_WATCHER (self));

  self->stopped = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->resync_source, g_source_remove);
  g_clear_handle_id (&self->lease_source, g_source_remove);
  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  drop_handle (self);
  /* It may be gone before a connection attempt in flight returns. */
  self->connection = NULL;
}

SlipwayWatcher *
_slipway_watcher_new (SlipwayConnection  *connection,
                      SlipwayProvisioner *provisioner)
{
  SlipwayWatcher *self;

  g_return_val_if_fail (SLIPWAY_IS_CONNECTION (connection), NULL);
  g_return_val_if_fail (SLIPWAY_IS_PROVISIONER (provisioner), NULL);

  self = g_object_new (SLIPWAY_TYPE_WATCHER, NULL);
  self->connection = connection;
  self->provisioner = g_object_ref (provisioner);

  return self;
}

static void
slipway_watcher_dispose (GObject *object)
{
  SlipwayWatcher *self = (SlipwayWatcher *)object;

  _slipway_watcher_stop (self);
  g_clear_object (&self->provisioner);

  G_OBJECT_CLASS (slipway_watcher_parent_class)->dispose (object);
}

static void
slipway_watcher_finalize (GObject *object)
{
  SlipwayWatcher *self = (SlipwayWatcher *)object;

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (slipway_watcher_parent_class)->finalize (object);
}

static void
slipway_watcher_class_init (SlipwayWatcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = slipway_watcher_dispose;
  object_class->finalize = slipway_watcher_finalize;
}

static void
slipway_watcher_init (SlipwayWatcher *self)
{
  self->cancellable = g_cancellable_new ();
}
