/* stall-probe.c: the longest main-loop stall of the Slipway window while a
 * cluster is created and reset
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   usage: bench-stall-probe [--nodes N] [--uri URI] [--gaps MS]   (needs a display)
 *
 * Opens Slipway's real main window (SlipwayWindow, from the GUI's static
 * library) on URI (default test:///default), and in the same process, on the
 * same GTK main loop, creates a cluster of N nodes with libslipway, resets
 * every node of it, then destroys it. While that runs, two probes record
 * when the main loop got to run:
 *
 *   - "tick":  a frame-clock tick callback on the window (one per frame);
 *   - "timer": a 1 ms GLib timeout.
 *
 * A gap between two consecutive probe runs is time the main loop was busy
 * (or idle waiting for the next frame: a tick gap is at least one frame).
 * Prints CSV on the standard output:
 *
 *   probe,phase,samples,max_ms,p99_ms,median_ms,duration_s,window
 *
 * "window" is the class of the window that was open (SlipwayWindow, or
 * GtkWindow when the application's window could not be built).
 *
 * With --gaps MS, every timer gap of MS or more is also told on the standard
 * error, with where the main thread's time went meanwhile (its
 * /proc/thread-self/schedstat): on a CPU, runnable but waiting for one, or
 * neither (blocked in a system call, or idle in poll()):
 *
 *   gap,PHASE,END_S,GAP_MS,ON_CPU_MS,RUNNABLE_MS,BLOCKED_MS
 *
 * END_S is CLOCK_MONOTONIC, as in `perf record -k mono`.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "slipway.h"
#include "bench-image.h"

/* From the GUI's static library; declared here rather than through its header
 * so that this probe does not depend on the rest of the window's API. */
GType slipway_window_get_type (void);

typedef struct
{
  GArray *gaps;        /* double, ms */
  gint64  last;
} Probe;

typedef enum
{
  PHASE_SETTLE,
  PHASE_CREATE,
  PHASE_RESET,
  PHASE_DESTROY,
  PHASE_DONE,
  N_PHASES
} Phase;

typedef struct
{
  GtkApplication     *app;
  GtkWidget          *window;
  const char         *window_class;
  SlipwayConnection  *connection;
  SlipwaySpec        *spec;
  char               *image;
  char               *uri;
  guint               nodes;
  Phase               phase;
  gint64              phase_start[N_PHASES];
  Probe               tick[N_PHASES];
  Probe               timer[N_PHASES];
  guint               timer_id;
  int                 status;
  double              gaps_ms;         /* 0: do not tell */
  int                 schedstat_fd;
  guint64             sched_run_ns;    /* at the last timer run */
  guint64             sched_wait_ns;
} Bench;

static const char * const phase_names[N_PHASES] = { "idle", "create", "reset", "destroy", "done" };

/* The main thread's time on a CPU and waiting for one, in ns. */
static gboolean
read_schedstat (Bench   *bench,
                guint64 *run_ns,
                guint64 *wait_ns)
{
  char buf[128];
  ssize_t len;

  if (bench->schedstat_fd < 0)
    return FALSE;
  len = pread (bench->schedstat_fd, buf, sizeof buf - 1, 0);
  if (len <= 0)
    return FALSE;
  buf[len] = '\0';
  return sscanf (buf, "%" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT, run_ns, wait_ns) == 2;
}

static void
probe_hit (Probe *probes,
           Phase  phase)
{
  gint64 now = g_get_monotonic_time ();
  Probe *probe = &probes[phase];

  if (probe->last != 0)
    {
      double gap = (now - probe->last) / 1000.0;
      g_array_append_val (probe->gaps, gap);
    }
  probe->last = now;
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  Bench *bench = user_data;

  if (bench->phase != PHASE_DONE)
    probe_hit (bench->tick, bench->phase);
  return G_SOURCE_CONTINUE;
}

static gboolean
timer_cb (gpointer user_data)
{
  Bench *bench = user_data;
  Probe *probe = &bench->timer[bench->phase];
  gint64 last = probe->last;
  guint64 run_ns = 0, wait_ns = 0;

  if (bench->phase == PHASE_DONE)
    return G_SOURCE_CONTINUE;

  probe_hit (bench->timer, bench->phase);
  if (bench->gaps_ms <= 0 || !read_schedstat (bench, &run_ns, &wait_ns))
    return G_SOURCE_CONTINUE;

  if (last != 0 && bench->sched_run_ns != 0 &&
      (probe->last - last) / 1000.0 >= bench->gaps_ms)
    {
      double gap = (probe->last - last) / 1000.0;
      double on_cpu = (run_ns - bench->sched_run_ns) / 1e6;
      double runnable = (wait_ns - bench->sched_wait_ns) / 1e6;

      g_printerr ("gap,%s,%.3f,%.3f,%.3f,%.3f,%.3f\n", phase_names[bench->phase],
                  probe->last / 1e6, gap, on_cpu, runnable,
                  MAX (0.0, gap - on_cpu - runnable));
    }
  bench->sched_run_ns = run_ns;
  bench->sched_wait_ns = wait_ns;
  return G_SOURCE_CONTINUE;
}

static int
cmp_double (gconstpointer a,
            gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double
quantile (GArray *sorted,
          double  q)
{
  double pos;
  guint lo;

  if (sorted->len == 0)
    return 0.0;
  pos = q * (sorted->len - 1);
  lo = (guint)pos;
  if (lo + 1 >= sorted->len)
    return g_array_index (sorted, double, sorted->len - 1);
  return g_array_index (sorted, double, lo) +
         (pos - lo) * (g_array_index (sorted, double, lo + 1) - g_array_index (sorted, double, lo));
}

static void
print_probe (Bench      *bench,
             const char *name,
             Probe      *probes,
             guint       first,
             guint       last,
             const char *label)
{
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (double));
  double duration = (bench->phase_start[last + 1] - bench->phase_start[first]) / 1e6;

  for (guint p = first; p <= last; p++)
    g_array_append_vals (all, probes[p].gaps->data, probes[p].gaps->len);
  g_array_sort (all, cmp_double);

  printf ("%s,%s,%u,%.3f,%.3f,%.3f,%.3f,%s\n", name, label, all->len,
          all->len ? g_array_index (all, double, all->len - 1) : 0.0,
          quantile (all, 0.99), quantile (all, 0.5), duration, bench->window_class);
}

static void
set_phase (Bench *bench,
           Phase  phase)
{
  bench->phase = phase;
  bench->phase_start[phase] = g_get_monotonic_time ();
}

static void finish (Bench *bench, GError *error);

static void
destroy_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Bench *bench = user_data;
  g_autoptr(GError) error = NULL;

  slipway_cluster_destroy_finish (SLIPWAY_CLUSTER (object), result, &error);
  set_phase (bench, PHASE_DONE);
  finish (bench, g_steal_pointer (&error));
}

/* Destroys what there is of the bench's cluster. */
static void
destroy_cluster (Bench *bench)
{
  SlipwayCluster *cluster = slipway_connection_find_cluster (bench->connection, bench->spec->name);

  set_phase (bench, PHASE_DESTROY);
  if (cluster == NULL)
    {
      set_phase (bench, PHASE_DONE);
      finish (bench, NULL);
      return;
    }
  slipway_cluster_destroy_async (cluster,
                                 SLIPWAY_DESTROY_FLAGS_DELETE_KEYS | SLIPWAY_DESTROY_FLAGS_DELETE_IMAGE,
                                 NULL, destroy_done_cb, bench);
}

static void
reset_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Bench *bench = user_data;
  GError *error = NULL;

  if (!slipway_cluster_run_finish (SLIPWAY_CLUSTER (object), result, &error))
    {
      bench->status = 1;
      g_printerr ("bench-stall-probe: reset: %s\n", error->message);
      g_clear_error (&error);
    }
  destroy_cluster (bench);
}

static void
create_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Bench *bench = user_data;
  g_autoptr(SlipwayCluster) cluster = NULL;
  GError *error = NULL;

  cluster = slipway_connection_create_cluster_finish (bench->connection, result, &error);
  if (cluster == NULL)
    {
      bench->status = 1;
      g_printerr ("bench-stall-probe: create: %s\n", error->message);
      g_clear_error (&error);
      destroy_cluster (bench);
      return;
    }
  set_phase (bench, PHASE_RESET);
  slipway_cluster_run_async (cluster, SLIPWAY_OPERATION_RESET, NULL, NULL, reset_done_cb, bench);
}

static void
plan_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Bench *bench = user_data;
  g_autoptr(SlipwayPlan) plan = NULL;
  g_autoptr(GError) error = NULL;

  plan = slipway_connection_plan_finish (bench->connection, result, &error);
  if (plan == NULL)
    g_error ("stall-probe: could not plan the cluster: %s", error->message);

  slipway_connection_create_cluster_async (bench->connection, plan, NULL, create_done_cb, bench);
}

static gboolean
start_cb (gpointer user_data)
{
  Bench *bench = user_data;

  set_phase (bench, PHASE_CREATE);
  slipway_connection_plan_async (bench->connection, bench->spec, NULL, plan_done_cb, bench);
  return G_SOURCE_REMOVE;
}

static void
finish (Bench  *bench,
        GError *error)
{
  if (error != NULL)
    {
      g_printerr ("bench-stall-probe: destroy: %s\n", error->message);
      bench->status = 1;
      g_error_free (error);
    }

  printf ("probe,phase,samples,max_ms,p99_ms,median_ms,duration_s,window\n");
  print_probe (bench, "tick", bench->tick, PHASE_SETTLE, PHASE_SETTLE, "idle");
  print_probe (bench, "tick", bench->tick, PHASE_CREATE, PHASE_CREATE, "create");
  print_probe (bench, "tick", bench->tick, PHASE_RESET, PHASE_RESET, "reset");
  print_probe (bench, "tick", bench->tick, PHASE_CREATE, PHASE_RESET, "create+reset");
  print_probe (bench, "timer", bench->timer, PHASE_SETTLE, PHASE_SETTLE, "idle");
  print_probe (bench, "timer", bench->timer, PHASE_CREATE, PHASE_CREATE, "create");
  print_probe (bench, "timer", bench->timer, PHASE_RESET, PHASE_RESET, "reset");
  print_probe (bench, "timer", bench->timer, PHASE_CREATE, PHASE_RESET, "create+reset");
  fflush (stdout);

  gtk_window_destroy (GTK_WINDOW (bench->window));
  g_application_quit (G_APPLICATION (bench->app));
}

static void
activate_cb (GtkApplication *app,
             Bench          *bench)
{
  GType window_type = slipway_window_get_type ();
  GObjectClass *klass = g_type_class_ref (window_type);

  if (g_object_class_find_property (klass, "uri") != NULL)
    {
      bench->window = g_object_new (window_type, "application", app, "uri", bench->uri, NULL);
      bench->window_class = G_OBJECT_TYPE_NAME (bench->window);
    }
  else
    {
      bench->window = gtk_application_window_new (app);
      bench->window_class = "GtkWindow";
    }
  g_type_class_unref (klass);

  gtk_widget_add_tick_callback (bench->window, tick_cb, bench, NULL);
  bench->timer_id = g_timeout_add (1, timer_cb, bench);
  gtk_window_present (GTK_WINDOW (bench->window));

  /* Let the window load and settle (the "idle" numbers), then start. */
  set_phase (bench, PHASE_SETTLE);
  g_timeout_add (1500, start_cb, bench);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdwApplication) app = NULL;
  g_autofree char *data_home = NULL;
  Bench bench = { 0 };
  int nodes = 7;
  double gaps_ms = 0;
  char *uri = NULL;
  GOptionEntry entries[] = {
    { "nodes", 'n', 0, G_OPTION_ARG_INT, &nodes, "Nodes of the cluster", "N" },
    { "uri", 0, 0, G_OPTION_ARG_STRING, &uri, "libvirt URI (default test:///default)", "URI" },
    { "gaps", 0, 0, G_OPTION_ARG_DOUBLE, &gaps_ms, "Tell every timer gap of MS or more on stderr", "MS" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  guint rest;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || nodes < 1)
    {
      g_printerr ("bench-stall-probe: %s\n", error ? error->message : "bad --nodes");
      return 2;
    }
  bench.uri = uri ? uri : g_strdup ("test:///default");
  bench.nodes = (guint)nodes;
  bench.gaps_ms = gaps_ms;
  bench.schedstat_fd = gaps_ms > 0 ? open ("/proc/thread-self/schedstat", O_RDONLY | O_CLOEXEC) : -1;

  data_home = g_dir_make_tmp ("slipway-bench-stall-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  bench.image = bench_make_disk_image (&error);
  g_assert_no_error (error);

  bench.spec = slipway_spec_new_default ("bench-stall");
  g_free (bench.spec->image);
  bench.spec->image = g_strdup (bench.image);
  g_free (bench.spec->subnet);
  bench.spec->subnet = g_strdup ("10.239.200.0/24");
  bench.spec->network = SLIPWAY_NETWORK_ISOLATED;
  bench.spec->accelerator = SLIPWAY_ACCELERATOR_TCG;
  rest = bench.nodes - 1;
  bench.spec->roles[SLIPWAY_ROLE_GATEWAY].count = 1;
  bench.spec->roles[SLIPWAY_ROLE_CONTROL].count = MIN (3, rest);
  bench.spec->roles[SLIPWAY_ROLE_WORKER].count = rest - MIN (3, rest);
  for (guint i = 0; i < SLIPWAY_N_ROLES; i++)
    {
      bench.spec->roles[i].vcpus = 1;
      bench.spec->roles[i].memory_bytes = 512ull * 1024 * 1024;
      bench.spec->roles[i].disk_bytes = 2ull * 1024 * 1024 * 1024;
    }

  for (guint p = 0; p < N_PHASES; p++)
    {
      bench.tick[p].gaps = g_array_new (FALSE, FALSE, sizeof (double));
      bench.timer[p].gaps = g_array_new (FALSE, FALSE, sizeof (double));
    }

  bench.connection = slipway_connection_new (bench.uri);
  slipway_connection_set_stop_timeout (bench.connection, 2);

  app = adw_application_new ("io.github.slipway.BenchStallProbe", G_APPLICATION_NON_UNIQUE);
  bench.app = GTK_APPLICATION (app);
  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), &bench);
  g_application_run (G_APPLICATION (app), 1, argv);

  if (bench.timer_id)
    g_source_remove (bench.timer_id);
  g_clear_object (&bench.connection);
  slipway_spec_free (bench.spec);
  g_unlink (bench.image);
  g_free (bench.image);
  g_free (bench.uri);
  if (bench.schedstat_fd >= 0)
    close (bench.schedstat_fd);
  for (guint p = 0; p < N_PHASES; p++)
    {
      g_array_unref (bench.tick[p].gaps);
      g_array_unref (bench.timer[p].gaps);
    }
  {
    g_autofree char *clusters = g_build_filename (data_home, "slipway", "clusters", NULL);
    g_autofree char *slipway = g_build_filename (data_home, "slipway", NULL);

    g_rmdir (clusters);
    g_rmdir (slipway);
    g_rmdir (data_home);
  }
  return bench.status;
}
