/* provisioner-fixture.c: a provisioner on libvirt's test driver, with
 * its progress recorded, for test-provisioner and test-parallel
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <unistd.h>

#include "provisioner-fixture.h"
#include "slipway-job-private.h"
#include "slipway-test-utils.h"

/* test:///default keeps its state while any connection to it is open, so
 * the fixture holds one for the whole program, and uses it to look behind
 * the provisioner's back. */
virConnectPtr observer;


static void
on_progress_cb (SlipwayProvisioner *provisioner,
                SlipwayProgress    *progress,
                Fixture            *fixture)
{
  g_ptr_array_add (fixture->progress, slipway_progress_copy (progress));
}

/* In the worker, at the very step: the main context sees reports later,
 * when the worker may be done. */
static void
cancel_at_step_cb (const char *node,
                   const char *step,
                   gpointer    data)
{
  Fixture *fixture = data;

  if (fixture->cancel_at_step != NULL && g_strcmp0 (step, fixture->cancel_step) == 0)
    g_cancellable_cancel (fixture->cancel_at_step);
}

void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->image = slipway_test_make_disk_image ();

  fixture->provisioner = slipway_provisioner_new (TEST_URI);
  slipway_provisioner_set_stop_timeout (fixture->provisioner, 2);
  fixture->progress = g_ptr_array_new_with_free_func ((GDestroyNotify)slipway_progress_free);
  g_signal_connect (fixture->provisioner, "progress", G_CALLBACK (on_progress_cb), fixture);
  _slipway_job_set_step_hook (cancel_at_step_cb, fixture);
}

void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  /* Progress reports still queued hold a reference. */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_unlink (fixture->image);
  g_free (fixture->image);
  _slipway_job_set_step_hook (NULL, NULL);
  g_clear_object (&fixture->cancel_at_step);
  g_ptr_array_unref (fixture->progress);

  slipway_test_unref_and_wait (g_steal_pointer (&fixture->provisioner));
}

SlipwaySpec *
small_spec (Fixture    *fixture,
            const char *name)
{
  SlipwaySpec *spec = slipway_test_small_spec (name, fixture->image);
  g_autoptr(SlipwaySpec) defaults = slipway_spec_new_default (name);

  /* The provisioner's tests keep the default gateway. */
  spec->roles[SLIPWAY_ROLE_GATEWAY].count = defaults->roles[SLIPWAY_ROLE_GATEWAY].count;
  return spec;
}

gboolean
do_create (Fixture            *fixture,
           const SlipwaySpec  *spec,
           GCancellable       *cancellable,
           GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  slipway_provisioner_create_async (fixture->provisioner, spec, cancellable,
                                    slipway_test_store_result_cb, &result);
  return slipway_provisioner_create_finish (fixture->provisioner,
                                            slipway_test_wait_result (&result), error);
}

gboolean
do_run (Fixture             *fixture,
        SlipwayOperationKind     operation,
        const char          *cluster,
        const char * const  *targets,
        GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  slipway_provisioner_run_async (fixture->provisioner, operation, cluster, targets, NULL,
                                 slipway_test_store_result_cb, &result);
  return slipway_provisioner_run_finish (fixture->provisioner, slipway_test_wait_result (&result),
                                         error);
}

gboolean
do_destroy (Fixture              *fixture,
            const char           *cluster,
            SlipwayDestroyFlags   flags,
            GError              **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  slipway_provisioner_destroy_async (fixture->provisioner, cluster, flags, NULL,
                                     slipway_test_store_result_cb, &result);
  return slipway_provisioner_destroy_finish (fixture->provisioner,
                                             slipway_test_wait_result (&result), error);
}

SlipwayClusterStatus *
do_status (Fixture     *fixture,
           const char  *cluster,
           GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  slipway_provisioner_status_async (fixture->provisioner, cluster, NULL,
                                    slipway_test_store_result_cb, &result);
  return slipway_provisioner_status_finish (fixture->provisioner,
                                            slipway_test_wait_result (&result), error);
}

GPtrArray *
do_list (Fixture  *fixture,
         GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  slipway_provisioner_list_async (fixture->provisioner, NULL, slipway_test_store_result_cb,
                                  &result);
  return slipway_provisioner_list_finish (fixture->provisioner, slipway_test_wait_result (&result),
                                          error);
}

/* Names of every libvirt object that mentions @cluster: domains, volumes of
 * Slipway's pool, networks. */
GPtrArray *
objects_of (const char *cluster)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *prefix = g_strdup_printf ("%s-", cluster);
  virDomainPtr *doms = NULL;
  virNetworkPtr *nets = NULL;
  virStoragePoolPtr *pools = NULL;
  int n;

  n = virConnectListAllDomains (observer, &doms, 0);
  g_assert_cmpint (n, >=, 0);
  for (int i = 0; i < n; i++)
    {
      if (g_str_has_prefix (virDomainGetName (doms[i]), prefix))
        g_ptr_array_add (names, g_strdup_printf ("domain %s", virDomainGetName (doms[i])));
      virDomainFree (doms[i]);
    }
  free (doms);

  n = virConnectListAllNetworks (observer, &nets, 0);
  g_assert_cmpint (n, >=, 0);
  for (int i = 0; i < n; i++)
    {
      if (g_str_has_suffix (virNetworkGetName (nets[i]), cluster))
        g_ptr_array_add (names, g_strdup_printf ("network %s", virNetworkGetName (nets[i])));
      virNetworkFree (nets[i]);
    }
  free (nets);

  /* Slipway's pool, and any other a cluster file names ("pool="). */
  n = virConnectListAllStoragePools (observer, &pools, VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE);
  g_assert_cmpint (n, >=, 0);
  for (int p = 0; p < n; p++)
    {
      virStorageVolPtr *vols = NULL;
      int n_vols;

      virStoragePoolRefresh (pools[p], 0);
      n_vols = virStoragePoolListAllVolumes (pools[p], &vols, 0);
      for (int i = 0; i < n_vols; i++)
        {
          if (g_str_has_prefix (virStorageVolGetName (vols[i]), prefix))
            g_ptr_array_add (names, g_strdup_printf ("volume %s in %s", virStorageVolGetName (vols[i]),
                                                     virStoragePoolGetName (pools[p])));
          virStorageVolFree (vols[i]);
        }
      free (vols);
      virStoragePoolFree (pools[p]);
    }
  free (pools);
  virResetLastError ();

  return g_steal_pointer (&names);
}

void
assert_no_objects (const char *cluster)
{
  g_autoptr(GPtrArray) left = objects_of (cluster);

  for (guint i = 0; i < left->len; i++)
    g_test_message ("left behind: %s", (char *)g_ptr_array_index (left, i));
  g_assert_cmpuint (left->len, ==, 0);
}

/* Per node, node_fraction never falls and ends at exactly 1; events about
 * the whole cluster carry -1. Returns how many nodes reported. */
guint
assert_node_fractions (GPtrArray *progress)
{
  g_autoptr(GHashTable) last = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  gpointer value;

  g_assert_cmpuint (progress->len, >, 0);
  for (guint i = 0; i < progress->len; i++)
    {
      SlipwayProgress *p = g_ptr_array_index (progress, i);
      double *seen;

      if (p->node == NULL)
        {
          g_assert_cmpfloat (p->node_fraction, ==, -1.0);
          continue;
        }

      g_assert_cmpfloat (p->node_fraction, >=, 0.0);
      g_assert_cmpfloat (p->node_fraction, <=, 1.0);
      seen = g_hash_table_lookup (last, p->node);
      if (seen == NULL)
        {
          seen = g_new (double, 1);
          g_hash_table_insert (last, g_strdup (p->node), seen);
        }
      else
        {
          g_assert_cmpfloat (p->node_fraction, >=, *seen);
        }
      *seen = p->node_fraction;
    }

  g_hash_table_iter_init (&iter, last);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_assert_cmpfloat (*(double *)value, ==, 1.0);

  return g_hash_table_size (last);
}

void
provisioner_fixture_init (void)
{
  observer = slipway_test_keep_alive ();
}
