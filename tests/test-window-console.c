/* test-window-console.c: the serial consoles in the window from the boot,
 * and whole tab labels at the window's default size
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "slipway-console-private.h"
#include "slipway-console-tab.h"
#include "slipway-node-pane.h"
#include "slipway-terminal-group.h"
#include "window-test-utils.h"

#define BOOT_LINE  "[    0.000000] Linux version 6.1.0-28-cloud-amd64"
#define INIT_LINE  "cloud-init[512]: Cloud-init v. 22.4.2 running 'init'"


static char *
dup_serial_text (SlipwayWindow *window,
                 const char    *node)
{
  SlipwayTerminalGroup *group = slipway_window_get_group (window, SLIPWAY_GROUP_ALL);
  SlipwayNodePane *pane = slipway_terminal_group_find_pane (group, node);

  g_assert_nonnull (pane);
  return slipway_console_tab_dup_text (slipway_node_pane_get_tab (pane, SLIPWAY_PANE_SLOT_SERIAL));
}

typedef struct
{
  SlipwayWindow *window;
  const char    *node;
  const char    *text;
} SerialText;

static gboolean
serial_shows (gpointer data)
{
  SerialText *st = data;
  g_autofree char *text = dup_serial_text (st->window, st->node);

  return strstr (text, st->text) != NULL;
}

/* VTE parses what it is fed on its own schedule. */
static void
wait_serial_text (SlipwayWindow *window,
                  const char    *node,
                  const char    *text)
{
  SerialText st = { window, node, text };

  spin_until (serial_shows, &st, text);
}

static SlipwayWindow *
open_app_window (SlipwayApplication *app)
{
  SlipwayWindow *window = slipway_window_new (GTK_APPLICATION (app), TEST_URI);

  gtk_window_present (GTK_WINDOW (window));
  spin_until (window_is_idle, window, "the first list of clusters");

  return window;
}

/* A serial terminal made after the guest printed (here: a second window,
 * which shares the application's model and its consoles) starts with what it printed, from
 * the boot, and goes on with what comes next. */
static void
test_window_console_late_tab (void)
{
  g_autoptr(SlipwayProvisioner) provisioner = slipway_provisioner_new (TEST_URI);
  g_autofree char *image = slipway_test_make_disk_image ();
  g_autoptr(SlipwayConsole) console = NULL;
  g_autofree char *text = NULL;
  SlipwayApplication *app;
  SlipwayCluster *cluster;
  SlipwayWindow *first;
  SlipwayWindow *late;

  create_cluster (provisioner, image);
  app = start_application ();
  first = open_app_window (app);
  wait_row_state (first, "worker0", "Booting");

  /* The guest boots while only the first window shows it. */
  cluster = slipway_connection_find_cluster (slipway_window_get_connection (first), CLUSTER_NAME);
  g_assert_nonnull (cluster);
  console = slipway_cluster_get_console (cluster, "worker0");
  _slipway_console_receive (console, BOOT_LINE "\r\n", strlen (BOOT_LINE "\r\n"));
  _slipway_console_receive (console, INIT_LINE "\r\n", strlen (INIT_LINE "\r\n"));
  wait_serial_text (first, "worker0", INIT_LINE);

  /* A terminal opened late starts from the boot. */
  late = open_app_window (app);
  g_assert_true (slipway_window_get_connection (late) == slipway_window_get_connection (first));
  wait_row_state (late, "worker0", "Booting");
  wait_serial_text (late, "worker0", INIT_LINE);
  text = dup_serial_text (late, "worker0");
  g_assert_nonnull (strstr (text, BOOT_LINE));
  g_assert_nonnull (strstr (text, INIT_LINE));
  g_assert_true (strstr (text, BOOT_LINE) < strstr (text, INIT_LINE));
  g_clear_pointer (&text, g_free);

  /* And goes on with the guest, like the first one. */
  _slipway_console_receive (console, "lab-worker0 login: ", strlen ("lab-worker0 login: "));
  wait_serial_text (late, "worker0", "lab-worker0 login:");
  wait_serial_text (first, "worker0", "lab-worker0 login:");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (late), "win.show-node", "s", "worker0"));
  save_screenshot (GTK_WIDGET (late), "window-console-late-tab");

  close_window (late);
  close_window (first);
  g_clear_object (&console);
  g_object_unref (app);
  destroy_cluster (provisioner);
  g_unlink (image);
}

typedef struct
{
  GdkFrameClock *clock;
  gint64         frame;
} Frame;

static gboolean
frame_drawn (gpointer data)
{
  Frame *frame = data;

  return gdk_frame_clock_get_frame_counter (frame->clock) > frame->frame;
}

/* Two frames: the tabs have been laid out again since. */
static void
wait_frames (GtkWidget *widget)
{
  Frame frame = { gtk_widget_get_frame_clock (widget), 0 };

  g_assert_nonnull (frame.clock);
  frame.frame = gdk_frame_clock_get_frame_counter (frame.clock) + 1;
  gtk_widget_queue_resize (widget);
  spin_until (frame_drawn, &frame, "two frames");
}

static gboolean
is_label_with_text (GtkWidget     *widget,
                    gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), data) == 0;
}

static gboolean
is_tab_bar (GtkWidget     *widget,
            gconstpointer  data)
{
  return ADW_IS_TAB_BAR (widget);
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0;
}

static gboolean
is_tab (GtkWidget *widget)
{
  return g_strcmp0 (gtk_widget_get_css_name (widget), "tab") == 0;
}

/* Whether @widget is drawn: shown, given room and not faded out. */
static gboolean
is_drawn (GtkWidget *widget)
{
  return gtk_widget_get_mapped (widget) && gtk_widget_get_child_visible (widget) &&
         gtk_widget_get_opacity (widget) > 0 && gtk_widget_get_width (widget) > 0;
}

/* The tab's title is whole: the label has its natural width, all of it in
 * the tab bar's view, and none of it under the tab's icon or its close
 * button (libadwaita fades a title out where they meet). Or it is
 * ellipsized and the page's tooltip names the node. */
static void
assert_tab_label_whole (AdwTabBar  *bar,
                        AdwTabPage *page)
{
  const char *title = adw_tab_page_get_title (page);
  GtkWidget *label = find_widget (GTK_WIDGET (bar), is_label_with_text, title);
  GtkWidget *tab;
  GtkWidget *holder;
  graphene_rect_t bounds;
  graphene_rect_t in_bar;
  int natural;

  g_assert_nonnull (label);
  g_assert_true (gtk_widget_get_mapped (label));
  /* Whole or not, the tab's tooltip names the node. */
  g_assert_true (g_str_has_prefix (adw_tab_page_get_tooltip (page), title));

  if (gtk_label_get_ellipsize (GTK_LABEL (label)) != PANGO_ELLIPSIZE_NONE)
    return;

  gtk_widget_measure (label, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  g_assert_cmpint (gtk_widget_get_width (label), >=, natural);
  g_assert_cmpint (gtk_widget_get_width (gtk_widget_get_parent (label)), >=, natural);

  g_assert_true (gtk_widget_compute_bounds (label, GTK_WIDGET (bar), &in_bar));
  g_test_message ("tab %s: %g..%g of %d", title, in_bar.origin.x,
                  in_bar.origin.x + in_bar.size.width, gtk_widget_get_width (GTK_WIDGET (bar)));
  g_assert_cmpfloat (in_bar.origin.x, >=, 0);
  g_assert_cmpfloat (in_bar.origin.x + in_bar.size.width, <=, gtk_widget_get_width (GTK_WIDGET (bar)));

  for (tab = label; !is_tab (tab); tab = gtk_widget_get_parent (tab))
    g_assert_nonnull (gtk_widget_get_parent (tab));
  g_assert_true (gtk_widget_compute_bounds (label, tab, &bounds));
  /* libadwaita counts the title's margins in: a close button within them
   * fades the title's end out. */
  holder = gtk_widget_get_parent (label);
  bounds.origin.x -= gtk_widget_get_margin_start (holder);
  bounds.size.width += gtk_widget_get_margin_start (holder) + gtk_widget_get_margin_end (holder);

  for (GtkWidget *child = gtk_widget_get_first_child (tab);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      graphene_rect_t other;

      if (gtk_widget_is_ancestor (label, child) || !is_drawn (child) ||
          !gtk_widget_compute_bounds (child, tab, &other))
        continue;

      g_test_message ("  %s at %g..%g, the title at %g..%g", G_OBJECT_TYPE_NAME (child),
                      other.origin.x, other.origin.x + other.size.width,
                      bounds.origin.x, bounds.origin.x + bounds.size.width);
      g_assert_false (other.origin.x < bounds.origin.x + bounds.size.width &&
                      bounds.origin.x < other.origin.x + other.size.width);
    }
}

/* At the size a window opens at, the seven tabs of a default cluster have
 * whole labels, the selected one too (its close button takes room). */
static void
test_window_console_tab_labels (void)
{
  g_autoptr(SlipwayProvisioner) provisioner = slipway_provisioner_new (TEST_URI);
  g_autofree char *image = slipway_test_make_disk_image ();
  g_autoptr(GSettings) settings = g_settings_new ("io.github.slipway.Slipway");
  SlipwayTerminalGroup *group;
  AdwTabView *view;
  AdwTabBar *bar;
  SlipwayWindow *window;

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  g_settings_reset (settings, "window-maximized");
  create_cluster_sized (provisioner, image, 3, 3);
  window = open_window (TEST_URI);
  wait_row_state (window, "worker2", "Booting");
  wait_content_page (window, "terminals");
  spin_until (is_mapped, window, "the window on screen");
  g_test_message ("window %d x %d", gtk_widget_get_width (GTK_WIDGET (window)),
                  gtk_widget_get_height (GTK_WIDGET (window)));

  /* A cluster opens on its Overview: the tabs are one page on. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-group", "i",
                                             SLIPWAY_GROUP_ALL));
  group = slipway_window_get_group (window, SLIPWAY_GROUP_ALL);
  view = slipway_terminal_group_get_tab_view (group);
  g_assert_cmpint (adw_tab_view_get_n_pages (view), ==, 7);
  bar = ADW_TAB_BAR (find_widget (GTK_WIDGET (group), is_tab_bar, NULL));
  g_assert_nonnull (bar);
  spin_until (is_mapped, bar, "the tab bar on screen");

  /* Each tab selected in turn: the selected one shows its close button. */
  for (int i = 0; i < adw_tab_view_get_n_pages (view); i++)
    {
      AdwTabPage *selected = adw_tab_view_get_nth_page (view, i);

      adw_tab_view_set_selected_page (view, selected);
      wait_frames (GTK_WIDGET (bar));
      for (int j = 0; j < adw_tab_view_get_n_pages (view); j++)
        assert_tab_label_whole (bar, adw_tab_view_get_nth_page (view, j));
    }

  adw_tab_view_set_selected_page (view, adw_tab_view_get_nth_page (view, 0));
  wait_frames (GTK_WIDGET (bar));
  save_screenshot (GTK_WIDGET (window), "window-console-tabs-default");

  /* Narrow: the sidebar folds away and the tabs scroll, still whole. */
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  wait_frames (GTK_WIDGET (window));
  wait_frames (GTK_WIDGET (bar));
  assert_tab_label_whole (bar, adw_tab_view_get_nth_page (view, 0));
  save_screenshot (GTK_WIDGET (window), "window-console-tabs-800");

  close_window (window);
  destroy_cluster (provisioner);
  g_unlink (image);
}

static void
add_tests (void)
{
  g_test_add_func ("/slipway/window-console/late-tab", test_window_console_late_tab);
  g_test_add_func ("/slipway/window-console/tab-labels", test_window_console_tab_labels);
}

int
main (int   argc,
      char *argv[])
{
  return window_test_main (&argc, &argv, add_tests);
}
