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

G_BEGIN_DECLS

/* Roles in id order: gateways get the lowest node ids, then control, then worker. */
typedef enum
{
  SLIPWAY_ROLE_GATEWAY,
  SLIPWAY_ROLE_CONTROL,
  SLIPWAY_ROLE_WORKER,
} SlipwayRole;

#define SLIPWAY_N_ROLES 3

typedef enum
{
  SLIPWAY_NETWORK_NAT,
  SLIPWAY_NETWORK_ISOLATED,
} SlipwayNetworkMode;

typedef enum
{
  SLIPWAY_ACCELERATOR_AUTO,
  SLIPWAY_ACCELERATOR_KVM,
  SLIPWAY_ACCELERATOR_TCG,
} SlipwayAccelerator;

typedef struct
{
  guint   count;
  guint   vcpus;
  guint64 memory_bytes;
  guint64 disk_bytes;
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
  SlipwayRoleSpec     roles[SLIPWAY_N_ROLES];
  char               *password_hash;        /* crypt(3) hash of the login password, NULL: none */
  gboolean            console_autologin;    /* log @user in on the serial console */
} SlipwaySpec;

/**
 * SlipwayProblem:
 * @group: the cluster-file group ("cluster", "worker"...), or %NULL for the whole file
 * @key: the key inside @group, or %NULL
 * @message: what is wrong and how to fix it, translated, one sentence or two
 * @is_warning: %TRUE when the spec is still usable
 */
typedef struct
{
  char     *group;
  char     *key;
  char     *message;
  gboolean  is_warning;
} SlipwayProblem;

#define SLIPWAY_TYPE_SPEC (slipway_spec_get_type ())
#define SLIPWAY_TYPE_PROBLEM (slipway_problem_get_type ())

GType            slipway_spec_get_type          (void) G_GNUC_CONST;
GType            slipway_problem_get_type       (void) G_GNUC_CONST;

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

const char      *slipway_role_to_string         (SlipwayRole          role);
gboolean         slipway_role_from_string       (const char          *str,
                                                 SlipwayRole         *role);
const char      *slipway_role_get_title         (SlipwayRole          role);
const char      *slipway_network_mode_to_string (SlipwayNetworkMode   mode);
gboolean         slipway_network_mode_from_string (const char        *str,
                                                   SlipwayNetworkMode *mode);
const char      *slipway_accelerator_to_string  (SlipwayAccelerator   accel);
gboolean         slipway_accelerator_from_string (const char         *str,
                                                  SlipwayAccelerator *accel);

gboolean         slipway_parse_size             (const char          *str,
                                                 guint64             *bytes);
char            *slipway_format_size            (guint64              bytes);
gboolean         slipway_is_valid_name          (const char          *name);

SlipwayProblem  *slipway_problem_new            (const char          *group,
                                                 const char          *key,
                                                 gboolean             is_warning,
                                                 const char          *format,
                                                 ...) G_GNUC_PRINTF (4, 5);
SlipwayProblem  *slipway_problem_copy           (const SlipwayProblem *problem);
void             slipway_problem_free           (SlipwayProblem      *problem);
char            *slipway_problem_to_string      (const SlipwayProblem *problem);
GPtrArray       *slipway_problems_new           (void);
gboolean         slipway_problems_has_errors    (GPtrArray           *problems);
gboolean         slipway_problems_to_error      (GPtrArray           *problems,
                                                 const char          *source,
                                                 GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlipwaySpec, slipway_spec_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlipwayProblem, slipway_problem_free)

G_END_DECLS
