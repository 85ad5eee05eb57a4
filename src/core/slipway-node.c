/* slipway-node.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "slipway-enums.h"
#include "slipway-node-private.h"

/**
 * SlipwayNode:
 *
 * One node of a #SlipwayCluster. What it is (name, id, role, addresses) is
 * fixed when it is made; what it does (state, readiness, the step of a
 * running operation and its progress) is set by the core only, on the main
 * context, and notified once per change.
 */
struct _SlipwayNode
{
  GObject           parent_instance;

  char             *name;
  char             *ipv4;
  char             *mac;
  char             *fqdn;
  char             *domain_name;
  char             *activity;
  guint             id;
  SlipwayRole       role;
  SlipwayNodeState  state;
  SlipwayReadiness  readiness;
  double            progress;
  char            **cloud_init_errors;  /* never NULL */
};

G_DEFINE_FINAL_TYPE (SlipwayNode, slipway_node, G_TYPE_OBJECT)

enum {
  REPLACED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_NAME,
  PROP_ID,
  PROP_ROLE,
  PROP_IPV4,
  PROP_MAC,
  PROP_FQDN,
  PROP_DOMAIN_NAME,
  PROP_STATE,
  PROP_READINESS,
  PROP_SSH_READY,
  PROP_ACTIVITY,
  PROP_PROGRESS,
  PROP_CLOUD_INIT_ERRORS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

SlipwayNode *
_slipway_node_new (const SlipwayNodeInfo *info)
{
  g_return_val_if_fail (info != NULL, NULL);
  g_return_val_if_fail (info->name != NULL, NULL);

  return g_object_new (SLIPWAY_TYPE_NODE,
                       "name", info->name,
                       "id", info->id,
                       "role", info->role,
                       "ipv4", info->ipv4,
                       "mac", info->mac,
                       "fqdn", info->fqdn,
                       "domain-name", info->domain_name,
                       NULL);
}

const char *
slipway_node_get_name (SlipwayNode *self)
{
  g_return_val_if_fail (SLIPWAY_IS_NODE (self), NULL);

  return self->name;
}

guint
slipway_node_get_id (SlipwayNode *self)
{
  g_return_val_if_fail (SLIPWAY_IS_NODE (self), 0);

  return self->id;
}

SlipwayRole
slipway_node_get_role (SlipwayNode *self)
{
  g_return_val_if_fail (SLIPWAY_IS_NODE (self), SLIPWAY_ROLE_WORKER);

  return self->role;
}

const char *
slipway_node_get_ipv4 (SlipwayNode *self)
{
  g_return_val_if_fail (SLIPWAY_IS_NODE (self), NULL);

  return self->ipv4;
}

const char *
slipway_node_get_mac (SlipwayNode *self)
{
  g_return_val_if_fail (SLIPWAY_IS_NODE (self), NULL);

  return self->mac;
}

const char *
slipway_node_get_fqdn (SlipwayNode *self)
{
  g_return_val_if_fail (SLIPWAY_IS_NODE (self), NULL);

  return self->fqdn;
}

const char *
slipway_node_get_domain_name (SlipwayNode *self)
{
  g_return_val_if_fail (SLIPWAY_IS_NODE (self), NULL);

  return self->domain_name;
}

SlipwayNodeState
slipway_node_get_state (SlipwayNode *self)
{
  g_return_val_if_fail (SLIPWAY_IS_NODE (self), SLIPWAY_NODE_STATE_MISSING);

  return self->state;
}

SlipwayReadiness
slipway_node_get_readiness (SlipwayNode *self)
{
  g_return_val_if_fail (SLIPWAY_IS_NODE (self), SLIPWAY_READINESS_MISSING);

  return self->readiness;
}

static gboolean
compute_ssh_ready (SlipwayNodeState state,
                   SlipwayReadiness readiness)
{
  return state == SLIPWAY_NODE_STATE_RUNNING &&
         (readiness == SLIPWAY_READINESS_SSH_AUTHENTICATED ||
          readiness == SLIPWAY_READINESS_READY ||
          readiness == SLIPWAY_READINESS_READY_WITH_ERRORS);
}

/**
 * slipway_node_get_ssh_ready:
 *
 * Returns: %TRUE when an SSH session can start: the domain runs and a probe
 *   logged in with the cluster key and saw the pinned host key
 */
gboolean
slipway_node_get_ssh_ready (SlipwayNode *self)
{
  g_return_val_if_fail (SLIPWAY_IS_NODE (self), FALSE);

  return compute_ssh_ready (self->state, self->readiness);
}

/**
 * slipway_node_get_activity:
 *
 * Returns: (nullable): what an operation does to the node right now
 *   ("Creating the disk"), translated, or %NULL when none does
 */
const char *
slipway_node_get_activity (SlipwayNode *self)
{
  g_return_val_if_fail (SLIPWAY_IS_NODE (self), NULL);

  return self->activity;
}

/**
 * slipway_node_get_progress:
 *
 * Returns: how far the last operation on this node got, 0 to 1; it never
 *   falls while the operation runs and ends at 1 when it succeeds. -1 when
 *   no operation touched the node since the model saw it.
 */
double
slipway_node_get_progress (SlipwayNode *self)
{
  g_return_val_if_fail (SLIPWAY_IS_NODE (self), -1.0);

  return self->progress;
}

/**
 * slipway_node_get_cloud_init_errors:
 *
 * Returns: (transfer none): see #SlipwayNode:cloud-init-errors
 */
const char * const *
slipway_node_get_cloud_init_errors (SlipwayNode *self)
{
  g_return_val_if_fail (SLIPWAY_IS_NODE (self), NULL);

  return (const char * const *)self->cloud_init_errors;
}

void
_slipway_node_set_cloud_init_errors (SlipwayNode        *self,
                                     const char * const *errors)
{
  static const char * const none[] = { NULL };

  g_return_if_fail (SLIPWAY_IS_NODE (self));

  if (errors == NULL)
    errors = none;
  if (g_strv_equal ((const char * const *)self->cloud_init_errors, errors))
    return;

  g_strfreev (self->cloud_init_errors);
  self->cloud_init_errors = g_strdupv ((char **)errors);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLOUD_INIT_ERRORS]);
}

/**
 * slipway_node_dup_summary:
 *
 * Returns: (transfer full): the address and what is known of the node, for
 *   a subtitle: "10.77.3.14 · SSH ready"; with cloud-init's errors, the
 *   first of them after the readiness
 */
char *
slipway_node_dup_summary (SlipwayNode *self)
{
  const char *detail;

  g_return_val_if_fail (SLIPWAY_IS_NODE (self), NULL);

  if (self->activity != NULL)
    detail = self->activity;
  else if (self->state == SLIPWAY_NODE_STATE_RUNNING && self->readiness > SLIPWAY_READINESS_DEFINED)
    detail = slipway_readiness_get_title (self->readiness);
  else
    detail = NULL;

  if (detail == NULL)
    return g_strdup (self->ipv4);

  if (self->activity == NULL && self->readiness == SLIPWAY_READINESS_READY_WITH_ERRORS &&
      self->cloud_init_errors[0] != NULL)
    /* Translators: a node's address, its readiness, then cloud-init's
     * first error: "10.77.3.14 · Ready with cloud-init errors: …" */
    return g_strdup_printf (_("%s · %s: %s"), self->ipv4, detail, self->cloud_init_errors[0]);

  /* Translators: a node's address, then what is known of it, "10.77.3.14 · Booting" */
  return g_strdup_printf (_("%s · %s"), self->ipv4, detail);
}

void
_slipway_node_set_state (SlipwayNode      *self,
                         SlipwayNodeState  state)
{
  gboolean was_ready;

  g_return_if_fail (SLIPWAY_IS_NODE (self));

  if (self->state == state)
    return;

  was_ready = slipway_node_get_ssh_ready (self);
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  if (was_ready != slipway_node_get_ssh_ready (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SSH_READY]);
}

void
_slipway_node_set_readiness (SlipwayNode      *self,
                             SlipwayReadiness  readiness)
{
  gboolean was_ready;

  g_return_if_fail (SLIPWAY_IS_NODE (self));

  if (self->readiness == readiness)
    return;

  was_ready = slipway_node_get_ssh_ready (self);
  self->readiness = readiness;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READINESS]);
  if (was_ready != slipway_node_get_ssh_ready (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SSH_READY]);
}

void
_slipway_node_set_activity (SlipwayNode *self,
                            const char  *activity)
{
  g_return_if_fail (SLIPWAY_IS_NODE (self));

  if (g_strcmp0 (self->activity, activity) == 0)
    return;

  g_free (self->activity);
  self->activity = g_strdup (activity);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVITY]);
}

void
_slipway_node_set_progress (SlipwayNode *self,
                            double       progress)
{
  g_return_if_fail (SLIPWAY_IS_NODE (self));
  g_return_if_fail (progress == -1.0 || (progress >= 0.0 && progress <= 1.0));

  if (self->progress == progress)
    return;

  self->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

static void
slipway_node_finalize (GObject *object)
{
  SlipwayNode *self = (SlipwayNode *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->ipv4, g_free);
  g_clear_pointer (&self->mac, g_free);
  g_clear_pointer (&self->fqdn, g_free);
  g_clear_pointer (&self->domain_name, g_free);
  g_clear_pointer (&self->activity, g_free);
  g_clear_pointer (&self->cloud_init_errors, g_strfreev);

  G_OBJECT_CLASS (slipway_node_parent_class)->finalize (object);
}

static void
slipway_node_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SlipwayNode *self = SLIPWAY_NODE (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_ID:
      g_value_set_uint (value, self->id);
      break;

    case PROP_ROLE:
      g_value_set_enum (value, self->role);
      break;

    case PROP_IPV4:
      g_value_set_string (value, self->ipv4);
      break;

    case PROP_MAC:
      g_value_set_string (value, self->mac);
      break;

    case PROP_FQDN:
      g_value_set_string (value, self->fqdn);
      break;

    case PROP_DOMAIN_NAME:
      g_value_set_string (value, self->domain_name);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_READINESS:
      g_value_set_enum (value, self->readiness);
      break;

    case PROP_SSH_READY:
      g_value_set_boolean (value, slipway_node_get_ssh_ready (self));
      break;

    case PROP_ACTIVITY:
      g_value_set_string (value, self->activity);
      break;

    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;

    case PROP_CLOUD_INIT_ERRORS:
      g_value_set_boxed (value, self->cloud_init_errors);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slipway_node_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  SlipwayNode *self = SLIPWAY_NODE (object);

  switch (prop_id)
    {
    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;

    case PROP_ID:
      self->id = g_value_get_uint (value);
      break;

    case PROP_ROLE:
      self->role = g_value_get_enum (value);
      break;

    case PROP_IPV4:
      self->ipv4 = g_value_dup_string (value);
      break;

    case PROP_MAC:
      self->mac = g_value_dup_string (value);
      break;

    case PROP_FQDN:
      self->fqdn = g_value_dup_string (value);
      break;

    case PROP_DOMAIN_NAME:
      self->domain_name = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slipway_node_class_init (SlipwayNodeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;
  const GParamFlags live = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = slipway_node_finalize;
  object_class->get_property = slipway_node_get_property;
  object_class->set_property = slipway_node_set_property;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, construct);
  properties[PROP_ID] = g_param_spec_uint ("id", NULL, NULL, 0, G_MAXUINT, 0, construct);
  properties[PROP_ROLE] =
    g_param_spec_enum ("role", NULL, NULL, SLIPWAY_TYPE_ROLE, SLIPWAY_ROLE_WORKER, construct);
  properties[PROP_IPV4] = g_param_spec_string ("ipv4", NULL, NULL, NULL, construct);
  properties[PROP_MAC] = g_param_spec_string ("mac", NULL, NULL, NULL, construct);
  properties[PROP_FQDN] = g_param_spec_string ("fqdn", NULL, NULL, NULL, construct);
  properties[PROP_DOMAIN_NAME] = g_param_spec_string ("domain-name", NULL, NULL, NULL, construct);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, SLIPWAY_TYPE_NODE_STATE, SLIPWAY_NODE_STATE_MISSING, live);
  properties[PROP_READINESS] =
    g_param_spec_enum ("readiness", NULL, NULL, SLIPWAY_TYPE_READINESS, SLIPWAY_READINESS_MISSING,
                       live);
  properties[PROP_SSH_READY] = g_param_spec_boolean ("ssh-ready", NULL, NULL, FALSE, live);
  properties[PROP_ACTIVITY] = g_param_spec_string ("activity", NULL, NULL, NULL, live);
  properties[PROP_PROGRESS] = g_param_spec_double ("progress", NULL, NULL, -1.0, 1.0, -1.0, live);
  /**
   * SlipwayNode:cloud-init-errors:
   *
   * What cloud-init reported as errors at the end of this boot, one a
   * line; empty unless #SlipwayNode:readiness is
   * %SLIPWAY_READINESS_READY_WITH_ERRORS. Set before the readiness is.
   */
  properties[PROP_CLOUD_INIT_ERRORS] = g_param_spec_boxed ("cloud-init-errors", NULL, NULL,
                                                           G_TYPE_STRV, live);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SlipwayNode::replaced:
   *
   * The node's machine is a new one: its domain started, or a checkpoint
   * restore put a new QEMU process in place of the old. Whatever was
   * connected to the old one (an SSH session, a TCP connection) is gone
   * even if it has not noticed yet. Emitted after the node's state and
   * readiness say so.
   */
  signals[REPLACED] = g_signal_new ("replaced", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
slipway_node_init (SlipwayNode *self)
{
  self->state = SLIPWAY_NODE_STATE_MISSING;
  self->readiness = SLIPWAY_READINESS_MISSING;
  self->cloud_init_errors = g_new0 (char *, 1);
  self->progress = -1.0;
}

void
_slipway_node_emit_replaced (SlipwayNode *self)
{
  g_return_if_fail (SLIPWAY_IS_NODE (self));

  g_signal_emit (self, signals[REPLACED], 0);
}
