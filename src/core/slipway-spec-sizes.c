/* slipway-spec-sizes.c: the bounds of a node's memory and disk
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "slipway-size.h"
#include "slipway-spec-private.h"

/*
 * The upper bounds are far above any host Slipway runs on, and only catch a
 * slip of the unit ("1024TiB" for "1024GiB"): what fits this very host (its
 * memory, its storage pool) is checked against the host's facts, by
 * slipway_host_info_check_spec().
 */

/* Adds the problems of @rs's memory and disk sizes: too small to boot, or
 * more than any computer has. */
void
_slipway_spec_validate_sizes (const SlipwayRoleSpec *rs,
                              const char            *group,
                              GPtrArray             *problems)
{
  if (rs->memory_bytes < MIN_MEMORY)
    {
      g_autofree char *value = slipway_format_size (rs->memory_bytes);
      g_autofree char *minimum = slipway_format_size (MIN_MEMORY);

      _slipway_spec_add_problem (problems,
                   slipway_problem_new (group, KEY_MEMORY, FALSE,
                                        /* Translators: %s are sizes, "128MiB" and "256MiB" */
                                        _("“%s” is too little for a node to boot: write at least "
                                          "“%s”."),
                                        value, minimum));
    }
  else if (rs->memory_bytes > MAX_MEMORY)
    {
      g_autofree char *value = slipway_format_size (rs->memory_bytes);
      g_autofree char *maximum = slipway_format_size (MAX_MEMORY);

      _slipway_spec_add_problem (problems,
                   slipway_problem_new (group, KEY_MEMORY, FALSE,
                                        /* Translators: %s are sizes, "1024TiB" and "4TiB" */
                                        _("“%s” is more memory than any computer Slipway runs "
                                          "on has: a node has at most “%s”."),
                                        value, maximum));
    }

  if (rs->disk_bytes < MIN_DISK)
    {
      g_autofree char *value = slipway_format_size (rs->disk_bytes);
      g_autofree char *minimum = slipway_format_size (MIN_DISK);

      _slipway_spec_add_problem (problems,
                   slipway_problem_new (group, KEY_DISK, FALSE,
                                        /* Translators: %s are sizes, "512MiB" and "1GiB" */
                                        _("“%s” is too small for a system disk: write at least "
                                          "“%s”."),
                                        value, minimum));
    }
  else if (rs->disk_bytes > MAX_DISK)
    {
      g_autofree char *value = slipway_format_size (rs->disk_bytes);
      g_autofree char *maximum = slipway_format_size (MAX_DISK);

      _slipway_spec_add_problem (problems,
                   slipway_problem_new (group, KEY_DISK, FALSE,
                                        /* Translators: %s are sizes, "999999TiB" and
                                         * "64TiB" */
                                        _("“%s” is more than any storage pool Slipway runs on "
                                          "holds: a node’s disk is at most “%s”."),
                                        value, maximum));
    }
}
