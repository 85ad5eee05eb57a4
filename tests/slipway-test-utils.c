/* slipway-test-utils.c: helpers shared by the C tests
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "slipway-test-utils.h"

static virConnectPtr keep_alive;

/* Async results ----------------------------------------------------------- */

void
slipway_test_store_result_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);
  *slot = g_object_ref (result);
}

gboolean
slipway_test_result_is_set (gpointer slot)
{
  return *(GAsyncResult **)slot != NULL;
}

static gboolean
wake_up_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

void
slipway_test_spin_until (GSourceFunc  predicate,
                         gpointer     data,
                         const char  *what)
{
  gint64 deadline = g_get_monotonic_time () + (gint64)slipway_test_timeout_s () * G_USEC_PER_SEC;
  guint wake_up = g_timeout_add (50, wake_up_cb, NULL);

  while (!predicate (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out after %d s waiting for %s", slipway_test_timeout_s (), what);
      g_main_context_iteration (NULL, TRUE);
    }

  g_source_remove (wake_up);
}

GAsyncResult *
slipway_test_wait_result (GAsyncResult **slot)
{
  slipway_test_spin_until (slipway_test_result_is_set, slot, "an async result");

  return *slot;
}

void
slipway_test_count_notify_cb (GObject    *object,
                              GParamSpec *pspec,
                              gpointer    count)
{
  (*(guint *)count)++;
}

void
slipway_test_unref_and_wait (gpointer object)
{
  gpointer weak = object;
  gint64 deadline = g_get_monotonic_time () + (gint64)slipway_test_timeout_s () * G_USEC_PER_SEC;

  g_object_add_weak_pointer (G_OBJECT (object), &weak);
  g_object_unref (object);
  while (g_atomic_pointer_get (&weak) != NULL && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_null (g_atomic_pointer_get (&weak));
}

/* The environment --------------------------------------------------------- */

char *
slipway_test_isolate_home (const char *prefix)
{
  static const struct { const char *variable, *folder; } dirs[] = {
    { "HOME", NULL },
    { "XDG_CACHE_HOME", ".cache" },
    { "XDG_CONFIG_HOME", ".config" },
    { "XDG_DATA_HOME", ".local/share" },
    { "XDG_STATE_HOME", ".local/state" },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *template = g_strdup_printf ("%s-XXXXXX", prefix);
  char *home = g_dir_make_tmp (template, &error);

  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = g_build_filename (home, dirs[i].folder, NULL);

      g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
      g_setenv (dirs[i].variable, path, TRUE);
    }

  return home;
}

void
slipway_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (g_file_test (path, G_FILE_TEST_IS_SYMLINK) ||
      !g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_unlink (path);
      return;
    }

  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      slipway_test_remove_tree (child);
    }

  g_rmdir (path);
}

char *
slipway_test_require_program (const char *program,
                              const char *package)
{
  char *path = g_find_program_in_path (program);

  if (path == NULL)
    g_test_fail_printf ("“%s” is not installed; this test needs it (Debian package %s)",
                        program, package);
  return path;
}

virConnectPtr
slipway_test_keep_alive (void)
{
  if (keep_alive == NULL)
    {
      keep_alive = virConnectOpen (SLIPWAY_TEST_URI);
      g_assert_nonnull (keep_alive);
    }

  return keep_alive;
}

void
slipway_test_keep_alive_close (void)
{
  g_clear_pointer (&keep_alive, virConnectClose);
}

/* Programs and files ----------------------------------------------------- */

void
slipway_test_run_clear (SlipwayTestRun *result)
{
  g_clear_pointer (&result->out, g_free);
  g_clear_pointer (&result->err, g_free);
}

/* Runs @argv (argv[0] looked up in PATH) and collects its output. */
gboolean
slipway_test_run (const char * const *argv,
                  SlipwayTestRun     *result)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  memset (result, 0, sizeof *result);
  process = g_subprocess_newv (argv,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &result->out, &result->err, &error);
  g_assert_no_error (error);
  result->status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;

  return result->status == 0;
}

char *
slipway_test_write_temp (const char *name,
                         const char *contents)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template = g_strdup_printf ("slipway-%s-XXXXXX", name);
  char *path = NULL;
  int fd;

  fd = g_file_open_tmp (template, &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* Runs the real `cloud-init schema --config-file`; returns whether it
 * accepted the file, with its output in @output. */
gboolean
slipway_test_cloud_init_schema_accepts (const char  *text,
                                        char       **output)
{
  g_autofree char *cloud_init = slipway_test_require_program ("cloud-init", "cloud-init");
  g_autofree char *path = NULL;
  SlipwayTestRun result;
  gboolean ok;

  if (cloud_init == NULL)
    {
      *output = g_strdup ("cloud-init is missing");
      return FALSE;
    }

  path = slipway_test_write_temp ("user-data", text);
  {
    const char *argv[] = { cloud_init, "schema", "--config-file", path, NULL };

    ok = slipway_test_run (argv, &result);
  }
  *output = g_strconcat (result.out, result.err, NULL);
  /* 22.4 (Debian 12) prints "Valid cloud-config: FILE"; later releases
   * "Valid schema FILE". */
  ok = ok && strstr (result.out, "Valid ") != NULL;

  slipway_test_run_clear (&result);
  g_unlink (path);
  return ok;
}

/* Specs and topologies ---------------------------------------------------- */

SlipwaySpec *
slipway_test_make_spec (const char *name,
                        const char *subnet,
                        guint       gateways,
                        guint       controls,
                        guint       workers)
{
  SlipwaySpec *spec = slipway_spec_new_default (name);

  g_free (spec->subnet);
  spec->subnet = g_strdup (subnet);
  g_free (spec->image);
  spec->image = g_strdup ("/images/debian.qcow2");
  spec->roles[SLIPWAY_ROLE_GATEWAY].count = gateways;
  spec->roles[SLIPWAY_ROLE_CONTROL].count = controls;
  spec->roles[SLIPWAY_ROLE_WORKER].count = workers;

  return spec;
}

SlipwayTopology *
slipway_test_make_topology (const char *name,
                            const char *subnet,
                            guint       gateways,
                            guint       controls,
                            guint       workers)
{
  g_autoptr(SlipwaySpec) spec = slipway_test_make_spec (name, subnet, gateways, controls, workers);
  g_autoptr(GError) error = NULL;
  SlipwayTopology *topology = slipway_topology_new (spec, &error);

  g_assert_no_error (error);
  g_assert_nonnull (topology);

  return topology;
}

char *
slipway_test_problems_to_lines (GPtrArray *problems)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < problems->len; i++)
    {
      const SlipwayProblem *problem = g_ptr_array_index (problems, i);
      g_autofree char *line = slipway_problem_to_string (problem);

      g_string_append_printf (out, "%s: %s\n", problem->is_warning ? "warning" : "error", line);
    }

  return g_string_free (out, FALSE);
}

/* The object model on the test driver ------------------------------------- */

static gboolean
is_connected (gpointer data)
{
  return slipway_connection_get_connected (data);
}

SlipwayConnection *
slipway_test_open_connection (const char *uri)
{
  SlipwayConnection *connection = slipway_connection_new (uri);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  slipway_test_spin_until (is_connected, connection, "the connection");
  slipway_connection_sync_async (connection, NULL, slipway_test_store_result_cb, &result);
  g_assert_true (slipway_connection_sync_finish (connection, slipway_test_wait_result (&result), &error));
  g_assert_no_error (error);

  return connection;
}

/* The plan create takes, made on the connection's host. */
SlipwayPlan *
slipway_test_plan_spec (SlipwayConnection *connection,
                        const SlipwaySpec *spec)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  SlipwayPlan *plan;

  slipway_connection_plan_async (connection, spec, NULL, slipway_test_store_result_cb, &result);
  plan = slipway_connection_plan_finish (connection, slipway_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (plan);

  return plan;
}

SlipwayCluster *
slipway_test_create_cluster (SlipwayConnection *connection,
                             const SlipwaySpec *spec)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlipwayPlan) plan = slipway_test_plan_spec (connection, spec);
  SlipwayCluster *cluster;

  slipway_connection_create_cluster_async (connection, plan, NULL,
                                           slipway_test_store_result_cb, &result);
  cluster = slipway_connection_create_cluster_finish (connection, slipway_test_wait_result (&result),
                                                      &error);
  g_assert_no_error (error);
  g_assert_nonnull (cluster);

  return cluster;
}

gboolean
slipway_test_run_operation (SlipwayCluster        *cluster,
                            SlipwayOperationKind   kind,
                            const char * const    *targets,
                            GError               **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  slipway_cluster_run_async (cluster, kind, targets, NULL, slipway_test_store_result_cb, &result);
  return slipway_cluster_run_finish (cluster, slipway_test_wait_result (&result), error);
}

void
slipway_test_destroy_cluster (SlipwayCluster      *cluster,
                              SlipwayDestroyFlags  flags)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  slipway_cluster_destroy_async (cluster, flags, NULL, slipway_test_store_result_cb, &result);
  g_assert_true (slipway_cluster_destroy_finish (cluster, slipway_test_wait_result (&result), &error));
  g_assert_no_error (error);
}

/* A 1 MiB raw disk with an empty MBR: the smallest file the image check
 * takes for a bootable disk. The caller unlinks it. */
char *
slipway_test_make_disk_image (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = g_malloc0 (1024 * 1024);
  char *path = NULL;
  int fd;

  contents[510] = 0x55;
  contents[511] = (char)0xaa;
  fd = g_file_open_tmp ("slipway-image-XXXXXX.img", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, contents, 1024 * 1024, &error);
  g_assert_no_error (error);

  return path;
}

/* A cluster of one control node and two workers, 512 MiB each, on an
 * isolated network, booting @image: what the test-driver tests create. */
SlipwaySpec *
slipway_test_small_spec (const char *name,
                         const char *image)
{
  SlipwaySpec *spec = slipway_spec_new_default (name);

  g_free (spec->image);
  spec->image = g_strdup (image);
  spec->network = SLIPWAY_NETWORK_ISOLATED;
  spec->accelerator = SLIPWAY_ACCELERATOR_TCG;
  spec->roles[SLIPWAY_ROLE_GATEWAY].count = 0;
  spec->roles[SLIPWAY_ROLE_CONTROL].count = 1;
  spec->roles[SLIPWAY_ROLE_WORKER].count = 2;
  for (guint i = 0; i < SLIPWAY_N_ROLES; i++)
    {
      spec->roles[i].memory_bytes = 512 * 1024 * 1024;
      spec->roles[i].disk_bytes = 2ull * 1024 * 1024 * 1024;
    }

  return spec;
}

/* Drops the last reference to @connection once queued reads and progress
 * reports (which hold references) have run, and checks it is finalized. */
void
slipway_test_close_connection (SlipwayConnection *connection)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
  slipway_test_unref_and_wait (connection);
}
