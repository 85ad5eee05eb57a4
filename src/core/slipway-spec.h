/* slipway-spec.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SLIPWAY_INSIDE) && !defined (SLIPWAY_COMPILATION)
# error "Only <slipway.h> can be included directly."
#endif

#include <glib-object.h>

#include "slipway-problem.h"
#include "slipway-size.h"
#include "slipway-types.h"

G_BEGIN_DECLS

/**
 * SlipwayRoleSpec:
 *
 * The nodes of one role. @arch and @image, when set, override the
 * cluster's for this role alone: a lab of x86_64 and aarch64 nodes.
 * Use slipway_spec_get_role_arch() and slipway_spec_get_role_image() for
 * what a role's nodes really get.
 */
typedef struct
{
  guint        count;
  guint        vcpus;
  guint64      memory_bytes;
  guint64      disk_bytes;
  SlipwayArch  arch;            /* DEFAULT: the cluster's */
  char        *image;           /* NULL: the cluster's */
} SlipwayRoleSpec;

/**
 * SlipwaySpec:
 *
 * A cluster description, as read from or written to a cluster file
 * (a #GKeyFile, documented in docs/cluster-file.md). Plain data: the core
 * copies it before handing it to a worker thread.
 */
typedef struct
{
  char               *name;
  char               *domain;               /* DNS domain, e.g. "lab.test" */
  char               *subnet;               /* CIDR "10.77.3.0/24", NULL: pick a free /24 */
  SlipwayNetworkMode  network;
  char               *image;                /* path of the base cloud image */
  char               *user;                 /* login name inside the guests */
  char              **ssh_authorized_keys;  /* extra public keys, NULL-terminated */
  SlipwayAccelerator  accelerator;
  SlipwayArch         arch;                 /* DEFAULT: the host's */
  SlipwayRoleSpec     roles[SLIPWAY_N_ROLES];
  char               *password_hash;        /* crypt(3) hash of the login password, NULL: none */
  gboolean            console_autologin;    /* log @user in on the serial console */
  gboolean            no_baseline;          /* baseline=false: take no baseline checkpoint */
  char               *pool;                 /* libvirt storage pool of the disks, NULL: "slipway" */
  SlipwayLoadBalancer load_balancer;        /* as written; see slipway_spec_get_load_balancer() */
} SlipwaySpec;

#define SLIPWAY_TYPE_SPEC (slipway_spec_get_type ())

GType            slipway_spec_get_type          (void) G_GNUC_CONST;

SlipwaySpec     *slipway_spec_new_default       (const char          *name);
SlipwaySpec     *slipway_spec_copy              (const SlipwaySpec   *spec);
void             slipway_spec_free              (SlipwaySpec         *spec);
gboolean         slipway_spec_equal             (const SlipwaySpec   *a,
                                                 const SlipwaySpec   *b);

SlipwaySpec     *slipway_spec_new_from_data     (const char          *data,
                                                 gssize               length,
                                                 GPtrArray           *problems);
SlipwaySpec     *slipway_spec_new_from_file     (const char          *path,
                                                 GPtrArray           *problems,
                                                 GError             **error);
char            *slipway_spec_to_data           (const SlipwaySpec   *spec,
                                                 gboolean             with_comments);
gboolean         slipway_spec_save              (const SlipwaySpec   *spec,
                                                 const char          *path,
                                                 GError             **error);

void             slipway_spec_validate          (const SlipwaySpec   *spec,
                                                 GPtrArray           *problems);

guint            slipway_spec_get_n_nodes       (const SlipwaySpec   *spec);
SlipwayArch      slipway_spec_get_role_arch     (const SlipwaySpec   *spec,
                                                 SlipwayRole          role);
const char      *slipway_spec_get_role_image    (const SlipwaySpec   *spec,
                                                 SlipwayRole          role);
gboolean         slipway_spec_uses_cluster_image (const SlipwaySpec  *spec);
SlipwayLoadBalancer slipway_spec_get_load_balancer (const SlipwaySpec *spec);

gboolean         slipway_is_valid_name          (const char          *name);
gboolean         slipway_check_cluster_name     (const char          *name,
                                                 GError             **error);
char            *slipway_suggest_cluster_name   (const char * const  *taken);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlipwaySpec, slipway_spec_free)

G_END_DECLS
