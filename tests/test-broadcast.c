/* test-broadcast.c: terminal groups, tiles and broadcast, on local ptys
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "slipway-console-tab.h"
#include "slipway-node-private.h"
#include "slipway-node-pane.h"
#include "slipway-terminal-group.h"
#include "ui-test-utils.h"

/* A console tab whose terminal runs `cat > FILE` on a local pty: FILE gets
 * exactly what reached the terminal's child, typed, pasted, mirrored or
 * replied. The line discipline stays cooked, so a line arrives with its
 * newline. */
#define TEST_TYPE_PTY_TAB (test_pty_tab_get_type ())
G_DECLARE_FINAL_TYPE (TestPtyTab, test_pty_tab, TEST, PTY_TAB, SlipwayConsoleTab)

struct _TestPtyTab
{
  SlipwayConsoleTab parent_instance;
  char *path;
};

G_DEFINE_FINAL_TYPE (TestPtyTab, test_pty_tab, SLIPWAY_TYPE_CONSOLE_TAB)

static void
test_pty_tab_finalize (GObject *object)
{
  TestPtyTab *self = TEST_PTY_TAB (object);

  g_unlink (self->path);
  g_free (self->path);
  G_OBJECT_CLASS (test_pty_tab_parent_class)->finalize (object);
}

static void
test_pty_tab_class_init (TestPtyTabClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_pty_tab_finalize;
  SLIPWAY_CONSOLE_TAB_CLASS (klass)->kind_title = "test terminal";
}

static void
test_pty_tab_init (TestPtyTab *self)
{
}

static char *tmp_dir;

static gboolean
has_pty (gpointer data)
{
  return vte_terminal_get_pty (slipway_console_tab_get_terminal (data)) != NULL;
}

static TestPtyTab *
test_pty_tab_new (SlipwayNode     *item,
                  const char      *slot)
{
  TestPtyTab *self = g_object_new (TEST_TYPE_PTY_TAB, "node", item, NULL);
  static guint serial;
  g_autofree char *name = g_strdup_printf ("%s-%s-%u", slipway_node_get_name (item), slot, serial++);
  g_autofree char *script = NULL;
  const char *argv[] = { "/bin/sh", "-c", NULL, NULL };

  self->path = g_build_filename (tmp_dir, name, NULL);
  g_assert_true (g_file_set_contents (self->path, "", 0, NULL));
  script = g_strdup_printf ("exec cat > '%s'", self->path);
  argv[2] = script;
  slipway_console_tab_spawn (SLIPWAY_CONSOLE_TAB (self), argv);

  return self;
}

static char *
received (TestPtyTab *tab)
{
  char *contents = NULL;

  g_assert_true (g_file_get_contents (tab->path, &contents, NULL, NULL));
  return contents;
}

typedef struct
{
  TestPtyTab *tab;
  const char *text;
} Expect;

static gboolean
tab_received (gpointer data)
{
  Expect *e = data;
  g_autofree char *contents = received (e->tab);

  return strstr (contents, e->text) != NULL;
}

static void
wait_received (TestPtyTab *tab,
               const char *text)
{
  Expect e = { tab, text };
  g_autofree char *what = g_strdup_printf ("“%s” to reach %s", text, tab->path);

  spin_until (tab_received, &e, what);
}

static void
assert_received (TestPtyTab *tab,
                 const char *text)
{
  g_autofree char *contents = received (tab);

  g_assert_cmpstr (contents, ==, text);
}

/* ------------------------------------------------------------------------ */

#define N_WORKERS 3

typedef struct
{
  GtkWindow            *window;
  SlipwayTerminalGroup *workers;
  SlipwayTerminalGroup *control;
  TestPtyTab           *serial[N_WORKERS];
  TestPtyTab           *ssh[N_WORKERS];
  TestPtyTab           *control_serial;
  TestPtyTab           *control_ssh;
} Fixture;

static SlipwayNode     *
make_item (const char  *name,
           SlipwayRole  role,
           guint        id)
{
  g_autofree char *ipv4 = g_strdup_printf ("10.234.9.%u", 10 + id);
  SlipwayNodeInfo info = { .id = id, .role = role, .name = (char *)name, .ipv4 = ipv4 };

  return _slipway_node_new (&info);
}

static SlipwayNodePane *
make_pane (SlipwayNode      *item,
           TestPtyTab      **serial,
           TestPtyTab      **ssh)
{
  *serial = test_pty_tab_new (item, "serial");
  *ssh = test_pty_tab_new (item, "ssh");

  return SLIPWAY_NODE_PANE (slipway_node_pane_new (item, SLIPWAY_CONSOLE_TAB (*serial),
                                                   SLIPWAY_CONSOLE_TAB (*ssh)));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  g_autoptr(SlipwayNode) control = make_item ("control0", SLIPWAY_ROLE_CONTROL, 0);

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1280, 700);
  f->workers = SLIPWAY_TERMINAL_GROUP (slipway_terminal_group_new ("worker", "Workers"));
  f->control = SLIPWAY_TERMINAL_GROUP (slipway_terminal_group_new ("control", "Control plane"));
  gtk_widget_set_hexpand (GTK_WIDGET (f->workers), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->workers));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->control));
  gtk_window_set_child (f->window, box);

  for (guint i = 0; i < N_WORKERS; i++)
    {
      g_autofree char *name = g_strdup_printf ("worker%u", i);
      g_autoptr(SlipwayNode) item = make_item (name, SLIPWAY_ROLE_WORKER, 1 + i);

      slipway_terminal_group_add_pane (f->workers, make_pane (item, &f->serial[i], &f->ssh[i]));
    }
  slipway_terminal_group_add_pane (f->control, make_pane (control, &f->control_serial, &f->control_ssh));

  gtk_window_present (f->window);

  for (guint i = 0; i < N_WORKERS; i++)
    {
      spin_until (has_pty, f->serial[i], "a pty");
      spin_until (has_pty, f->ssh[i], "a pty");
    }
  spin_until (has_pty, f->control_serial, "a pty");
  spin_until (has_pty, f->control_ssh, "a pty");
  /* Let every `cat` start and open its file. */
  spin_for (500);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gpointer weak = f->workers;

  g_object_add_weak_pointer (G_OBJECT (f->workers), &weak);
  gtk_window_destroy (f->window);
  spin_until (pointer_is_null, &weak, "the group to be finalized");
}

/* What typing a key does: the key controller sees the press, then VTE
 * commits the text, in the same dispatch. */
static void
type_key (TestPtyTab *tab,
          guint       keyval,
          const char *text)
{
  VteTerminal *terminal = slipway_console_tab_get_terminal (SLIPWAY_CONSOLE_TAB (tab));
  GListModel *controllers = gtk_widget_observe_controllers (GTK_WIDGET (terminal));
  gboolean handled = FALSE;
  gboolean found = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !found; i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller) &&
          gtk_event_controller_get_propagation_phase (controller) == GTK_PHASE_CAPTURE)
        {
          g_signal_emit_by_name (controller, "key-pressed", keyval, 0, (GdkModifierType)0, &handled);
          found = TRUE;
        }
    }
  g_object_unref (controllers);

  g_assert_true (found);
  g_assert_false (handled);
  vte_terminal_feed_child (terminal, text, strlen (text));
  /* The dispatch ends. */
  spin_for (20);
}

static void
type_text (TestPtyTab *tab,
           const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      char c[2] = { *p, '\0' };

      type_key (tab, *p == '\r' ? GDK_KEY_Return : gdk_unicode_to_keyval (*p), c);
    }
}

static void
test_broadcast_off (Fixture       *f,
                    gconstpointer  data)
{
  g_assert_false (slipway_terminal_group_get_broadcast (f->workers));

  type_text (f->serial[0], "alone\r");
  wait_received (f->serial[0], "alone\n");
  spin_for (300);
  assert_received (f->serial[1], "");
  assert_received (f->serial[2], "");
}

static void
test_broadcast_mirrors_typing (Fixture       *f,
                               gconstpointer  data)
{
  SlipwayConsoleTab *tab = SLIPWAY_CONSOLE_TAB (f->serial[1]);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->workers), "group.broadcast", NULL));
  g_assert_true (slipway_terminal_group_get_broadcast (f->workers));

  /* Clearly shown: on every terminal of the group, on none elsewhere. */
  for (guint i = 0; i < N_WORKERS; i++)
    {
      g_assert_true (slipway_console_tab_get_broadcasting (SLIPWAY_CONSOLE_TAB (f->serial[i])));
      g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (f->ssh[i]), "broadcasting"));
    }
  g_assert_false (slipway_console_tab_get_broadcasting (SLIPWAY_CONSOLE_TAB (f->control_serial)));
  save_screenshot (GTK_WIDGET (f->window), "broadcast");

  /* Typed in worker1's serial console: every worker's serial console gets
   * it once; no SSH session, no other group. */
  type_text (f->serial[1], "uname -a\r");
  for (guint i = 0; i < N_WORKERS; i++)
    wait_received (f->serial[i], "uname -a\n");
  spin_for (300);
  for (guint i = 0; i < N_WORKERS; i++)
    {
      assert_received (f->serial[i], "uname -a\n");
      assert_received (f->ssh[i], "");
    }
  assert_received (f->control_serial, "");

  /* Pasted in worker2's SSH session: every worker's SSH session. */
  slipway_console_tab_send_user_input (SLIPWAY_CONSOLE_TAB (f->ssh[2]), "pasted\n", -1);
  for (guint i = 0; i < N_WORKERS; i++)
    wait_received (f->ssh[i], "pasted\n");
  spin_for (300);
  for (guint i = 0; i < N_WORKERS; i++)
    assert_received (f->ssh[i], "pasted\n");
  assert_received (f->control_ssh, "");

  /* Off again: back to one terminal. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->workers), "group.broadcast", NULL));
  g_assert_false (slipway_console_tab_get_broadcasting (tab));
  type_text (f->serial[1], "solo\r");
  wait_received (f->serial[1], "solo\n");
  spin_for (300);
  assert_received (f->serial[0], "uname -a\n");
}

static void
test_broadcast_not_replies (Fixture       *f,
                            gconstpointer  data)
{
  VteTerminal *terminal = slipway_console_tab_get_terminal (SLIPWAY_CONSOLE_TAB (f->serial[0]));
  g_autofree char *contents = NULL;

  slipway_terminal_group_set_broadcast (f->workers, TRUE);

  /* The guest asks worker0's terminal who it is (DA1) and where its cursor
   * is (DSR): the terminal answers its own child, and no one else. */
  vte_terminal_feed (terminal, "\033[c", 3);
  vte_terminal_feed (terminal, "\033[6n", 4);
  spin_for (300);
  type_text (f->serial[0], "after\r");
  wait_received (f->serial[0], "after\n");
  for (guint i = 1; i < N_WORKERS; i++)
    wait_received (f->serial[i], "after\n");
  spin_for (300);

  contents = received (f->serial[0]);
  g_test_message ("worker0 received: %s", g_strescape (contents, NULL));
  g_assert_nonnull (strstr (contents, "\033[?"));   /* its DA1 reply */
  g_assert_nonnull (strstr (contents, "R"));        /* its DSR reply */
  for (guint i = 1; i < N_WORKERS; i++)
    assert_received (f->serial[i], "after\n");
}

static void
test_group_tiled (Fixture       *f,
                  gconstpointer  data)
{
  SlipwayNodePane *pane = slipway_terminal_group_find_pane (f->workers, "worker2");
  AdwTabView *view = slipway_terminal_group_get_tab_view (f->workers);

  g_assert_cmpint (adw_tab_view_get_n_pages (view), ==, N_WORKERS);
  g_assert_cmpstr (adw_tab_page_get_title (adw_tab_view_get_nth_page (view, 2)), ==, "worker2");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->workers), "group.tiled", NULL));
  g_assert_true (GTK_IS_GRID (gtk_widget_get_parent (GTK_WIDGET (pane))));
  spin_for (200);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (slipway_terminal_group_find_pane (f->workers, "worker0"))));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (pane)));
  save_screenshot (GTK_WIDGET (f->window), "tiled");

  /* The terminals survive the move, and still take input. */
  type_text (f->serial[2], "tiled\r");
  wait_received (f->serial[2], "tiled\n");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->workers), "group.tiled", NULL));
  g_assert_true (ADW_IS_BIN (gtk_widget_get_parent (GTK_WIDGET (pane))));

  /* All SSH at once, like tmux's SSH windows. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->workers), "group.slot", "s", "ssh"));
  g_assert_cmpint (slipway_node_pane_get_slot (pane), ==, SLIPWAY_PANE_SLOT_SSH);

  /* Closing a node's tab hides it; showing the node brings it back. */
  adw_tab_view_close_page (view, adw_tab_view_get_nth_page (view, 0));
  spin_for (100);
  g_assert_cmpint (adw_tab_view_get_n_pages (view), ==, N_WORKERS - 1);
  g_assert_true (slipway_terminal_group_show_node (f->workers, "worker0"));
  g_assert_cmpint (adw_tab_view_get_n_pages (view), ==, N_WORKERS);
  g_assert_cmpstr (adw_tab_page_get_title (adw_tab_view_get_nth_page (view, 0)), ==, "worker0");
}

static void
test_terminal_comfort (Fixture       *f,
                       gconstpointer  data)
{
  VteTerminal *terminal = slipway_console_tab_get_terminal (SLIPWAY_CONSOLE_TAB (f->serial[0]));
  double scale = vte_terminal_get_font_scale (terminal);

  g_assert_cmpint (vte_terminal_get_scrollback_lines (terminal), ==, 10000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->serial[0]), "term.zoom-in", NULL));
  g_assert_cmpfloat (vte_terminal_get_font_scale (terminal), >, scale);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->serial[0]), "term.zoom-reset", NULL));
  g_assert_cmpfloat (vte_terminal_get_font_scale (terminal), ==, 1.0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->serial[0]), "term.search", NULL));

  /* Ctrl+Shift+C/V are the tab's, not the guest's. */
  {
    GListModel *controllers = gtk_widget_observe_controllers (GTK_WIDGET (terminal));
    gboolean handled = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
      {
        g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

        if (GTK_IS_EVENT_CONTROLLER_KEY (controller) &&
            gtk_event_controller_get_propagation_phase (controller) == GTK_PHASE_CAPTURE)
          g_signal_emit_by_name (controller, "key-pressed", GDK_KEY_C, 0,
                                 GDK_CONTROL_MASK | GDK_SHIFT_MASK, &handled);
      }
    g_object_unref (controllers);
    g_assert_true (handled);
  }
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  load_app_style ();
  tmp_dir = g_dir_make_tmp ("slipway-test-broadcast-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);

  g_test_add ("/slipway/broadcast/off", Fixture, NULL, fixture_set_up, test_broadcast_off, fixture_tear_down);
  g_test_add ("/slipway/broadcast/mirrors-typing", Fixture, NULL, fixture_set_up, test_broadcast_mirrors_typing, fixture_tear_down);
  g_test_add ("/slipway/broadcast/not-replies", Fixture, NULL, fixture_set_up, test_broadcast_not_replies, fixture_tear_down);
  g_test_add ("/slipway/group/tiled", Fixture, NULL, fixture_set_up, test_group_tiled, fixture_tear_down);
  g_test_add ("/slipway/terminal/comfort", Fixture, NULL, fixture_set_up, test_terminal_comfort, fixture_tear_down);

  ret = g_test_run ();
  g_rmdir (tmp_dir);
  g_free (tmp_dir);

  return ret;
}
