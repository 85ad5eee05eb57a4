/* test-wizard-lb.c: the wizard's API load balancer row, and what the
 * review says of it
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

static char *image_path;

/* The review as it shows: drawn only while its page is visible. */
static const char *
review_lb (SlipwayWizard *wizard)
{
  _slipway_wizard_flush (wizard);
  spin_for (50);

  return adw_action_row_get_subtitle (wizard->review_lb_row);
}

/* The balancer the cluster gets, as the cluster file says it. */
static SlipwayLoadBalancer
spec_lb (SlipwayWizard *wizard)
{
  g_autoptr(SlipwaySpec) spec = slipway_wizard_dup_spec (wizard);
  g_autofree char *data = slipway_spec_to_data (spec, FALSE);
  g_autofree char *line = g_strdup_printf ("\nload-balancer=%s\n",
                                           slipway_load_balancer_to_string (slipway_spec_get_load_balancer (spec)));

  g_assert_nonnull (strstr (data, line));

  return slipway_spec_get_load_balancer (spec);
}

static void
assert_contains (const char *text,
                 const char *part)
{
  if (text == NULL || strstr (text, part) == NULL)
    g_error ("“%s” does not contain “%s”", text != NULL ? text : "(null)", part);
}

static void
test_wizard_lb (void)
{
  SlipwayWizard *wizard = open_wizard ();
  GtkSpinButton *gateways = wizard->roles[SLIPWAY_ROLE_GATEWAY].count;
  GtkSpinButton *controls = wizard->roles[SLIPWAY_ROLE_CONTROL].count;
  const char *subtitle;
  const char *review;

  gtk_stack_set_visible_child_name (wizard->stack, "review");

  /* No image yet, so no nodes: the review says the choice alone. */
  g_assert_cmpstr (review_lb (wizard), ==, "HAProxy");

  slipway_wizard_set_image (wizard, image_path, NULL, NULL);
  wait_idle (wizard);

  /* The default lab: HAProxy on the gateway, in front of three control nodes. */
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (wizard->lb_row)));
  g_assert_cmpuint (adw_combo_row_get_selected (wizard->lb_row), ==, SLIPWAY_LOAD_BALANCER_HAPROXY);
  g_assert_cmpint (spec_lb (wizard), ==, SLIPWAY_LOAD_BALANCER_HAPROXY);
  review = review_lb (wizard);
  assert_contains (review, "HAProxy on gateway · kubernetes.");
  assert_contains (review, ":6443 (");
  assert_contains (review, "· 3 control-plane nodes");
  save_screenshot (GTK_WIDGET (wizard), "wizard-5-review-lb");

  /* IPVS: its own address, the last before the nodes (host 9). */
  adw_combo_row_set_selected (wizard->lb_row, SLIPWAY_LOAD_BALANCER_IPVS);
  g_assert_cmpint (spec_lb (wizard), ==, SLIPWAY_LOAD_BALANCER_IPVS);
  review = review_lb (wizard);
  assert_contains (review, "IPVS on gateway · kubernetes.");
  assert_contains (review, ".9) · 3 control-plane nodes");

  /* One control node: still a balancer, of one backend. */
  gtk_spin_button_set_value (controls, 1);
  review = review_lb (wizard);
  assert_contains (review, "· 1 control-plane node");
  g_assert_null (strstr (review, "nodes"));

  /* No gateway: nothing to run it on, the row says so, and the file says none. */
  gtk_spin_button_set_value (gateways, 0);
  _slipway_wizard_flush (wizard);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (wizard->lb_row)));
  g_assert_cmpuint (adw_combo_row_get_selected (wizard->lb_row), ==, SLIPWAY_LOAD_BALANCER_NONE);
  subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (wizard->lb_row));
  assert_contains (subtitle, "no gateway");
  g_assert_cmpint (spec_lb (wizard), ==, SLIPWAY_LOAD_BALANCER_NONE);
  g_assert_cmpstr (review_lb (wizard), ==, "None");

  /* The gateway back: the choice made before is back too. */
  gtk_spin_button_set_value (gateways, 1);
  _slipway_wizard_flush (wizard);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (wizard->lb_row)));
  g_assert_cmpuint (adw_combo_row_get_selected (wizard->lb_row), ==, SLIPWAY_LOAD_BALANCER_IPVS);
  g_assert_cmpint (spec_lb (wizard), ==, SLIPWAY_LOAD_BALANCER_IPVS);

  /* No control node: nothing to balance. */
  gtk_spin_button_set_value (controls, 0);
  _slipway_wizard_flush (wizard);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (wizard->lb_row)));
  assert_contains (adw_action_row_get_subtitle (ADW_ACTION_ROW (wizard->lb_row)),
                   "no control-plane node");
  g_assert_cmpint (spec_lb (wizard), ==, SLIPWAY_LOAD_BALANCER_NONE);

  /* "None" chosen by hand, with a gateway and control nodes to balance. */
  gtk_spin_button_set_value (controls, 3);
  _slipway_wizard_flush (wizard);
  adw_combo_row_set_selected (wizard->lb_row, SLIPWAY_LOAD_BALANCER_NONE);
  g_assert_cmpint (spec_lb (wizard), ==, SLIPWAY_LOAD_BALANCER_NONE);
  g_assert_cmpstr (review_lb (wizard), ==, "None");

  /* A cluster file's choice shows in the row. */
  {
    g_autoptr(SlipwaySpec) spec = slipway_wizard_dup_spec (wizard);

    spec->load_balancer = SLIPWAY_LOAD_BALANCER_HAPROXY;
    slipway_wizard_set_spec (wizard, spec);
    g_assert_cmpuint (adw_combo_row_get_selected (wizard->lb_row), ==, SLIPWAY_LOAD_BALANCER_HAPROXY);
    assert_contains (review_lb (wizard), "HAProxy on gateway");
  }

  gtk_stack_set_visible_child_name (wizard->stack, "cluster");
  spin_for (300);
  save_screenshot (GTK_WIDGET (wizard), "wizard-1-cluster-lb");

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
  image_path = write_blank_image (home);

  g_test_add_func ("/slipway/wizard/load-balancer", test_wizard_lb);

  ret = g_test_run ();
  virConnectClose (keep_alive);
  g_free (image_path);

  return ret;
}
