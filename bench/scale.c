/* scale.c: how Slipway's create and destroy grow with the cluster size
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   usage: bench-scale [--repeat N] [--uri URI] SIZE...
 *
 * Creates and destroys clusters of SIZE nodes (gateway 1, the rest split
 * between control and worker) with libslipway on libvirt's test driver
 * (test:///default: its state lives inside this process, so this has to be
 * one program), spinning the default main context like the GUI does.
 * Prints CSV on the standard output:
 *
 *   nodes,rep,create_s,destroy_s
 *
 * Nothing here is a fake: every number is a g_get_monotonic_time()
 * difference around a real slipway_connection_create_cluster_async() or
 * slipway_cluster_destroy_async() call.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libvirt/libvirt.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <libvirt/libvirt.h>

#include "slipway.h"
#include "bench-image.h"

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static SlipwaySpec *
scale_spec (const char *name,
            const char *image,
            guint       nodes)
{
  SlipwaySpec *spec = slipway_spec_new_default (name);
  guint rest = nodes - 1;

  g_free (spec->image);
  spec->image = g_strdup (image);
  g_free (spec->subnet);
  /* A /24 holds 244 nodes at most, but a /16 keeps the DHCP range roomy. */
  spec->subnet = g_strdup (nodes > 100 ? "10.240.0.0/16" : "10.240.1.0/24");
  spec->network = SLIPWAY_NETWORK_ISOLATED;
  spec->accelerator = SLIPWAY_ACCELERATOR_TCG;
  spec->roles[SLIPWAY_ROLE_GATEWAY].count = 1;
  spec->roles[SLIPWAY_ROLE_CONTROL].count = MIN (3, rest);
  spec->roles[SLIPWAY_ROLE_WORKER].count = rest - MIN (3, rest);
  for (guint i = 0; i < SLIPWAY_N_ROLES; i++)
    {
      spec->roles[i].vcpus = 1;
      spec->roles[i].memory_bytes = 512ull * 1024 * 1024;
      spec->roles[i].disk_bytes = 2ull * 1024 * 1024 * 1024;
    }
  return spec;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlipwayConnection) connection = NULL;
  g_autofree char *image = NULL;
  g_autofree char *uri = g_strdup ("test:///default");
  g_autofree char *data_home = NULL;
  int repeat = 3;
  GOptionEntry entries[] = {
    { "repeat", 'r', 0, G_OPTION_ARG_INT, &repeat, "Runs per size", "N" },
    { "uri", 0, 0, G_OPTION_ARG_STRING, &uri, "libvirt URI (test driver)", "URI" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("SIZE...");
  virConnectPtr keepalive;
  int status = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc < 2 || repeat < 1)
    {
      g_printerr ("bench-scale: %s\n", error ? error->message : "usage: bench-scale [--repeat N] SIZE...");
      return 2;
    }

  /* Keys of these throw-away clusters go to a private folder. */
  data_home = g_dir_make_tmp ("slipway-bench-scale-XXXXXX", &error);
  if (data_home == NULL)
    {
      g_printerr ("bench-scale: %s\n", error->message);
      return 1;
    }
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  /* test:///default keeps its state while a connection is open. */
  keepalive = virConnectOpen (uri);
  if (keepalive == NULL)
    {
      g_printerr ("bench-scale: cannot open %s\n", uri);
      return 1;
    }

  image = bench_make_disk_image (&error);
  if (image == NULL)
    {
      g_printerr ("bench-scale: %s\n", error->message);
      return 1;
    }

  connection = slipway_connection_new (uri);
  slipway_connection_set_stop_timeout (connection, 2);

  printf ("nodes,rep,create_s,destroy_s\n");
  fflush (stdout);

  for (int a = 1; a < argc && status == 0; a++)
    {
      guint nodes = (guint)g_ascii_strtoull (argv[a], NULL, 10);

      if (nodes < 1 || nodes > SLIPWAY_MAX_NODES)
        {
          g_printerr ("bench-scale: bad size %s\n", argv[a]);
          status = 2;
          break;
        }

      for (int rep = 0; rep < repeat; rep++)
        {
          g_autofree char *name = g_strdup_printf ("bench-scale-%u-%d", nodes, rep);
          g_autoptr(SlipwaySpec) spec = scale_spec (name, image, nodes);
          g_autoptr(GAsyncResult) planned = NULL;
          g_autoptr(GAsyncResult) created = NULL;
          g_autoptr(GAsyncResult) destroyed = NULL;
          g_autoptr(SlipwayPlan) plan = NULL;
          g_autoptr(SlipwayCluster) cluster = NULL;
          gint64 t0, t1, t2;

          /* Planning (validation, host facts) is part of a create. */
          t0 = g_get_monotonic_time ();
          slipway_connection_plan_async (connection, spec, NULL, store_result_cb, &planned);
          plan = slipway_connection_plan_finish (connection, wait_result (&planned), &error);
          if (plan == NULL)
            {
              g_printerr ("bench-scale: plan of %u nodes: %s\n", nodes, error->message);
              status = 1;
              break;
            }
          slipway_connection_create_cluster_async (connection, plan, NULL, store_result_cb, &created);
          cluster = slipway_connection_create_cluster_finish (connection, wait_result (&created), &error);
          if (cluster == NULL)
            {
              g_printerr ("bench-scale: create of %u nodes: %s\n", nodes, error->message);
              status = 1;
              break;
            }
          t1 = g_get_monotonic_time ();
          slipway_cluster_destroy_async (cluster,
                                         SLIPWAY_DESTROY_FLAGS_DELETE_KEYS |
                                         SLIPWAY_DESTROY_FLAGS_DELETE_IMAGE,
                                         NULL, store_result_cb, &destroyed);
          if (!slipway_cluster_destroy_finish (cluster, wait_result (&destroyed), &error))
            {
              g_printerr ("bench-scale: destroy of %u nodes: %s\n", nodes, error->message);
              status = 1;
              break;
            }
          t2 = g_get_monotonic_time ();

          /* Progress reports still queued hold references. */
          while (g_main_context_iteration (NULL, FALSE))
            ;

          printf ("%u,%d,%.6f,%.6f\n", nodes, rep, (t1 - t0) / 1e6, (t2 - t1) / 1e6);
          fflush (stdout);
        }
    }

  g_clear_object (&connection);
  g_unlink (image);
  virConnectClose (keepalive);
  /* Best effort: each destroy already removed its cluster's key folder. */
  {
    g_autofree char *clusters = g_build_filename (data_home, "slipway", "clusters", NULL);
    g_autofree char *slipway = g_build_filename (data_home, "slipway", NULL);

    g_rmdir (clusters);
    g_rmdir (slipway);
    g_rmdir (data_home);
  }
  return status;
}
