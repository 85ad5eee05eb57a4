/* slipway-checkpoint-private.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SLIPWAY_COMPILATION)
# error "slipway-checkpoint-private.h is private to libslipway and its tests."
#endif

#include "slipway-checkpoint.h"

G_BEGIN_DECLS

/* The version of the metadata Slipway writes into a snapshot's description. */
#define SLIPWAY_CHECKPOINT_METADATA_VERSION 1

/* One checkpoint as read back from libvirt: the snapshots of one name that
 * carry Slipway's metadata for the cluster. Plain data, any thread. */
typedef struct
{
  char      *name;
  char      *description;   /* never NULL */
  gint64     created;       /* Unix time, seconds */
  gboolean   baseline;
  GPtrArray *nodes;         /* node names, in the cluster's node order */
} SlipwayCheckpointInfo;

SlipwayCheckpointInfo *_slipway_checkpoint_info_new     (const char             *name,
                                                         const char             *description,
                                                         gint64                  created,
                                                         gboolean                baseline);
void                   _slipway_checkpoint_info_free    (SlipwayCheckpointInfo  *info);

/* The text Slipway stores as a snapshot's <description>. */
char                  *_slipway_checkpoint_metadata_format (const char          *cluster,
                                                            const char          *name,
                                                            const char          *description,
                                                            gint64               created,
                                                            gboolean             baseline);
/* Reads what _format() wrote; NULL when @text is not Slipway's metadata
 * for a checkpoint named @name of @cluster (another program's snapshot). */
SlipwayCheckpointInfo *_slipway_checkpoint_metadata_parse  (const char          *text,
                                                            const char          *cluster,
                                                            const char          *name);

SlipwayCheckpoint     *_slipway_checkpoint_new          (const SlipwayCheckpointInfo *info,
                                                         guint                   n_cluster_nodes);
/* Whether @self shows what @info says. */
gboolean               _slipway_checkpoint_matches      (SlipwayCheckpoint      *self,
                                                         const SlipwayCheckpointInfo *info,
                                                         guint                   n_cluster_nodes);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlipwayCheckpointInfo, _slipway_checkpoint_info_free)

G_END_DECLS
