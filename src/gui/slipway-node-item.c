/* slipway-node-item.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "slipway-node-item.h"

/* One node of the cluster shown in a window: what the sidebar row and the
 * node's terminals show. The window is the only writer; it copies states in
 * from the provisioner's status and progress and from the monitor. */
struct _SlipwayNodeItem
{
  GObject           parent_instance;

  char             *cluster;
  char             *name;
  char             *address;
  char             *activity;
  SlipwayRole       role;
  SlipwayNodeState  state;
  SlipwayReadiness  readiness;
};

G_DEFINE_FINAL_TYPE (SlipwayNodeItem, slipway_node_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_STATE,
  PROP_READINESS,
  PROP_ACTIVITY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

SlipwayNodeItem *
slipway_node_item_new (const char            *cluster,
                       const SlipwayNodeInfo *info)
{
  SlipwayNodeItem *self;

  g_return_val_if_fail (cluster != NULL, NULL);
  g_return_val_if_fail (info != NULL, NULL);

  self = g_object_new (SLIPWAY_TYPE_NODE_ITEM, NULL);
  self->cluster = g_strdup (cluster);
  self->name = g_strdup (info->name);
  self->address = g_strdup (info->ipv4);
  self->role = info->role;

  return self;
}

const char *
slipway_node_item_get_cluster (SlipwayNodeItem *self)
{
  g_return_val_if_fail (SLIPWAY_IS_NODE_ITEM (self), NULL);

  return self->cluster;
}

const char *
slipway_node_item_get_name (SlipwayNodeItem *self)
{
  g_return_val_if_fail (SLIPWAY_IS_NODE_ITEM (self), NULL);

  return self->name;
}

SlipwayRole
slipway_node_item_get_role (SlipwayNodeItem *self)
{
  g_return_val_if_fail (SLIPWAY_IS_NODE_ITEM (self), SLIPWAY_ROLE_WORKER);

  return self->role;
}

const char *
slipway_node_item_get_address (SlipwayNodeItem *self)
{
  g_return_val_if_fail (SLIPWAY_IS_NODE_ITEM (self), NULL);

  return self->address;
}

SlipwayNodeState
slipway_node_item_get_state (SlipwayNodeItem *self)
{
  g_return_val_if_fail (SLIPWAY_IS_NODE_ITEM (self), SLIPWAY_NODE_STATE_MISSING);

  return self->state;
}

void
slipway_node_item_set_state (SlipwayNodeItem  *self,
                             SlipwayNodeState  state)
{
  g_return_if_fail (SLIPWAY_IS_NODE_ITEM (self));

  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

SlipwayReadiness
slipway_node_item_get_readiness (SlipwayNodeItem *self)
{
  g_return_val_if_fail (SLIPWAY_IS_NODE_ITEM (self), SLIPWAY_READINESS_MISSING);

  return self->readiness;
}

void
slipway_node_item_set_readiness (SlipwayNodeItem  *self,
                                 SlipwayReadiness  readiness)
{
  g_return_if_fail (SLIPWAY_IS_NODE_ITEM (self));

  if (self->readiness == readiness)
    return;

  self->readiness = readiness;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READINESS]);
}

const char *
slipway_node_item_get_activity (SlipwayNodeItem *self)
{
  g_return_val_if_fail (SLIPWAY_IS_NODE_ITEM (self), NULL);

  return self->activity;
}

/* What an operation is doing to the node right now ("Replacing the disk"),
 * or %NULL when none is. */
void
slipway_node_item_set_activity (SlipwayNodeItem *self,
                                const char      *activity)
{
  g_return_if_fail (SLIPWAY_IS_NODE_ITEM (self));

  if (g_strcmp0 (self->activity, activity) == 0)
    return;

  g_free (self->activity);
  self->activity = g_strdup (activity);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVITY]);
}

/**
 * slipway_node_item_get_ssh_ready:
 *
 * Returns: %TRUE when an SSH session can start: the domain runs and the
 *   monitor logged in with the cluster key and saw the pinned host key
 */
gboolean
slipway_node_item_get_ssh_ready (SlipwayNodeItem *self)
{
  g_return_val_if_fail (SLIPWAY_IS_NODE_ITEM (self), FALSE);

  return self->state == SLIPWAY_NODE_STATE_RUNNING &&
         (self->readiness == SLIPWAY_READINESS_SSH_AUTHENTICATED ||
          self->readiness == SLIPWAY_READINESS_READY);
}

/**
 * slipway_node_item_dup_summary:
 *
 * Returns: (transfer full): the address and what is known of the node, for
 *   a subtitle: "10.77.3.14 · SSH ready"
 */
char *
slipway_node_item_dup_summary (SlipwayNodeItem *self)
{
  const char *detail;

  g_return_val_if_fail (SLIPWAY_IS_NODE_ITEM (self), NULL);

  if (self->activity != NULL)
    detail = self->activity;
  else if (self->state == SLIPWAY_NODE_STATE_RUNNING && self->readiness > SLIPWAY_READINESS_DEFINED)
    detail = slipway_readiness_get_title (self->readiness);
  else
    detail = NULL;

  if (detail == NULL)
    return g_strdup (self->address);

  /* Translators: a node's address, then what is known of it, "10.77.3.14 · Booting" */
  return g_strdup_printf (_("%s · %s"), self->address, detail);
}

static void
slipway_node_item_finalize (GObject *object)
{
  SlipwayNodeItem *self = (SlipwayNodeItem *)object;

  g_clear_pointer (&self->cluster, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->address, g_free);
  g_clear_pointer (&self->activity, g_free);

  G_OBJECT_CLASS (slipway_node_item_parent_class)->finalize (object);
}

static void
slipway_node_item_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SlipwayNodeItem *self = SLIPWAY_NODE_ITEM (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;

    case PROP_READINESS:
      g_value_set_int (value, self->readiness);
      break;

    case PROP_ACTIVITY:
      g_value_set_string (value, self->activity);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slipway_node_item_class_init (SlipwayNodeItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = slipway_node_item_finalize;
  object_class->get_property = slipway_node_item_get_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  /* The core's enums have no GType: plain ints, read through the getters. */
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, 0, G_MAXINT, 0,
                      (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_READINESS] =
    g_param_spec_int ("readiness", NULL, NULL, 0, G_MAXINT, 0,
                      (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ACTIVITY] =
    g_param_spec_string ("activity", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
slipway_node_item_init (SlipwayNodeItem *self)
{
  self->state = SLIPWAY_NODE_STATE_MISSING;
  self->readiness = SLIPWAY_READINESS_MISSING;
}
