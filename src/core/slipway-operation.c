/* slipway-operation.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "slipway-cluster.h"
#include "slipway-enums.h"
#include "slipway-node-private.h"
#include "slipway-operation-private.h"

/**
 * SlipwayOperation:
 *
 * One operation running on a #SlipwayCluster: create, start, stop, force
 * off, reset or destroy. The cluster holds it in its #SlipwayCluster:operation
 * property while it runs; its progress as a whole is #SlipwayOperation:fraction
 * and #SlipwayOperation:step, and per node it goes to #SlipwayNode:progress
 * and #SlipwayNode:activity.
 */

typedef struct
{
  double  fraction;
  char   *step;
} NodeProgress;

struct _SlipwayOperation
{
  GObject               parent_instance;

  SlipwayCluster       *cluster;       /* weak */
  GCancellable         *cancellable;
  GCancellable         *caller_cancellable;
  gulong                caller_cancelled_id;
  GStrv                 targets;       /* NULL: every node */
  GHashTable           *nodes;         /* name → NodeProgress */
  char                 *step;
  double                fraction;
  SlipwayOperationKind  kind;
  gboolean              finished;
};

G_DEFINE_FINAL_TYPE (SlipwayOperation, slipway_operation, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KIND,
  PROP_CLUSTER,
  PROP_FRACTION,
  PROP_STEP,
  PROP_FINISHED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
node_progress_free (NodeProgress *progress)
{
  g_free (progress->step);
  g_free (progress);
}

static void
caller_cancelled_cb (GCancellable *caller,
                     gpointer      user_data)
{
  /* May run in any thread: only touches the (thread-safe) cancellable. */
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

SlipwayOperation *
_slipway_operation_new (SlipwayCluster       *cluster,
                        SlipwayOperationKind  kind,
                        const char * const   *targets,
                        GCancellable         *cancellable)
{
  SlipwayOperation *self;

  g_return_val_if_fail (SLIPWAY_IS_CLUSTER (cluster), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);

  self = g_object_new (SLIPWAY_TYPE_OPERATION, NULL);
  self->kind = kind;
  self->cluster = cluster;
  g_object_add_weak_pointer (G_OBJECT (cluster), (gpointer *)&self->cluster);
  self->targets = targets != NULL && targets[0] != NULL ? g_strdupv ((char **)targets) : NULL;

  if (cancellable != NULL)
    {
      self->caller_cancellable = g_object_ref (cancellable);
      self->caller_cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                                         g_object_ref (self->cancellable),
                                                         g_object_unref);
    }

  return self;
}

GCancellable *
_slipway_operation_get_cancellable (SlipwayOperation *self)
{
  g_return_val_if_fail (SLIPWAY_IS_OPERATION (self), NULL);

  return self->cancellable;
}

/* Whether @node is one the operation is about. */
gboolean
_slipway_operation_targets (SlipwayOperation *self,
                            const char       *node)
{
  g_return_val_if_fail (SLIPWAY_IS_OPERATION (self), FALSE);
  g_return_val_if_fail (node != NULL, FALSE);

  return self->targets == NULL || g_strv_contains ((const char * const *)self->targets, node);
}

void
_slipway_operation_apply_to_node (SlipwayOperation *self,
                                  SlipwayNode      *node)
{
  NodeProgress *progress;

  g_return_if_fail (SLIPWAY_IS_OPERATION (self));
  g_return_if_fail (SLIPWAY_IS_NODE (node));

  if (self->finished || !_slipway_operation_targets (self, slipway_node_get_name (node)))
    return;

  progress = g_hash_table_lookup (self->nodes, slipway_node_get_name (node));
  if (progress == NULL)
    {
      _slipway_node_set_progress (node, 0.0);
      _slipway_node_set_activity (node, NULL);
      return;
    }

  _slipway_node_set_progress (node, progress->fraction);
  _slipway_node_set_activity (node, progress->step);
}

/* The engine's own figure for the node; the last report of a node that is
 * done says exactly 1. */
static double
node_fraction (const SlipwayProgress *report)
{
  return report->node_fraction >= 0.0 ? CLAMP (report->node_fraction, 0.0, 1.0) : 0.0;
}

void
_slipway_operation_progress (SlipwayOperation      *self,
                             const SlipwayProgress *report)
{
  g_return_if_fail (SLIPWAY_IS_OPERATION (self));
  g_return_if_fail (report != NULL);

  if (self->finished)
    return;

  if (report->fraction > self->fraction)
    {
      self->fraction = MIN (report->fraction, 1.0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
    }

  if (g_strcmp0 (self->step, report->step) != 0)
    {
      g_free (self->step);
      self->step = g_strdup (report->step);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
    }

  if (report->node != NULL && _slipway_operation_targets (self, report->node))
    {
      NodeProgress *progress = g_hash_table_lookup (self->nodes, report->node);
      SlipwayNode *node;

      if (progress == NULL)
        {
          progress = g_new0 (NodeProgress, 1);
          g_hash_table_insert (self->nodes, g_strdup (report->node), progress);
        }

      /* Never backwards: a resumed node, a retried step. */
      progress->fraction = MAX (progress->fraction, node_fraction (report));
      g_free (progress->step);
      progress->step = g_strdup (report->step);

      node = self->cluster != NULL ? slipway_cluster_find_node (self->cluster, report->node) : NULL;
      if (node != NULL)
        _slipway_operation_apply_to_node (self, node);
    }
}

void
_slipway_operation_finish (SlipwayOperation *self,
                           gboolean          success)
{
  g_return_if_fail (SLIPWAY_IS_OPERATION (self));

  if (self->finished)
    return;

  if (self->cluster != NULL)
    {
      GListModel *nodes = slipway_cluster_get_nodes (self->cluster);
      guint n = g_list_model_get_n_items (nodes);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(SlipwayNode) node = g_list_model_get_item (nodes, i);

          if (!_slipway_operation_targets (self, slipway_node_get_name (node)))
            continue;
          if (success)
            _slipway_node_set_progress (node, 1.0);
          _slipway_node_set_activity (node, NULL);
        }
    }

  if (self->caller_cancellable != NULL)
    {
      g_cancellable_disconnect (self->caller_cancellable, self->caller_cancelled_id);
      self->caller_cancelled_id = 0;
      g_clear_object (&self->caller_cancellable);
    }

  if (success && self->fraction < 1.0)
    {
      self->fraction = 1.0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
    }

  self->finished = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FINISHED]);
}

SlipwayOperationKind
slipway_operation_get_kind (SlipwayOperation *self)
{
  g_return_val_if_fail (SLIPWAY_IS_OPERATION (self), SLIPWAY_OPERATION_START);

  return self->kind;
}

/**
 * slipway_operation_get_cluster:
 *
 * Returns: (transfer none) (nullable): the cluster, or %NULL once it is gone
 */
SlipwayCluster *
slipway_operation_get_cluster (SlipwayOperation *self)
{
  g_return_val_if_fail (SLIPWAY_IS_OPERATION (self), NULL);

  return self->cluster;
}

/**
 * slipway_operation_get_fraction:
 *
 * Returns: how much of the whole operation is done, 0 to 1; it never falls
 */
double
slipway_operation_get_fraction (SlipwayOperation *self)
{
  g_return_val_if_fail (SLIPWAY_IS_OPERATION (self), 0.0);

  return self->fraction;
}

/**
 * slipway_operation_get_step:
 *
 * Returns: (nullable): what happens now, translated, for people
 */
const char *
slipway_operation_get_step (SlipwayOperation *self)
{
  g_return_val_if_fail (SLIPWAY_IS_OPERATION (self), NULL);

  return self->step;
}

gboolean
slipway_operation_get_finished (SlipwayOperation *self)
{
  g_return_val_if_fail (SLIPWAY_IS_OPERATION (self), FALSE);

  return self->finished;
}

/**
 * slipway_operation_cancel:
 *
 * Asks the operation to stop at its next step. The call that started it
 * then finishes with %G_IO_ERROR_CANCELLED; what was done stays done.
 */
void
slipway_operation_cancel (SlipwayOperation *self)
{
  g_return_if_fail (SLIPWAY_IS_OPERATION (self));

  g_cancellable_cancel (self->cancellable);
}

static void
slipway_operation_dispose (GObject *object)
{
  SlipwayOperation *self = (SlipwayOperation *)object;

  if (self->caller_cancellable != NULL)
    {
      g_cancellable_disconnect (self->caller_cancellable, self->caller_cancelled_id);
      self->caller_cancelled_id = 0;
      g_clear_object (&self->caller_cancellable);
    }

  if (self->cluster != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->cluster), (gpointer *)&self->cluster);
      self->cluster = NULL;
    }

  G_OBJECT_CLASS (slipway_operation_parent_class)->dispose (object);
}

static void
slipway_operation_finalize (GObject *object)
{
  SlipwayOperation *self = (SlipwayOperation *)object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->targets, g_strfreev);
  g_clear_pointer (&self->nodes, g_hash_table_unref);
  g_clear_pointer (&self->step, g_free);

  G_OBJECT_CLASS (slipway_operation_parent_class)->finalize (object);
}

static void
slipway_operation_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SlipwayOperation *self = SLIPWAY_OPERATION (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_CLUSTER:
      g_value_set_object (value, self->cluster);
      break;

    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;

    case PROP_STEP:
      g_value_set_string (value, self->step);
      break;

    case PROP_FINISHED:
      g_value_set_boolean (value, self->finished);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slipway_operation_class_init (SlipwayOperationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = slipway_operation_dispose;
  object_class->finalize = slipway_operation_finalize;
  object_class->get_property = slipway_operation_get_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, SLIPWAY_TYPE_OPERATION_KIND, SLIPWAY_OPERATION_START,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLUSTER] =
    g_param_spec_object ("cluster", NULL, NULL, SLIPWAY_TYPE_CLUSTER,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FRACTION] = g_param_spec_double ("fraction", NULL, NULL, 0.0, 1.0, 0.0, flags);
  properties[PROP_STEP] = g_param_spec_string ("step", NULL, NULL, NULL, flags);
  properties[PROP_FINISHED] = g_param_spec_boolean ("finished", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
slipway_operation_init (SlipwayOperation *self)
{
  self->cancellable = g_cancellable_new ();
  self->nodes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify)node_progress_free);
}
