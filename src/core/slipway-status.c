/* slipway-status.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "slipway-provisioner-private.h"

/* The engine's two result types: the progress of an operation, and a
 * cluster as read back from libvirt. */

SlipwayProgress *
slipway_progress_copy (const SlipwayProgress *progress)
{
  SlipwayProgress *copy;

  g_return_val_if_fail (progress != NULL, NULL);

  copy = g_new0 (SlipwayProgress, 1);
  copy->operation = progress->operation;
  copy->cluster = g_strdup (progress->cluster);
  copy->node = g_strdup (progress->node);
  copy->step = g_strdup (progress->step);
  copy->fraction = progress->fraction;
  copy->node_fraction = progress->node_fraction;

  return copy;
}

void
slipway_progress_free (SlipwayProgress *progress)
{
  if (progress == NULL)
    return;

  g_free (progress->cluster);
  g_free (progress->node);
  g_free (progress->step);
  g_free (progress);
}

G_DEFINE_BOXED_TYPE (SlipwayProgress, slipway_progress, slipway_progress_copy, slipway_progress_free)

void
slipway_cluster_status_free (SlipwayClusterStatus *status)
{
  if (status == NULL)
    return;

  g_free (status->name);
  g_clear_pointer (&status->spec, slipway_spec_free);
  g_clear_pointer (&status->topology, slipway_topology_free);
  g_free (status->states);
  g_free (status->virt_type);
  g_free (status->leased);
  g_free (status->domain_ids);
  g_clear_pointer (&status->checkpoints, g_ptr_array_unref);
  g_free (status);
}

guint
slipway_cluster_status_count (const SlipwayClusterStatus *status,
                              SlipwayNodeState            state)
{
  guint count = 0;

  g_return_val_if_fail (status != NULL, 0);

  if (status->topology == NULL)
    return 0;

  for (guint i = 0; i < status->topology->nodes->len; i++)
    if (status->states[i] == state)
      count++;

  return count;
}
