/* test-overview.c: the overview of a running cluster, against libvirt's
 * test driver
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <libvirt-gobject/libvirt-gobject.h>

#include "window-test-utils.h"

/* test:///default keeps its state only while a connection to it is open:
 * hold one for the whole program, so the window and the test see one host. */

/* The box of @node in the overview's picture, or -1. */
static int
find_box (SlipwayTopologyView *view,
          const char          *node)
{
  for (guint i = 0; i < slipway_topology_view_get_n_nodes (view); i++)
    {
      const char *name = NULL;

      slipway_topology_view_get_node (view, i, NULL, &name, NULL, NULL);
      if (g_strcmp0 (name, node) == 0)
        return (int) i;
    }

  return -1;
}

typedef struct
{
  SlipwayTopologyView *view;
  const char          *node;
  const char          *state;
} BoxState;

static gboolean
box_has_state (gpointer data)
{
  BoxState *bs = data;
  int index = find_box (bs->view, bs->node);

  return index >= 0 &&
         g_strcmp0 (slipway_topology_view_get_node_state (bs->view, index), bs->state) == 0;
}

static void
wait_box_state (SlipwayTopologyView *view,
                const char          *node,
                const char          *state)
{
  BoxState bs = { view, node, state };
  g_autofree char *what = g_strdup_printf ("%s to be %s in the overview", node, state);

  spin_until (box_has_state, &bs, what);
}

static void
assert_box_label (SlipwayTopologyView *view,
                  const char          *node,
                  const char          *state)
{
  int index = find_box (view, node);
  const char *address = NULL;
  g_autofree char *label = NULL;

  g_assert_cmpint (index, >=, 0);
  slipway_topology_view_get_node (view, index, NULL, NULL, &address, NULL);
  /* The gateway answers for the Kubernetes API: its name says so. */
  if (g_str_equal (node, "gateway"))
    label = g_strdup_printf ("%s, %s, %s, API endpoint", node, address, state);
  else
    label = g_strdup_printf ("%s, %s, %s", node, address, state);
  assert_accessible_label (slipway_topology_view_get_node_button (view, index), label);
}

static gboolean
host_is_known (gpointer data)
{
  return slipway_cluster_overview_get_host_known (data);
}

static gboolean
overview_is_shown (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (slipway_window_get_overview (data)));
}

static gboolean
overview_is_hidden (gpointer data)
{
  return !overview_is_shown (data);
}

/* The first thing a cluster shows: the wizard's picture, live; one box per
 * node with its state, following libvirt; a box opens its node's terminals. */
static void
test_overview_follows_nodes (void)
{
  g_autoptr(SlipwayProvisioner) provisioner = slipway_provisioner_new (TEST_URI);
  g_autofree char *image = slipway_test_make_disk_image ();
  g_autoptr(GSettings) settings = g_settings_new ("io.github.slipway.Slipway");
  g_autofree char *memory = NULL;
  g_autofree char *cpus = NULL;
  const SlipwayTopology *topology;
  SlipwayClusterOverview *overview;
  SlipwayTopologyView *view;
  SlipwayCluster *cluster;
  SlipwayTerminalGroup *all;
  GtkWidget *button;
  virDomainPtr dom;
  SlipwayWindow *window;
  guint64 memory_bytes = 0;
  guint n_cpus = 0;

  create_cluster (provisioner, image);
  g_settings_set_int (settings, "window-width", 1280);
  g_settings_set_int (settings, "window-height", 800);
  window = open_window (TEST_URI);
  g_assert_cmpstr (slipway_window_get_cluster (window), ==, CLUSTER_NAME);

  /* The overview comes first. */
  overview = slipway_window_get_overview (window);
  view = slipway_cluster_overview_get_topology_view (overview);
  spin_until (overview_is_shown, window, "the overview to be shown");

  /* One box per node, named and addressed as the core's topology says. */
  cluster = slipway_connection_find_cluster (slipway_window_get_connection (window), CLUSTER_NAME);
  topology = slipway_cluster_get_topology (cluster);
  g_assert_cmpuint (slipway_topology_view_get_n_nodes (view), ==, 4);
  for (guint i = 0; i < topology->nodes->len; i++)
    {
      const SlipwayNodeInfo *info = g_ptr_array_index (topology->nodes, i);
      const char *name = NULL, *address = NULL;
      SlipwayRole role;

      g_assert_true (slipway_topology_view_get_node (view, i, NULL, &name, &address, &role));
      g_assert_cmpstr (name, ==, info->name);
      g_assert_cmpstr (address, ==, info->ipv4);
      g_assert_cmpint (role, ==, info->role);
      g_assert_nonnull (slipway_topology_view_get_node_button (view, i));
      n_cpus += info->vcpus;
      memory_bytes += info->memory_bytes;
    }

  /* Each with its state, in words (not colour alone), also for screen readers. */
  wait_box_state (view, "gateway", "Booting");
  wait_box_state (view, "control0", "Booting");
  wait_box_state (view, "worker0", "Booting");
  wait_box_state (view, "worker1", "Booting");
  assert_box_label (view, "gateway", "Booting");
  assert_box_label (view, "worker1", "Booting");

  /* The totals, and what the host has left. */
  cpus = g_strdup_printf ("%u", n_cpus);
  memory = slipway_format_size (memory_bytes);
  g_assert_cmpstr (slipway_cluster_overview_get_total (overview, "cpus"), ==, cpus);
  g_assert_cmpstr (slipway_cluster_overview_get_total (overview, "memory"), ==, memory);
  spin_until (host_is_known, overview, "the host's free memory");
  g_assert_cmpstr (slipway_cluster_overview_get_total (overview, "host-memory"), !=, "Unknown");
  g_assert_cmpstr (slipway_cluster_overview_get_total (overview, "host-memory"), !=, "—");
  g_assert_cmpstr (slipway_cluster_overview_get_total (overview, "disk"), !=, "—");

  spin_for (600);
  save_screenshot (GTK_WIDGET (window), "overview");

  /* A node stopped behind the window's back: its box follows. */
  dom = virDomainLookupByName (window_test_host, slipway_node_get_domain_name (slipway_cluster_find_node (cluster, "worker1")));
  g_assert_nonnull (dom);
  g_assert_cmpint (virDomainDestroy (dom), ==, 0);
  wait_box_state (view, "worker1", "Stopped");
  assert_box_label (view, "worker1", "Stopped");
  wait_box_state (view, "worker0", "Booting");
  save_screenshot (GTK_WIDGET (window), "overview-stopped-node");
  g_assert_cmpint (virDomainCreate (dom), ==, 0);
  wait_box_state (view, "worker1", "Booting");
  virDomainFree (dom);

  /* Without a mouse: the shortcut's action focuses the first node, and
   * activating a box (Enter) opens that node's terminals. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-overview", NULL));
  button = slipway_topology_view_get_node_button (view, 0);
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == button);
  button = slipway_topology_view_get_node_button (view, find_box (view, "worker1"));
  g_assert_true (gtk_widget_get_focusable (button));
  g_assert_true (gtk_widget_activate (button));
  all = slipway_window_get_group (window, SLIPWAY_GROUP_ALL);
  spin_until (overview_is_hidden, window, "the terminals to be shown");
  g_assert_cmpint (slipway_window_get_visible_group (window), ==, SLIPWAY_GROUP_ALL);
  g_assert_cmpstr (adw_tab_page_get_title (adw_tab_view_get_selected_page (slipway_terminal_group_get_tab_view (all))),
                   ==, "worker1");

  /* And back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-overview", NULL));
  spin_until (overview_is_shown, window, "the overview to be shown again");

  /* Narrower: the picture stacks its roles, the sidebar stays. */
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 800);
  spin_for (300);
  save_screenshot (GTK_WIDGET (window), "overview-narrow");
  /* Narrower still: the sidebar folds away, the picture still fits. */
  gtk_window_set_default_size (GTK_WINDOW (window), 480, 800);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-overview", NULL));
  spin_for (300);
  save_screenshot (GTK_WIDGET (window), "overview-folded");

  close_window (window);
  destroy_cluster (provisioner);
  g_unlink (image);
}

static void
add_tests (void)
{
  g_test_add_func ("/slipway/overview/follows-nodes", test_overview_follows_nodes);
}

int
main (int   argc,
      char *argv[])
{
  return window_test_main (&argc, &argv, add_tests);
}
