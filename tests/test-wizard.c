/* test-wizard.c: the New Cluster wizard against libvirt's test driver
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libvirt-gobject/libvirt-gobject.h>
#include <libvirt/virterror.h>
#include <string.h>

#include "slipway-topology-view.h"
#include "slipway-wizard-private.h"
#include "slipway.h"
#include "slipway-test-utils.h"

#define TIMEOUT_SECONDS 120
#include "wizard-test-utils.h"

/* test:///default keeps its state only while a connection to it is open. */
static virConnectPtr keep_alive;
static char *image_path;


/* What `slipwayctl create` would make of `slipwayctl init lab --image …`:
 * the same defaults, with the subnet the host check picks. */
static SlipwaySpec *
init_spec_resolved (const char *name)
{
  g_autoptr(SlipwaySpec) spec = slipway_spec_new_default (name);
  SlipwayConnection *connection = slipway_connection_new (TEST_URI);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SlipwayPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  SlipwaySpec *resolved;

  g_free (spec->image);
  spec->image = g_strdup (image_path);
  slipway_connection_plan_async (connection, spec, NULL, store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  plan = slipway_connection_plan_finish (connection, result, &error);
  g_assert_no_error (error);
  g_assert_false (slipway_problems_has_errors (slipway_plan_get_problems (plan)));
  resolved = slipway_spec_copy (slipway_plan_get_spec (plan));
  g_clear_object (&plan);
  g_clear_object (&result);
  slipway_test_close_connection (connection);

  return resolved;
}

static gboolean
match_entry_title (GtkWidget     *widget,
                   gconstpointer  title)
{
  return ADW_IS_ENTRY_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

/* Types into the entry row titled @title, as a user would. */
static void
type_into (SlipwayWizard *wizard,
           const char    *title,
           const char    *text)
{
  GtkWidget *row = find_widget (GTK_WIDGET (wizard), match_entry_title, title);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static void
test_wizard_defaults_equal_init (void)
{
  SlipwayWizard *wizard = open_wizard ();
  g_autoptr(SlipwaySpec) expected = init_spec_resolved ("lab");
  g_autoptr(SlipwaySpec) spec = NULL;
  g_autoptr(SlipwaySpec) reread = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  static const char * const steps[] = { "cluster", "image", "topology", "access", "review" };

  /* Step 1 is filled in: a free name, its domain, a free subnet. */
  g_assert_cmpstr (slipway_wizard_get_page (wizard), ==, "cluster");
  spec = slipway_wizard_dup_spec (wizard);
  g_assert_cmpstr (spec->name, ==, "lab");
  g_assert_cmpstr (spec->domain, ==, "lab.test");
  g_assert_nonnull (spec->subnet);
  g_assert_cmpstr (spec->subnet, ==, expected->subnet);
  g_clear_pointer (&spec, slipway_spec_free);

  /* The only thing to choose is the image. */
  g_assert_false (slipway_wizard_get_can_create (wizard));
  slipway_wizard_set_image (wizard, image_path, "Debian 12 (test)", "debian");
  wait_idle (wizard);
  g_assert_true (slipway_wizard_get_can_create (wizard));

  /* Every step, light and dark, for people to look at. */
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autofree char *name = g_strdup_printf ("wizard-%u-%s", i + 1, steps[i]);

      g_assert_cmpstr (slipway_wizard_get_page (wizard), ==, steps[i]);
      save_screenshot (GTK_WIDGET (wizard), name);
      if (i + 1 < G_N_ELEMENTS (steps))
        g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.next", NULL));
    }

  spec = slipway_wizard_dup_spec (wizard);
  g_assert_true (slipway_spec_equal (spec, expected));

  /* Save As writes the file slipwayctl reads, and it reads back the same. */
  path = g_build_filename (g_get_tmp_dir (), "slipway-test-wizard-lab.conf", NULL);
  file = g_file_new_for_path (path);
  g_assert_true (slipway_wizard_save_to_file (wizard, file, &error));
  g_assert_no_error (error);
  reread = slipway_spec_new_from_file (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (slipway_spec_equal (reread, expected));
  g_unlink (path);

  close_wizard (wizard);
}

static void
test_wizard_counts_change_drawing (void)
{
  SlipwayWizard *wizard = open_wizard ();
  SlipwayTopologyView *view = SLIPWAY_TOPOLOGY_VIEW (slipway_wizard_get_topology_view (wizard));
  g_autofree char *totals = NULL;
  const char *name, *address;
  graphene_rect_t a, b;
  SlipwayRole role;

  slipway_wizard_set_image (wizard, image_path, NULL, NULL);
  wait_idle (wizard);
  gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.next", NULL);
  gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.next", NULL);
  g_assert_cmpstr (slipway_wizard_get_page (wizard), ==, "topology");
  spin_for (200);

  /* The default: one gateway, three control-plane nodes, three workers. */
  g_assert_cmpuint (slipway_topology_view_get_n_nodes (view), ==, 7);
  g_assert_true (slipway_topology_view_get_node (view, 0, NULL, &name, &address, &role));
  g_assert_cmpstr (name, ==, "gateway");
  g_assert_cmpint (role, ==, SLIPWAY_ROLE_GATEWAY);
  g_assert_true (g_str_has_suffix (address, ".10"));
  totals = slipway_wizard_dup_totals (wizard);
  g_assert_nonnull (strstr (totals, "7 nodes"));
  g_assert_nonnull (strstr (totals, "20 virtual CPUs"));
  g_clear_pointer (&totals, g_free);

  /* The drawing is of the plan create makes: every box is one of its nodes. */
  {
    g_autoptr(SlipwaySpec) spec = slipway_wizard_dup_spec (wizard);
    g_autoptr(SlipwayPlan) plan = slipway_plan_new (spec, NULL);
    const SlipwayTopology *topology = slipway_plan_get_topology (plan);

    g_assert_nonnull (topology);
    g_assert_cmpuint (slipway_topology_view_get_n_nodes (view), ==, topology->nodes->len);
    for (guint i = 0; i < topology->nodes->len; i++)
      {
        SlipwayNodeInfo *info = g_ptr_array_index (topology->nodes, i);

        g_assert_true (slipway_topology_view_get_node (view, i, NULL, &name, &address, &role));
        g_assert_cmpstr (name, ==, info->name);
        g_assert_cmpstr (address, ==, info->ipv4);
        g_assert_cmpint (role, ==, info->role);
      }
  }

  /* Five workers of 2 vCPUs: more boxes, new names, new totals. */
  slipway_wizard_set_role (wizard, SLIPWAY_ROLE_WORKER, 5, 2, 4 * G_GUINT64_CONSTANT (1073741824),
                           30 * G_GUINT64_CONSTANT (1073741824));
  wait_idle (wizard);
  spin_for (100);
  g_assert_cmpuint (slipway_topology_view_get_n_nodes (view), ==, 9);
  g_assert_true (slipway_topology_view_get_node (view, 8, &a, &name, &address, &role));
  g_assert_cmpstr (name, ==, "worker4");
  g_assert_cmpint (role, ==, SLIPWAY_ROLE_WORKER);
  g_assert_true (g_str_has_suffix (address, ".18"));
  totals = slipway_wizard_dup_totals (wizard);
  g_assert_nonnull (strstr (totals, "9 nodes"));
  g_assert_nonnull (strstr (totals, "18 virtual CPUs"));
  g_assert_nonnull (strstr (totals, "28GiB of memory"));
  g_clear_pointer (&totals, g_free);

  /* No gateway: the first box is control0 now. */
  slipway_wizard_set_role (wizard, SLIPWAY_ROLE_GATEWAY, 0, 2, G_GUINT64_CONSTANT (1073741824) * 2,
                           20 * G_GUINT64_CONSTANT (1073741824));
  spin_for (100);
  g_assert_cmpuint (slipway_topology_view_get_n_nodes (view), ==, 8);
  g_assert_true (slipway_topology_view_get_node (view, 0, NULL, &name, NULL, NULL));
  g_assert_cmpstr (name, ==, "control0");

  /* Twenty workers fit, in rows, and no two boxes overlap. */
  slipway_wizard_set_role (wizard, SLIPWAY_ROLE_WORKER, 20, 2, G_GUINT64_CONSTANT (1073741824),
                           20 * G_GUINT64_CONSTANT (1073741824));
  wait_idle (wizard);
  save_screenshot (GTK_WIDGET (wizard), "wizard-3-topology-many");
  g_assert_cmpuint (slipway_topology_view_get_n_nodes (view), ==, 23);
  for (guint i = 0; i < 23; i++)
    for (guint j = i + 1; j < 23; j++)
      {
        slipway_topology_view_get_node (view, i, &a, NULL, NULL, NULL);
        slipway_topology_view_get_node (view, j, &b, NULL, NULL, NULL);
        g_assert_false (graphene_rect_intersection (&a, &b, NULL));
        g_assert_cmpfloat (a.origin.x + a.size.width, <=, gtk_widget_get_width (GTK_WIDGET (view)));
      }

  /* More memory than this host has: the core's warning, next to the totals. */
  slipway_wizard_set_role (wizard, SLIPWAY_ROLE_WORKER, 20, 2, 512 * G_GUINT64_CONSTANT (1073741824),
                           20 * G_GUINT64_CONSTANT (1073741824));
  wait_idle (wizard);
  g_assert_nonnull (slipway_wizard_get_field_message (wizard, NULL, NULL));
  g_assert_nonnull (strstr (slipway_wizard_get_field_message (wizard, NULL, NULL), "memory"));
  save_screenshot (GTK_WIDGET (wizard), "wizard-3-topology-too-big");

  /* A narrow window: the roles stack up. */
  gtk_window_set_default_size (GTK_WINDOW (wizard), 380, 720);
  slipway_wizard_set_role (wizard, SLIPWAY_ROLE_WORKER, 3, 4, 8 * G_GUINT64_CONSTANT (1073741824),
                           20 * G_GUINT64_CONSTANT (1073741824));
  slipway_wizard_set_role (wizard, SLIPWAY_ROLE_GATEWAY, 1, 2, 2 * G_GUINT64_CONSTANT (1073741824),
                           20 * G_GUINT64_CONSTANT (1073741824));
  wait_idle (wizard);
  save_screenshot (GTK_WIDGET (wizard), "wizard-3-topology-narrow");
  for (guint i = 0; i < slipway_topology_view_get_n_nodes (view); i++)
    {
      slipway_topology_view_get_node (view, i, &a, NULL, NULL, NULL);
      g_assert_cmpfloat (a.origin.x + a.size.width, <=, gtk_widget_get_width (GTK_WIDGET (view)));
    }

  close_wizard (wizard);
}

static void
test_wizard_invalid_blocks_create (void)
{
  SlipwayWizard *wizard = open_wizard ();
  g_autoptr(SlipwaySpec) bad = slipway_spec_new_default ("lab");
  g_autoptr(GPtrArray) problems = slipway_problems_new ();
  const char *expected = NULL;
  const char *shown;

  slipway_wizard_set_image (wizard, image_path, NULL, NULL);
  wait_idle (wizard);
  g_assert_true (slipway_wizard_get_can_create (wizard));

  /* The core's own message for this name, next to the name. */
  g_free (bad->name);
  bad->name = g_strdup ("My Lab");
  slipway_spec_validate (bad, problems);
  for (guint i = 0; i < problems->len; i++)
    {
      SlipwayProblem *problem = g_ptr_array_index (problems, i);

      if (g_strcmp0 (problem->group, "cluster") == 0 && g_strcmp0 (problem->key, "name") == 0)
        expected = problem->message;
    }
  g_assert_nonnull (expected);

  type_into (wizard, "Name", "My Lab");
  shown = slipway_wizard_get_field_message (wizard, "cluster", "name");
  g_assert_nonnull (shown);
  g_assert_nonnull (strstr (shown, expected));
  g_assert_false (slipway_wizard_get_can_create (wizard));
  wait_idle (wizard);
  g_assert_false (slipway_wizard_get_can_create (wizard));
  /* Next is off on a page with errors, and Create does nothing. */
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.next", NULL) &&
                  g_strcmp0 (slipway_wizard_get_page (wizard), "image") == 0);
  save_screenshot (GTK_WIDGET (wizard), "wizard-1-cluster-error");
  gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.create", NULL);
  g_assert_cmpstr (slipway_wizard_get_page (wizard), ==, "cluster");

  /* Fixed, it may go on. */
  type_into (wizard, "Name", "lab");
  wait_idle (wizard);
  g_assert_null (slipway_wizard_get_field_message (wizard, "cluster", "name"));
  g_assert_true (slipway_wizard_get_can_create (wizard));

  /* A subnet of a libvirt network on this host: the host check says whose. */
  type_into (wizard, "Subnet", "192.168.122.0/24");
  wait_idle (wizard);
  shown = slipway_wizard_get_field_message (wizard, "cluster", "subnet");
  g_assert_nonnull (shown);
  g_assert_false (slipway_wizard_get_can_create (wizard));

  /* A worker count of 0 and everything else too: no nodes at all. */
  type_into (wizard, "Subnet", "10.77.3.0/24");
  for (guint r = 0; r < SLIPWAY_N_ROLES; r++)
    slipway_wizard_set_role (wizard, r, 0, 1, G_GUINT64_CONSTANT (1073741824), G_GUINT64_CONSTANT (1073741824));
  wait_idle (wizard);
  g_assert_false (slipway_wizard_get_can_create (wizard));
  g_assert_true (slipway_problems_has_errors (slipway_wizard_get_problems (wizard)));

  /* The image: a missing file is the host check's error, next to the image. */
  slipway_wizard_set_role (wizard, SLIPWAY_ROLE_WORKER, 1, 1, G_GUINT64_CONSTANT (1073741824),
                           G_GUINT64_CONSTANT (1073741824) * 2);
  slipway_wizard_set_image (wizard, "/nonexistent/image.qcow2", NULL, NULL);
  wait_idle (wizard);
  g_assert_nonnull (slipway_wizard_get_field_message (wizard, "cluster", "image"));
  g_assert_false (slipway_wizard_get_can_create (wizard));

  /* A user name the core refuses. */
  slipway_wizard_set_image (wizard, image_path, NULL, NULL);
  type_into (wizard, "User Name in the Nodes", "root");
  wait_idle (wizard);
  g_assert_nonnull (slipway_wizard_get_field_message (wizard, "cluster", "user"));
  g_assert_false (slipway_wizard_get_can_create (wizard));

  close_wizard (wizard);
}

typedef struct
{
  char    *created;
  double   node_fraction;
  gboolean saw_node_rows;
} CreateResult;

static void
on_created_cb (SlipwayWizard *wizard,
               const char    *name,
               CreateResult  *result)
{
  GtkWidget *row = slipway_wizard_get_node_progress (wizard, "worker0");

  result->created = g_strdup (name);
  result->saw_node_rows = row != NULL && slipway_wizard_get_node_progress (wizard, "control0") == NULL;
  if (row != NULL)
    result->node_fraction = gtk_progress_bar_get_fraction (g_object_get_data (G_OBJECT (row), "bar"));
}

static gboolean
created (gpointer data)
{
  return ((CreateResult *)data)->created != NULL;
}

static gboolean
cluster_exists (const char *name)
{
  g_autofree char *network = slipway_topology_network_name (name);
  virNetworkPtr net = virNetworkLookupByName (keep_alive, network);

  if (net == NULL)
    {
      virResetLastError ();
      return FALSE;
    }
  virNetworkFree (net);

  return TRUE;
}

static void
small_cluster (SlipwayWizard *wizard,
               const char    *name)
{
  type_into (wizard, "Name", name);
  slipway_wizard_set_image (wizard, image_path, NULL, NULL);
  slipway_wizard_set_role (wizard, SLIPWAY_ROLE_GATEWAY, 0, 1, 512 * G_GUINT64_CONSTANT (1048576),
                           2 * G_GUINT64_CONSTANT (1073741824));
  slipway_wizard_set_role (wizard, SLIPWAY_ROLE_CONTROL, 0, 1, 512 * G_GUINT64_CONSTANT (1048576),
                           2 * G_GUINT64_CONSTANT (1073741824));
  slipway_wizard_set_role (wizard, SLIPWAY_ROLE_WORKER, 2, 1, 512 * G_GUINT64_CONSTANT (1048576),
                           2 * G_GUINT64_CONSTANT (1073741824));
  type_into (wizard, "Subnet", "");
  wait_idle (wizard);
  g_assert_true (slipway_wizard_get_can_create (wizard));
}

static void
test_wizard_create_progress (void)
{
  SlipwayWizard *wizard = open_wizard ();
  CreateResult result = { 0 };

  small_cluster (wizard, "wiz");
  g_signal_connect (wizard, "created", G_CALLBACK (on_created_cb), &result);
  g_object_add_weak_pointer (G_OBJECT (wizard), (gpointer *)&wizard);

  for (guint i = 0; i < 4; i++)
    gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.next", NULL);
  g_assert_cmpstr (slipway_wizard_get_page (wizard), ==, "review");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.create", NULL));
  g_assert_cmpstr (slipway_wizard_get_page (wizard), ==, "progress");
  g_assert_nonnull (slipway_wizard_get_node_progress (wizard, "worker1"));

  spin_until (created, &result, "the cluster to be created");
  g_assert_cmpstr (result.created, ==, "wiz");
  g_assert_true (result.saw_node_rows);
  g_assert_cmpfloat (result.node_fraction, ==, 1.0);
  g_assert_true (cluster_exists ("wiz"));

  /* On success the wizard closes (the main window shows the cluster). */
  spin_until (pointer_is_null, &wizard, "the wizard to close");
  g_free (result.created);
}

typedef struct
{
  SlipwayConnection *connection;
  const char        *cluster;
  const char        *node;
  double             last;
  guint              changes;
} BarWatch;

/* A bar never falls, and shows 1 only when the core's node is done. */
static void
on_bar_fraction_cb (GtkProgressBar *bar,
                    GParamSpec     *pspec,
                    BarWatch       *watch)
{
  double fraction = gtk_progress_bar_get_fraction (bar);
  SlipwayCluster *cluster = slipway_connection_find_cluster (watch->connection, watch->cluster);
  SlipwayNode *node = cluster != NULL ? slipway_cluster_find_node (cluster, watch->node) : NULL;

  g_assert_cmpfloat (fraction, >=, watch->last);
  g_assert_nonnull (node);
  g_assert_cmpfloat (fraction, ==, slipway_node_get_progress (node));
  watch->last = fraction;
  watch->changes++;
}

static void
test_wizard_rows_follow_nodes (void)
{
  SlipwayWizard *wizard = open_wizard ();
  g_autoptr(SlipwayConnection) connection = NULL;
  const char * const nodes[] = { "worker0", "worker1" };
  BarWatch watches[G_N_ELEMENTS (nodes)] = { 0 };
  CreateResult result = { 0 };

  small_cluster (wizard, "rows");
  g_object_get (wizard, "connection", &connection, NULL);
  g_assert_nonnull (connection);
  g_signal_connect (wizard, "created", G_CALLBACK (on_created_cb), &result);
  g_object_add_weak_pointer (G_OBJECT (wizard), (gpointer *)&wizard);

  for (guint i = 0; i < 4; i++)
    gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.next", NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.create", NULL));
  for (guint i = 0; i < G_N_ELEMENTS (nodes); i++)
    {
      GtkWidget *row = slipway_wizard_get_node_progress (wizard, nodes[i]);

      g_assert_nonnull (row);
      watches[i].connection = connection;
      watches[i].cluster = "rows";
      watches[i].node = nodes[i];
      g_signal_connect (g_object_get_data (G_OBJECT (row), "bar"), "notify::fraction",
                        G_CALLBACK (on_bar_fraction_cb), &watches[i]);
    }

  spin_until (created, &result, "the cluster to be created");
  g_assert_cmpfloat (result.node_fraction, ==, 1.0);
  for (guint i = 0; i < G_N_ELEMENTS (nodes); i++)
    {
      g_assert_cmpuint (watches[i].changes, >, 0);
      g_assert_cmpfloat (watches[i].last, ==, 1.0);
    }

  spin_until (pointer_is_null, &wizard, "the wizard to close");
  g_free (result.created);
}

static gboolean
progress_stopped (gpointer data)
{
  return !slipway_wizard_get_busy (data) &&
         g_strcmp0 (slipway_wizard_get_page (data), "progress") == 0;
}

static void
test_wizard_cancel_rolls_back (void)
{
  SlipwayWizard *wizard = open_wizard ();

  small_cluster (wizard, "gone");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.create", NULL));
  g_assert_true (slipway_wizard_get_busy (wizard));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.cancel", NULL));
  spin_until (progress_stopped, wizard, "the cancelled create to roll back");

  g_assert_false (cluster_exists ("gone"));
  g_assert_nonnull (slipway_wizard_get_node_progress (wizard, "worker0"));
  save_screenshot (GTK_WIDGET (wizard), "wizard-6-progress-stopped");
  /* The wizard stays, to go back and try again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.back", NULL));
  g_assert_cmpstr (slipway_wizard_get_page (wizard), ==, "review");

  close_wizard (wizard);
}

static void
test_wizard_open_file (void)
{
  g_autoptr(SlipwaySpec) spec = slipway_spec_new_default ("filed");
  g_autoptr(SlipwaySpec) read = NULL;
  g_autoptr(SlipwaySpec) shown = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "slipway-test-wizard-filed.conf", NULL);
  SlipwayWizard *wizard;

  g_free (spec->image);
  spec->image = g_strdup (image_path);
  g_free (spec->domain);
  spec->domain = g_strdup ("k8s.lab.test");
  g_free (spec->subnet);
  spec->subnet = g_strdup ("10.88.4.0/24");
  spec->network = SLIPWAY_NETWORK_ISOLATED;
  g_free (spec->user);
  spec->user = g_strdup ("ubuntu");
  g_strfreev (spec->ssh_authorized_keys);
  spec->ssh_authorized_keys = g_new0 (char *, 2);
  spec->ssh_authorized_keys[0] = g_strdup ("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILmHqThA/SRjFhv+jxCljb0ZfpJKMBjZrixHtB+WRf6H alice@laptop");
  spec->roles[SLIPWAY_ROLE_WORKER].count = 2;
  spec->roles[SLIPWAY_ROLE_WORKER].memory_bytes = 1536 * G_GUINT64_CONSTANT (1048576);
  g_assert_true (slipway_spec_save (spec, path, &error));
  read = slipway_spec_new_from_file (path, NULL, &error);
  g_assert_no_error (error);

  wizard = open_wizard ();
  slipway_wizard_set_spec (wizard, read);
  wait_idle (wizard);
  shown = slipway_wizard_dup_spec (wizard);
  g_assert_true (slipway_spec_equal (shown, read));
  g_assert_true (slipway_wizard_get_can_create (wizard));

  g_unlink (path);
  close_wizard (wizard);
}

/* A connection that cannot be opened: the wizard stops being busy and says
 * under the totals what failed and what to do, instead of asking for ever. */
static void
test_wizard_host_failure (void)
{
  SlipwayWizard *wizard = slipway_wizard_new (NULL, "test:///nonexistent/slipway-no-such-file.xml");
  const char *subtitle;

  gtk_window_present (GTK_WINDOW (wizard));
  wait_idle (wizard);

  subtitle = adw_action_row_get_subtitle (wizard->totals_row);
  g_assert_nonnull (subtitle);
  g_assert_null (strstr (subtitle, "Asking this computer"));
  g_assert_nonnull (strstr (subtitle, "Could not ask this computer"));
  g_assert_false (slipway_wizard_get_can_create (wizard));
  gtk_stack_set_visible_child_name (wizard->stack, "topology");
  spin_for (600);
  save_screenshot (GTK_WIDGET (wizard), "wizard-3-topology-host-failed");
  save_screenshot (GTK_WIDGET (wizard->totals_group), "wizard-3-totals-host-failed");

  /* Try Again asks once more, and ends the same way. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.retry-host", NULL));
  g_assert_true (slipway_wizard_get_busy (wizard));
  wait_idle (wizard);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (wizard->totals_row), "Could not ask this computer"));

  close_wizard (wizard);
}

/* Typing a password hashes it once, after the typing, not per keystroke. */
static void
test_wizard_password_hashed_once (void)
{
  SlipwayWizard *wizard = open_wizard ();
  static const char *typed = "correct horse";
  g_autoptr(SlipwaySpec) spec = NULL;
  guint before = _slipway_wizard_get_n_hashes (wizard);

  gtk_stack_set_visible_child_name (wizard->stack, "access");
  for (guint i = 1; i <= strlen (typed); i++)
    {
      g_autofree char *prefix = g_strndup (typed, i);

      gtk_editable_set_text (GTK_EDITABLE (wizard->password_row), prefix);
      g_assert_true (slipway_wizard_get_busy (wizard));
      spin_for (20);
    }
  g_assert_cmpuint (_slipway_wizard_get_n_hashes (wizard), ==, before);
  g_assert_false (slipway_wizard_get_can_create (wizard));

  wait_idle (wizard);
  g_assert_cmpuint (_slipway_wizard_get_n_hashes (wizard), ==, before + 1);
  spec = slipway_wizard_dup_spec (wizard);
  g_assert_nonnull (spec->password_hash);
  g_assert_true (slipway_password_hash_is_valid (spec->password_hash));

  close_wizard (wizard);
}

/* One change, one rebuild: the four fields of a role set at once, and the
 * check that follows, draw the nodes once; a change the picture does not
 * show draws nothing; the review is rendered once per change. */
static void
test_wizard_rebuilt_once_per_change (void)
{
  SlipwayWizard *wizard = open_wizard ();
  SlipwayTopologyView *view = SLIPWAY_TOPOLOGY_VIEW (slipway_wizard_get_topology_view (wizard));
  guint rebuilds, renders;

  slipway_wizard_set_image (wizard, image_path, NULL, NULL);
  type_into (wizard, "Subnet", "10.77.9.0/24");
  wait_idle (wizard);

  rebuilds = slipway_topology_view_get_n_rebuilds (view);
  slipway_wizard_set_role (wizard, SLIPWAY_ROLE_WORKER, 4, 2, 2 * G_GUINT64_CONSTANT (1073741824),
                           10 * G_GUINT64_CONSTANT (1073741824));
  wait_idle (wizard);
  g_assert_cmpuint (slipway_topology_view_get_n_rebuilds (view), ==, rebuilds + 1);
  g_assert_cmpuint (slipway_topology_view_get_n_nodes (view), ==, 8);

  /* The domain is not drawn. */
  type_into (wizard, "DNS Domain", "elsewhere.test");
  wait_idle (wizard);
  g_assert_cmpuint (slipway_topology_view_get_n_rebuilds (view), ==, rebuilds + 1);

  /* On the Review page: one render to show it, one per change. */
  for (guint i = 0; i < 4; i++)
    gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.next", NULL);
  g_assert_cmpstr (slipway_wizard_get_page (wizard), ==, "review");
  wait_idle (wizard);
  renders = _slipway_wizard_get_n_review_renders (wizard);
  type_into (wizard, "DNS Domain", "again.test");
  wait_idle (wizard);
  g_assert_cmpuint (_slipway_wizard_get_n_review_renders (wizard), ==, renders + 1);
  g_assert_cmpuint (slipway_topology_view_get_n_rebuilds (view), ==, rebuilds + 1);

  close_wizard (wizard);
}

static char *
text_view_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* The Review page shows the plan create uses, byte for byte: the network
 * XML with the spec create stores, the user-data with the "iid-" instance
 * and the host-key section. */
static void
test_wizard_review_is_the_plan (void)
{
  SlipwayWizard *wizard = open_wizard ();
  g_autoptr(SlipwaySpec) spec = NULL;
  g_autoptr(SlipwayPlan) plan = NULL;
  g_autofree char *shown_xml = NULL;
  g_autofree char *shown_user_data = NULL;
  g_autofree char *plan_xml = NULL;
  g_autofree char *plan_user_data = NULL;
  const SlipwayNodeInfo *first;

  slipway_wizard_set_image (wizard, image_path, NULL, NULL);
  type_into (wizard, "Subnet", "10.77.11.0/24");
  wait_idle (wizard);
  for (guint i = 0; i < 4; i++)
    gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.next", NULL);
  g_assert_cmpstr (slipway_wizard_get_page (wizard), ==, "review");
  wait_idle (wizard);

  spec = slipway_wizard_dup_spec (wizard);
  plan = slipway_plan_new (spec, NULL);
  g_assert_false (slipway_plan_has_errors (plan));
  first = g_ptr_array_index (slipway_plan_get_topology (plan)->nodes, 0);
  plan_xml = slipway_plan_dup_network_xml (plan);
  plan_user_data = slipway_plan_dup_user_data (plan, first->name, NULL);

  shown_xml = text_view_text (wizard->xml_view);
  shown_user_data = text_view_text (wizard->user_data_view);
  g_assert_cmpstr (shown_xml, ==, plan_xml);
  g_assert_cmpstr (shown_user_data, ==, plan_user_data);
  g_assert_nonnull (strstr (shown_user_data, "ssh_keys:"));

  close_wizard (wizard);
}

static gboolean
result_is_set (gpointer data)
{
  return *(GAsyncResult **)data != NULL;
}

static gboolean
user_image_kept (gpointer data)
{
  g_autoptr(GPtrArray) images = slipway_catalog_load_user_images (NULL);

  for (guint i = 0; images != NULL && i < images->len; i++)
    if (g_strcmp0 (((SlipwayCatalogImage *)g_ptr_array_index (images, i))->path, data) == 0)
      return TRUE;

  return FALSE;
}

/* Save As and Import write in the background; what they write is right. */
static void
test_wizard_save_and_import_async (void)
{
  SlipwayWizard *wizard = open_wizard ();
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "slipway-test-wizard-async.conf", NULL);
  g_autofree char *fedora = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) image = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SlipwaySpec) spec = NULL;
  g_autoptr(SlipwaySpec) reread = NULL;
  g_autoptr(GError) error = NULL;

  slipway_wizard_set_image (wizard, image_path, NULL, NULL);
  wait_idle (wizard);

  slipway_wizard_save_to_file_async (wizard, file, NULL, store_result_cb, &result);
  spin_until (result_is_set, &result, "the cluster file to be written");
  g_assert_true (slipway_wizard_save_to_file_finish (wizard, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);     /* it holds the wizard */
  spec = slipway_wizard_dup_spec (wizard);
  reread = slipway_spec_new_from_file (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (slipway_spec_equal (reread, spec));
  g_unlink (path);

  /* The user comes from the core's guess; the catalog keeps the file. */
  fedora = g_build_filename (g_get_home_dir (), "Fedora-Cloud-Base-39.qcow2", NULL);
  g_assert_true (g_file_set_contents (fedora, "not really qcow2", -1, NULL));
  image = g_file_new_for_path (fedora);
  g_assert_true (slipway_wizard_import_image (wizard, image, &error));
  g_assert_no_error (error);
  g_clear_pointer (&spec, slipway_spec_free);
  spec = slipway_wizard_dup_spec (wizard);
  g_assert_cmpstr (spec->image, ==, fedora);
  g_assert_cmpstr (spec->user, ==, "fedora");
  spin_until (user_image_kept, fedora, "the image to be kept in the catalog");
  wait_idle (wizard);

  close_wizard (wizard);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *home = isolate_home ();
  int ret;

  keep_alive = wizard_test_init (&argc, &argv);
  if (!gvir_init_object_check (NULL, NULL, &error))
    g_error ("Could not initialise libvirt-gobject: %s", error->message);

  image_path = write_blank_image (home);

  g_test_add_func ("/slipway/wizard/defaults-equal-init", test_wizard_defaults_equal_init);
  g_test_add_func ("/slipway/wizard/counts-change-drawing", test_wizard_counts_change_drawing);
  g_test_add_func ("/slipway/wizard/invalid-blocks-create", test_wizard_invalid_blocks_create);
  g_test_add_func ("/slipway/wizard/open-file", test_wizard_open_file);
  g_test_add_func ("/slipway/wizard/cancel-rolls-back", test_wizard_cancel_rolls_back);
  g_test_add_func ("/slipway/wizard/create-progress", test_wizard_create_progress);
  g_test_add_func ("/slipway/wizard/host-failure", test_wizard_host_failure);
  g_test_add_func ("/slipway/wizard/password-hashed-once", test_wizard_password_hashed_once);
  g_test_add_func ("/slipway/wizard/rebuilt-once-per-change", test_wizard_rebuilt_once_per_change);
  g_test_add_func ("/slipway/wizard/save-and-import-async", test_wizard_save_and_import_async);
  g_test_add_func ("/slipway/wizard/review-is-the-plan", test_wizard_review_is_the_plan);
  g_test_add_func ("/slipway/wizard/rows-follow-nodes", test_wizard_rows_follow_nodes);

  ret = g_test_run ();

  virConnectClose (keep_alive);
  g_free (image_path);

  return ret;
}
