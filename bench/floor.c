/* floor.c: what libvirt itself allows: a bare virDomainCreate of domains
 * that are defined already, one at a time or all at once
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   usage: bench-floor [--uri URI] [--all-at-once] [--paused] [--revert SNAPSHOT] DOMAIN...
 *
 * Every domain must be defined and shut off. The connections (one per
 * domain with --all-at-once, so that libvirtd's per-client request limit
 * does not queue them) and the lookups are made before the clock starts;
 * the time printed (seconds, on the standard output) runs from the first
 * virDomainCreate to the return of the last. bench/run then waits for
 * "running" as it does for every other way.
 *
 * With --paused, every domain starts paused and, once the last start has
 * returned, all are resumed one after the other (what Slipway does with
 * several nodes, slipway-virt-start.c); the time runs to the last resume.
 *
 * With --revert, the floor of a checkpoint restore instead: every domain
 * (running, each with snapshot SNAPSHOT) is reverted to it paused, then
 * all are resumed, one after the other, as Slipway's restore does but
 * with nothing else (no clock, no progress, no metadata read); the time
 * runs from the first revert to the last resume. bench/run then waits for
 * SSH as it does after `slipwayctl reset`.
 */

#include "config.h"

#include <glib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct
{
  virConnectPtr        conn;
  virDomainPtr         dom;
  virDomainSnapshotPtr snap;   /* with --revert */
  gboolean             paused; /* with --paused */
  gboolean             failed;
} Start;

static gpointer
start_thread (gpointer data)
{
  Start *start = data;
  int rc;

  if (start->snap != NULL)
    rc = virDomainRevertToSnapshot (start->snap, VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED);
  else
    rc = virDomainCreateWithFlags (start->dom, start->paused ? VIR_DOMAIN_START_PAUSED : 0);
  if (rc < 0)
    {
      g_printerr ("%s: %s\n", virDomainGetName (start->dom), virGetLastErrorMessage ());
      start->failed = TRUE;
    }
  return NULL;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *uri = NULL;
  g_autofree char *revert = NULL;
  gboolean all_at_once = FALSE;
  gboolean paused = FALSE;
  GOptionEntry entries[] = {
    { "uri", 0, 0, G_OPTION_ARG_STRING, &uri, "libvirt URI", "URI" },
    { "all-at-once", 0, 0, G_OPTION_ARG_NONE, &all_at_once, "Every domain in its own thread", NULL },
    { "revert", 0, 0, G_OPTION_ARG_STRING, &revert, "Revert to this snapshot paused, then resume", "SNAPSHOT" },
    { "paused", 0, 0, G_OPTION_ARG_NONE, &paused, "Start paused, then resume every domain", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("DOMAIN...");
  g_autoptr(GError) error = NULL;
  g_autofree Start *starts = NULL;
  g_autofree GThread **threads = NULL;
  gboolean failed = FALSE;
  gint64 t0;
  guint n;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc < 2)
    {
      g_printerr ("%s\n", error != NULL ? error->message : "name at least one domain");
      return 2;
    }

  n = argc - 1;
  starts = g_new0 (Start, n);
  threads = g_new0 (GThread *, n);
  for (guint i = 0; i < n; i++)
    {
      starts[i].conn = (i == 0 || all_at_once) ? virConnectOpen (uri) : starts[0].conn;
      if (starts[i].conn == NULL)
        {
          g_printerr ("%s\n", virGetLastErrorMessage ());
          return 1;
        }
      starts[i].paused = paused;
      starts[i].dom = virDomainLookupByName (starts[i].conn, argv[i + 1]);
      if (starts[i].dom == NULL)
        {
          g_printerr ("%s: %s\n", argv[i + 1], virGetLastErrorMessage ());
          return 1;
        }
      if (revert != NULL &&
          (starts[i].snap = virDomainSnapshotLookupByName (starts[i].dom, revert, 0)) == NULL)
        {
          g_printerr ("%s: %s\n", argv[i + 1], virGetLastErrorMessage ());
          return 1;
        }
    }

  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      if (all_at_once)
        threads[i] = g_thread_new ("start", start_thread, &starts[i]);
      else
        start_thread (&starts[i]);
    }
  for (guint i = 0; all_at_once && i < n; i++)
    g_thread_join (threads[i]);
  for (guint i = 0; (revert != NULL || paused) && i < n; i++)
    {
      if (!starts[i].failed && virDomainResume (starts[i].dom) < 0)
        {
          g_printerr ("%s: %s\n", argv[i + 1], virGetLastErrorMessage ());
          starts[i].failed = TRUE;
        }
    }
  printf ("%.6f\n", (g_get_monotonic_time () - t0) / (double)G_USEC_PER_SEC);

  for (guint i = 0; i < n; i++)
    {
      failed |= starts[i].failed;
      if (starts[i].snap != NULL)
        virDomainSnapshotFree (starts[i].snap);
      virDomainFree (starts[i].dom);
      if (i == 0 || all_at_once)
        virConnectClose (starts[i].conn);
    }

  return failed ? 1 : 0;
}
