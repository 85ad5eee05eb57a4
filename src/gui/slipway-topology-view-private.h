/* slipway-topology-view-private.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "slipway-topology-view.h"

G_BEGIN_DECLS

#define MARGIN      12.f
#define HOST_W      200.f
#define HOST_H      48.f
#define BAR_H       30.f
#define BAR_GAP     22.f
#define BOX_W       120.f
#define BOX_H       48.f
#define BOX_H_LIVE  70.f   /* a running cluster's boxes also say each node's state */
#define BOX_GAP     12.f
#define CARD_PAD    14.f
#define CARD_MIN_W  184.f
#define GROUP_GAP   16.f
#define CAPTION_H   44.f
#define TRUNK_W     18.f

typedef struct
{
  SlipwayRole      role;
  char            *name;
  char            *address;
  gboolean         is_api;
  guint            row;
  guint            column;
  graphene_rect_t  rect;

  /* Of a running cluster only */
  SlipwayNode     *node;
  gulong           notify_id;
  GtkWidget       *button;         /* over the box: opens the node's terminals */
  const char      *state;          /* "Ready", "Stopped"… */
  const char      *state_class;    /* "ready", "stopped"…: the sidebar's classes */
} Box;

typedef struct
{
  SlipwayRole      role;
  guint            count;
  guint            columns;
  guint            first_box;
  graphene_rect_t  card;
  float            bus_y;
} Group;

struct _SlipwayTopologyView
{
  GtkWidget        parent_instance;

  SlipwayPlan     *plan;           /* what is drawn: the plan create makes, */
  SlipwayCluster  *cluster;        /* or a cluster that exists, live */
  const SlipwaySpec *spec;         /* the plan's or the cluster's, its subnet resolved */
  char            *subnet;
  char            *host_address;
  char            *network_name;
  char            *domain;
  GArray          *boxes;          /* Box */
  GArray          *groups;         /* Group */
  guint            n_rebuilds;
  int              laid_out_width;
  float            laid_out_height;
  float            box_h;
  gboolean         stacked;
  gboolean         stale;          /* libvirt does not answer: states unknown */
};

/* slipway-topology-view-draw.c */
void _slipway_topology_view_draw (SlipwayTopologyView *self,
                                  GtkSnapshot         *snapshot);
/* slipway-topology-view.c */
float _slipway_topology_view_layout (SlipwayTopologyView *self,
                                     int                  width);

G_END_DECLS
