/* slipway-cluster.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "slipway-checkpoint.h"
#include "slipway-cluster-private.h"
#include "slipway-connection-private.h"
#include "slipway-enums.h"
#include "slipway-error.h"
#include "slipway-node-private.h"
#include "slipway-operation-private.h"

/**
 * SlipwayCluster:
 *
 * One cluster on a #SlipwayConnection, kept live by libvirt's events: its
 * nodes (a #GListModel of #SlipwayNode in id order), its state, and the
 * operation running on it, if any. One operation runs per cluster at a
 * time; a second one fails with %SLIPWAY_ERROR_BUSY.
 *
 * Every property changes on the main context only.
 */

G_DEFINE_FINAL_TYPE (SlipwayCluster, slipway_cluster, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_SPEC,
  PROP_STATE,
  PROP_NETWORK_ACTIVE,
  PROP_VIRT_TYPE,
  PROP_OPERATION,
  PROP_NODES,
  PROP_LOCK_HOLDER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

SlipwayCluster *
_slipway_cluster_new (SlipwayConnection *connection,
                      const char        *name,
                      const SlipwaySpec *spec)
{
  SlipwayCluster *self;

  g_return_val_if_fail (connection != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  self = g_object_new (SLIPWAY_TYPE_CLUSTER, "name", name, NULL);
  self->connection = connection;
  g_object_add_weak_pointer (G_OBJECT (connection), (gpointer *)&self->connection);
  if (spec != NULL)
    self->spec = slipway_spec_copy (spec);

  return self;
}

NodeExtra *
_slipway_cluster_get_extra (SlipwayCluster *self,
           SlipwayNode    *node)
{
  NodeExtra *extra = g_hash_table_lookup (self->extra, slipway_node_get_name (node));

  if (extra == NULL)
    {
      extra = g_new0 (NodeExtra, 1);
      g_hash_table_insert (self->extra, g_strdup (slipway_node_get_name (node)), extra);
    }

  return extra;
}

/* Readiness is what libvirt shows (domain, lease), raised by what the SSH
 * probes saw while the node runs. */
void
_slipway_cluster_update_readiness (SlipwayCluster *self,
                  SlipwayNode    *node)
{
  NodeExtra *extra = _slipway_cluster_get_extra (self, node);
  SlipwayReadiness readiness;

  if (!self->known)
    readiness = SLIPWAY_READINESS_MISSING;
  else
    switch (slipway_node_get_state (node))
      {
      case SLIPWAY_NODE_STATE_MISSING:
        readiness = SLIPWAY_READINESS_MISSING;
        break;

      case SLIPWAY_NODE_STATE_RUNNING:
        readiness = extra->leased ? SLIPWAY_READINESS_LEASED : SLIPWAY_READINESS_RUNNING;
        /* Kept while watched, and after a one-shot look until the node
         * starts again (slipway_cluster_probe_async()). */
        if (extra->probed > readiness)
          readiness = extra->probed;
        break;

      case SLIPWAY_NODE_STATE_STOPPED:
      case SLIPWAY_NODE_STATE_PAUSED:
      case SLIPWAY_NODE_STATE_SHUTTING_DOWN:
      case SLIPWAY_NODE_STATE_CRASHED:
      default:
        readiness = SLIPWAY_READINESS_DEFINED;
        break;
      }

  /* The errors first: whoever sees the readiness finds them. */
  _slipway_node_set_cloud_init_errors (node, readiness == SLIPWAY_READINESS_READY_WITH_ERRORS
                                             ? (const char * const *)extra->cloud_init_errors
                                             : NULL);
  _slipway_node_set_readiness (node, readiness);
  if (readiness == SLIPWAY_READINESS_READY)
    _slipway_cluster_maybe_take_baseline (self);
}

/* The state as a whole follows the nodes, except that a create shows as
 * one from its first moment, before any node exists. While the connection
 * is lost, the nodes' last states stay (their readiness does not). */
static SlipwayClusterState
compute_state (SlipwayCluster *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->nodes));
  g_autofree SlipwayNodeState *states = g_new0 (SlipwayNodeState, MAX (n, 1));

  if (self->operation != NULL &&
      slipway_operation_get_kind (self->operation) == SLIPWAY_OPERATION_CREATE)
    return SLIPWAY_CLUSTER_STATE_CREATING;
  if (self->topology == NULL)
    return SLIPWAY_CLUSTER_STATE_MISSING;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlipwayNode) node = g_list_model_get_item (G_LIST_MODEL (self->nodes), i);

      states[i] = slipway_node_get_state (node);
    }

  return slipway_cluster_state_from_nodes (TRUE, states, n);
}

static void
update_state (SlipwayCluster *self)
{
  SlipwayClusterState state = compute_state (self);

  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static gboolean
same_nodes (SlipwayCluster        *self,
            const SlipwayTopology *topology)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->nodes));

  if (n != topology->nodes->len)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlipwayNode) node = g_list_model_get_item (G_LIST_MODEL (self->nodes), i);
      const SlipwayNodeInfo *info = g_ptr_array_index (topology->nodes, i);

      if (g_strcmp0 (slipway_node_get_name (node), info->name) != 0 ||
          g_strcmp0 (slipway_node_get_ipv4 (node), info->ipv4) != 0 ||
          g_strcmp0 (slipway_node_get_mac (node), info->mac) != 0)
        return FALSE;
    }

  return TRUE;
}

static void
set_topology (SlipwayCluster        *self,
              const SlipwayTopology *topology)
{
  g_autoptr(GPtrArray) nodes = NULL;
  guint n_old;
  SlipwayTopology *copy;

  if (same_nodes (self, topology))
    return;

  /* The read-back derived it from the stored spec and checked it: copying
   * it needs no second validation. */
  copy = slipway_topology_copy (topology);
  g_clear_pointer (&self->topology, slipway_topology_free);
  self->topology = copy;

  nodes = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < copy->nodes->len; i++)
    {
      SlipwayNode *node = _slipway_node_new (g_ptr_array_index (copy->nodes, i));

      if (self->operation != NULL)
        _slipway_operation_apply_to_node (self->operation, node);
      g_ptr_array_add (nodes, node);
    }

  g_hash_table_remove_all (self->extra);
  n_old = g_list_model_get_n_items (G_LIST_MODEL (self->nodes));
  g_list_store_splice (self->nodes, 0, n_old, nodes->pdata, nodes->len);
}

void
_slipway_cluster_apply_status (SlipwayCluster             *self,
                               const SlipwayClusterStatus *status,
                               gboolean                    node_states)
{
  g_return_if_fail (SLIPWAY_IS_CLUSTER (self));
  g_return_if_fail (status != NULL);
  g_return_if_fail (g_strcmp0 (status->name, self->name) == 0);

  if (self->spec == NULL || !slipway_spec_equal (self->spec, status->spec))
    {
      g_clear_pointer (&self->spec, slipway_spec_free);
      self->spec = slipway_spec_copy (status->spec);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEC]);
    }

  if (status->topology != NULL)
    set_topology (self, status->topology);

  self->known = TRUE;
  self->leases_known = status->leases_known;
  if (g_strcmp0 (self->virt_type, status->virt_type) != 0)
    {
      g_free (self->virt_type);
      self->virt_type = g_strdup (status->virt_type);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIRT_TYPE]);
    }
  self->nvram = status->nvram;
  _slipway_cluster_set_network_active (self, status->network_active);

  for (guint i = 0; status->topology != NULL && i < status->topology->nodes->len; i++)
    {
      const SlipwayNodeInfo *info = g_ptr_array_index (status->topology->nodes, i);
      SlipwayNode *node = slipway_cluster_find_node (self, info->name);
      NodeExtra *extra;

      if (node == NULL)
        continue;

      extra = _slipway_cluster_get_extra (self, node);
      extra->leased = status->leased != NULL && status->leased[i];
      if (node_states)
        {
          gboolean replaced = FALSE;

          if (status->domain_ids != NULL && status->domain_ids[i] != extra->domain_id)
            {
              /* A new QEMU process, whose start no event told of. */
              replaced = extra->domain_id != 0 && status->domain_ids[i] != 0;
              extra->domain_id = status->domain_ids[i];
              _slipway_cluster_node_restarted (self, extra);
            }
          _slipway_node_set_state (node, status->states[i]);
          _slipway_cluster_sync_console (self, node);
          if (replaced)
            _slipway_cluster_domain_replaced (self, node);
        }
      _slipway_cluster_update_readiness (self, node);
    }

  if (status->checkpoints != NULL)
    _slipway_cluster_apply_checkpoints (self, status->checkpoints);

  update_state (self);
  _slipway_cluster_schedule_probes (self);
  _slipway_cluster_maybe_take_baseline (self);
}

void
_slipway_cluster_set_node_state (SlipwayCluster   *self,
                                 SlipwayNode      *node,
                                 SlipwayNodeState  state)
{
  NodeExtra *extra;

  g_return_if_fail (SLIPWAY_IS_CLUSTER (self));
  g_return_if_fail (SLIPWAY_IS_NODE (node));

  self->generation++;
  extra = _slipway_cluster_get_extra (self, node);
  if (state != SLIPWAY_NODE_STATE_RUNNING)
    {
      extra->leased = FALSE;
      _slipway_cluster_node_restarted (self, extra);
    }
  else if (slipway_node_get_state (node) != SLIPWAY_NODE_STATE_RUNNING)
    {
      _slipway_cluster_node_restarted (self, extra);
    }

  _slipway_node_set_state (node, state);
  _slipway_cluster_sync_console (self, node);
  _slipway_cluster_update_readiness (self, node);
  update_state (self);
  _slipway_cluster_schedule_probes (self);
}

SlipwayNode *
_slipway_cluster_find_domain (SlipwayCluster *self,
                              const char     *domain_name)
{
  guint n;

  g_return_val_if_fail (SLIPWAY_IS_CLUSTER (self), NULL);
  g_return_val_if_fail (domain_name != NULL, NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->nodes));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlipwayNode) node = g_list_model_get_item (G_LIST_MODEL (self->nodes), i);

      if (g_strcmp0 (slipway_node_get_domain_name (node), domain_name) == 0)
        return node;
    }

  return NULL;
}

void
_slipway_cluster_forget (SlipwayCluster *self)
{
  guint n;

  g_return_if_fail (SLIPWAY_IS_CLUSTER (self));

  self->known = FALSE;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->nodes));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlipwayNode) node = g_list_model_get_item (G_LIST_MODEL (self->nodes), i);

      /* What happened meanwhile, no event tells. */
      _slipway_cluster_get_extra (self, node)->restored_ready = FALSE;
      _slipway_cluster_update_readiness (self, node);
    }
  update_state (self);
}

gboolean
_slipway_cluster_wants_leases (SlipwayCluster *self)
{
  guint n;

  g_return_val_if_fail (SLIPWAY_IS_CLUSTER (self), FALSE);

  if (!self->known || !self->leases_known)
    return FALSE;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->nodes));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlipwayNode) node = g_list_model_get_item (G_LIST_MODEL (self->nodes), i);

      if (slipway_node_get_state (node) == SLIPWAY_NODE_STATE_RUNNING &&
          !_slipway_cluster_get_extra (self, node)->leased)
        return TRUE;
    }

  return FALSE;
}

guint
_slipway_cluster_get_generation (SlipwayCluster *self)
{
  g_return_val_if_fail (SLIPWAY_IS_CLUSTER (self), 0);

  return self->generation;
}

/* How long after a restore of the baseline its last libvirt events may
 * still come. */
#define RESTORE_EVENTS_GRACE_MS 2000

/* While an operation of this process runs on a cluster the model knows
 * (read once, so that it has its nodes), the reads its events ask for
 * wait: each event sets its node's state as it comes, and the operation
 * reads the cluster back when it ends. A read of the whole cluster (every
 * domain's XML, state and snapshots, the network, the leases) after each
 * burst of events would only compete with the operation for libvirtd:
 * seven domains starting at once send it hundreds of monitor commands
 * each. One read follows the operation if one was asked for since the
 * last applied. Another process's operation does not hold reads back: a
 * lock it left behind may be noticed late. */
gboolean
_slipway_cluster_defers_reads (SlipwayCluster *self)
{
  g_return_val_if_fail (SLIPWAY_IS_CLUSTER (self), FALSE);

  return self->operation != NULL && self->known;
}

static void
read_if_deferred (SlipwayCluster *self)
{
  if (!self->read_deferred || _slipway_cluster_defers_reads (self) || self->connection == NULL)
    return;

  self->read_deferred = FALSE;
  _slipway_connection_queue_read (self->connection, self->name);
}

void
_slipway_cluster_set_operation (SlipwayCluster   *self,
                                SlipwayOperation *operation)
{
  g_return_if_fail (SLIPWAY_IS_CLUSTER (self));
  g_return_if_fail (operation == NULL || SLIPWAY_IS_OPERATION (operation));

  if (operation == NULL && self->restoring_baseline_until == G_MAXINT64)
    self->restoring_baseline_until = g_get_monotonic_time () + RESTORE_EVENTS_GRACE_MS * 1000;
  if (g_set_object (&self->operation, operation))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPERATION]);
      update_state (self);
    }
  read_if_deferred (self);
}

void
_slipway_cluster_set_network_active (SlipwayCluster *self,
                                     gboolean        active)
{
  g_return_if_fail (SLIPWAY_IS_CLUSTER (self));

  active = !!active;
  if (self->network_active == active)
    return;

  self->network_active = active;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NETWORK_ACTIVE]);
}

const char *
slipway_cluster_get_name (SlipwayCluster *self)
{
  g_return_val_if_fail (SLIPWAY_IS_CLUSTER (self), NULL);

  return self->name;
}

/**
 * slipway_cluster_get_spec:
 *
 * Returns: (nullable): the description stored with the cluster, or the one
 *   being created
 */
const SlipwaySpec *
slipway_cluster_get_spec (SlipwayCluster *self)
{
  g_return_val_if_fail (SLIPWAY_IS_CLUSTER (self), NULL);

  return self->spec;
}

/**
 * slipway_cluster_get_topology:
 *
 * Returns: (nullable): the nodes and addresses derived from the spec, or
 *   %NULL before the first look at libvirt
 */
const SlipwayTopology *
slipway_cluster_get_topology (SlipwayCluster *self)
{
  g_return_val_if_fail (SLIPWAY_IS_CLUSTER (self), NULL);

  return self->topology;
}

SlipwayClusterState
slipway_cluster_get_state (SlipwayCluster *self)
{
  g_return_val_if_fail (SLIPWAY_IS_CLUSTER (self), SLIPWAY_CLUSTER_STATE_MISSING);

  return self->state;
}

gboolean
slipway_cluster_get_network_active (SlipwayCluster *self)
{
  g_return_val_if_fail (SLIPWAY_IS_CLUSTER (self), FALSE);

  return self->network_active;
}

/**
 * slipway_cluster_get_virt_type:
 *
 * Returns: (nullable): libvirt's type of the cluster's virtual machines
 *   ("kvm", "qemu", "test"), as the first defined node has it; %NULL before
 *   the cluster was read or while no node is defined
 */
const char *
slipway_cluster_get_virt_type (SlipwayCluster *self)
{
  g_return_val_if_fail (SLIPWAY_IS_CLUSTER (self), NULL);

  return self->virt_type;
}

/**
 * slipway_cluster_get_checkpoints_unsupported:
 *
 * Returns: (nullable): why the cluster can take no checkpoints (and so no
 *   baseline), for people; %NULL when it can, or is not read yet
 */
const char *
slipway_cluster_get_checkpoints_unsupported (SlipwayCluster *self)
{
  g_return_val_if_fail (SLIPWAY_IS_CLUSTER (self), NULL);

  if (!self->nvram)
    return NULL;

  return _("The nodes of this cluster boot with UEFI firmware, whose settings (NVRAM) live in a "
           "raw file that QEMU cannot snapshot. Reset rebuilds them from the base image instead.");
}

/**
 * slipway_cluster_get_operation:
 *
 * Returns: (transfer none) (nullable): the operation running on the
 *   cluster, or %NULL
 */
SlipwayOperation *
slipway_cluster_get_operation (SlipwayCluster *self)
{
  g_return_val_if_fail (SLIPWAY_IS_CLUSTER (self), NULL);

  return self->operation;
}

/**
 * slipway_cluster_get_lock_holder:
 *
 * Another process runs an operation on the cluster (slipwayctl, another
 * window): it holds the cluster's lock, and no operation can start here
 * until it lets it go. Follows the lock file while the connection lives.
 *
 * Returns: (nullable): who holds the cluster, as a sentence ("worker0 of
 *   cluster “lab” is being reset by slipwayctl, pid 4242. …"), or %NULL
 */
const char *
slipway_cluster_get_lock_holder (SlipwayCluster *self)
{
  g_return_val_if_fail (SLIPWAY_IS_CLUSTER (self), NULL);

  return self->lock_holder;
}

void
_slipway_cluster_set_lock_holder (SlipwayCluster *self,
                                  const char     *holder)
{
  g_return_if_fail (SLIPWAY_IS_CLUSTER (self));

  if (g_strcmp0 (self->lock_holder, holder) == 0)
    return;

  g_free (self->lock_holder);
  self->lock_holder = g_strdup (holder);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCK_HOLDER]);
}

/**
 * slipway_cluster_get_nodes:
 *
 * Returns: (transfer none): a #GListModel of #SlipwayNode, in id order
 */
GListModel *
slipway_cluster_get_nodes (SlipwayCluster *self)
{
  g_return_val_if_fail (SLIPWAY_IS_CLUSTER (self), NULL);

  return G_LIST_MODEL (self->nodes);
}

/**
 * slipway_cluster_find_node:
 *
 * Returns: (transfer none) (nullable): the node named @name
 */
SlipwayNode *
slipway_cluster_find_node (SlipwayCluster *self,
                           const char     *name)
{
  guint n;

  g_return_val_if_fail (SLIPWAY_IS_CLUSTER (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->nodes));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlipwayNode) node = g_list_model_get_item (G_LIST_MODEL (self->nodes), i);

      /* The store keeps its reference. */
      if (g_strcmp0 (slipway_node_get_name (node), name) == 0)
        return node;
    }

  return NULL;
}

/* GObject ------------------------------------------------------------------- */

static void
slipway_cluster_dispose (GObject *object)
{
  SlipwayCluster *self = (SlipwayCluster *)object;

  _slipway_cluster_stop_probes (self);
  _slipway_cluster_drop_consoles (self);
  g_clear_object (&self->operation);
  if (self->connection != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->connection), (gpointer *)&self->connection);
      self->connection = NULL;
    }
  if (self->nodes != NULL)
    g_list_store_remove_all (self->nodes);

  G_OBJECT_CLASS (slipway_cluster_parent_class)->dispose (object);
}

static void
slipway_cluster_finalize (GObject *object)
{
  SlipwayCluster *self = (SlipwayCluster *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->ssh_config, g_free);
  g_clear_pointer (&self->virt_type, g_free);
  g_clear_pointer (&self->lock_holder, g_free);
  g_clear_pointer (&self->spec, slipway_spec_free);
  g_clear_pointer (&self->topology, slipway_topology_free);
  g_clear_pointer (&self->extra, g_hash_table_unref);
  g_clear_pointer (&self->consoles, g_hash_table_unref);
  g_clear_object (&self->nodes);
  g_clear_object (&self->checkpoints);

  G_OBJECT_CLASS (slipway_cluster_parent_class)->finalize (object);
}

static void
slipway_cluster_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SlipwayCluster *self = SLIPWAY_CLUSTER (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_SPEC:
      g_value_set_boxed (value, self->spec);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_NETWORK_ACTIVE:
      g_value_set_boolean (value, self->network_active);
      break;

    case PROP_VIRT_TYPE:
      g_value_set_string (value, self->virt_type);
      break;

    case PROP_OPERATION:
      g_value_set_object (value, self->operation);
      break;

    case PROP_NODES:
      g_value_set_object (value, self->nodes);
      break;

    case PROP_LOCK_HOLDER:
      g_value_set_string (value, self->lock_holder);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slipway_cluster_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  SlipwayCluster *self = SLIPWAY_CLUSTER (object);

  switch (prop_id)
    {
    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slipway_cluster_class_init (SlipwayClusterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = slipway_cluster_dispose;
  object_class->finalize = slipway_cluster_finalize;
  object_class->get_property = slipway_cluster_get_property;
  object_class->set_property = slipway_cluster_set_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SPEC] = g_param_spec_boxed ("spec", NULL, NULL, SLIPWAY_TYPE_SPEC, flags);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, SLIPWAY_TYPE_CLUSTER_STATE,
                       SLIPWAY_CLUSTER_STATE_MISSING, flags);
  properties[PROP_NETWORK_ACTIVE] = g_param_spec_boolean ("network-active", NULL, NULL, FALSE, flags);
  properties[PROP_VIRT_TYPE] = g_param_spec_string ("virt-type", NULL, NULL, NULL, flags);
  properties[PROP_OPERATION] =
    g_param_spec_object ("operation", NULL, NULL, SLIPWAY_TYPE_OPERATION, flags);
  properties[PROP_NODES] =
    g_param_spec_object ("nodes", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOCK_HOLDER] = g_param_spec_string ("lock-holder", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
slipway_cluster_init (SlipwayCluster *self)
{
  self->nodes = g_list_store_new (SLIPWAY_TYPE_NODE);
  self->checkpoints = g_list_store_new (SLIPWAY_TYPE_CHECKPOINT);
  self->extra = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify)_slipway_cluster_node_extra_free);
  self->state = SLIPWAY_CLUSTER_STATE_MISSING;
}
