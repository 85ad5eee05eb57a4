/* slipway-spec.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "slipway-spec.h"
#include "slipway-spec-private.h"

#define DEFAULT_USER        "debian"
#define QUOTE_MAX_CHARS     40

const SlipwayRoleSpec _slipway_spec_role_defaults[SLIPWAY_N_ROLES] = {
  { 1, 2, G_GUINT64_CONSTANT (2) << 30, G_GUINT64_CONSTANT (20) << 30 },
  { 3, 2, G_GUINT64_CONSTANT (2) << 30, G_GUINT64_CONSTANT (20) << 30 },
  { 3, 4, G_GUINT64_CONSTANT (8) << 30, G_GUINT64_CONSTANT (20) << 30 },
};

G_DEFINE_BOXED_TYPE (SlipwaySpec, slipway_spec, slipway_spec_copy, slipway_spec_free)

/* The value as it goes into a message: cut to QUOTE_MAX_CHARS characters,
 * with an ellipsis, and made valid UTF-8. */
char *
_slipway_spec_quote_value (const char *value)
{
  g_autofree char *valid = NULL;
  g_autofree char *head = NULL;
  const char *end;

  if (value == NULL)
    return g_strdup ("");

  valid = g_utf8_make_valid (value, -1);
  if (g_utf8_strlen (valid, -1) <= QUOTE_MAX_CHARS)
    return g_steal_pointer (&valid);

  end = g_utf8_offset_to_pointer (valid, QUOTE_MAX_CHARS - 1);
  head = g_strndup (valid, end - valid);
  return g_strconcat (head, "…", NULL);
}


/* Specs */

/**
 * slipway_spec_new_default:
 * @name: the cluster name
 *
 * The default topology of DESIGN.md: one gateway, three control-plane
 * nodes and three workers, in domain "@name.test", on a subnet picked when
 * the cluster is created. The image is left unset.
 *
 * Returns: (transfer full): a new spec
 */
SlipwaySpec *
slipway_spec_new_default (const char *name)
{
  SlipwaySpec *spec;

  g_return_val_if_fail (name != NULL, NULL);

  spec = g_new0 (SlipwaySpec, 1);
  spec->name = g_strdup (name);
  spec->domain = g_strconcat (name, DOMAIN_SUFFIX, NULL);
  spec->subnet = NULL;
  spec->network = SLIPWAY_NETWORK_NAT;
  spec->image = NULL;
  spec->user = g_strdup (DEFAULT_USER);
  spec->ssh_authorized_keys = g_new0 (char *, 1);
  spec->accelerator = SLIPWAY_ACCELERATOR_AUTO;
  memcpy (spec->roles, _slipway_spec_role_defaults, sizeof _slipway_spec_role_defaults);

  return spec;
}

SlipwaySpec *
slipway_spec_copy (const SlipwaySpec *spec)
{
  SlipwaySpec *copy;

  g_return_val_if_fail (spec != NULL, NULL);

  copy = g_new0 (SlipwaySpec, 1);
  *copy = *spec;
  copy->name = g_strdup (spec->name);
  copy->domain = g_strdup (spec->domain);
  copy->subnet = g_strdup (spec->subnet);
  copy->image = g_strdup (spec->image);
  copy->user = g_strdup (spec->user);
  copy->password_hash = g_strdup (spec->password_hash);
  copy->pool = g_strdup (spec->pool);
  copy->ssh_authorized_keys = spec->ssh_authorized_keys != NULL
    ? g_strdupv (spec->ssh_authorized_keys)
    : g_new0 (char *, 1);
  for (guint r = 0; r < SLIPWAY_N_ROLES; r++)
    copy->roles[r].image = g_strdup (spec->roles[r].image);

  return copy;
}

void
slipway_spec_free (SlipwaySpec *spec)
{
  if (spec == NULL)
    return;

  g_free (spec->name);
  g_free (spec->domain);
  g_free (spec->subnet);
  g_free (spec->image);
  g_free (spec->user);
  g_free (spec->password_hash);
  g_free (spec->pool);
  g_strfreev (spec->ssh_authorized_keys);
  for (guint r = 0; r < SLIPWAY_N_ROLES; r++)
    g_free (spec->roles[r].image);
  g_free (spec);
}

/* NULL and "" mean the same in a spec: "not set". */
static gboolean
optional_str_equal (const char *a,
                    const char *b)
{
  if (_slipway_spec_str_empty (a) || _slipway_spec_str_empty (b))
    return _slipway_spec_str_empty (a) && _slipway_spec_str_empty (b);

  return g_str_equal (a, b);
}

static guint
strv_length0 (char **strv)
{
  return strv != NULL ? g_strv_length (strv) : 0;
}

gboolean
slipway_spec_equal (const SlipwaySpec *a,
                    const SlipwaySpec *b)
{
  guint n_keys;

  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);

  if (!optional_str_equal (a->name, b->name) ||
      !optional_str_equal (a->domain, b->domain) ||
      !optional_str_equal (a->subnet, b->subnet) ||
      !optional_str_equal (a->image, b->image) ||
      !optional_str_equal (a->user, b->user) ||
      !optional_str_equal (a->password_hash, b->password_hash) ||
      !optional_str_equal (a->pool, b->pool) ||
      a->network != b->network ||
      a->accelerator != b->accelerator ||
      slipway_spec_get_load_balancer (a) != slipway_spec_get_load_balancer (b) ||
      a->arch != b->arch ||
      !a->console_autologin != !b->console_autologin ||
      !a->no_baseline != !b->no_baseline)
    return FALSE;

  n_keys = strv_length0 (a->ssh_authorized_keys);
  if (n_keys != strv_length0 (b->ssh_authorized_keys))
    return FALSE;
  for (guint i = 0; i < n_keys; i++)
    {
      if (!g_str_equal (a->ssh_authorized_keys[i], b->ssh_authorized_keys[i]))
        return FALSE;
    }

  for (guint r = 0; r < SLIPWAY_N_ROLES; r++)
    {
      if (a->roles[r].count != b->roles[r].count ||
          a->roles[r].vcpus != b->roles[r].vcpus ||
          a->roles[r].memory_bytes != b->roles[r].memory_bytes ||
          a->roles[r].disk_bytes != b->roles[r].disk_bytes ||
          a->roles[r].arch != b->roles[r].arch ||
          !optional_str_equal (a->roles[r].image, b->roles[r].image))
        return FALSE;
    }

  return TRUE;
}

/**
 * slipway_spec_get_n_nodes:
 * @spec: a spec
 *
 * Returns: the number of nodes of all roles (at most %G_MAXUINT)
 */
guint
slipway_spec_get_n_nodes (const SlipwaySpec *spec)
{
  guint64 total = 0;

  g_return_val_if_fail (spec != NULL, 0);

  for (guint r = 0; r < SLIPWAY_N_ROLES; r++)
    total += spec->roles[r].count;

  return (guint)MIN (total, (guint64)G_MAXUINT);
}

/**
 * slipway_spec_get_role_arch:
 * @spec: a spec
 * @role: a role
 *
 * The architecture of @role's nodes: the role's own "arch", else the
 * cluster's.
 *
 * Returns: the architecture, %SLIPWAY_ARCH_DEFAULT for the host's own
 */
SlipwayArch
slipway_spec_get_role_arch (const SlipwaySpec *spec,
                            SlipwayRole        role)
{
  g_return_val_if_fail (spec != NULL, SLIPWAY_ARCH_DEFAULT);
  g_return_val_if_fail (role < SLIPWAY_N_ROLES, SLIPWAY_ARCH_DEFAULT);

  return spec->roles[role].arch != SLIPWAY_ARCH_DEFAULT ? spec->roles[role].arch : spec->arch;
}

/**
 * slipway_spec_get_role_image:
 * @spec: a spec
 * @role: a role
 *
 * The base image of @role's nodes: the role's own "image", else the
 * cluster's.
 *
 * Returns: (nullable): the path, %NULL when neither is set
 */
const char *
slipway_spec_get_role_image (const SlipwaySpec *spec,
                             SlipwayRole        role)
{
  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (role < SLIPWAY_N_ROLES, NULL);

  if (!_slipway_spec_str_empty (spec->roles[role].image))
    return spec->roles[role].image;

  return !_slipway_spec_str_empty (spec->image) ? spec->image : NULL;
}

/**
 * slipway_spec_uses_cluster_image:
 * @spec: a spec
 *
 * Whether some role with nodes starts from the cluster's "image": when
 * every such role has an image of its own, the cluster's is not needed.
 *
 * Returns: %TRUE if the cluster's image is used (or there are no nodes)
 */
gboolean
slipway_spec_uses_cluster_image (const SlipwaySpec *spec)
{
  gboolean any_nodes = FALSE;

  g_return_val_if_fail (spec != NULL, TRUE);

  for (guint r = 0; r < SLIPWAY_N_ROLES; r++)
    {
      if (spec->roles[r].count == 0)
        continue;
      any_nodes = TRUE;
      if (_slipway_spec_str_empty (spec->roles[r].image))
        return TRUE;
    }

  return !any_nodes;
}

/**
 * slipway_spec_get_load_balancer:
 * @spec: a spec
 *
 * The balancer the cluster really gets: the one of the file, or
 * %SLIPWAY_LOAD_BALANCER_NONE when there is no gateway to run it or no
 * control node to balance.
 *
 * Returns: the load balancer
 */
SlipwayLoadBalancer
slipway_spec_get_load_balancer (const SlipwaySpec *spec)
{
  g_return_val_if_fail (spec != NULL, SLIPWAY_LOAD_BALANCER_NONE);

  if (spec->roles[SLIPWAY_ROLE_GATEWAY].count == 0 || spec->roles[SLIPWAY_ROLE_CONTROL].count == 0)
    return SLIPWAY_LOAD_BALANCER_NONE;

  return spec->load_balancer;
}
