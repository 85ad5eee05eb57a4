/* slipway-cluster-watch.c: SSH readiness while watched, and waiting for it
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "slipway-cluster-private.h"
#include "slipway-connection-private.h"
#include "slipway-error.h"
#include "slipway-keys.h"
#include "slipway-probe-private.h"
#include "slipway-provisioner-private.h"

/* A node that answers with another host key for this long is reported,
 * rather than waited for: it is not a key change during boot. */
#define MISMATCH_GRACE_SECONDS 15

/* Watching: SSH probes ------------------------------------------------------ */

/* Probes back off from PROBE_MIN_MS while nothing changes: to
 * PROBE_MAX_CLOSED_MS while port 22 is closed (a probe is one TCP SYN, and
 * the first login should come soon after sshd starts), to PROBE_MAX_MS
 * once it is open (a login costs the guest a sshd fork). A node that is
 * READY is not probed again until its domain starts again. */
#define PROBE_MIN_MS        1000
#define PROBE_MAX_MS        5000
#define PROBE_MAX_CLOSED_MS 2000

typedef struct
{
  SlipwayCluster *cluster;
  char           *node;
  guint           generation;
} ProbeCall;

static void
probe_call_free (ProbeCall *call)
{
  g_clear_object (&call->cluster);
  g_free (call->node);
  g_free (call);
}

void
_slipway_cluster_node_extra_free (NodeExtra *extra)
{
  if (extra->probing != NULL)
    g_cancellable_cancel (extra->probing);
  g_clear_object (&extra->probing);
  g_strfreev (extra->cloud_init_errors);
  g_free (extra);
}

void
_slipway_cluster_node_restarted (SlipwayCluster *self,
                                 NodeExtra      *extra)
{
  extra->generation++;
  extra->probed = SLIPWAY_READINESS_MISSING;
  extra->backoff_ms = PROBE_MIN_MS;
  extra->next_probe = 0;
  g_clear_pointer (&extra->cloud_init_errors, g_strfreev);
  if (extra->probing != NULL)
    g_cancellable_cancel (extra->probing);
  g_clear_object (&extra->probing);
}

/* Finds the node a probe was about, if it is still the same boot. */
static SlipwayNode *
probe_call_node (ProbeCall  *call,
                 NodeExtra **extra)
{
  SlipwayNode *node = slipway_cluster_find_node (call->cluster, call->node);

  if (node == NULL)
    return NULL;

  *extra = _slipway_cluster_get_extra (call->cluster, node);
  if ((*extra)->generation != call->generation)
    return NULL;

  return node;
}

static void
probe_port_open_cb (gpointer user_data)
{
  ProbeCall *call = user_data;
  NodeExtra *extra = NULL;
  SlipwayNode *node = probe_call_node (call, &extra);

  /* Shown at once: the SSH login may take seconds. */
  if (node != NULL && extra->probed < SLIPWAY_READINESS_SSH_PORT)
    {
      extra->probed = SLIPWAY_READINESS_SSH_PORT;
      _slipway_cluster_update_readiness (call->cluster, node);
    }
}

static void
probe_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  ProbeCall *call = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) cloud_init_errors = NULL;
  SlipwayReadiness seen;
  SlipwayReadiness before;
  NodeExtra *extra = NULL;
  SlipwayNode *node;

  seen = _slipway_probe_finish (result, &cloud_init_errors, &error);
  node = error == NULL ? probe_call_node (call, &extra) : NULL;
  if (node == NULL)
    {
      probe_call_free (call);
      return;
    }

  g_clear_object (&extra->probing);
  before = slipway_node_get_readiness (node);
  _slipway_cluster_record_probe (call->cluster, node, seen, g_steal_pointer (&cloud_init_errors));

  if (slipway_node_get_readiness (node) != before)
    extra->backoff_ms = PROBE_MIN_MS;
  else
    extra->backoff_ms = MIN (MAX (extra->backoff_ms, PROBE_MIN_MS / 2) * 2,
                             seen < SLIPWAY_READINESS_SSH_PORT ? PROBE_MAX_CLOSED_MS : PROBE_MAX_MS);
  extra->next_probe = g_get_monotonic_time () + (gint64)extra->backoff_ms * 1000;

  _slipway_cluster_schedule_probes (call->cluster);
  probe_call_free (call);
}

/* What a probe of @node, in its current boot, saw. */
void
_slipway_cluster_record_probe (SlipwayCluster    *self,
                               SlipwayNode       *node,
                               SlipwayReadiness   seen,
                               char             **cloud_init_errors)
{
  NodeExtra *extra = _slipway_cluster_get_extra (self, node);
  g_auto(GStrv) errors = cloud_init_errors;

  /* Within one boot a node does not go back: a probe that times out on a
   * busy host says nothing new about a node that already let us in. A
   * host key mismatch is always news, and so is its end. */
  if (seen == SLIPWAY_READINESS_HOST_KEY_MISMATCH ||
      extra->probed == SLIPWAY_READINESS_HOST_KEY_MISMATCH ||
      seen > extra->probed)
    extra->probed = seen;
  if (seen == SLIPWAY_READINESS_READY_WITH_ERRORS)
    {
      g_strfreev (extra->cloud_init_errors);
      extra->cloud_init_errors = g_steal_pointer (&errors);
    }
  _slipway_cluster_update_readiness (self, node);
}

static gboolean
node_wants_probe (SlipwayCluster *self,
                  SlipwayNode    *node,
                  NodeExtra      *extra)
{
  return slipway_node_get_state (node) == SLIPWAY_NODE_STATE_RUNNING &&
         slipway_node_get_ipv4 (node) != NULL &&
         extra->probing == NULL &&
         extra->probed != SLIPWAY_READINESS_READY &&
         extra->probed != SLIPWAY_READINESS_READY_WITH_ERRORS;
}

static void
start_probe (SlipwayCluster *self,
             SlipwayNode    *node,
             NodeExtra      *extra)
{
  ProbeCall *call = g_new0 (ProbeCall, 1);

  call->cluster = g_object_ref (self);
  call->node = g_strdup (slipway_node_get_name (node));
  call->generation = extra->generation;
  extra->probing = g_cancellable_new ();

  _slipway_probe_async (slipway_node_get_ipv4 (node), self->ssh_config, slipway_node_get_name (node),
                        extra->restored_ready, probe_port_open_cb, call, extra->probing,
                        probe_done_cb, call);
}

/* The one source of a watched cluster: starts the probes that are due,
 * then sleeps until the next one is. */
static gboolean
probe_tick_cb (gpointer user_data)
{
  SlipwayCluster *self = user_data;
  GListModel *nodes = G_LIST_MODEL (self->nodes);
  gint64 now = g_get_monotonic_time ();
  gint64 next = -1;
  guint n = g_list_model_get_n_items (nodes);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlipwayNode) node = g_list_model_get_item (nodes, i);
      NodeExtra *extra = _slipway_cluster_get_extra (self, node);

      if (!node_wants_probe (self, node, extra))
        continue;

      if (extra->next_probe <= now)
        start_probe (self, node, extra);
      else if (next < 0 || extra->next_probe < next)
        next = extra->next_probe;
    }

  g_source_set_ready_time (self->probe_source, next);

  return G_SOURCE_CONTINUE;
}

void
_slipway_cluster_schedule_probes (SlipwayCluster *self)
{
  if (self->probe_source != NULL)
    g_source_set_ready_time (self->probe_source, 0);
}

/* A source that fires at its ready time only, as Ptyxis's tab monitor. */
static gboolean
ready_source_dispatch (GSource     *source,
                       GSourceFunc  callback,
                       gpointer     user_data)
{
  g_source_set_ready_time (source, -1);

  return callback (user_data);
}

static GSourceFuncs ready_source_funcs = {
  .dispatch = ready_source_dispatch,
};

static void
start_probes (SlipwayCluster *self)
{
  SlipwayProvisioner *provisioner;

  if (self->probe_source != NULL || self->connection == NULL)
    return;

  /* The test driver's guests have no network to look at. */
  provisioner = _slipway_connection_get_provisioner (self->connection);
  if (_slipway_provisioner_is_test (provisioner))
    return;

  if (self->ssh_config == NULL)
    self->ssh_config = slipway_cluster_ssh_config (self->name);

  self->probe_source = g_source_new (&ready_source_funcs, sizeof (GSource));
  g_source_set_ready_time (self->probe_source, 0);
  g_source_set_name (self->probe_source, "slipway-cluster-probes");
  g_source_set_callback (self->probe_source, probe_tick_cb, self, NULL);
  g_source_attach (self->probe_source, NULL);
}

void
_slipway_cluster_stop_probes (SlipwayCluster *self)
{
  GListModel *nodes = G_LIST_MODEL (self->nodes);
  guint n;

  if (self->probe_source != NULL)
    {
      g_source_destroy (self->probe_source);
      g_clear_pointer (&self->probe_source, g_source_unref);
    }

  n = nodes != NULL ? g_list_model_get_n_items (nodes) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlipwayNode) node = g_list_model_get_item (nodes, i);
      NodeExtra *extra = _slipway_cluster_get_extra (self, node);

      _slipway_cluster_node_restarted (self, extra);
      _slipway_cluster_update_readiness (self, node);
    }
}

static void
watch_released_cb (gpointer  data,
                   GObject  *handle)
{
  g_autoptr(SlipwayCluster) self = data;

  g_assert (self->n_watches > 0);

  if (--self->n_watches == 0)
    _slipway_cluster_stop_probes (self);
}

/**
 * slipway_cluster_watch:
 *
 * Asks for the nodes' readiness beyond what libvirt shows: while any handle
 * returned here is alive, running nodes are probed over SSH (port open, login
 * with the cluster key and the pinned host key, cloud-init done) and
 * #SlipwayNode:readiness follows. Drop the handle to stop.
 *
 * Returns: (transfer full): the handle; it keeps the cluster alive
 */
GObject *
slipway_cluster_watch (SlipwayCluster *self)
{
  GObject *handle;

  g_return_val_if_fail (SLIPWAY_IS_CLUSTER (self), NULL);

  handle = g_object_new (G_TYPE_OBJECT, NULL);
  g_object_weak_ref (handle, watch_released_cb, g_object_ref (self));
  if (self->n_watches++ == 0)
    start_probes (self);
  _slipway_cluster_schedule_probes (self);

  return handle;
}

/* Waiting ------------------------------------------------------------------- */

typedef struct
{
  GTask            *task;             /* borrowed: done() drops the one ref */
  SlipwayCluster   *cluster;
  GObject          *watch;
  SlipwayReadiness  until;
  guint             timeout_s;
  GHashTable       *mismatch_since;   /* node name → gint64 *, monotonic µs */
  GPtrArray        *nodes;            /* SlipwayNode, the ones we listen to */
  gulong            items_changed_id;
  GSource          *check;
  GSource          *timeout;
  GSource          *cancel;
  /* Nodes seen not running are read again from libvirt before the wait
   * gives up on them: 0 not yet, 1 while reading, 2 read since. */
  guint             confirm;
  guint             confirm_serial;
} Wait;

static void
wait_disconnect_nodes (Wait *wait)
{
  for (guint i = 0; i < wait->nodes->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (wait->nodes, i), wait);
  g_ptr_array_set_size (wait->nodes, 0);
}

static void
wait_free (Wait *wait)
{
  wait_disconnect_nodes (wait);
  g_clear_pointer (&wait->nodes, g_ptr_array_unref);
  g_clear_signal_handler (&wait->items_changed_id, slipway_cluster_get_nodes (wait->cluster));
  if (wait->check != NULL)
    g_source_destroy (wait->check);
  if (wait->timeout != NULL)
    g_source_destroy (wait->timeout);
  if (wait->cancel != NULL)
    g_source_destroy (wait->cancel);
  g_clear_pointer (&wait->check, g_source_unref);
  g_clear_pointer (&wait->timeout, g_source_unref);
  g_clear_pointer (&wait->cancel, g_source_unref);
  g_clear_pointer (&wait->mismatch_since, g_hash_table_unref);
  g_clear_object (&wait->watch);
  g_clear_object (&wait->cluster);
  g_free (wait);
}

static gboolean
readiness_reached (SlipwayReadiness readiness,
                   SlipwayReadiness until)
{
  return readiness != SLIPWAY_READINESS_HOST_KEY_MISMATCH && readiness >= until;
}

/* Ends the wait: returns @error, or success if it is NULL. */
static void
wait_done (Wait   *wait,
           GError *error)
{
  GTask *task = wait->task;

  if (task == NULL)
    return;

  wait->task = NULL;
  /* Nothing of the wait may fire again, whenever the task goes. */
  wait_disconnect_nodes (wait);
  g_clear_signal_handler (&wait->items_changed_id, slipway_cluster_get_nodes (wait->cluster));
  g_source_destroy (wait->check);
  if (wait->timeout != NULL)
    g_source_destroy (wait->timeout);
  if (wait->cancel != NULL)
    g_source_destroy (wait->cancel);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

/* "worker0 (SSH port open), worker1 (Running)" for the nodes @pick takes. */
static char *
describe_nodes (Wait     *wait,
                gboolean (*pick) (Wait *, SlipwayNode *))
{
  GListModel *nodes = slipway_cluster_get_nodes (wait->cluster);
  guint n = g_list_model_get_n_items (nodes);
  GString *list = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlipwayNode) node = g_list_model_get_item (nodes, i);

      if (!pick (wait, node))
        continue;
      if (list->len > 0)
        g_string_append (list, ", ");
      /* Translators: a node and its state, in a list: “worker0 (SSH port open)” */
      g_string_append_printf (list, _("%s (%s)"), slipway_node_get_name (node),
                              slipway_readiness_get_title (slipway_node_get_readiness (node)));
    }

  return g_string_free (list, FALSE);
}

static gboolean
pick_not_reached (Wait        *wait,
                  SlipwayNode *node)
{
  return !readiness_reached (slipway_node_get_readiness (node), wait->until);
}

static gboolean
pick_not_running (Wait        *wait,
                  SlipwayNode *node)
{
  SlipwayReadiness readiness = slipway_node_get_readiness (node);

  return readiness == SLIPWAY_READINESS_MISSING || readiness == SLIPWAY_READINESS_DEFINED;
}

static gboolean
pick_mismatch (Wait        *wait,
               SlipwayNode *node)
{
  gint64 *since = g_hash_table_lookup (wait->mismatch_since, slipway_node_get_name (node));

  return since != NULL &&
         g_get_monotonic_time () - *since >= MISMATCH_GRACE_SECONDS * G_USEC_PER_SEC;
}

static gboolean
wait_all_reached (Wait *wait)
{
  GListModel *nodes = slipway_cluster_get_nodes (wait->cluster);
  guint n = g_list_model_get_n_items (nodes);

  if (!wait->cluster->known ||
      slipway_cluster_get_state (wait->cluster) == SLIPWAY_CLUSTER_STATE_CREATING)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlipwayNode) node = g_list_model_get_item (nodes, i);

      if (!readiness_reached (slipway_node_get_readiness (node), wait->until))
        return FALSE;
    }

  return TRUE;
}

/* Every node got there. Ready, but with cloud-init errors, is not ready:
 * the wait fails and names the errors. */
static void
wait_reached (Wait *wait)
{
  GListModel *nodes = slipway_cluster_get_nodes (wait->cluster);
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint i = 0; wait->until == SLIPWAY_READINESS_READY && i < g_list_model_get_n_items (nodes); i++)
    {
      g_autoptr(SlipwayNode) node = g_list_model_get_item (nodes, i);
      const char * const *errors = slipway_node_get_cloud_init_errors (node);
      g_autofree char *joined = NULL;

      if (slipway_node_get_readiness (node) != SLIPWAY_READINESS_READY_WITH_ERRORS)
        continue;

      joined = g_strjoinv ("; ", (char **)errors);
      if (list->len > 0)
        g_string_append (list, ", ");
      /* Translators: a node name and cloud-init's errors on it */
      g_string_append_printf (list, _("%s (%s)"), slipway_node_get_name (node), joined);
    }

  if (list->len == 0)
    {
      wait_done (wait, NULL);
      return;
    }

  wait_done (wait, g_error_new (SLIPWAY_ERROR, SLIPWAY_ERROR_CLOUD_INIT,
                                /* Translators: %s is a list of nodes and cloud-init's errors */
                                _("cloud-init finished with errors on these nodes: %s. See "
                                  "/var/log/cloud-init.log on them; after fixing the cause, "
                                  "reset them."),
                                list->str));
}

static void
wait_node_changed_cb (SlipwayNode *node,
                      GParamSpec  *pspec,
                      Wait        *wait)
{
  const char *name = slipway_node_get_name (node);

  if (slipway_node_get_readiness (node) == SLIPWAY_READINESS_HOST_KEY_MISMATCH)
    {
      if (!g_hash_table_contains (wait->mismatch_since, name))
        g_hash_table_insert (wait->mismatch_since, g_strdup (name),
                             g_memdup2 (&(gint64) { g_get_monotonic_time () }, sizeof (gint64)));
    }
  else
    {
      g_hash_table_remove (wait->mismatch_since, name);
    }

  if (wait_all_reached (wait))
    wait_reached (wait);
}

static void
wait_listen (Wait *wait)
{
  GListModel *nodes = slipway_cluster_get_nodes (wait->cluster);
  guint n = g_list_model_get_n_items (nodes);

  wait_disconnect_nodes (wait);
  for (guint i = 0; i < n; i++)
    {
      SlipwayNode *node = g_list_model_get_item (nodes, i);

      g_signal_connect (node, "notify::readiness", G_CALLBACK (wait_node_changed_cb), wait);
      g_ptr_array_add (wait->nodes, node);
    }
}

static void
wait_items_changed_cb (GListModel *model,
                       guint       position,
                       guint       removed,
                       guint       added,
                       Wait       *wait)
{
  wait_listen (wait);
  if (wait_all_reached (wait))
    wait_reached (wait);
}

static gboolean wait_check_cb (gpointer user_data);

typedef struct
{
  GTask *task;      /* keeps the Wait */
  guint  serial;
} Confirm;

static Confirm *
wait_confirm_new (Wait *wait)
{
  Confirm *confirm = g_new0 (Confirm, 1);

  confirm->task = g_object_ref (wait->task);
  confirm->serial = wait->confirm_serial;

  return confirm;
}

static void
wait_confirm_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Confirm *confirm = user_data;
  Wait *wait = g_task_get_task_data (confirm->task);
  g_autoptr(GError) error = NULL;

  if (!slipway_connection_sync_finish (SLIPWAY_CONNECTION (object), result, &error))
    g_debug ("Could not read the clusters again: %s", error->message);

  /* Still the same nodes not running, and the wait still on: decide now. */
  if (wait->task != NULL && wait->confirm == 1 && wait->confirm_serial == confirm->serial)
    {
      wait->confirm = 2;
      wait_check_cb (wait);
    }

  g_object_unref (confirm->task);
  g_free (confirm);
}

static gboolean
wait_check_cb (gpointer user_data)
{
  Wait *wait = user_data;
  g_autofree char *list = NULL;

  if (wait_all_reached (wait))
    {
      wait_reached (wait);
      return G_SOURCE_CONTINUE;
    }

  /* Nobody will see what the connection does not show, or what an
   * operation on the cluster is about to change. A cluster with a node
   * missing and no operation shows as CREATING too: a create that
   * stopped half-way, whose missing nodes will not come by themselves. */
  if (!wait->cluster->known || slipway_cluster_get_operation (wait->cluster) != NULL)
    return G_SOURCE_CONTINUE;

  list = describe_nodes (wait, pick_mismatch);
  if (*list != '\0')
    {
      wait_done (wait, g_error_new (SLIPWAY_ERROR, SLIPWAY_ERROR_HOST_KEY_MISMATCH,
                                    /* Translators: %s is a list of nodes and their states */
                                    _("Not trusted: these nodes answer with another SSH host key than "
                                      "the one Slipway gave them: %s. Someone replaced their keys, or "
                                      "another machine has their addresses; reset them to be sure."),
                                    list));
      return G_SOURCE_CONTINUE;
    }

  g_clear_pointer (&list, g_free);
  list = describe_nodes (wait, pick_not_running);
  if (*list == '\0' || wait->until <= SLIPWAY_READINESS_DEFINED)
    {
      wait->confirm = 0;
      return G_SOURCE_CONTINUE;
    }

  /* What the model shows can be a moment behind libvirt: a late event
   * of a start that came before this process, a read that overlapped a
   * change. Only a read begun after this moment can say the nodes do not
   * run; a wait right after a reset gave up on a starting node without. */
  if (wait->confirm != 2 && wait->cluster->connection != NULL)
    {
      if (wait->confirm == 0)
        {
          wait->confirm = 1;
          wait->confirm_serial++;
          slipway_connection_sync_async (wait->cluster->connection, NULL, wait_confirm_cb,
                                         wait_confirm_new (wait));
        }
      return G_SOURCE_CONTINUE;
    }

  wait_done (wait, g_error_new (SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_RUNNING,
                                /* Translators: %s is a list of nodes and their states */
                                _("These nodes are not running, so they will not be ready: %s."),
                                list));

  return G_SOURCE_CONTINUE;
}

static gboolean
wait_timeout_cb (gpointer user_data)
{
  Wait *wait = user_data;
  g_autofree char *list = describe_nodes (wait, pick_not_reached);

  if (*list == '\0')
    wait_done (wait, g_error_new (SLIPWAY_ERROR, SLIPWAY_ERROR_TIMEOUT,
                                  _("Could not look at the nodes in time: is the libvirt connection slow?")));
  else
    wait_done (wait, g_error_new (SLIPWAY_ERROR, SLIPWAY_ERROR_TIMEOUT,
                                  /* Translators: %u is a number of seconds, %s a list of nodes and their states */
                                  _("Gave up after %u s; not there yet: %s."),
                                  wait->timeout_s, list));

  return G_SOURCE_CONTINUE;
}

static gboolean
wait_cancelled_cb (GCancellable *cancellable,
                   gpointer      user_data)
{
  Wait *wait = user_data;
  GError *error = NULL;

  g_cancellable_set_error_if_cancelled (cancellable, &error);
  wait_done (wait, error);

  return G_SOURCE_CONTINUE;
}

static GSource *
wait_attach (Wait        *wait,
             GSource     *source,
             GSourceFunc  func)
{
  g_source_set_callback (source, func, wait, NULL);
  g_source_attach (source, g_task_get_context (wait->task));

  return source;
}

/**
 * slipway_cluster_wait_async:
 * @until: the readiness every node must reach: %SLIPWAY_READINESS_RUNNING,
 *   %SLIPWAY_READINESS_SSH_AUTHENTICATED or %SLIPWAY_READINESS_READY
 * @timeout_s: give up after this many seconds; 0 waits for ever
 *
 * Watches the cluster (see slipway_cluster_watch()) until every node got to
 * @until. Fails early, rather than waiting in vain, with
 * %SLIPWAY_ERROR_NOT_RUNNING when nodes do not run (and no operation runs
 * on the cluster), and with %SLIPWAY_ERROR_HOST_KEY_MISMATCH when a node has
 * answered with a host key that is not the pinned one for 15 seconds. After
 * @timeout_s it fails with %SLIPWAY_ERROR_TIMEOUT. Each message names the
 * nodes it is about and where they stopped.
 */
void
slipway_cluster_wait_async (SlipwayCluster      *self,
                            SlipwayReadiness     until,
                            guint                timeout_s,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;
  Wait *wait;

  g_return_if_fail (SLIPWAY_IS_CLUSTER (self));
  g_return_if_fail (until != SLIPWAY_READINESS_HOST_KEY_MISMATCH);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, slipway_cluster_wait_async);

  wait = g_new0 (Wait, 1);
  wait->task = task;
  wait->cluster = g_object_ref (self);
  wait->until = until;
  wait->timeout_s = timeout_s;
  wait->mismatch_since = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  wait->nodes = g_ptr_array_new_with_free_func (g_object_unref);
  g_task_set_task_data (task, wait, (GDestroyNotify)wait_free);

  wait->watch = slipway_cluster_watch (self);
  wait->items_changed_id = g_signal_connect (slipway_cluster_get_nodes (self), "items-changed",
                                             G_CALLBACK (wait_items_changed_cb), wait);
  wait_listen (wait);

  wait->check = wait_attach (wait, g_timeout_source_new_seconds (1), wait_check_cb);
  if (timeout_s > 0)
    wait->timeout = wait_attach (wait, g_timeout_source_new_seconds (timeout_s), wait_timeout_cb);
  if (cancellable != NULL)
    wait->cancel = wait_attach (wait, g_cancellable_source_new (cancellable),
                                G_SOURCE_FUNC (wait_cancelled_cb));

  if (wait_all_reached (wait))
    wait_reached (wait);
}

gboolean
slipway_cluster_wait_finish (SlipwayCluster  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  g_return_val_if_fail (SLIPWAY_IS_CLUSTER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
