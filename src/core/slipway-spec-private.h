/* slipway-spec-private.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "slipway-problem.h"
#include "slipway-spec.h"

G_BEGIN_DECLS

/* Shared by the reader, the validation and the writer of cluster files. */

#define MIN_MEMORY          (G_GUINT64_CONSTANT (256) << 20)
#define MIN_DISK            (G_GUINT64_CONSTANT (1) << 30)
#define MAX_MEMORY          (G_GUINT64_CONSTANT (4) << 40)
#define MAX_DISK            (G_GUINT64_CONSTANT (64) << 40)
#define MAX_VCPUS           256

#define GROUP_CLUSTER       "cluster"
#define KEY_NAME            "name"
#define KEY_DOMAIN          "domain"
#define KEY_SUBNET          "subnet"
#define KEY_NETWORK         "network"
#define KEY_IMAGE           "image"
#define KEY_USER            "user"
#define KEY_SSH_KEYS        "ssh-authorized-keys"
#define KEY_ACCELERATOR     "accelerator"
#define KEY_PASSWORD_HASH   "password-hash"
#define KEY_AUTOLOGIN       "console-autologin"
#define KEY_BASELINE        "baseline"
#define KEY_POOL            "pool"
#define KEY_LOAD_BALANCER   "load-balancer"
#define KEY_ARCH            "arch"
#define KEY_COUNT           "count"
#define KEY_VCPUS           "vcpus"
#define KEY_MEMORY          "memory"
#define KEY_DISK            "disk"

#define DOMAIN_SUFFIX       ".test"

extern const SlipwayRoleSpec _slipway_spec_role_defaults[SLIPWAY_N_ROLES];

/* Test hook: how many times slipway_spec_validate() ran in this process. */
guint _slipway_spec_get_validation_count (void);

static inline gboolean
_slipway_spec_str_empty (const char *str)
{
  return str == NULL || str[0] == '\0';
}

static inline void
_slipway_spec_add_problem (GPtrArray      *problems,
                           SlipwayProblem *problem)
{
  g_ptr_array_add (problems, problem);
}

char       *_slipway_spec_quote_value  (const char         *value);
void        _slipway_spec_validate_ssh_keys (const SlipwaySpec *spec,
                                             GPtrArray         *problems);
void        _slipway_spec_validate_sizes (const SlipwayRoleSpec *rs,
                                          const char            *group,
                                          GPtrArray             *problems);
const char *_slipway_spec_suggest_word (const char         *word,
                                        const char * const *candidates);

G_END_DECLS
