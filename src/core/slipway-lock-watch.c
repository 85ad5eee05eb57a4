/* slipway-lock-watch.c: which clusters other processes hold
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <glib-unix.h>

#include "slipway-cluster-private.h"
#include "slipway-connection-private.h"
#include "slipway-lock-private.h"
#include "slipway-lock-watch-private.h"

/* The lock folder of the connection's URI is watched with a
 * GFileMonitor: a holder that takes a lock writes the file, and one that
 * lets it go removes it. One that dies leaves the file, and GFileMonitor
 * may not report its close (it drops a "changes done" that comes after
 * its own virtual one), so the holder's process is watched too, with a
 * pidfd that becomes readable when it ends. Every event reads the lock
 * again, in a thread; no timers. Locks this process holds are not shown:
 * its own operations show as such. A holder in another PID namespace (a
 * sandbox) is seen to end only when its file goes. */

struct _SlipwayLockWatch
{
  SlipwayConnection *connection;   /* weak: it owns the watch */
  char              *uri;
  GFileMonitor      *monitor;
  GCancellable      *cancellable;
  GHashTable        *serials;      /* cluster name → the last query's number */
  GHashTable        *exits;        /* cluster name → Exit *, its holder's pidfd */
  gulong             monitor_id;
  gulong             items_id;
  guint              serial;
};

typedef struct
{
  SlipwayLockWatch *watch;       /* only in the callback, never cancelled then */
  char             *uri;
  char             *cluster;
  guint             serial;
  char             *holder;        /* the result: who holds it, or NULL */
  GPid              pid;
} Query;

typedef struct
{
  SlipwayLockWatch *watch;
  char             *cluster;
  GPid              pid;
  int               pidfd;
  guint             source_id;
} Exit;

static void query_cluster (SlipwayLockWatch *self,
                           const char       *cluster);

static void
exit_free (Exit *ending)
{
  g_clear_handle_id (&ending->source_id, g_source_remove);
  close (ending->pidfd);
  g_free (ending->cluster);
  g_free (ending);
}

static gboolean
exit_cb (int          fd,
         GIOCondition condition,
         gpointer     user_data)
{
  Exit *ending = user_data;
  SlipwayLockWatch *self = ending->watch;
  g_autofree char *cluster = g_strdup (ending->cluster);

  ending->source_id = 0;
  g_hash_table_remove (self->exits, cluster);
  query_cluster (self, cluster);

  return G_SOURCE_REMOVE;
}

/* Reads @cluster's lock again when process @pid ends. */
static void
watch_exit (SlipwayLockWatch *self,
            const char       *cluster,
            GPid              pid)
{
  Exit *ending = g_hash_table_lookup (self->exits, cluster);
  int pidfd;

  if (ending != NULL && ending->pid == pid)
    return;
  g_hash_table_remove (self->exits, cluster);
  if (pid <= 0)
    return;

  pidfd = (int)syscall (SYS_pidfd_open, (pid_t)pid, 0);
  if (pidfd < 0)
    {
      /* Gone already: what holds the lock now? */
      if (errno == ESRCH)
        query_cluster (self, cluster);
      return;
    }

  ending = g_new0 (Exit, 1);
  ending->watch = self;
  ending->cluster = g_strdup (cluster);
  ending->pid = pid;
  ending->pidfd = pidfd;
  ending->source_id = g_unix_fd_add (pidfd, G_IO_IN, exit_cb, ending);
  g_hash_table_insert (self->exits, ending->cluster, ending);
}

static void
query_free (Query *query)
{
  g_free (query->uri);
  g_free (query->holder);
  g_free (query->cluster);
  g_free (query);
}

static void
query_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Query *query = task_data;
  g_autoptr(SlipwayLockHolder) holder = _slipway_lock_query (query->uri, query->cluster);

  /* No pid yet: the holder has taken the lock and not yet written who it
   * is (its own process, often). Its write is the next event. */
  if (holder != NULL && holder->pid > 0 && holder->pid != getpid ())
    {
      query->holder = _slipway_lock_holder_describe (holder, query->cluster);
      query->pid = holder->pid;
    }
  g_task_return_boolean (task, TRUE);
}

static void
query_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Query *query = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  SlipwayLockWatch *self = query->watch;
  SlipwayCluster *cluster;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    return;   /* cancelled: the watch is gone */

  /* An older read that finished late says nothing. */
  if (GPOINTER_TO_UINT (g_hash_table_lookup (self->serials, query->cluster)) != query->serial)
    return;
  g_hash_table_remove (self->serials, query->cluster);

  if (self->connection == NULL)
    return;
  cluster = slipway_connection_find_cluster (self->connection, query->cluster);
  if (cluster == NULL)
    return;
  _slipway_cluster_set_lock_holder (cluster, query->holder);
  watch_exit (self, query->cluster, query->holder != NULL ? query->pid : 0);
}

static void
query_cluster (SlipwayLockWatch *self,
               const char       *cluster)
{
  g_autoptr(GTask) task = NULL;
  Query *query;

  query = g_new0 (Query, 1);
  query->watch = self;
  query->uri = g_strdup (self->uri);
  query->cluster = g_strdup (cluster);
  query->serial = ++self->serial;
  g_hash_table_insert (self->serials, g_strdup (cluster), GUINT_TO_POINTER (query->serial));

  task = g_task_new (NULL, self->cancellable, query_done_cb, NULL);
  g_task_set_source_tag (task, query_cluster);
  g_task_set_task_data (task, query, (GDestroyNotify)query_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, query_worker);
}

static void
changed_cb (GFileMonitor      *monitor,
            GFile             *file,
            GFile             *other_file,
            GFileMonitorEvent  event,
            gpointer           user_data)
{
  SlipwayLockWatch *self = user_data;
  g_autofree char *base = g_file_get_basename (file);

  if (!g_str_has_suffix (base, ".lock"))
    return;

  base[strlen (base) - strlen (".lock")] = '\0';
  if (self->connection != NULL && slipway_connection_find_cluster (self->connection, base) != NULL)
    query_cluster (self, base);
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  SlipwayLockWatch *self = user_data;

  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(SlipwayCluster) cluster = g_list_model_get_item (model, i);

      query_cluster (self, slipway_cluster_get_name (cluster));
    }
}

/**
 * _slipway_lock_watch_new:
 *
 * Returns: (transfer full): a watch that keeps #SlipwayCluster:lock-holder
 *   of @connection's clusters up to date, until _slipway_lock_watch_free()
 */
SlipwayLockWatch *
_slipway_lock_watch_new (SlipwayConnection *connection)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) dir = NULL;
  g_autofree char *path = NULL;
  SlipwayLockWatch *self;
  GListModel *clusters;

  g_return_val_if_fail (SLIPWAY_IS_CONNECTION (connection), NULL);

  self = g_new0 (SlipwayLockWatch, 1);
  self->connection = connection;
  g_object_add_weak_pointer (G_OBJECT (connection), (gpointer *)&self->connection);
  self->uri = g_strdup (slipway_connection_get_uri (connection));
  self->cancellable = g_cancellable_new ();
  self->serials = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->exits = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify)exit_free);

  /* The folder must exist to be watched; locks made later go into it. */
  path = _slipway_lock_dir (self->uri);
  dir = g_file_new_for_path (path);
  if (g_mkdir_with_parents (path, 0700) != 0)
    g_debug ("Not watching the locks of clusters in %s: %s", path, g_strerror (errno));
  else if ((self->monitor = g_file_monitor_directory (dir, G_FILE_MONITOR_NONE, NULL, &error)) == NULL)
    g_debug ("Not watching the locks of clusters in %s: %s", path, error->message);
  else
    self->monitor_id = g_signal_connect (self->monitor, "changed", G_CALLBACK (changed_cb), self);

  clusters = slipway_connection_get_clusters (connection);
  self->items_id = g_signal_connect (clusters, "items-changed", G_CALLBACK (items_changed_cb), self);
  items_changed_cb (clusters, 0, 0, g_list_model_get_n_items (clusters), self);

  return self;
}

void
_slipway_lock_watch_free (SlipwayLockWatch *self)
{
  if (self == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  if (self->connection != NULL)
    {
      g_clear_signal_handler (&self->items_id, slipway_connection_get_clusters (self->connection));
      g_object_remove_weak_pointer (G_OBJECT (self->connection), (gpointer *)&self->connection);
    }
  if (self->monitor != NULL)
    {
      g_clear_signal_handler (&self->monitor_id, self->monitor);
      g_file_monitor_cancel (self->monitor);
    }
  g_clear_object (&self->monitor);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->serials, g_hash_table_unref);
  g_clear_pointer (&self->exits, g_hash_table_unref);
  g_clear_pointer (&self->uri, g_free);
  g_free (self);
}
