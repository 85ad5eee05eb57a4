/* slipway-provisioner.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "slipway-error.h"
#include "slipway-job-private.h"
#include "slipway-paths.h"
#include "slipway-provisioner-private.h"
#include "slipway-remote.h"
#include "slipway-virt-private.h"
#include "slipway-xml-private.h"

#define DEFAULT_STOP_TIMEOUT 90

struct _SlipwayProvisioner
{
  GObject         parent_instance;

  char           *uri;
  guint           stop_timeout;

  /* Opened on first use, in a worker thread; guarded by conn_lock. */
  GMutex          conn_lock;
  virConnectPtr   conn;
  gboolean        is_test_driver;

  /* Clusters an operation runs on, name → SlipwayOperationKind; guarded
   * by busy_lock. One operation per cluster at a time. */
  GMutex          busy_lock;
  GHashTable     *busy;
};

G_DEFINE_FINAL_TYPE (SlipwayProvisioner, slipway_provisioner, G_TYPE_OBJECT)

enum {
  PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------------ */
/* The connection                                                           */

static void
set_connect_error (SlipwayProvisioner  *self,
                   const char          *reason,
                   gboolean             auth_failed,
                   GError             **error)
{
  if (slipway_uri_is_remote (self->uri))
    slipway_remote_connect_error (self->uri, reason, auth_failed, error);
  else if (g_str_has_prefix (self->uri, "qemu:///system"))
    g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_HYPERVISOR,
                 /* Translators: %s is libvirt's reason */
                 _("Could not connect to libvirt. %s. Check that the libvirt daemon is running and that your user is in the “libvirt” group."),
                 reason);
  else
    g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_HYPERVISOR,
                 /* Translators: %s is libvirt's reason */
                 _("Could not connect to libvirt. %s. Check the connection address and that the libvirt daemon there is running."),
                 reason);
}

/* The current handle, ref'd, if it is alive. Called with conn_lock held;
 * virConnectIsAlive() looks at the client's state only, it sends nothing. */
static virConnectPtr
ref_live_handle_locked (SlipwayProvisioner *self)
{
  if (self->conn == NULL || virConnectIsAlive (self->conn) != 1)
    return NULL;

  virConnectRef (self->conn);
  return self->conn;
}

virConnectPtr
_slipway_provisioner_dup_handle (SlipwayProvisioner  *self,
                                 GCancellable        *cancellable,
                                 GError             **error)
{
  virConnectPtr old_conn = NULL;
  virConnectPtr conn = NULL;
  virConnectPtr ret;
  gboolean is_test;

  g_return_val_if_fail (SLIPWAY_IS_PROVISIONER (self), NULL);

  g_mutex_lock (&self->conn_lock);
  ret = ref_live_handle_locked (self);
  g_mutex_unlock (&self->conn_lock);
  if (ret != NULL)
    return ret;

  /* Open without the lock: on a slow or unreachable remote host this takes
   * as long as the network does, and other workers must not queue behind it.
   * libvirt itself, not a GVirConnection: that one registers a domain event
   * handler of its own, and libvirt-gobject 4.0's warns (fatal under
   * G_DEBUG=fatal-warnings) at the events a snapshot revert sends. Our
   * watcher has the events. */
  if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !slipway_uri_check_transport (self->uri, error))
    return NULL;
  conn = virConnectOpenAuth (self->uri, virConnectAuthPtrDefault, 0);
  if (conn == NULL)
    {
      set_connect_error (self, virGetLastErrorMessage (),
                         virGetLastErrorCode () == VIR_ERR_AUTH_FAILED, error);
      virResetLastError ();
      return NULL;
    }
  is_test = g_strcmp0 (virConnectGetType (conn), "TEST") == 0;

  g_mutex_lock (&self->conn_lock);
  ret = ref_live_handle_locked (self);
  if (ret == NULL)
    {
      /* Swap: workers still running on the old handle hold their own
       * reference, so it stays valid for them until they finish. */
      if (self->conn != NULL)
        g_debug ("Connection to %s was lost, reconnected", self->uri);
      old_conn = g_steal_pointer (&self->conn);
      self->conn = conn;
      self->is_test_driver = is_test;
      virConnectRef (conn);
      ret = conn;
      conn = NULL;
    }
  g_mutex_unlock (&self->conn_lock);

  /* Another worker connected meanwhile: ours goes, theirs is used. */
  g_clear_pointer (&conn, virConnectClose);
  g_clear_pointer (&old_conn, virConnectClose);

  return ret;
}

gboolean
_slipway_provisioner_is_test (SlipwayProvisioner *self)
{
  gboolean is_test;

  g_return_val_if_fail (SLIPWAY_IS_PROVISIONER (self), FALSE);

  g_mutex_lock (&self->conn_lock);
  is_test = self->is_test_driver;
  g_mutex_unlock (&self->conn_lock);

  return is_test;
}

guint
_slipway_provisioner_get_stop_timeout (SlipwayProvisioner *self)
{
  return self->stop_timeout;
}

void
_slipway_provisioner_emit_progress (SlipwayProvisioner    *self,
                                    const SlipwayProgress *progress)
{
  g_signal_emit (self, signals[PROGRESS], 0, progress);
}

/* ------------------------------------------------------------------------ */
/* Check                                                                    */

/* ------------------------------------------------------------------------ */
/* GObject                                                                  */

static void
slipway_provisioner_finalize (GObject *object)
{
  SlipwayProvisioner *self = (SlipwayProvisioner *)object;

  g_clear_pointer (&self->conn, virConnectClose);
  g_clear_pointer (&self->uri, g_free);
  g_mutex_clear (&self->conn_lock);
  g_clear_pointer (&self->busy, g_hash_table_unref);
  g_mutex_clear (&self->busy_lock);

  G_OBJECT_CLASS (slipway_provisioner_parent_class)->finalize (object);
}

static void
slipway_provisioner_class_init (SlipwayProvisionerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = slipway_provisioner_finalize;

  /**
   * SlipwayProvisioner::progress:
   * @progress: a #SlipwayProgress, valid during the emission
   *
   * Emitted on the main context of the operation's caller while an
   * operation advances.
   */
  signals[PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  SLIPWAY_TYPE_PROGRESS | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
slipway_provisioner_init (SlipwayProvisioner *self)
{
  g_mutex_init (&self->conn_lock);
  g_mutex_init (&self->busy_lock);
  self->busy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->stop_timeout = DEFAULT_STOP_TIMEOUT;
}

/**
 * slipway_provisioner_new:
 * @uri: (nullable): a libvirt URI; %NULL for slipway_default_uri()
 *
 * Nothing connects until the first operation, which does so in a worker
 * thread.
 */
SlipwayProvisioner *
slipway_provisioner_new (const char *uri)
{
  SlipwayProvisioner *self;

  /* libvirt events (and non-blocking streams) reach GLib only once this ran. */
  gvir_init_object_check (NULL, NULL, NULL);

  self = g_object_new (SLIPWAY_TYPE_PROVISIONER, NULL);
  self->uri = uri != NULL ? g_strdup (uri) : slipway_default_uri ();
  /* The cluster files of this URI's host (see slipway_cluster_dir()). */
  slipway_paths_set_connection (self->uri);

  return self;
}

const char *
slipway_provisioner_get_uri (SlipwayProvisioner *self)
{
  g_return_val_if_fail (SLIPWAY_IS_PROVISIONER (self), NULL);

  return self->uri;
}

void
slipway_provisioner_set_stop_timeout (SlipwayProvisioner *self,
                                      guint               seconds)
{
  g_return_if_fail (SLIPWAY_IS_PROVISIONER (self));

  self->stop_timeout = seconds;
}

/* A task whose data is a job of @size bytes (a SlipwayJob subtype). */
static GTask *
job_task_new_sized (SlipwayProvisioner   *self,
                    gsize                 size,
                    GDestroyNotify        clear,
                    SlipwayOperationKind  operation,
                    const char           *cluster,
                    gpointer              source_tag,
                    GCancellable         *cancellable,
                    GAsyncReadyCallback   callback,
                    gpointer              user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  SlipwayJob *job = _slipway_job_new (size, clear, self, task, operation, cluster);

  g_task_set_source_tag (task, source_tag);
  /* The worker finishes what it started (a cancelled create still rolls
   * back), and its own error says what was left. */
  g_task_set_return_on_cancel (task, FALSE);
  g_task_set_check_cancellable (task, FALSE);

  g_task_set_task_data (task, job, (GDestroyNotify)_slipway_job_free);

  return task;
}

static GTask *
job_task_new (SlipwayProvisioner   *self,
              SlipwayOperationKind  operation,
              const char           *cluster,
              gpointer              source_tag,
              GCancellable         *cancellable,
              GAsyncReadyCallback   callback,
              gpointer              user_data)
{
  return job_task_new_sized (self, sizeof (SlipwayJob), NULL, operation, cluster, source_tag,
                             cancellable, callback, user_data);
}

/* An operation that changes a cluster: it holds the cluster until its
 * callback runs (so that the callback may start the next one). */
typedef struct
{
  SlipwayProvisioner  *self;
  char                *cluster;
  GAsyncReadyCallback  callback;
  gpointer             user_data;
} Exclusive;

static void
set_busy_error (GError               **error,
                const char            *cluster,
                SlipwayOperationKind   running)
{
  switch (running)
    {
    case SLIPWAY_OPERATION_CREATE:
      g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_BUSY,
                   _("Cluster “%s” is being created. Wait until that is done."), cluster);
      break;
    case SLIPWAY_OPERATION_START:
      g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_BUSY,
                   _("Cluster “%s” is being started. Wait until that is done."), cluster);
      break;
    case SLIPWAY_OPERATION_STOP:
      g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_BUSY,
                   _("Cluster “%s” is being shut down. Wait until that is done."), cluster);
      break;
    case SLIPWAY_OPERATION_FORCE_OFF:
      g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_BUSY,
                   _("Cluster “%s” is being forced off. Wait until that is done."), cluster);
      break;
    case SLIPWAY_OPERATION_RESET:
      g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_BUSY,
                   _("Cluster “%s” is being reset. Wait until that is done."), cluster);
      break;
    case SLIPWAY_OPERATION_DESTROY:
      g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_BUSY,
                   _("Cluster “%s” is being destroyed. Wait until that is done."), cluster);
      break;
    case SLIPWAY_OPERATION_REBUILD:
      g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_BUSY,
                   _("Cluster “%s” is being rebuilt. Wait until that is done."), cluster);
      break;
    case SLIPWAY_OPERATION_SAVE_CHECKPOINT:
    case SLIPWAY_OPERATION_RESTORE_CHECKPOINT:
    case SLIPWAY_OPERATION_DELETE_CHECKPOINT:
      g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_BUSY,
                   _("A checkpoint of cluster “%s” is being saved, restored or deleted. Wait until that is done."),
                   cluster);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
exclusive_done_cb (GObject      *source_object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Exclusive *exclusive = user_data;

  _slipway_job_unlock (g_task_get_task_data (G_TASK (result)));
  g_mutex_lock (&exclusive->self->busy_lock);
  g_hash_table_remove (exclusive->self->busy, exclusive->cluster);
  g_mutex_unlock (&exclusive->self->busy_lock);

  if (exclusive->callback != NULL)
    exclusive->callback (source_object, result, exclusive->user_data);

  g_object_unref (exclusive->self);
  g_free (exclusive->cluster);
  g_free (exclusive);
}

/* Like job_task_new(), but fails at once with SLIPWAY_ERROR_BUSY, and
 * returns NULL, while another operation runs on @cluster. */
static GTask *
exclusive_task_new (SlipwayProvisioner   *self,
                    gsize                 size,
                    GDestroyNotify        clear,
                    SlipwayOperationKind  operation,
                    const char           *cluster,
                    gpointer              source_tag,
                    GCancellable         *cancellable,
                    GAsyncReadyCallback   callback,
                    gpointer              user_data)
{
  g_autoptr(GError) error = NULL;
  Exclusive *exclusive;
  gpointer running;

  g_mutex_lock (&self->busy_lock);
  if (g_hash_table_lookup_extended (self->busy, cluster, NULL, &running))
    {
      g_mutex_unlock (&self->busy_lock);
      set_busy_error (&error, cluster, GPOINTER_TO_INT (running));
      g_task_report_error (self, callback, user_data, source_tag, g_steal_pointer (&error));
      return NULL;
    }
  g_hash_table_insert (self->busy, g_strdup (cluster), GINT_TO_POINTER (operation));
  g_mutex_unlock (&self->busy_lock);

  exclusive = g_new0 (Exclusive, 1);
  exclusive->self = g_object_ref (self);
  exclusive->cluster = g_strdup (cluster);
  exclusive->callback = callback;
  exclusive->user_data = user_data;

  return job_task_new_sized (self, size, clear, operation, cluster, source_tag, cancellable,
                             exclusive_done_cb, exclusive);
}

GTask *
_slipway_provisioner_exclusive_task_new (SlipwayProvisioner   *self,
                                         gsize                 size,
                                         GDestroyNotify        clear,
                                         SlipwayOperationKind  operation,
                                         const char           *cluster,
                                         gpointer              source_tag,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data)
{
  return exclusive_task_new (self, size, clear, operation, cluster, source_tag,
                             cancellable, callback, user_data);
}

/* A job on a copy of @spec, run by @worker in a thread: check and plan. */
static void
run_spec_job (SlipwayProvisioner  *self,
              const SlipwaySpec   *spec,
              gpointer             source_tag,
              GTaskThreadFunc      worker,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SlipwayCreateJob *job;

  task = job_task_new_sized (self, sizeof (SlipwayCreateJob), _slipway_create_job_clear,
                             SLIPWAY_OPERATION_CREATE, spec->name, source_tag,
                             cancellable, callback, user_data);
  job = g_task_get_task_data (task);
  job->spec = slipway_spec_copy (spec);
  g_task_run_in_thread (task, worker);
}

/* Connects, then plans the job's spec on this host. */
static void
plan_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SlipwayCreateJob *create = task_data;
  SlipwayJob *job = &create->parent;
  g_autoptr(GError) error = NULL;
  SlipwayPlan *plan = NULL;

  if (_slipway_job_connect (job, cancellable, &error))
    plan = _slipway_virt_plan (job->conn, slipway_provisioner_get_uri (job->self), create->spec, &error);
  if (plan == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, plan, g_object_unref);
}

void
_slipway_provisioner_plan_async (SlipwayProvisioner  *self,
                                 const SlipwaySpec   *spec,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (SLIPWAY_IS_PROVISIONER (self));
  g_return_if_fail (spec != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  run_spec_job (self, spec, _slipway_provisioner_plan_async, plan_worker,
                cancellable, callback, user_data);
}

SlipwayPlan *
_slipway_provisioner_plan_finish (SlipwayProvisioner  *self,
                                  GAsyncResult        *result,
                                  GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * slipway_provisioner_query_host_async:
 *
 * Gathers what a plan checks a spec against (routes, libvirt
 * networks, memory and CPUs), for showing it.
 */
void
slipway_provisioner_query_host_async (SlipwayProvisioner  *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SLIPWAY_IS_PROVISIONER (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = job_task_new (self, SLIPWAY_OPERATION_CREATE, NULL, slipway_provisioner_query_host_async,
                       cancellable, callback, user_data);
  g_task_run_in_thread (task, _slipway_virt_query_host_worker);
}

/**
 * slipway_provisioner_query_host_finish:
 *
 * Returns: (transfer full): the host's facts
 */
SlipwayHostInfo *
slipway_provisioner_query_host_finish (SlipwayProvisioner  *self,
                                       GAsyncResult        *result,
                                       GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
slipway_provisioner_create_async (SlipwayProvisioner  *self,
                                  const SlipwaySpec   *spec,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SlipwayCreateJob *job;

  g_return_if_fail (SLIPWAY_IS_PROVISIONER (self));
  g_return_if_fail (spec != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = exclusive_task_new (self, sizeof (SlipwayCreateJob), _slipway_create_job_clear,
                             SLIPWAY_OPERATION_CREATE, spec->name,
                             slipway_provisioner_create_async, cancellable, callback, user_data);
  if (task == NULL)
    return;
  job = g_task_get_task_data (task);
  job->spec = slipway_spec_copy (spec);
  _slipway_job_run_locked (task, _slipway_op_create_worker);
}

void
_slipway_provisioner_create_plan_async (SlipwayProvisioner  *self,
                                        SlipwayPlan         *plan,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SlipwayCreateJob *job;
  const SlipwaySpec *spec;

  g_return_if_fail (SLIPWAY_IS_PROVISIONER (self));
  g_return_if_fail (SLIPWAY_IS_PLAN (plan));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  spec = slipway_plan_get_spec (plan);
  task = exclusive_task_new (self, sizeof (SlipwayCreateJob), _slipway_create_job_clear,
                             SLIPWAY_OPERATION_CREATE, spec->name,
                             slipway_provisioner_create_async, cancellable, callback, user_data);
  if (task == NULL)
    return;
  job = g_task_get_task_data (task);
  job->spec = slipway_spec_copy (spec);
  job->plan = g_object_ref (plan);
  _slipway_job_run_locked (task, _slipway_op_create_worker);
}

gboolean
slipway_provisioner_create_finish (SlipwayProvisioner  *self,
                                   GAsyncResult        *result,
                                   GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * slipway_provisioner_run_async:
 * @operation: start, stop, force-off or reset
 * @targets: (nullable): node and role names; %NULL or empty for every node
 */
void
slipway_provisioner_run_async (SlipwayProvisioner   *self,
                               SlipwayOperationKind  operation,
                               const char           *cluster,
                               const char * const   *targets,
                               GCancellable         *cancellable,
                               GAsyncReadyCallback   callback,
                               gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  SlipwayLifecycleJob *job;

  g_return_if_fail (SLIPWAY_IS_PROVISIONER (self));
  g_return_if_fail (cluster != NULL);
  g_return_if_fail (operation == SLIPWAY_OPERATION_START ||
                    operation == SLIPWAY_OPERATION_STOP ||
                    operation == SLIPWAY_OPERATION_FORCE_OFF ||
                    operation == SLIPWAY_OPERATION_RESET ||
                    operation == SLIPWAY_OPERATION_REBUILD);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = exclusive_task_new (self, sizeof (SlipwayLifecycleJob), _slipway_lifecycle_job_clear,
                             operation, cluster, slipway_provisioner_run_async,
                             cancellable, callback, user_data);
  if (task == NULL)
    return;
  job = g_task_get_task_data (task);
  job->targets = g_strdupv ((char **)targets);
  _slipway_job_run_locked (task, _slipway_op_run_worker);
}

gboolean
slipway_provisioner_run_finish (SlipwayProvisioner  *self,
                                GAsyncResult        *result,
                                GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
slipway_provisioner_destroy_async (SlipwayProvisioner  *self,
                                   const char          *cluster,
                                   SlipwayDestroyFlags  flags,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SlipwayDestroyJob *job;

  g_return_if_fail (SLIPWAY_IS_PROVISIONER (self));
  g_return_if_fail (cluster != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = exclusive_task_new (self, sizeof (SlipwayDestroyJob), NULL,
                             SLIPWAY_OPERATION_DESTROY, cluster,
                             slipway_provisioner_destroy_async, cancellable, callback, user_data);
  if (task == NULL)
    return;
  job = g_task_get_task_data (task);
  job->flags = flags;
  _slipway_job_run_locked (task, _slipway_op_destroy_worker);
}

gboolean
slipway_provisioner_destroy_finish (SlipwayProvisioner  *self,
                                    GAsyncResult        *result,
                                    GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
slipway_provisioner_list_async (SlipwayProvisioner  *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SLIPWAY_IS_PROVISIONER (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = job_task_new (self, SLIPWAY_OPERATION_START, NULL, slipway_provisioner_list_async,
                       cancellable, callback, user_data);
  g_task_run_in_thread (task, _slipway_virt_list_worker);
}

/**
 * slipway_provisioner_list_finish:
 *
 * Returns: (transfer container) (element-type SlipwayClusterStatus): every
 *   Slipway cluster on the connection, in libvirt's order of networks
 */
GPtrArray *
slipway_provisioner_list_finish (SlipwayProvisioner  *self,
                                 GAsyncResult        *result,
                                 GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
slipway_provisioner_status_async (SlipwayProvisioner  *self,
                                  const char          *cluster,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SLIPWAY_IS_PROVISIONER (self));
  g_return_if_fail (cluster != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = job_task_new (self, SLIPWAY_OPERATION_START, cluster, slipway_provisioner_status_async,
                       cancellable, callback, user_data);
  g_task_run_in_thread (task, _slipway_virt_status_worker);
}

/**
 * slipway_provisioner_remains_async:
 * @cluster: a cluster name
 *
 * Lists the virtual machines whose Slipway metadata names @cluster,
 * whether or not its network is there.
 */
void
slipway_provisioner_remains_async (SlipwayProvisioner  *self,
                                   const char          *cluster,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SLIPWAY_IS_PROVISIONER (self));
  g_return_if_fail (cluster != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = job_task_new (self, SLIPWAY_OPERATION_START, cluster, slipway_provisioner_remains_async,
                       cancellable, callback, user_data);
  g_task_run_in_thread (task, _slipway_virt_remains_worker);
}

/* Returns: (transfer full): the names of those machines, maybe none */
char **
slipway_provisioner_remains_finish (SlipwayProvisioner  *self,
                                    GAsyncResult        *result,
                                    GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

SlipwayClusterStatus *
slipway_provisioner_status_finish (SlipwayProvisioner  *self,
                                   GAsyncResult        *result,
                                   GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

