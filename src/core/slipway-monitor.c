/* slipway-monitor.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "slipway.h"
#include "slipway-monitor-private.h"

/*
 * How a node is watched, all on one GMainContext and never blocking it:
 *
 * - every REFRESH_INTERVAL the provisioner (in its worker thread) reads the
 *   domains, their ids and the network's DHCP leases: MISSING, DEFINED,
 *   RUNNING, LEASED. A new domain id means the node started again (a reset,
 *   a reboot from outside): what was seen over SSH is forgotten;
 * - a running node gets at most one probe in flight: a TCP connection to
 *   port 22 (GSocketClient, async), then, if it opens, one
 *   `ssh -F ssh_config -o BatchMode=yes NODE` (GSubprocess, async) that
 *   logs in with the cluster key, checks the pinned host key and asks
 *   whether cloud-init has finished. Probes back off from 1 to 2 seconds
 *   while the port is closed and to 5 seconds once it is open, while
 *   nothing changes, and stop once the node is READY until its domain
 *   starts again;
 * - on a driver without guests (test:///default) nothing is probed: RUNNING
 *   is as far as anyone can see.
 */

#define TICK_MS              500
#define REFRESH_INTERVAL_MS  2000
#define PROBE_MIN_MS         1000
#define PROBE_MAX_MS         5000
/* While port 22 is closed a probe is one TCP SYN: look more often, so that
 * the first login comes soon after sshd starts (a login probe costs the
 * guest a sshd fork, and backs off to PROBE_MAX_MS). */
#define PROBE_MAX_CLOSED_MS  2000
#define TCP_TIMEOUT_MS       3000
#define SSH_TIMEOUT_MS       25000
#define SSH_PORT             22
#define READY_MARKER         "slipway-ready"

typedef struct _Probe Probe;

typedef struct
{
  char             *name;
  char             *ipv4;
  SlipwayReadiness  readiness;
  SlipwayReadiness  base;          /* what libvirt shows */
  SlipwayReadiness  seen;          /* what the last probe showed, or MISSING */
  guint             domain_id;
  guint             generation;    /* bumped when the domain starts again */
  Probe            *probe;         /* in flight, or NULL */
  gint64            next_probe;    /* monotonic µs */
  guint             backoff_ms;
} Node;

struct _SlipwayMonitor
{
  GObject             parent_instance;

  SlipwayProvisioner *provisioner;
  char               *cluster;
  char               *ssh_config;

  GMainContext       *context;
  GCancellable       *cancellable;   /* refreshes; replaced on each start */
  GSource            *tick;
  gboolean            refreshing;
  gint64              next_refresh;

  GPtrArray          *nodes;         /* Node*, in id order */
  GPtrArray          *retired;       /* Node* gone from the topology; a probe
                                      * may still point at one */
  gboolean            have_status;
  gboolean            limited;       /* test driver: no probes */
  gboolean            all_ready;

  /* slipway_monitor_probe_async () */
  GTask              *once;
  guint               once_pending;
};

struct _Probe
{
  SlipwayMonitor *self;              /* a reference */
  Node           *node;              /* owned by self->nodes */
  guint           generation;
  GCancellable   *cancellable;
  GSource        *timeout;
  GSubprocess    *process;
  gboolean        once;
};

enum {
  PROP_0,
  PROP_PROVISIONER,
  PROP_CLUSTER,
  PROP_ALL_READY,
  N_PROPS
};

enum {
  NODE_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SlipwayMonitor, slipway_monitor, G_TYPE_OBJECT)

static void start_probe (SlipwayMonitor *self,
                         Node           *node,
                         gboolean        once);

/* ------------------------------------------------------------------------ */
/* Readiness                                                                */

const char *
slipway_readiness_to_string (SlipwayReadiness readiness)
{
  switch (readiness)
    {
    case SLIPWAY_READINESS_MISSING:             return "missing";
    case SLIPWAY_READINESS_DEFINED:             return "defined";
    case SLIPWAY_READINESS_RUNNING:             return "running";
    case SLIPWAY_READINESS_LEASED:              return "leased";
    case SLIPWAY_READINESS_SSH_PORT:            return "ssh-port";
    case SLIPWAY_READINESS_SSH_AUTHENTICATED:   return "ssh-authenticated";
    case SLIPWAY_READINESS_READY:               return "ready";
    case SLIPWAY_READINESS_HOST_KEY_MISMATCH:   return "host-key-mismatch";
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
slipway_readiness_get_title (SlipwayReadiness readiness)
{
  switch (readiness)
    {
    case SLIPWAY_READINESS_MISSING:
      /* Translators: a node's readiness: it has no virtual machine */
      return _("No virtual machine");
    case SLIPWAY_READINESS_DEFINED:
      /* Translators: a node's readiness: the virtual machine is off */
      return _("Not running");
    case SLIPWAY_READINESS_RUNNING:
      /* Translators: a node's readiness: it runs, has no address yet */
      return _("Booting");
    case SLIPWAY_READINESS_LEASED:
      /* Translators: a node's readiness: DHCP gave it its address */
      return _("Address assigned");
    case SLIPWAY_READINESS_SSH_PORT:
      /* Translators: a node's readiness: its SSH server accepts connections */
      return _("SSH port open");
    case SLIPWAY_READINESS_SSH_AUTHENTICATED:
      /* Translators: a node's readiness: SSH login works, cloud-init still runs */
      return _("SSH login works");
    case SLIPWAY_READINESS_READY:
      /* Translators: a node's readiness: cloud-init has finished */
      return _("Ready");
    case SLIPWAY_READINESS_HOST_KEY_MISMATCH:
      /* Translators: a node's readiness: it answers with an unexpected SSH host key */
      return _("Wrong SSH host key: not trusted");
    default:
      g_return_val_if_reached (NULL);
    }
}

SlipwayReadiness
_slipway_monitor_classify_ssh (gboolean    exited,
                               int         exit_status,
                               const char *standard_output,
                               const char *standard_error)
{
  const char *err = standard_error != NULL ? standard_error : "";

  /* OpenSSH's own words when the key is not the pinned one, when it knows
   * no key for the host, or when the server has no ed25519 key at all. */
  if (strstr (err, "REMOTE HOST IDENTIFICATION HAS CHANGED") != NULL ||
      strstr (err, "Host key verification failed") != NULL ||
      strstr (err, "no matching host key type found") != NULL)
    return SLIPWAY_READINESS_HOST_KEY_MISMATCH;

  if (exited && exit_status == 0)
    {
      if (standard_output != NULL && strstr (standard_output, READY_MARKER) != NULL)
        return SLIPWAY_READINESS_READY;
      return SLIPWAY_READINESS_SSH_AUTHENTICATED;
    }

  /* Permission denied (the key is not installed yet), connection reset
   * while sshd restarts, a timeout: the port was open, nothing more. */
  return SLIPWAY_READINESS_SSH_PORT;
}

GStrv
_slipway_monitor_ssh_argv (const char *ssh_config,
                           const char *node)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_strv_builder_add_many (builder,
                           "ssh", "-F", ssh_config,
                           "-o", "BatchMode=yes",
                           "-o", "ConnectTimeout=5",
                           "-o", "ConnectionAttempts=1",
                           "-T",
                           "--", node,
                           /* One command line for the remote shell. */
                           "test -f /var/lib/cloud/instance/boot-finished && echo " READY_MARKER
                           " || echo booting",
                           NULL);

  return g_strv_builder_end (builder);
}

/* ------------------------------------------------------------------------ */
/* Nodes                                                                    */

static void
node_free (Node *node)
{
  g_free (node->name);
  g_free (node->ipv4);
  g_free (node);
}

static Node *
find_node (SlipwayMonitor *self,
           const char     *name)
{
  for (guint i = 0; i < self->nodes->len; i++)
    {
      Node *node = g_ptr_array_index (self->nodes, i);

      if (g_strcmp0 (node->name, name) == 0)
        return node;
    }

  return NULL;
}

static void
update_all_ready (SlipwayMonitor *self)
{
  gboolean all_ready = self->nodes->len > 0;

  for (guint i = 0; i < self->nodes->len; i++)
    {
      const Node *node = g_ptr_array_index (self->nodes, i);

      if (node->readiness != SLIPWAY_READINESS_READY)
        all_ready = FALSE;
    }

  if (all_ready != self->all_ready)
    {
      self->all_ready = all_ready;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALL_READY]);
    }
}

static void
set_readiness (SlipwayMonitor   *self,
               Node             *node,
               SlipwayReadiness  readiness)
{
  if (node->readiness == readiness)
    return;

  g_debug ("%s/%s: %s → %s", self->cluster, node->name,
           slipway_readiness_to_string (node->readiness),
           slipway_readiness_to_string (readiness));

  node->readiness = readiness;
  g_signal_emit (self, signals[NODE_CHANGED], 0, node->name, (int)readiness);
  update_all_ready (self);
}

/* Whether a probe can tell more than libvirt does. */
static gboolean
node_can_probe (SlipwayMonitor *self,
                const Node     *node)
{
  return !self->limited &&
         self->ssh_config != NULL &&
         node->base >= SLIPWAY_READINESS_RUNNING &&
         node->ipv4 != NULL;
}

/* What to show: the probe's finding, which is further along than libvirt's
 * view; a mismatch overrides everything while the domain runs. */
static SlipwayReadiness
node_effective (const Node *node)
{
  if (node->base < SLIPWAY_READINESS_RUNNING)
    return node->base;
  if (node->seen == SLIPWAY_READINESS_HOST_KEY_MISMATCH)
    return node->seen;

  return MAX (node->base, node->seen);
}

static void
cancel_probe (Node *node)
{
  if (node->probe != NULL)
    {
      g_cancellable_cancel (node->probe->cancellable);
      /* The probe's callbacks see the cancellation and finish it. */
      node->probe = NULL;
    }
}

/* ------------------------------------------------------------------------ */
/* Probes                                                                   */

static void
probe_free (Probe *probe)
{
  if (probe->timeout != NULL)
    {
      g_source_destroy (probe->timeout);
      g_source_unref (probe->timeout);
    }
  g_clear_object (&probe->process);
  g_clear_object (&probe->cancellable);
  g_clear_object (&probe->self);
  g_free (probe);
}

static gboolean
probe_timeout_cb (gpointer user_data)
{
  Probe *probe = user_data;

  g_debug ("Probe of %s timed out", probe->node->name);
  g_cancellable_cancel (probe->cancellable);
  if (probe->process != NULL)
    g_subprocess_force_exit (probe->process);

  return G_SOURCE_REMOVE;
}

static void
probe_arm_timeout (Probe *probe,
                   guint  ms)
{
  if (probe->timeout != NULL)
    {
      g_source_destroy (probe->timeout);
      g_source_unref (probe->timeout);
    }

  probe->timeout = g_timeout_source_new (ms);
  g_source_set_callback (probe->timeout, probe_timeout_cb, probe, NULL);
  g_source_attach (probe->timeout, probe->self->context);
}

static void
once_done (SlipwayMonitor *self)
{
  g_autoptr(GTask) task = NULL;

  g_assert (self->once_pending > 0);

  if (--self->once_pending > 0)
    return;

  task = g_steal_pointer (&self->once);
  if (task != NULL)
    g_task_return_boolean (task, TRUE);
}

/* Ends @probe with what it saw; @result is MISSING when it saw nothing
 * new (cancelled by a restart or a stop). */
static void
probe_finish (Probe            *probe,
              SlipwayReadiness  result,
              gboolean          cancelled)
{
  SlipwayMonitor *self = probe->self;
  Node *node = probe->node;
  gboolean current = node->probe == probe;

  if (current)
    node->probe = NULL;

  if (current && !cancelled && probe->generation == node->generation)
    {
      SlipwayReadiness before = node_effective (node);
      SlipwayReadiness after;

      /* Within one boot a node does not go back: a probe that times out on
       * a busy host says nothing new about a node that already let us in.
       * A host key mismatch is always news, and so is its end. */
      if (result == SLIPWAY_READINESS_HOST_KEY_MISMATCH ||
          node->seen == SLIPWAY_READINESS_HOST_KEY_MISMATCH ||
          result > node->seen)
        node->seen = result;
      after = node_effective (node);
      set_readiness (self, node, after);

      if (after != before)
        node->backoff_ms = PROBE_MIN_MS;
      else
        node->backoff_ms = MIN (node->backoff_ms * 2,
                                result < SLIPWAY_READINESS_SSH_PORT ? PROBE_MAX_CLOSED_MS
                                                                    : PROBE_MAX_MS);
      node->next_probe = g_get_monotonic_time () + (gint64)node->backoff_ms * 1000;
    }

  if (probe->once)
    once_done (self);

  probe_free (probe);
}

static void
ssh_communicate_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GSubprocess *process = G_SUBPROCESS (object);
  Probe *probe = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  SlipwayReadiness readiness;
  gboolean cancelled;

  if (!g_subprocess_communicate_utf8_finish (process, result, &out, &err, &error))
    {
      cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_debug ("ssh to %s: %s", probe->node->name, error->message);
      g_subprocess_force_exit (process);
      /* A timeout is an answer: the port was open, SSH went no further. */
      probe_finish (probe, SLIPWAY_READINESS_SSH_PORT,
                    cancelled && probe->node->probe != probe);
      return;
    }

  readiness = _slipway_monitor_classify_ssh (g_subprocess_get_if_exited (process),
                                             g_subprocess_get_if_exited (process)
                                             ? g_subprocess_get_exit_status (process) : -1,
                                             out, err);
  if (readiness == SLIPWAY_READINESS_HOST_KEY_MISMATCH)
    g_debug ("%s/%s does not have its pinned host key: %s",
             probe->self->cluster, probe->node->name, err);

  probe_finish (probe, readiness, FALSE);
}

static void
start_ssh (Probe *probe)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) argv = NULL;

  argv = _slipway_monitor_ssh_argv (probe->self->ssh_config, probe->node->name);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* OpenSSH's messages are matched in English. */
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C", TRUE);
  probe->process = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv, &error);
  if (probe->process == NULL)
    {
      g_debug ("Could not run ssh: %s", error->message);
      probe_finish (probe, SLIPWAY_READINESS_SSH_PORT, FALSE);
      return;
    }

  probe_arm_timeout (probe, SSH_TIMEOUT_MS);
  g_subprocess_communicate_utf8_async (probe->process, NULL, probe->cancellable,
                                       ssh_communicate_cb, probe);
}

static void
tcp_connect_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Probe *probe = user_data;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  connection = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (object), result, &error);
  if (connection == NULL)
    {
      gboolean cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

      g_debug ("%s:%d: %s", probe->node->ipv4, SSH_PORT, error->message);
      /* Closed, unreachable or timed out: nothing beyond libvirt's view. */
      probe_finish (probe, SLIPWAY_READINESS_MISSING, cancelled && probe->node->probe != probe);
      return;
    }

  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);

  if (probe->node->probe != probe || probe->generation != probe->node->generation)
    {
      probe_finish (probe, SLIPWAY_READINESS_MISSING, TRUE);
      return;
    }

  /* Shown at once: the SSH run may take seconds. */
  if (probe->node->seen < SLIPWAY_READINESS_SSH_PORT)
    {
      probe->node->seen = SLIPWAY_READINESS_SSH_PORT;
      set_readiness (probe->self, probe->node, node_effective (probe->node));
    }

  start_ssh (probe);
}

static void
start_probe (SlipwayMonitor *self,
             Node           *node,
             gboolean        once)
{
  g_autoptr(GSocketClient) client = NULL;
  Probe *probe;

  probe = g_new0 (Probe, 1);
  probe->self = g_object_ref (self);
  probe->node = node;
  probe->generation = node->generation;
  probe->cancellable = g_cancellable_new ();
  probe->once = once;

  node->probe = probe;
  if (once)
    self->once_pending++;

  client = g_socket_client_new ();
  g_socket_client_set_timeout (client, TCP_TIMEOUT_MS / 1000);
  probe_arm_timeout (probe, TCP_TIMEOUT_MS);

  g_main_context_push_thread_default (self->context);
  g_socket_client_connect_to_host_async (client, node->ipv4, SSH_PORT, probe->cancellable,
                                         tcp_connect_cb, probe);
  g_main_context_pop_thread_default (self->context);
}

/* ------------------------------------------------------------------------ */
/* What libvirt says                                                        */

static SlipwayReadiness
base_readiness (const SlipwayClusterStatus *status,
                guint                       i)
{
  switch (status->states[i])
    {
    case SLIPWAY_NODE_STATE_MISSING:
      return SLIPWAY_READINESS_MISSING;

    case SLIPWAY_NODE_STATE_RUNNING:
      if (status->leases_known && status->leased != NULL && status->leased[i])
        return SLIPWAY_READINESS_LEASED;
      return SLIPWAY_READINESS_RUNNING;

    case SLIPWAY_NODE_STATE_STOPPED:
    case SLIPWAY_NODE_STATE_PAUSED:
    case SLIPWAY_NODE_STATE_SHUTTING_DOWN:
    case SLIPWAY_NODE_STATE_CRASHED:
    default:
      return SLIPWAY_READINESS_DEFINED;
    }
}

static void
apply_status (SlipwayMonitor             *self,
              const SlipwayClusterStatus *status)
{
  const SlipwayTopology *topology = status->topology;
  g_autoptr(GPtrArray) nodes = g_ptr_array_new_with_free_func ((GDestroyNotify)node_free);

  self->limited = g_strcmp0 (status->virt_type, "test") == 0;

  if (self->ssh_config == NULL)
    self->ssh_config = slipway_cluster_ssh_config (self->cluster);

  /* Keep the Node of every name still there (a probe may point at it). */
  for (guint i = 0; i < topology->nodes->len; i++)
    {
      const SlipwayNodeInfo *info = g_ptr_array_index (topology->nodes, i);
      Node *node = find_node (self, info->name);
      SlipwayReadiness base = base_readiness (status, i);
      guint domain_id = status->domain_ids != NULL ? status->domain_ids[i] : 0;

      if (node != NULL)
        {
          guint index;

          g_ptr_array_find (self->nodes, node, &index);
          g_ptr_array_steal_index (self->nodes, index);
        }
      else
        {
          node = g_new0 (Node, 1);
          node->name = g_strdup (info->name);
          node->readiness = SLIPWAY_READINESS_MISSING;
          node->seen = SLIPWAY_READINESS_MISSING;
          node->backoff_ms = PROBE_MIN_MS;
        }
      g_ptr_array_add (nodes, node);

      g_free (node->ipv4);
      node->ipv4 = g_strdup (info->ipv4);

      /* Stopped, or started again since the last look: what SSH showed is
       * about a boot that is over. */
      if (base < SLIPWAY_READINESS_RUNNING ||
          (node->domain_id != 0 && domain_id != node->domain_id))
        {
          node->generation++;
          node->seen = SLIPWAY_READINESS_MISSING;
          node->backoff_ms = PROBE_MIN_MS;
          node->next_probe = 0;
          cancel_probe (node);
        }
      node->domain_id = domain_id;
      node->base = base;
    }

  /* Nodes no longer in the topology. */
  while (self->nodes->len > 0)
    {
      Node *gone = g_ptr_array_steal_index (self->nodes, 0);

      cancel_probe (gone);
      g_ptr_array_add (self->retired, gone);
    }
  while (nodes->len > 0)
    g_ptr_array_add (self->nodes, g_ptr_array_steal_index (nodes, 0));

  self->have_status = TRUE;

  for (guint i = 0; i < self->nodes->len; i++)
    {
      Node *node = g_ptr_array_index (self->nodes, i);

      set_readiness (self, node, node_effective (node));
    }
  update_all_ready (self);
}

static void
apply_missing_cluster (SlipwayMonitor *self)
{
  for (guint i = 0; i < self->nodes->len; i++)
    {
      Node *node = g_ptr_array_index (self->nodes, i);

      node->generation++;
      node->base = SLIPWAY_READINESS_MISSING;
      node->seen = SLIPWAY_READINESS_MISSING;
      node->domain_id = 0;
      cancel_probe (node);
      set_readiness (self, node, SLIPWAY_READINESS_MISSING);
    }
}

/* ------------------------------------------------------------------------ */
/* The periodic watch                                                       */

static void
refresh_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SlipwayMonitor) self = user_data;
  g_autoptr(SlipwayClusterStatus) status = NULL;
  g_autoptr(GError) error = NULL;

  status = slipway_provisioner_status_finish (SLIPWAY_PROVISIONER (object), result, &error);
  self->refreshing = FALSE;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->next_refresh = g_get_monotonic_time () + REFRESH_INTERVAL_MS * 1000;

  if (status == NULL)
    {
      g_debug ("Cannot look at cluster %s: %s", self->cluster, error->message);
      if (g_error_matches (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND))
        apply_missing_cluster (self);
      return;
    }

  apply_status (self, status);
}

static void
start_refresh (SlipwayMonitor *self)
{
  self->refreshing = TRUE;

  g_main_context_push_thread_default (self->context);
  slipway_provisioner_status_async (self->provisioner, self->cluster, self->cancellable,
                                    refresh_cb, g_object_ref (self));
  g_main_context_pop_thread_default (self->context);
}

static gboolean
tick_cb (gpointer user_data)
{
  SlipwayMonitor *self = user_data;
  gint64 now = g_get_monotonic_time ();

  if (!self->refreshing && now >= self->next_refresh)
    start_refresh (self);

  for (guint i = 0; i < self->nodes->len; i++)
    {
      Node *node = g_ptr_array_index (self->nodes, i);

      if (node->probe != NULL || !node_can_probe (self, node) || now < node->next_probe)
        continue;
      /* Nothing more to see until the domain starts again. */
      if (node->seen == SLIPWAY_READINESS_READY)
        continue;

      start_probe (self, node, FALSE);
    }

  return G_SOURCE_CONTINUE;
}

/* ------------------------------------------------------------------------ */
/* One look                                                                 */

static void
once_refresh_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SlipwayMonitor) self = user_data;
  g_autoptr(SlipwayClusterStatus) status = NULL;
  g_autoptr(GError) error = NULL;

  status = slipway_provisioner_status_finish (SLIPWAY_PROVISIONER (object), result, &error);
  if (status == NULL)
    {
      g_autoptr(GTask) task = g_steal_pointer (&self->once);

      self->once_pending = 0;
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  apply_status (self, status);

  /* Held until every probe has answered. */
  self->once_pending = 1;
  for (guint i = 0; i < self->nodes->len; i++)
    {
      Node *node = g_ptr_array_index (self->nodes, i);

      if (node_can_probe (self, node))
        start_probe (self, node, TRUE);
    }
  once_done (self);
}

/**
 * slipway_monitor_probe_async:
 * @self: a #SlipwayMonitor, not started
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context of the caller
 * @user_data: for @callback
 *
 * Looks at every node once: its domain, its lease and, when it runs, one
 * probe of its SSH port and login. Then slipway_monitor_get_readiness()
 * answers for each node; "node-changed" is emitted as the answers come.
 * Each probe has its own time limit (seconds), so this ends even if
 * @cancellable only stops the libvirt part.
 */
void
slipway_monitor_probe_async (SlipwayMonitor      *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SLIPWAY_IS_MONITOR (self));
  g_return_if_fail (self->tick == NULL);
  g_return_if_fail (self->once == NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, slipway_monitor_probe_async);

  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();
  self->once = g_steal_pointer (&task);

  slipway_provisioner_status_async (self->provisioner, self->cluster, cancellable,
                                    once_refresh_cb, g_object_ref (self));
}

gboolean
slipway_monitor_probe_finish (SlipwayMonitor  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (SLIPWAY_IS_MONITOR (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------------ */
/* Public API                                                               */

/**
 * slipway_monitor_start:
 * @self: a #SlipwayMonitor
 *
 * Starts watching, on the thread-default main context of the caller:
 * signals are emitted there. Starting a started monitor does nothing.
 */
void
slipway_monitor_start (SlipwayMonitor *self)
{
  g_return_if_fail (SLIPWAY_IS_MONITOR (self));

  if (self->tick != NULL)
    return;

  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->next_refresh = 0;

  self->tick = g_timeout_source_new (TICK_MS);
  g_source_set_callback (self->tick, tick_cb, self, NULL);
  g_source_set_static_name (self->tick, "[slipway] monitor");
  g_source_attach (self->tick, self->context);

  /* The first look at once, not after a tick. */
  start_refresh (self);
}

/**
 * slipway_monitor_stop:
 * @self: a #SlipwayMonitor
 *
 * Stops watching and cancels what is in flight. The last readiness of each
 * node stays readable; slipway_monitor_start() resumes.
 */
void
slipway_monitor_stop (SlipwayMonitor *self)
{
  g_return_if_fail (SLIPWAY_IS_MONITOR (self));

  if (self->tick != NULL)
    {
      g_source_destroy (self->tick);
      g_clear_pointer (&self->tick, g_source_unref);
    }

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  self->refreshing = FALSE;

  for (guint i = 0; i < self->nodes->len; i++)
    cancel_probe (g_ptr_array_index (self->nodes, i));
}

SlipwayMonitor *
slipway_monitor_new (SlipwayProvisioner *provisioner,
                     const char         *cluster)
{
  g_return_val_if_fail (SLIPWAY_IS_PROVISIONER (provisioner), NULL);
  g_return_val_if_fail (slipway_is_valid_name (cluster), NULL);

  return g_object_new (SLIPWAY_TYPE_MONITOR,
                       "provisioner", provisioner,
                       "cluster", cluster,
                       NULL);
}

const char *
slipway_monitor_get_cluster (SlipwayMonitor *self)
{
  g_return_val_if_fail (SLIPWAY_IS_MONITOR (self), NULL);

  return self->cluster;
}

/**
 * slipway_monitor_get_readiness:
 * @self: a #SlipwayMonitor
 * @node: a node name
 *
 * Returns: what was last seen of @node; %SLIPWAY_READINESS_MISSING for a
 *   node the monitor does not know (yet)
 */
SlipwayReadiness
slipway_monitor_get_readiness (SlipwayMonitor *self,
                               const char     *node)
{
  const Node *found;

  g_return_val_if_fail (SLIPWAY_IS_MONITOR (self), SLIPWAY_READINESS_MISSING);
  g_return_val_if_fail (node != NULL, SLIPWAY_READINESS_MISSING);

  found = find_node (self, node);

  return found != NULL ? found->readiness : SLIPWAY_READINESS_MISSING;
}

gboolean
slipway_monitor_get_all_ready (SlipwayMonitor *self)
{
  g_return_val_if_fail (SLIPWAY_IS_MONITOR (self), FALSE);

  return self->all_ready;
}

gboolean
slipway_monitor_get_limited (SlipwayMonitor *self)
{
  g_return_val_if_fail (SLIPWAY_IS_MONITOR (self), FALSE);

  return self->limited;
}

GStrv
slipway_monitor_dup_nodes (SlipwayMonitor *self)
{
  g_autoptr(GStrvBuilder) builder = NULL;

  g_return_val_if_fail (SLIPWAY_IS_MONITOR (self), NULL);

  if (!self->have_status)
    return NULL;

  builder = g_strv_builder_new ();
  for (guint i = 0; i < self->nodes->len; i++)
    g_strv_builder_add (builder, ((Node *)g_ptr_array_index (self->nodes, i))->name);

  return g_strv_builder_end (builder);
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                  */

static void
slipway_monitor_dispose (GObject *object)
{
  SlipwayMonitor *self = (SlipwayMonitor *)object;

  slipway_monitor_stop (self);

  G_OBJECT_CLASS (slipway_monitor_parent_class)->dispose (object);
}

static void
slipway_monitor_finalize (GObject *object)
{
  SlipwayMonitor *self = (SlipwayMonitor *)object;

  g_clear_pointer (&self->nodes, g_ptr_array_unref);
  g_clear_pointer (&self->retired, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->provisioner);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->cluster);
  g_free (self->ssh_config);

  G_OBJECT_CLASS (slipway_monitor_parent_class)->finalize (object);
}

static void
slipway_monitor_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SlipwayMonitor *self = SLIPWAY_MONITOR (object);

  switch (prop_id)
    {
    case PROP_PROVISIONER:
      g_value_set_object (value, self->provisioner);
      break;

    case PROP_CLUSTER:
      g_value_set_string (value, self->cluster);
      break;

    case PROP_ALL_READY:
      g_value_set_boolean (value, self->all_ready);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slipway_monitor_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  SlipwayMonitor *self = SLIPWAY_MONITOR (object);

  switch (prop_id)
    {
    case PROP_PROVISIONER:
      self->provisioner = g_value_dup_object (value);
      break;

    case PROP_CLUSTER:
      self->cluster = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slipway_monitor_class_init (SlipwayMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = slipway_monitor_dispose;
  object_class->finalize = slipway_monitor_finalize;
  object_class->get_property = slipway_monitor_get_property;
  object_class->set_property = slipway_monitor_set_property;

  properties[PROP_PROVISIONER] =
    g_param_spec_object ("provisioner", NULL, NULL, SLIPWAY_TYPE_PROVISIONER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLUSTER] =
    g_param_spec_string ("cluster", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ALL_READY] =
    g_param_spec_boolean ("all-ready", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SlipwayMonitor::node-changed:
   * @self: the monitor
   * @node: the node name
   * @readiness: its new #SlipwayReadiness (as an int)
   *
   * Emitted on the monitor's main context once per change of a node.
   */
  signals[NODE_CHANGED] =
    g_signal_new ("node-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_INT);
}

static void
slipway_monitor_init (SlipwayMonitor *self)
{
  self->nodes = g_ptr_array_new_with_free_func ((GDestroyNotify)node_free);
  self->retired = g_ptr_array_new_with_free_func ((GDestroyNotify)node_free);
}
