/* test-lock.c: one operation per cluster, across processes
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* F_OFD_GETLK */
#define _GNU_SOURCE
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "slipway.h"
#include "slipway-cluster-private.h"
#include "slipway-lock-private.h"
#include "slipway-test-utils.h"

#define TEST_URI "test:///default"

static char *image;

/* Another process holding @cluster's lock for @operation on @nodes. */
static GSubprocess *
spawn_holder (const char         *cluster,
              const char         *operation,
              const char * const *nodes)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) argv = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *helper = g_test_build_filename (G_TEST_BUILT, "lock-holder", NULL);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  GSubprocess *holder;

  g_strv_builder_add_many (builder, helper, TEST_URI, cluster, operation, NULL);
  for (guint i = 0; nodes != NULL && nodes[i] != NULL; i++)
    g_strv_builder_add (builder, nodes[i]);
  argv = g_strv_builder_end (builder);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  /* The isolated folders of the test case are this process's alone. */
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", g_get_user_runtime_dir (), TRUE);
  holder = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv, &error);
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (holder));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, "locked");

  return holder;
}

/* Kills @holder as a crash would: nothing of it runs to let the lock go. */
static void
kill_holder (GSubprocess *holder)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (holder, SIGKILL);
  g_subprocess_wait (holder, NULL, &error);
  g_assert_no_error (error);
  g_object_unref (holder);
}

static void
test_lock_excludes (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = _slipway_lock_path (TEST_URI, "lk");
  g_autofree char *expected = g_strdup_printf ("Cluster “lk” is being destroyed by %s, pid %d. "
                                               "Wait until that is done.",
                                               g_get_prgname (), (int)getpid ());
  SlipwayLock *first;
  SlipwayLock *second;

  first = _slipway_lock_acquire (TEST_URI, "lk", SLIPWAY_OPERATION_DESTROY, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (first);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  /* Another open file in the same process is refused too. */
  second = _slipway_lock_acquire (TEST_URI, "lk", SLIPWAY_OPERATION_CREATE, NULL, &error);
  g_assert_null (second);
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_BUSY);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);

  /* Another cluster is not held. */
  second = _slipway_lock_acquire (TEST_URI, "lk2", SLIPWAY_OPERATION_CREATE, NULL, &error);
  g_assert_no_error (error);
  _slipway_lock_release (second);

  /* Let go, it is gone with its file, and free to take. */
  _slipway_lock_release (first);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_true (_slipway_lock_query (TEST_URI, "lk") == NULL);
  second = _slipway_lock_acquire (TEST_URI, "lk", SLIPWAY_OPERATION_CREATE, NULL, &error);
  g_assert_no_error (error);
  _slipway_lock_release (second);
}

static void
test_lock_other_process (void)
{
  const char * const nodes[] = { "worker0", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(SlipwayLockHolder) holder = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *path = _slipway_lock_path (TEST_URI, "lk");
  GSubprocess *process = spawn_holder ("lk", "reset", nodes);
  SlipwayLock *lock;

  holder = _slipway_lock_query (TEST_URI, "lk");
  g_assert_nonnull (holder);
  g_assert_cmpstr (holder->program, ==, "lock-holder");
  g_assert_cmpint (holder->pid, ==, atoi (g_subprocess_get_identifier (process)));
  g_assert_true (holder->known_operation);
  g_assert_cmpint (holder->operation, ==, SLIPWAY_OPERATION_RESET);

  expected = g_strdup_printf ("worker0 of cluster “lk” is being reset by lock-holder, pid %s. "
                              "Wait until that is done.", g_subprocess_get_identifier (process));
  lock = _slipway_lock_acquire (TEST_URI, "lk", SLIPWAY_OPERATION_DESTROY, NULL, &error);
  g_assert_null (lock);
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_BUSY);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);

  /* A holder that dies cannot leave its lock behind, though its file
   * stays: the next one takes it over. */
  g_clear_pointer (&holder, _slipway_lock_holder_free);
  kill_holder (process);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  holder = _slipway_lock_query (TEST_URI, "lk");
  g_assert_null (holder);
  lock = _slipway_lock_acquire (TEST_URI, "lk", SLIPWAY_OPERATION_DESTROY, NULL, &error);
  g_assert_no_error (error);
  _slipway_lock_release (lock);
}

static void
test_lock_describe (void)
{
  SlipwayLockHolder holder = { .program = (char *)"slipwayctl", .pid = 4242, .known_operation = TRUE };
  char *nodes[] = { (char *)"worker0", (char *)"worker1", NULL };
  g_autofree char *unknown = NULL;
  g_autofree char *created = NULL;
  g_autofree char *stopped = NULL;

  holder.operation = SLIPWAY_OPERATION_CREATE;
  created = _slipway_lock_holder_describe (&holder, "lab");
  g_assert_cmpstr (created, ==, "Cluster “lab” is being created by slipwayctl, pid 4242. Wait until that is done.");

  holder.operation = SLIPWAY_OPERATION_STOP;
  holder.nodes = nodes;
  stopped = _slipway_lock_holder_describe (&holder, "lab");
  g_assert_cmpstr (stopped, ==, "worker0, worker1 of cluster “lab” is being shut down by slipwayctl, pid 4242. "
                                "Wait until that is done.");

  /* A file not written yet. */
  holder.program = NULL;
  unknown = _slipway_lock_holder_describe (&holder, "lab");
  g_assert_cmpstr (unknown, ==, "Another program runs an operation on cluster “lab”. Wait until that is done.");
}

static SlipwaySpec *
small_spec (const char *name)
{
  SlipwaySpec *spec = slipway_test_make_spec (name, NULL, 0, 1, 0);

  g_free (spec->image);
  spec->image = g_strdup (image);
  return spec;
}

static SlipwayCluster *watched;

/* The holder's file may be read before it is written: what counts is
 * what it says in the end. */
static gboolean
held_cb (gpointer expected)
{
  return g_strcmp0 (slipway_cluster_get_lock_holder (watched), expected) == 0;
}

static gboolean
free_cb (gpointer cluster)
{
  return slipway_cluster_get_lock_holder (cluster) == NULL;
}

/* The object model refuses an operation another process runs, shows who
 * runs it, and notices when it ends, even by a crash. */
static void
test_lock_model (void)
{
  g_autoptr(SlipwaySpec) spec = small_spec ("lk");
  g_autoptr(SlipwayConnection) connection = slipway_test_open_connection (TEST_URI);
  g_autoptr(SlipwayCluster) cluster = slipway_test_create_cluster (connection, spec);
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *path = _slipway_lock_path (TEST_URI, "lk");
  GSubprocess *process;
  guint notified = 0;

  watched = cluster;
  g_signal_connect (cluster, "notify::lock-holder", G_CALLBACK (slipway_test_count_notify_cb), &notified);

  /* Its own operations are not another process's. */
  g_assert_null (slipway_cluster_get_lock_holder (cluster));
  g_assert_true (slipway_cluster_can_run (cluster, SLIPWAY_OPERATION_DESTROY, NULL));

  process = spawn_holder ("lk", "reset", (const char * const []){ "control0", NULL });
  expected = g_strdup_printf ("control0 of cluster “lk” is being reset by lock-holder, pid %s. "
                              "Wait until that is done.", g_subprocess_get_identifier (process));
  slipway_test_spin_until (held_cb, expected, "the lock holder to show");
  g_assert_false (slipway_cluster_can_run (cluster, SLIPWAY_OPERATION_DESTROY, NULL));
  g_assert_false (slipway_cluster_can_run (cluster, SLIPWAY_OPERATION_STOP, NULL));

  g_assert_false (slipway_test_run_operation (cluster, SLIPWAY_OPERATION_STOP, NULL, &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_BUSY);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);

  /* Killed: the kernel lets the lock go, inotify says the file was
   * closed, and the cluster is free again. */
  kill_holder (process);
  slipway_test_spin_until (free_cb, cluster, "the lock holder to go");
  g_assert_cmpuint (notified, >=, 2);
  g_assert_true (slipway_cluster_can_run (cluster, SLIPWAY_OPERATION_STOP, NULL));
  g_assert_true (slipway_test_run_operation (cluster, SLIPWAY_OPERATION_STOP, NULL, &error));
  g_assert_no_error (error);

  /* A holder that ends normally removes its file. */
  process = spawn_holder ("lk", "destroy", NULL);
  g_free (expected);
  expected = g_strdup_printf ("Cluster “lk” is being destroyed by lock-holder, pid %s. "
                              "Wait until that is done.", g_subprocess_get_identifier (process));
  slipway_test_spin_until (held_cb, expected, "the lock holder to show");
  g_output_stream_close (g_subprocess_get_stdin_pipe (process), NULL, NULL);
  g_subprocess_wait_check (process, NULL, &error);
  g_assert_no_error (error);
  g_object_unref (process);
  slipway_test_spin_until (free_cb, cluster, "the lock holder to go");
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  g_signal_handlers_disconnect_by_data (cluster, &notified);
  slipway_test_destroy_cluster (cluster, SLIPWAY_DESTROY_FLAGS_DELETE_IMAGE);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Whether a lock of @type on @path could be taken now, by a newcomer. */
static gboolean
grantable (const char *path,
           short       type)
{
  struct flock fl = { .l_type = type, .l_whence = SEEK_SET };
  int fd = open (path, O_RDWR | O_CLOEXEC);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (fcntl (fd, F_OFD_GETLK, &fl), ==, 0);
  close (fd);

  return fl.l_type == F_UNLCK;
}

typedef struct
{
  int  released;     /* how many of the two shared holders let go */
  int  seen;         /* how many had when the exclusive one got it */
} PoolWaiter;

static gpointer
take_pool_alone (gpointer data)
{
  PoolWaiter *waiter = data;
  SlipwayLock *lock = _slipway_lock_pool (TEST_URI, "default", FALSE);

  g_assert_nonnull (lock);
  waiter->seen = g_atomic_int_get (&waiter->released);
  _slipway_lock_release (lock);

  return NULL;
}

/* A pool's lock: volume creates share it, a refresh holds it alone, and
 * its file stays when it is let go (shared holders cannot remove it). */
static void
test_lock_pool (void)
{
  g_autofree char *dir = _slipway_lock_dir (TEST_URI);
  g_autofree char *path = g_build_filename (dir, "default.pool-lock", NULL);
  SlipwayLock *first = _slipway_lock_pool (TEST_URI, "default", TRUE);
  SlipwayLock *second = _slipway_lock_pool (TEST_URI, "default", TRUE);
  PoolWaiter waiter = { 0, 0 };
  GThread *thread;

  g_assert_nonnull (first);
  g_assert_nonnull (second);
  g_assert_true (grantable (path, F_RDLCK));
  g_assert_false (grantable (path, F_WRLCK));

  thread = g_thread_new ("pool-alone", take_pool_alone, &waiter);
  g_atomic_int_inc (&waiter.released);
  _slipway_lock_release (first);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_atomic_int_inc (&waiter.released);
  _slipway_lock_release (second);
  g_thread_join (thread);
  g_assert_cmpint (waiter.seen, ==, 2);

  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_true (grantable (path, F_WRLCK));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  image = slipway_test_make_disk_image ();
  slipway_test_keep_alive ();

  g_test_add_func ("/slipway/lock/excludes", test_lock_excludes);
  g_test_add_func ("/slipway/lock/other-process", test_lock_other_process);
  g_test_add_func ("/slipway/lock/describe", test_lock_describe);
  g_test_add_func ("/slipway/lock/model", test_lock_model);
  g_test_add_func ("/slipway/lock/pool", test_lock_pool);

  ret = g_test_run ();

  slipway_test_keep_alive_close ();
  g_unlink (image);
  g_free (image);

  return ret;
}
