/* slipway-connection-read.c: reading clusters from libvirt into the model
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "slipway-cluster-private.h"
#include "slipway-connection-private.h"
#include "slipway-error.h"

/*
 * Each read runs in its own worker thread, so reads end in any order: a
 * read that began early (a queued read during a create) can end after one
 * that began later (the create's own read-back), with an older view of
 * libvirt. Every read and sync takes the next serial when it begins; a
 * cluster keeps the serial of the newest read it shows, and an older one
 * that ends after it says nothing new and is dropped. Within one read,
 * the generation (bumped by each domain event) tells whether the nodes'
 * states it saw are older than an event that came meanwhile.
 */

/* Events come in bursts (an operation on seven nodes): one read after. */
#define READ_DELAY_MS 200

struct _SlipwayRead
{
  char     *name;
  guint64   serial;       /* its place among the connection's reads */
  guint     generation;   /* the cluster's, when the read began */
  guint     removals;     /* clusters that had left the model then */
  gboolean  joining;      /* counted in SlipwayConnection:joining */
};

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
  _slipway_connection_add_cluster (self, added);

  return added;
}

/* Applies @status, read by the read @serial, which began when the
 * cluster's generation was @generation and @removals clusters had left
 * the model. */
static void
apply_status (SlipwayConnection          *self,
              const SlipwayClusterStatus *status,
              guint                       generation,
              guint                       removals,
              guint64                     serial)
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

  /* A read that began later has been applied: this one is older than
   * what the model shows. */
  if (cluster != NULL && serial <= cluster->read_serial)
    return;

  cluster = ensure_cluster (self, status->name, status->spec);
  cluster->read_serial = serial;
  fresh = _slipway_cluster_get_generation (cluster) == generation;

  _slipway_cluster_apply_status (cluster, status, fresh);
  /* It answers every read asked for before it began, unless an event
   * came meanwhile: then it asks for one more. */
  cluster->read_deferred = FALSE;
  if (!fresh)
    _slipway_connection_queue_read (self, status->name);
}

/* Reading one cluster ------------------------------------------------------ */

SlipwayRead *
_slipway_connection_begin_read (SlipwayConnection *self,
                                const char        *name)
{
  SlipwayCluster *cluster = slipway_connection_find_cluster (self, name);
  SlipwayRead *read = g_new0 (SlipwayRead, 1);

  read->name = g_strdup (name);
  read->serial = ++self->reads;
  read->generation = cluster != NULL ? _slipway_cluster_get_generation (cluster) : 0;
  read->removals = self->removals;
  if (cluster == NULL)
    {
      read->joining = TRUE;
      g_hash_table_insert (self->joining, g_strdup (name),
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (self->joining,
                                                                                    name)) + 1));
    }

  return read;
}

void
_slipway_connection_apply_read (SlipwayConnection          *self,
                                const SlipwayRead          *read,
                                const SlipwayClusterStatus *status)
{
  apply_status (self, status, read->generation, read->removals, read->serial);
}

static void
leave_joining (SlipwayConnection *self,
               SlipwayRead       *read)
{
  guint n;

  if (!read->joining)
    return;

  read->joining = FALSE;
  n = GPOINTER_TO_UINT (g_hash_table_lookup (self->joining, read->name));
  if (n > 1)
    g_hash_table_insert (self->joining, g_strdup (read->name), GUINT_TO_POINTER (n - 1));
  else
    g_hash_table_remove (self->joining, read->name);
}

static void
read_free (SlipwayRead *read)
{
  g_free (read->name);
  g_free (read);
}

void
_slipway_connection_end_read (SlipwayConnection *self,
                              SlipwayRead       *read)
{
  leave_joining (self, read);
  read_free (read);
}

static void
read_status_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SlipwayConnection *self = g_task_get_source_object (task);
  SlipwayRead *read = g_task_get_task_data (task);
  g_autoptr(SlipwayClusterStatus) status = NULL;
  g_autoptr(GError) error = NULL;

  status = slipway_provisioner_status_finish (SLIPWAY_PROVISIONER (object), result, &error);
  leave_joining (self, read);
  if (g_task_return_error_if_cancelled (task))
    return;

  if (status == NULL)
    {
      SlipwayCluster *cluster = slipway_connection_find_cluster (self, read->name);

      /* Gone, or never ours: it leaves, unless an operation (a create
       * that has not made the network yet) is on it, or a newer read
       * showed it. */
      if (cluster != NULL && slipway_cluster_get_operation (cluster) == NULL &&
          cluster->read_serial < read->serial &&
          (g_error_matches (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND) ||
           g_error_matches (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_OWNED)))
        _slipway_connection_remove_cluster (self, cluster);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  _slipway_connection_apply_read (self, read, status);
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

  g_return_if_fail (SLIPWAY_IS_CONNECTION (self));
  g_return_if_fail (name != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _slipway_connection_read_cluster_async);
  g_task_set_task_data (task, _slipway_connection_begin_read (self, name), (GDestroyNotify)read_free);

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
  SlipwayCluster *cluster;
  GSource *source;

  g_return_if_fail (SLIPWAY_IS_CONNECTION (self));
  g_return_if_fail (name != NULL);

  if (g_hash_table_contains (self->queued_reads, name))
    return;

  cluster = slipway_connection_find_cluster (self, name);
  if (cluster != NULL && _slipway_cluster_defers_reads (cluster))
    {
      cluster->read_deferred = TRUE;
      return;
    }

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

/* Reading every cluster ---------------------------------------------------- */

typedef struct
{
  GHashTable *generations;   /* cluster name → generation when the sync began */
  guint       removals;
  guint64     serial;        /* as a read's */
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
                    sync->removals, sync->serial);
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
      /* One that came after the list was read, or that a newer read
       * showed, is newer than it. */
      if (!found && slipway_cluster_get_operation (cluster) == NULL &&
          g_hash_table_contains (sync->generations, slipway_cluster_get_name (cluster)) &&
          cluster->read_serial < sync->serial)
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
  sync->serial = ++self->reads;
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
