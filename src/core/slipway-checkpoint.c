/* slipway-checkpoint.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "slipway-checkpoint-private.h"
#include "slipway-error.h"

/**
 * SlipwayCheckpoint:
 *
 * One checkpoint of a cluster: a snapshot of the same name, with memory,
 * of each node that ran when it was saved, taken while every one of them
 * was paused. Immutable: when libvirt shows something else, the cluster's
 * list gets a new object.
 */

#define METADATA_GROUP "slipway-checkpoint"
#define MAX_NAME_LENGTH 64

struct _SlipwayCheckpoint
{
  GObject     parent_instance;

  char       *name;
  char       *description;
  GDateTime  *created;
  GStrv       nodes;
  gboolean    baseline;
  gboolean    complete;
};

G_DEFINE_FINAL_TYPE (SlipwayCheckpoint, slipway_checkpoint, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_DESCRIPTION,
  PROP_CREATED,
  PROP_NODES,
  PROP_BASELINE,
  PROP_COMPLETE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Plain data --------------------------------------------------------------- */

SlipwayCheckpointInfo *
_slipway_checkpoint_info_new (const char *name,
                              const char *description,
                              gint64      created,
                              gboolean    baseline)
{
  SlipwayCheckpointInfo *info = g_new0 (SlipwayCheckpointInfo, 1);

  info->name = g_strdup (name);
  info->description = g_strdup (description != NULL ? description : "");
  info->created = created;
  info->baseline = baseline;
  info->nodes = g_ptr_array_new_with_free_func (g_free);

  return info;
}

void
_slipway_checkpoint_info_free (SlipwayCheckpointInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->name);
  g_free (info->description);
  g_ptr_array_unref (info->nodes);
  g_free (info);
}

char *
_slipway_checkpoint_metadata_format (const char *cluster,
                                     const char *name,
                                     const char *description,
                                     gint64      created,
                                     gboolean    baseline)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();

  g_return_val_if_fail (cluster != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  g_key_file_set_integer (file, METADATA_GROUP, "version", SLIPWAY_CHECKPOINT_METADATA_VERSION);
  g_key_file_set_string (file, METADATA_GROUP, "cluster", cluster);
  g_key_file_set_string (file, METADATA_GROUP, "name", name);
  g_key_file_set_int64 (file, METADATA_GROUP, "created", created);
  g_key_file_set_boolean (file, METADATA_GROUP, "baseline", baseline);
  g_key_file_set_string (file, METADATA_GROUP, "description", description != NULL ? description : "");

  return g_key_file_to_data (file, NULL, NULL);
}

SlipwayCheckpointInfo *
_slipway_checkpoint_metadata_parse (const char *text,
                                    const char *cluster,
                                    const char *name)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *stored_cluster = NULL;
  g_autofree char *stored_name = NULL;
  g_autofree char *description = NULL;
  g_autoptr(GError) error = NULL;
  gint64 created;
  gboolean baseline;
  int version;

  if (text == NULL || !g_key_file_load_from_data (file, text, -1, G_KEY_FILE_NONE, NULL))
    return NULL;

  version = g_key_file_get_integer (file, METADATA_GROUP, "version", &error);
  if (error != NULL || version < 1)
    return NULL;
  /* A later version may add keys; the ones read here stay. */

  stored_cluster = g_key_file_get_string (file, METADATA_GROUP, "cluster", NULL);
  stored_name = g_key_file_get_string (file, METADATA_GROUP, "name", NULL);
  if (g_strcmp0 (stored_cluster, cluster) != 0 || g_strcmp0 (stored_name, name) != 0)
    return NULL;

  created = g_key_file_get_int64 (file, METADATA_GROUP, "created", NULL);
  baseline = g_key_file_get_boolean (file, METADATA_GROUP, "baseline", NULL);
  description = g_key_file_get_string (file, METADATA_GROUP, "description", NULL);

  return _slipway_checkpoint_info_new (name, description, created, baseline);
}

/**
 * slipway_check_checkpoint_name:
 *
 * Whether @name can name a checkpoint: 1 to 64 ASCII letters, digits,
 * dots, dashes and underscores, starting with a letter or digit.
 */
gboolean
slipway_check_checkpoint_name (const char  *name,
                               GError     **error)
{
  gsize length = name != NULL ? strlen (name) : 0;

  if (length == 0)
    {
      g_set_error_literal (error, SLIPWAY_ERROR, SLIPWAY_ERROR_INVALID_SPEC,
                           _("A checkpoint needs a name."));
      return FALSE;
    }

  if (length > MAX_NAME_LENGTH)
    {
      g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_INVALID_SPEC,
                   _("The checkpoint name “%s” is too long: use at most %d characters."),
                   name, MAX_NAME_LENGTH);
      return FALSE;
    }

  if (!g_ascii_isalnum (name[0]))
    {
      g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_INVALID_SPEC,
                   _("The checkpoint name “%s” must start with a letter or a digit."), name);
      return FALSE;
    }

  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
      {
        g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_INVALID_SPEC,
                     _("The checkpoint name “%s” may hold only letters, digits, dots, dashes and underscores."),
                     name);
        return FALSE;
      }

  return TRUE;
}

/* The object ---------------------------------------------------------------- */

SlipwayCheckpoint *
_slipway_checkpoint_new (const SlipwayCheckpointInfo *info,
                         guint                        n_cluster_nodes)
{
  SlipwayCheckpoint *self;

  g_return_val_if_fail (info != NULL, NULL);

  self = g_object_new (SLIPWAY_TYPE_CHECKPOINT, NULL);
  self->name = g_strdup (info->name);
  self->description = g_strdup (info->description);
  self->created = g_date_time_new_from_unix_utc (info->created);
  if (self->created == NULL)
    self->created = g_date_time_new_from_unix_utc (0);
  self->nodes = g_new0 (char *, info->nodes->len + 1);
  for (guint i = 0; i < info->nodes->len; i++)
    self->nodes[i] = g_strdup (g_ptr_array_index (info->nodes, i));
  self->baseline = info->baseline;
  self->complete = info->nodes->len > 0 && info->nodes->len == n_cluster_nodes;

  return self;
}

gboolean
_slipway_checkpoint_matches (SlipwayCheckpoint           *self,
                             const SlipwayCheckpointInfo *info,
                             guint                        n_cluster_nodes)
{
  g_return_val_if_fail (SLIPWAY_IS_CHECKPOINT (self), FALSE);
  g_return_val_if_fail (info != NULL, FALSE);

  if (g_strcmp0 (self->name, info->name) != 0 ||
      g_strcmp0 (self->description, info->description) != 0 ||
      g_date_time_to_unix (self->created) != info->created ||
      self->baseline != info->baseline ||
      self->complete != (info->nodes->len > 0 && info->nodes->len == n_cluster_nodes) ||
      g_strv_length (self->nodes) != info->nodes->len)
    return FALSE;

  for (guint i = 0; i < info->nodes->len; i++)
    if (g_strcmp0 (self->nodes[i], g_ptr_array_index (info->nodes, i)) != 0)
      return FALSE;

  return TRUE;
}

const char *
slipway_checkpoint_get_name (SlipwayCheckpoint *self)
{
  g_return_val_if_fail (SLIPWAY_IS_CHECKPOINT (self), NULL);

  return self->name;
}

/* "" when none was given. */
const char *
slipway_checkpoint_get_description (SlipwayCheckpoint *self)
{
  g_return_val_if_fail (SLIPWAY_IS_CHECKPOINT (self), NULL);

  return self->description;
}

GDateTime *
slipway_checkpoint_get_created (SlipwayCheckpoint *self)
{
  g_return_val_if_fail (SLIPWAY_IS_CHECKPOINT (self), NULL);

  return self->created;
}

/* The names of the nodes that hold the checkpoint, in the cluster's order. */
const char * const *
slipway_checkpoint_get_nodes (SlipwayCheckpoint *self)
{
  g_return_val_if_fail (SLIPWAY_IS_CHECKPOINT (self), NULL);

  return (const char * const *)self->nodes;
}

gboolean
slipway_checkpoint_has_node (SlipwayCheckpoint *self,
                             const char        *node)
{
  g_return_val_if_fail (SLIPWAY_IS_CHECKPOINT (self), FALSE);
  g_return_val_if_fail (node != NULL, FALSE);

  return g_strv_contains ((const char * const *)self->nodes, node);
}

/* Whether Slipway took it by itself once the cluster was ready. */
gboolean
slipway_checkpoint_get_baseline (SlipwayCheckpoint *self)
{
  g_return_val_if_fail (SLIPWAY_IS_CHECKPOINT (self), FALSE);

  return self->baseline;
}

/* Whether every node of the cluster holds it. */
gboolean
slipway_checkpoint_get_complete (SlipwayCheckpoint *self)
{
  g_return_val_if_fail (SLIPWAY_IS_CHECKPOINT (self), FALSE);

  return self->complete;
}

static void
slipway_checkpoint_finalize (GObject *object)
{
  SlipwayCheckpoint *self = (SlipwayCheckpoint *)object;

  g_free (self->name);
  g_free (self->description);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_strfreev (self->nodes);

  G_OBJECT_CLASS (slipway_checkpoint_parent_class)->finalize (object);
}

static void
slipway_checkpoint_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SlipwayCheckpoint *self = SLIPWAY_CHECKPOINT (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;

    case PROP_CREATED:
      g_value_set_boxed (value, self->created);
      break;

    case PROP_NODES:
      g_value_set_boxed (value, self->nodes);
      break;

    case PROP_BASELINE:
      g_value_set_boolean (value, self->baseline);
      break;

    case PROP_COMPLETE:
      g_value_set_boolean (value, self->complete);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slipway_checkpoint_class_init (SlipwayCheckpointClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = slipway_checkpoint_finalize;
  object_class->get_property = slipway_checkpoint_get_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CREATED] =
    g_param_spec_boxed ("created", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NODES] =
    g_param_spec_boxed ("nodes", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BASELINE] =
    g_param_spec_boolean ("baseline", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMPLETE] =
    g_param_spec_boolean ("complete", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
slipway_checkpoint_init (SlipwayCheckpoint *self)
{
}
