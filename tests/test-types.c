/* test-types.c: the public enums, their GTypes and strings
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "slipway.h"

/* Every enum value has a GEnumValue whose nick is the value's to_string(). */
static void
test_types_nicks (void)
{
  g_autoptr(GEnumClass) states = g_type_class_ref (SLIPWAY_TYPE_NODE_STATE);
  g_autoptr(GEnumClass) kinds = g_type_class_ref (SLIPWAY_TYPE_OPERATION_KIND);
  g_autoptr(GEnumClass) clusters = g_type_class_ref (SLIPWAY_TYPE_CLUSTER_STATE);
  g_autoptr(GEnumClass) readiness = g_type_class_ref (SLIPWAY_TYPE_READINESS);
  g_autoptr(GEnumClass) consoles = g_type_class_ref (SLIPWAY_TYPE_CONSOLE_STATUS);
  g_autoptr(GEnumClass) roles = g_type_class_ref (SLIPWAY_TYPE_ROLE);

  for (guint i = 0; i < states->n_values; i++)
    {
      g_assert_cmpstr (states->values[i].value_nick, ==,
                       slipway_node_state_to_string (states->values[i].value));
      g_assert_nonnull (slipway_node_state_get_title (states->values[i].value));
    }
  for (guint i = 0; i < kinds->n_values; i++)
    g_assert_cmpstr (kinds->values[i].value_nick, ==,
                     slipway_operation_kind_to_string (kinds->values[i].value));
  for (guint i = 0; i < clusters->n_values; i++)
    {
      g_assert_cmpstr (clusters->values[i].value_nick, ==,
                       slipway_cluster_state_to_string (clusters->values[i].value));
      g_assert_nonnull (slipway_cluster_state_get_title (clusters->values[i].value));
    }
  for (guint i = 0; i < readiness->n_values; i++)
    g_assert_cmpstr (readiness->values[i].value_nick, ==,
                     slipway_readiness_to_string (readiness->values[i].value));
  for (guint i = 0; i < consoles->n_values; i++)
    g_assert_cmpstr (consoles->values[i].value_nick, ==,
                     slipway_console_status_to_string (consoles->values[i].value));
  g_assert_cmpuint (roles->n_values, ==, SLIPWAY_N_ROLES);
  for (guint i = 0; i < roles->n_values; i++)
    {
      SlipwayRole role;

      g_assert_true (slipway_role_from_string (roles->values[i].value_nick, &role));
      g_assert_cmpint (role, ==, roles->values[i].value);
    }
}

static void
test_types_flags (void)
{
  g_autoptr(GFlagsClass) destroy = g_type_class_ref (SLIPWAY_TYPE_DESTROY_FLAGS);
  g_autoptr(GFlagsClass) console = g_type_class_ref (SLIPWAY_TYPE_CONSOLE_FLAGS);

  g_assert_true (G_TYPE_IS_FLAGS (SLIPWAY_TYPE_DESTROY_FLAGS));
  g_assert_nonnull (g_flags_get_value_by_nick (destroy, "delete-image"));
  g_assert_nonnull (g_flags_get_value_by_nick (destroy, "delete-keys"));
  g_assert_nonnull (g_flags_get_value_by_nick (console, "force"));
}

static void
test_types_cluster_state (void)
{
  const SlipwayNodeState stopped[] = { SLIPWAY_NODE_STATE_STOPPED, SLIPWAY_NODE_STATE_STOPPED };
  const SlipwayNodeState crashed[] = { SLIPWAY_NODE_STATE_MISSING, SLIPWAY_NODE_STATE_CRASHED };
  const SlipwayNodeState partial[] = { SLIPWAY_NODE_STATE_RUNNING, SLIPWAY_NODE_STATE_STOPPED };
  const SlipwayNodeState running[] = { SLIPWAY_NODE_STATE_RUNNING, SLIPWAY_NODE_STATE_PAUSED };
  const SlipwayNodeState creating[] = { SLIPWAY_NODE_STATE_RUNNING, SLIPWAY_NODE_STATE_MISSING };

  g_assert_cmpint (slipway_cluster_state_from_nodes (FALSE, running, 2), ==, SLIPWAY_CLUSTER_STATE_MISSING);
  g_assert_cmpint (slipway_cluster_state_from_nodes (TRUE, NULL, 0), ==, SLIPWAY_CLUSTER_STATE_CREATING);
  g_assert_cmpint (slipway_cluster_state_from_nodes (TRUE, creating, 2), ==, SLIPWAY_CLUSTER_STATE_CREATING);
  g_assert_cmpint (slipway_cluster_state_from_nodes (TRUE, stopped, 2), ==, SLIPWAY_CLUSTER_STATE_STOPPED);
  g_assert_cmpint (slipway_cluster_state_from_nodes (TRUE, partial, 2), ==, SLIPWAY_CLUSTER_STATE_PARTIAL);
  g_assert_cmpint (slipway_cluster_state_from_nodes (TRUE, running, 2), ==, SLIPWAY_CLUSTER_STATE_RUNNING);
  g_assert_cmpint (slipway_cluster_state_from_nodes (TRUE, crashed, 2), ==, SLIPWAY_CLUSTER_STATE_CRASHED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/types/nicks", test_types_nicks);
  g_test_add_func ("/types/flags", test_types_flags);
  g_test_add_func ("/types/cluster-state", test_types_cluster_state);

  return g_test_run ();
}
