/* test-wizard-arch.c: the wizard's choice of the nodes' architecture
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "slipway.h"

#define TIMEOUT_SECONDS 120
#include "wizard-test-utils.h"

static const SlipwayProblem *
find_problem (SlipwayWizard *wizard,
              const char    *key)
{
  _slipway_wizard_flush (wizard);
  for (guint i = 0; i < wizard->problems->len; i++)
    {
      const SlipwayProblem *problem = g_ptr_array_index (wizard->problems, i);

      if (g_strcmp0 (problem->key, key) == 0)
        return problem;
    }

  return NULL;
}

static char *
item (SlipwayWizard *wizard,
      guint          position)
{
  GListModel *model = adw_combo_row_get_model (wizard->arch_row);
  g_autoptr(GtkStringObject) string = g_list_model_get_item (model, position);

  return g_strdup (gtk_string_object_get_string (string));
}

static SlipwayCatalogImage *
image_new (const char  *url,
           SlipwayArch  arch)
{
  SlipwayCatalogImage *image = slipway_catalog_image_new ();

  image->url = g_strdup (url);
  image->arch = arch;

  return image;
}

static void
test_wizard_arch (void)
{
  SlipwayWizard *wizard = open_wizard ();
  g_autoptr(SlipwayCatalogImage) amd64 = image_new ("https://d/debian-12-genericcloud-amd64.qcow2", SLIPWAY_ARCH_X86_64);
  g_autoptr(SlipwayCatalogImage) arm64 = image_new ("https://d/debian-12-genericcloud-arm64.qcow2", SLIPWAY_ARCH_AARCH64);
  g_autoptr(SlipwayCatalogImage) vague = image_new ("https://d/lab.qcow2", SLIPWAY_ARCH_DEFAULT);
  g_autoptr(SlipwaySpec) spec = NULL;
  g_autofree char *title = NULL;
  const SlipwayProblem *problem;

  /* The test driver runs i686 guests only: one choice is no choice. */
  g_assert_nonnull (wizard->host_info);
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (wizard->arch_row)), ==, 1);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (wizard->arch_row)));

  /* What libvirt says on an x86_64 host with QEMU for ARM and AAVMF. */
  wizard->host_info->host_arch = SLIPWAY_ARCH_X86_64;
  memset (wizard->host_info->arches, 0, sizeof wizard->host_info->arches);
  wizard->host_info->arches[SLIPWAY_ARCH_X86_64] = TRUE;
  wizard->host_info->arches[SLIPWAY_ARCH_AARCH64] = TRUE;
  wizard->host_info->arches[SLIPWAY_ARCH_I686] = TRUE;
  _slipway_wizard_arch_update (wizard);

  /* The host's own first; i686, which no cloud image is made for, not at all. */
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (wizard->arch_row)), ==, 2);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (wizard->arch_row)));
  title = item (wizard, 0);
  g_assert_cmpstr (title, ==, "x86-64 (Intel, AMD)");
  g_clear_pointer (&title, g_free);
  title = item (wizard, 1);
  g_assert_cmpstr (title, ==, "ARM 64-bit (aarch64)");
  g_clear_pointer (&title, g_free);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (wizard->arch_row)), "fastest"));
  g_assert_true (_slipway_wizard_image_fits (wizard, amd64));
  g_assert_false (_slipway_wizard_image_fits (wizard, arm64));
  g_assert_null (find_problem (wizard, "arch"));

  /* ARM: said to be slow, written to the file, and only ARM images offered. */
  adw_combo_row_set_selected (wizard->arch_row, 1);
  spec = slipway_wizard_dup_spec (wizard);
  g_assert_cmpint (spec->arch, ==, SLIPWAY_ARCH_AARCH64);
  g_clear_pointer (&spec, slipway_spec_free);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (wizard->arch_row)), "Emulated"));
  g_assert_false (_slipway_wizard_image_fits (wizard, amd64));
  g_assert_true (_slipway_wizard_image_fits (wizard, arm64));
  g_assert_true (_slipway_wizard_image_fits (wizard, vague));
  problem = find_problem (wizard, "arch");
  g_assert_nonnull (problem);
  g_assert_true (problem->is_warning);
  g_assert_true (slipway_wizard_get_can_create (wizard) ||
                 find_problem (wizard, "image") != NULL);

  gtk_stack_set_visible_child_name (wizard->stack, "image");
  spin_for (300);
  save_screenshot (GTK_WIDGET (wizard), "wizard-2-image-aarch64");

  /* Back to the host's own: the file says nothing. */
  adw_combo_row_set_selected (wizard->arch_row, 0);
  spec = slipway_wizard_dup_spec (wizard);
  g_assert_cmpint (spec->arch, ==, SLIPWAY_ARCH_DEFAULT);

  /* A file asking for ARM on a host without QEMU for ARM: kept as it is,
   * and the wizard says what to install. */
  wizard->host_info->arches[SLIPWAY_ARCH_AARCH64] = FALSE;
  spec->arch = SLIPWAY_ARCH_AARCH64;
  slipway_wizard_set_spec (wizard, spec);
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (wizard->arch_row)), ==, 2);
  g_assert_cmpuint (adw_combo_row_get_selected (wizard->arch_row), ==, 1);
  title = item (wizard, 1);
  g_assert_nonnull (strstr (title, "not on this computer"));
  problem = find_problem (wizard, "arch");
  g_assert_nonnull (problem);
  g_assert_false (problem->is_warning);
  g_assert_nonnull (strstr (problem->message, "qemu-system-arm"));
  g_assert_false (slipway_wizard_get_can_create (wizard));

  close_wizard (wizard);
}

static const SlipwayProblem *
find_role_problem (SlipwayWizard *wizard,
                   const char    *group,
                   const char    *key)
{
  _slipway_wizard_flush (wizard);
  for (guint i = 0; i < wizard->problems->len; i++)
    {
      const SlipwayProblem *problem = g_ptr_array_index (wizard->problems, i);

      if (g_strcmp0 (problem->group, group) == 0 && g_strcmp0 (problem->key, key) == 0)
        return problem;
    }

  return NULL;
}

static char *
role_item (SlipwayWizard *wizard,
           SlipwayRole    role,
           guint          position)
{
  GListModel *model = adw_combo_row_get_model (wizard->roles[role].arch);
  g_autoptr(GtkStringObject) string = g_list_model_get_item (model, position);

  return g_strdup (gtk_string_object_get_string (string));
}

/* An architecture and an image per role: a mixed lab. */
static void
test_wizard_arch_per_role (void)
{
  SlipwayWizard *wizard = open_wizard ();
  g_autoptr(SlipwaySpec) spec = NULL;
  g_autofree char *title = NULL;
  RoleWidgets *workers = &wizard->roles[SLIPWAY_ROLE_WORKER];
  const SlipwayProblem *problem;
  GtkWidget *scrolled;

  /* One architecture on the host: the roles' rows stay out of the way. */
  for (guint r = 0; r < SLIPWAY_N_ROLES; r++)
    {
      g_assert_false (gtk_widget_get_visible (GTK_WIDGET (wizard->roles[r].arch)));
      g_assert_false (gtk_widget_get_visible (GTK_WIDGET (wizard->roles[r].image)));
    }

  wizard->host_info->host_arch = SLIPWAY_ARCH_X86_64;
  memset (wizard->host_info->arches, 0, sizeof wizard->host_info->arches);
  wizard->host_info->arches[SLIPWAY_ARCH_X86_64] = TRUE;
  wizard->host_info->arches[SLIPWAY_ARCH_AARCH64] = TRUE;
  _slipway_wizard_arch_update (wizard);

  /* Two: each role may have its own, "Same as the Cluster" first. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (workers->arch)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (workers->image)));
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (workers->arch)), ==, 3);
  title = role_item (wizard, SLIPWAY_ROLE_WORKER, 0);
  g_assert_cmpstr (title, ==, "Same as the Cluster");
  g_clear_pointer (&title, g_free);
  title = role_item (wizard, SLIPWAY_ROLE_WORKER, 2);
  g_assert_cmpstr (title, ==, "ARM 64-bit (aarch64)");
  g_clear_pointer (&title, g_free);
  g_assert_cmpstr (adw_action_row_get_subtitle (workers->image), ==, "The cluster’s image");
  g_assert_false (gtk_widget_get_visible (workers->image_clear));

  /* ARM workers: in the file, and said to be emulated, in [worker]. */
  adw_combo_row_set_selected (workers->arch, 2);
  spec = slipway_wizard_dup_spec (wizard);
  g_assert_cmpint (spec->roles[SLIPWAY_ROLE_WORKER].arch, ==, SLIPWAY_ARCH_AARCH64);
  g_assert_cmpint (spec->arch, ==, SLIPWAY_ARCH_DEFAULT);
  g_assert_cmpint (spec->roles[SLIPWAY_ROLE_CONTROL].arch, ==, SLIPWAY_ARCH_DEFAULT);
  problem = find_role_problem (wizard, "worker", "arch");
  g_assert_nonnull (problem);
  g_assert_true (problem->is_warning);

  /* A file with the workers' own image: shown by name, and cleared back to
   * the cluster's. */
  g_free (spec->roles[SLIPWAY_ROLE_WORKER].image);
  spec->roles[SLIPWAY_ROLE_WORKER].image = g_strdup ("/srv/images/debian-12-genericcloud-arm64.qcow2");
  g_free (spec->image);
  spec->image = g_strdup ("/srv/images/debian-12-genericcloud-amd64.qcow2");
  slipway_wizard_set_spec (wizard, spec);
  g_clear_pointer (&spec, slipway_spec_free);
  g_assert_cmpuint (adw_combo_row_get_selected (workers->arch), ==, 2);
  g_assert_cmpstr (adw_action_row_get_subtitle (workers->image), ==, "debian-12-genericcloud-arm64.qcow2");
  g_assert_true (gtk_widget_get_visible (workers->image_clear));

  gtk_stack_set_visible_child_name (wizard->stack, "topology");
  spin_for (300);
  scrolled = gtk_widget_get_ancestor (GTK_WIDGET (workers->group), GTK_TYPE_SCROLLED_WINDOW);
  if (scrolled != NULL)
    {
      GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
    }
  spin_for (300);
  save_screenshot (GTK_WIDGET (wizard), "wizard-3-nodes-mixed");
  g_signal_emit_by_name (workers->image_clear, "clicked");
  spec = slipway_wizard_dup_spec (wizard);
  g_assert_null (spec->roles[SLIPWAY_ROLE_WORKER].image);
  g_assert_cmpint (spec->roles[SLIPWAY_ROLE_WORKER].arch, ==, SLIPWAY_ARCH_AARCH64);
  g_assert_cmpstr (adw_action_row_get_subtitle (workers->image), ==, "The cluster’s image");
  /* Now the x86 image would start ARM workers: refused, in [worker], once
   * the full check (which looks at the files, in a thread) is done. */
  wait_idle (wizard);
  problem = find_role_problem (wizard, "worker", "image");
  g_assert_nonnull (problem);
  g_assert_false (problem->is_warning);
  g_assert_nonnull (strstr (problem->message, "debian-12-genericcloud-amd64.qcow2"));
  g_clear_pointer (&spec, slipway_spec_free);

  /* Back to the cluster's: the file says nothing of the role. */
  adw_combo_row_set_selected (workers->arch, 0);
  spec = slipway_wizard_dup_spec (wizard);
  g_assert_cmpint (spec->roles[SLIPWAY_ROLE_WORKER].arch, ==, SLIPWAY_ARCH_DEFAULT);

  /* A lab mixed by image alone, with files that exist, as the full check
   * (on the test driver, which runs i686 only) takes it: the Review page
   * gives each node its architecture and image. */
  {
    g_autofree char *cluster_image = write_blank_image (g_get_home_dir ());
    g_autofree char *worker_image = g_build_filename (g_get_home_dir (), "lab-worker.img", NULL);
    g_autofree char *contents = NULL;
    gsize length;

    g_assert_true (g_file_get_contents (cluster_image, &contents, &length, NULL));
    g_assert_true (g_file_set_contents (worker_image, contents, length, NULL));
    g_clear_pointer (&spec, slipway_spec_free);
    spec = slipway_wizard_dup_spec (wizard);
    g_free (spec->image);
    spec->image = g_strdup (cluster_image);
    spec->roles[SLIPWAY_ROLE_WORKER].image = g_strdup (worker_image);
    slipway_wizard_set_spec (wizard, spec);
    wait_idle (wizard);
  }
  gtk_stack_set_visible_child_name (wizard->stack, "review");
  spin_for (600);
  g_assert_cmpuint (wizard->node_rows->len, ==, 7);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (g_ptr_array_index (wizard->node_rows, 6)),
                            "x86-64 (Intel, AMD) · lab-worker.img"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (g_ptr_array_index (wizard->node_rows, 0)),
                            "x86-64 (Intel, AMD) · debian-12-genericcloud-amd64.qcow2"));
  scrolled = gtk_widget_get_ancestor (GTK_WIDGET (wizard->nodes_group), GTK_TYPE_SCROLLED_WINDOW);
  if (scrolled != NULL)
    {
      GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
      graphene_point_t point;

      g_assert_true (gtk_widget_compute_point (GTK_WIDGET (wizard->nodes_group),
                                               gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)),
                                               &GRAPHENE_POINT_INIT (0, 0), &point));
      gtk_adjustment_set_value (adjustment, point.y);
    }
  spin_for (300);
  save_screenshot (GTK_WIDGET (wizard), "wizard-5-review-mixed");

  close_wizard (wizard);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = isolate_home ();
  virConnectPtr keep_alive;
  int ret;

  keep_alive = wizard_test_init (&argc, &argv);

  g_test_add_func ("/slipway/wizard/arch", test_wizard_arch);
  g_test_add_func ("/slipway/wizard/arch-per-role", test_wizard_arch_per_role);

  ret = g_test_run ();
  virConnectClose (keep_alive);

  return ret;
}
