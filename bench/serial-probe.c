/* serial-probe.c: serial console throughput into the Slipway window's terminal
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   usage: bench-serial-probe [--uri URI] [--timeout S] CLUSTER NODE   (needs a display)
 *
 * Shows the node's serial console the way the Slipway window does — a
 * SlipwayConsole (the libvirt console stream) feeding a SlipwaySerialTab
 * (its VTE terminal) in a window on the screen — and prints "attached" on
 * the standard output once the console is connected. Then whoever runs it
 * makes the guest write
 *
 *   #BENCH-START# ...payload... #BENCH-END#
 *
 * to its serial port. The probe counts the bytes between the markers as they
 * arrive from the stream, and notes when the end marker arrived and when the
 * terminal first shows it on its screen (VTE parses what it is fed in its
 * own time). It prints CSV and exits:
 *
 *   bytes,stream_s,screen_s
 *
 * bytes: received between the markers; stream_s: from the start marker to
 * the end marker, as received; screen_s: from the start marker until the
 * end marker is on the terminal's screen.
 */

#include "config.h"

#include <adwaita.h>
#include <libvirt-gobject/libvirt-gobject.h>
#include <stdio.h>
#include <string.h>
#include <libvirt-gobject/libvirt-gobject.h>

#include "slipway-serial-tab.h"
#include "slipway.h"

#define START_MARKER "#BENCH-START#"
#define END_MARKER   "#BENCH-END#"

typedef struct
{
  GtkApplication      *app;
  GtkWidget           *window;
  SlipwayConnection   *connection;
  SlipwayCluster      *model;
  SlipwayConsole      *stream;
  SlipwaySerialTab    *tab;
  char                *cluster;
  char                *node;
  GString             *tail;          /* the last bytes, for markers split across chunks */
  gint64               t_start;
  gint64               t_end_stream;
  gint64               t_end_screen;
  guint64              bytes;
  gboolean             attached;
  int                  status;
} Probe;

static void
quit (Probe      *probe,
      int         status,
      const char *message)
{
  if (message != NULL)
    g_printerr ("bench-serial-probe: %s\n", message);
  probe->status = status;
  if (probe->window != NULL)
    gtk_window_destroy (GTK_WINDOW (probe->window));
  g_application_quit (G_APPLICATION (probe->app));
}

/* Whether the lines around the terminal's cursor show the end marker. */
static gboolean
screen_shows_end (Probe *probe)
{
  VteTerminal *terminal = slipway_console_tab_get_terminal (SLIPWAY_CONSOLE_TAB (probe->tab));
  g_autofree char *text = NULL;
  long row, col;

  vte_terminal_get_cursor_position (terminal, &col, &row);
  text = vte_terminal_get_text_range (terminal, MAX (0, row - 2), 0, row,
                                      vte_terminal_get_column_count (terminal), NULL, NULL, NULL);

  return text != NULL && strstr (text, END_MARKER) != NULL;
}

static void
check_screen (Probe *probe)
{
  if (probe->t_end_stream == 0 || probe->t_end_screen != 0 || !screen_shows_end (probe))
    return;

  probe->t_end_screen = g_get_monotonic_time ();
  printf ("bytes,stream_s,screen_s\n%" G_GUINT64_FORMAT ",%.6f,%.6f\n", probe->bytes,
          (probe->t_end_stream - probe->t_start) / 1e6,
          (probe->t_end_screen - probe->t_start) / 1e6);
  fflush (stdout);
  quit (probe, 0, NULL);
}

static void
on_contents_changed_cb (VteTerminal *terminal,
                        Probe       *probe)
{
  check_screen (probe);
}

/* Runs after the tab's own handler has fed the terminal. */
static void
on_data_cb (SlipwayConsole *stream,
            GBytes         *bytes,
            Probe          *probe)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  gint64 now = g_get_monotonic_time ();
  gsize keep = strlen (START_MARKER);
  const char *found;
  gsize before;

  if (probe->t_end_stream != 0)
    return;

  before = probe->tail->len;
  g_string_append_len (probe->tail, data, size);

  if (probe->t_start == 0)
    {
      found = g_strstr_len (probe->tail->str, probe->tail->len, START_MARKER);
      if (found == NULL)
        {
          if (probe->tail->len > keep)
            g_string_erase (probe->tail, 0, probe->tail->len - keep);
          return;
        }
      probe->t_start = now;
      g_string_erase (probe->tail, 0, found - probe->tail->str + strlen (START_MARKER));
      before = 0;
    }

  found = g_strstr_len (probe->tail->str, probe->tail->len, END_MARKER);
  if (found != NULL)
    {
      probe->bytes += (found - probe->tail->str) - before;
      probe->t_end_stream = now;
      check_screen (probe);
      return;
    }

  probe->bytes += probe->tail->len - before;
  keep = strlen (END_MARKER);
  if (probe->tail->len > keep)
    g_string_erase (probe->tail, 0, probe->tail->len - keep);
}

static void
on_status_cb (SlipwayConsole *stream,
              GParamSpec     *pspec,
              Probe          *probe)
{
  if (!probe->attached &&
      slipway_console_get_status (stream) == SLIPWAY_CONSOLE_STATUS_CONNECTED)
    {
      probe->attached = TRUE;
      printf ("attached\n");
      fflush (stdout);
    }
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Probe *probe = user_data;
  g_autoptr(GError) error = NULL;
  SlipwayNode *node;

  probe->model = slipway_connection_load_cluster_finish (probe->connection, result, &error);
  if (probe->model == NULL)
    {
      quit (probe, 1, error->message);
      return;
    }

  node = slipway_cluster_find_node (probe->model, probe->node);
  if (node == NULL)
    {
      quit (probe, 1, "no such node");
      return;
    }

  /* As the window builds a node's serial tab; the console follows the
   * node by itself. */
  probe->stream = slipway_cluster_get_console (probe->model, probe->node);
  probe->tab = SLIPWAY_SERIAL_TAB (slipway_serial_tab_new (node, probe->stream, TRUE));
  g_signal_connect (probe->stream, "data", G_CALLBACK (on_data_cb), probe);
  g_signal_connect (probe->stream, "notify::status", G_CALLBACK (on_status_cb), probe);
  g_signal_connect (slipway_console_tab_get_terminal (SLIPWAY_CONSOLE_TAB (probe->tab)),
                    "contents-changed", G_CALLBACK (on_contents_changed_cb), probe);

  gtk_window_set_child (GTK_WINDOW (probe->window), GTK_WIDGET (probe->tab));
  slipway_console_set_running (probe->stream, TRUE);
}

static gboolean
timeout_cb (gpointer user_data)
{
  Probe *probe = user_data;

  quit (probe, 1, probe->attached ? "the end marker never arrived"
                                  : "the serial console never connected");
  return G_SOURCE_REMOVE;
}

static void
activate_cb (GtkApplication *app,
             Probe          *probe)
{
  probe->window = gtk_application_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (probe->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (probe->window));
  slipway_connection_load_cluster_async (probe->connection, probe->cluster, NULL, load_cb, probe);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdwApplication) app = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new ("CLUSTER NODE");
  g_autofree char *uri = NULL;
  int timeout = 600;
  Probe probe = { 0 };
  GOptionEntry entries[] = {
    { "uri", 0, 0, G_OPTION_ARG_STRING, &uri, "libvirt URI (default qemu:///system)", "URI" },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout, "Give up after S seconds", "S" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 3 || timeout < 1)
    {
      g_printerr ("bench-serial-probe: %s\n", error ? error->message : "usage: CLUSTER NODE");
      return 2;
    }
  if (!gvir_init_object_check (NULL, NULL, &error))
    {
      g_printerr ("bench-serial-probe: %s\n", error->message);
      return 1;
    }

  probe.cluster = argv[1];
  probe.node = argv[2];
  probe.tail = g_string_new (NULL);
  probe.connection = slipway_connection_new (uri ? uri : "qemu:///system");

  app = adw_application_new ("io.github.slipway.BenchSerialProbe", G_APPLICATION_NON_UNIQUE);
  probe.app = GTK_APPLICATION (app);
  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), &probe);
  g_timeout_add_seconds (timeout, timeout_cb, &probe);
  g_application_run (G_APPLICATION (app), 1, argv);

  /* The console stream is abandoned on dispose, as the window does. */
  g_clear_object (&probe.stream);
  g_clear_object (&probe.model);
  g_clear_object (&probe.connection);
  g_string_free (probe.tail, TRUE);

  return probe.status;
}
